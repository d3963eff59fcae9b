"""The reading pane: the session's shown article as pre-wrapped lines, with a passage cursor.

A line-API widget (like Textual's Log): showing another article is a re-wrap
and a refresh, not a remount of widgets, so moving to the next article stays
well under the 50 ms budget. Bookmarked passages carry a mark in the gutter
and a tint; the passage cursor is a bar in the gutter and a highlight while
the pane has focus.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader import bindings
from reader.images import Shelf
from reader.model import Article, Image
from reader.present import reading_minutes
from reader.session import ReadingSession
from reader.text import clean_line
from reader.widgets.kept_style import KeptStyle
from reader.widgets.lazy_lines import Highlight
from reader.widgets.pane_pixels import PanePixels
from reader.widgets.photo_lines import PhotoLines
from reader.widgets.render import MAX_MEASURE, ArticleLayout, PaneStyles, PhotoSource, layout_article
from reader.widgets.titles import set_title

GUTTER = 3  # cursor bar, bookmark mark, space


class ReadingPane(KeptStyle, PanePixels, ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS: ClassVar = bindings.textual_bindings(bindings.READING_PANE)

    COMPONENT_CLASSES: ClassVar = {
        "reading-pane--title", "reading-pane--meta", "reading-pane--heading",
        "reading-pane--caption", "reading-pane--credit", "reading-pane--key-points",
        "reading-pane--key-points-label", "reading-pane--quote", "reading-pane--cursor",
        "reading-pane--bookmarked", "reading-pane--mark", "reading-pane--bar", "reading-pane--match",
    }

    class Back(Message):
        """The reader asked to go back to the list (escape)."""

    class Scrolled(Message):
        """The reader scrolled the article (keys or wheel): they are reading it."""

    class PhotoSizeChanged(Message):
        """Photos in pixels are drawn at a new size (the pane's width, or the terminal's
        cell size after a font zoom): to encode again."""

    def __init__(self, session: ReadingSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._layout: ArticleLayout | None = None
        self._layout_styles: PaneStyles | None = None
        self._unplaced = False  # laid out while painting; not yet scrolled to the cursor
        self._lit: tuple[str, Style] | None = None  # the search lit in the layout, its style
        self.photo_shelf = Shelf()  # decoded photos, filled by the screen's photo worker
        self._pixels_init()  # photos in pixels (pane_pixels)

    # The article, the cursor and the bookmarked passages are the session's.

    @property
    def article(self) -> Article | None:
        return self.session.shown

    @property
    def cursor(self) -> int:
        return self.session.cursor

    @property
    def bookmarked(self) -> set[int]:
        return self.session.shown_marks

    # -- what the screen calls ---------------------------------------------------

    def show(self) -> None:
        """Lay out the session's shown article at its cursor."""
        article = self.session.shown
        if article is None:
            self.clear()
            return
        set_title(self, Content.assemble(("Reading", "bold"), f" · {reading_minutes(article)} min"))
        count = len(article.passages())
        self.session.move_cursor(min(max(self.session.cursor, 0), max(count - 1, 0)))
        self._relayout()
        if self.cursor > 0:
            self.scroll_to_passage(self.cursor, top=True)
        else:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def clear(self) -> None:
        set_title(self, Content.styled("Reading", "bold"))
        self._layout = None
        self.virtual_size = Size(0, 0)
        self.refresh()

    def marks_changed(self) -> None:
        self.refresh()

    @property
    def passage_count(self) -> int:
        return len(self._layout.passage_lines) if self._layout else 0

    @property
    def text(self) -> str:
        """The whole article's text as laid out, for tests (it draws every line)."""
        return "\n".join(s.text for s in self._layout.lines) if self._layout else ""

    def text_on_screen(self) -> str:
        """The lines in view, for the benchmarks (draws only those)."""
        if not self._layout:
            return ""
        top = round(self.scroll_y)
        lines = self._layout.lines
        bottom = min(len(lines), top + self.scrollable_content_region.height)
        return "\n".join(lines[row].text for row in range(top, bottom))

    def move_cursor(self, passage: int, scroll: bool = True) -> None:
        if not self.passage_count:
            return
        self.session.move_cursor(min(max(passage, 0), self.passage_count - 1))
        if scroll:
            self.scroll_to_passage(self.cursor)
        self.refresh()

    def scroll_to_passage(self, passage: int, top: bool = False) -> None:
        if not self._layout or not self._layout.passage_lines:
            return
        start, end = self._layout.passage_lines[passage]
        region = Region(0, start, 1, max(1, end - start))
        self.scroll_to_region(region, animate=False, immediate=True, top=top,
                              force=True)

    def page(self, direction: int) -> None:
        """Scroll a page and put the cursor on the first passage in view."""
        height = max(1, self.scrollable_content_region.height - 1)
        target = max(0, self.scroll_y + direction * height)
        self.scroll_to(y=target, animate=False, immediate=True)
        self._cursor_into_view()
        self.post_message(self.Scrolled())

    def to_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)
        self.move_cursor(0)

    def to_end(self) -> None:
        self.scroll_end(animate=False, immediate=True)
        self.move_cursor(self.passage_count - 1)

    def _cursor_into_view(self) -> None:
        if not self._layout or not self._layout.passage_lines:
            return
        top = round(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        start, _end = self._layout.passage_lines[self.cursor]
        if top <= start < bottom:
            return
        lines = self._layout.passage_lines
        self.session.move_cursor(next((i for i, (first, _end) in enumerate(lines) if first >= top),
                                      len(lines) - 1))
        self.refresh()

    # -- keys -------------------------------------------------------------------

    def action_passage_down(self) -> None:
        """The next passage; first the rest of a passage taller than the pane."""
        if self._scroll_within_passage(+1):
            return
        self.move_cursor(self.cursor + 1)

    def action_passage_up(self) -> None:
        if self._scroll_within_passage(-1):
            return
        self.move_cursor(self.cursor - 1)

    def _scroll_within_passage(self, direction: int) -> bool:
        """Scroll through the cursor's passage when part of it is off screen that way."""
        if not self._layout or not self._layout.passage_lines:
            return False
        start, end = self._layout.passage_lines[self.cursor]
        top = round(self.scroll_y)
        height = max(1, self.scrollable_content_region.height)
        if direction > 0 and end > top + height and start < top + height:
            step = min(height - 1 or 1, end - (top + height))
        elif direction < 0 and start < top and end > top:
            step = -min(height - 1 or 1, top - start)
        else:
            return False
        self.scroll_to(y=top + step, animate=False, immediate=True)
        self.post_message(self.Scrolled())
        return True

    def action_to_top(self) -> None:
        self.to_top()

    def action_to_end(self) -> None:
        self.to_end()

    def action_page_down(self) -> None:
        self.page(+1)

    def action_page_up(self) -> None:
        self.page(-1)

    def on_click(self, event: events.Click) -> None:
        """A click on a passage puts the cursor there."""
        layout = self._layout
        row = round(self.scroll_y) + event.y
        if layout is None or not 0 <= row < len(layout.lines):
            return
        passage = layout.line_passage[row]
        if passage is not None:
            self.move_cursor(passage, scroll=False)

    def on_mouse_scroll_down(self) -> None:
        self.post_message(self.Scrolled())

    def on_mouse_scroll_up(self) -> None:
        self.post_message(self.Scrolled())

    def action_back(self) -> None:
        self.post_message(self.Back())

    # -- layout and painting ----------------------------------------------------------

    def _styles(self) -> PaneStyles:
        # Full (not partial) styles: Textual blends translucent theme colours
        # ($text-muted, $boost) over the background only when it knows it.
        get = self.get_component_rich_style
        return PaneStyles(
            title=get("reading-pane--title"),
            meta=get("reading-pane--meta"),
            heading=get("reading-pane--heading"),
            caption=get("reading-pane--caption"),
            credit=get("reading-pane--credit"),
            key_points=get("reading-pane--key-points"),
            key_points_label=get("reading-pane--key-points-label"),
            quote=get("reading-pane--quote"),
            paragraph=self.rich_style,
        )

    def _tint(self, name: str) -> Style:
        """Only the background of a component style, to lay over styled text."""
        return Style(bgcolor=self.get_component_rich_style(name).bgcolor)

    def _relayout(self) -> None:
        width = self._text_width()
        if self.article is None or width < 1:
            self._layout = None
            self.virtual_size = Size(0, 0)
            return
        self._layout_styles = self._styles()
        before = self._layout.width if self._layout is not None else None
        self._layout = layout_article(self.article, width, self._layout_styles, self.app.console,
                                      self._photo_source(self._layout_styles))
        self.virtual_size = Size(self._layout.width + GUTTER, len(self._layout.lines))
        if before not in (None, self._layout.width) and self.in_pixels:
            self.post_message(self.PhotoSizeChanged())
        self._lit = None
        self._light_matches()

    # -- the search's matches ------------------------------------------------------

    def _light_matches(self) -> None:
        """Light the session's search in the text laid out (nothing when there is none).
        Only the drawn lines change: the wrapping, and so the scroll, stays."""
        if self._layout is None:
            return
        query = self.session.query
        style = self.get_component_rich_style("reading-pane--match")
        wanted = (query, style) if query else None
        if wanted == self._lit:
            return
        self._lit = wanted
        self._layout.lines.highlight(Highlight(query, style) if query else None)

    def matching_passages(self) -> list[int]:
        """The passages of the article shown that contain the search, in order."""
        query = self.session.query.casefold()
        if not query or self.article is None:
            return []
        return [p.index for p in self.article.passages() if query in p.text.casefold()]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # n/N move between matches while a search is on; otherwise the key goes on
        # to the screen (n: the next unread article).
        if action in ("next_match", "previous_match"):
            return bool(self.session.query)
        return True

    def action_next_match(self) -> None:
        self._to_match(+1)

    def action_previous_match(self) -> None:
        self._to_match(-1)

    def _to_match(self, direction: int) -> None:
        matches = self.matching_passages()
        if not matches:
            self.notify(f"No match for “{clean_line(self.session.query)}” in this article",
                        markup=False)
            return
        if direction > 0:
            target = next((i for i in matches if i > self.cursor), matches[0])
        else:
            target = next((i for i in reversed(matches) if i < self.cursor), matches[-1])
        self.move_cursor(target)

    # -- photos (see widgets.photo_lines) -----------------------------------------------

    @property
    def photos_on(self) -> bool:
        config = getattr(self.app, "config", None)
        return config is not None and getattr(config, "images", "off") != "off"

    def _photo_source(self, styles: PaneStyles) -> PhotoSource | None:
        if not self.photos_on:
            return None
        rows = self.app.config.image_rows
        placeholder = styles.credit + Style(bgcolor=styles.key_points.bgcolor)
        shelf = self.photo_shelf
        base = self.rich_style
        if self.in_pixels:
            return self._in_pixels_source(placeholder)

        def lines(image: Image, width: int) -> PhotoLines:
            return PhotoLines(shelf, image, width, rows, placeholder, base)

        return lines

    def photo_size(self) -> tuple[int, int, Style] | None:
        """(columns, rows, style) photos are drawn with in the current layout, if any."""
        if not self._layout or not self.photos_on:
            return None
        return self._layout.width, self.app.config.image_rows, self.rich_style

    def photo_arrived(self, url: str) -> None:
        """A photo was decoded (or refused): redraw when this article shows it."""
        if self._layout and any(getattr(lines, "url", None) == url
                                for _, lines in self._layout.photos):
            self.refresh()

    def _text_width(self) -> int:
        # The content region, less the gutter; `scrollbar-gutter: stable` keeps the
        # scrollbar's column reserved, so a scrollbar appearing does not cut lines.
        return min(self.scrollable_content_region.width - GUTTER, MAX_MEASURE)

    def _laid_out(self) -> bool:
        return self._layout is not None and self._layout.width == self._text_width()

    def on_resize(self, event: events.Resize) -> None:
        if self.photo_cell_changed():
            self.post_message(self.PhotoSizeChanged())
        if self.article is None or (self._laid_out() and not self._unplaced):
            return
        if not self._laid_out():
            self._relayout()
        self._unplaced = False
        self.scroll_to_passage(self.cursor)

    def render_lines(self, crop: Region) -> list[Strip]:
        # A frame can be painted before `on_resize` runs (the first frame after a
        # size change, or after an article was shown while the pane had no size
        # yet, as at launch): lay out for the width being painted so the text is
        # in this frame; `on_resize` then scrolls to the passage cursor.
        if self.article is not None and self._text_width() >= 1 and not self._laid_out():
            self._relayout()
            self._unplaced = True
        self._light_matches()  # the search changed since the last frame
        self._painted.update(range(crop.y, crop.bottom))  # the pixels there are painted over
        return super().render_lines(crop)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()

    def on_mount(self) -> None:
        # A new theme reaches this widget before the styles of its component
        # classes are updated (a heading kept the old theme's colour), so look
        # again once the new theme has been applied everywhere.
        self.app.theme_changed_signal.subscribe(
            self, lambda _theme: self.call_after_refresh(self._restyle))
        # The terminal given to another program (`o` with a text browser, ctrl+z): no
        # photo left over it; the repaint after coming back places them again.
        self.app.app_suspend_signal.subscribe(self, lambda _app: self._graphics_suspended(),
                                              immediate=True)  # before the terminal goes

    def _restyle(self) -> None:
        # Focus and blur come here too: lay out again only when a style the text
        # is drawn with changed (a theme), not for every change of focus.
        if self.article is not None and (self._layout is None
                                         or self._layout_styles != self._styles()):
            self._relayout()
            self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _tinted(self, body: Strip, tint: Style, width: int) -> Strip:
        """`body` with `tint`'s background, but for the search's matches, which stay lit."""
        lit = self._lit[1].bgcolor if self._lit else None
        if lit is None:
            return Strip(Segment.apply_style(body, post_style=tint), width)
        return Strip([segment if segment.style is not None and segment.style.bgcolor == lit
                      else Segment(segment.text, (segment.style or Style()) + tint,
                                   segment.control)
                      for segment in body], width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.base_style
        layout = self._layout
        row = round(self.scroll_y) + y
        if layout is None or width < 1 or row >= len(layout.lines):
            return Strip.blank(max(width, 0), base)
        passage = layout.line_passage[row]
        text = layout.lines[row]
        is_cursor = passage is not None and passage == self.cursor and self.has_focus
        is_marked = passage is not None and passage in self.bookmarked
        tint = None
        if is_cursor:
            tint = self._tint("reading-pane--cursor")
        elif is_marked:
            tint = self._tint("reading-pane--bookmarked")
        mark_style = self.get_component_rich_style("reading-pane--mark")
        bar = "▌" if passage is not None and passage == self.cursor else " "
        if not self.has_focus and bar != " ":
            bar = "▏"
        star = "★" if is_marked and row == layout.passage_lines[passage][0] else " "
        gutter = Strip([Segment(bar, self.get_component_rich_style("reading-pane--bar")),
                        Segment(star + " ", mark_style)])
        body = text.extend_cell_length(layout.width)
        if layout.is_photo(row):  # styled whole already, and no tint over a photo's colours
            line = Strip.join([gutter.apply_style(base), body])
            return line.crop_extend(0, width, base)
        if tint is not None:
            body = self._tinted(body, tint, layout.width)
        line = Strip.join([gutter, body]).apply_style(base)
        return line.crop_extend(0, width, base)
