"""The sidebar: a virtual list of the reading session's rows.

A line-API widget: it paints only the rows on screen, so 100,000 articles
cost nothing until shown, not 100,000 widgets (ListView) or option objects
(OptionList). Each row: unread mark, bookmark mark, title, time or date (or
file name). The rows, read marks and bookmarks are the session's; the widget
keeps only its highlight. Moving the highlight posts `Highlighted`; `enter`
posts `Selected`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from operator import attrgetter, indexOf
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader import bindings
from reader.model import ArticleSummary
from reader.present import row_date
from reader.session import ReadingSession
from reader.text import clean_line
from reader.widgets.row_list import RowList

_summary_id = attrgetter("id")

DATE_WIDTH = 10
FEED_WIDTH = 16  # a feed's name before the title, in views that mix feeds


class ArticleList(RowList):
    MIN_ROW_WIDTH = 8
    HIGHLIGHT = "article-list--highlight"

    BINDINGS: ClassVar = bindings.textual_bindings(bindings.ARTICLE_LIST)

    COMPONENT_CLASSES: ClassVar = {
        "article-list--highlight", "article-list--highlight-blurred",
        "article-list--unread", "article-list--read", "article-list--date",
        "article-list--mark", "article-list--feed", "article-list--empty",
    }

    class Highlighted(Message):
        """The highlighted article changed; `by_user`: a key or click moved it
        (not a new list, as when a scan ends or at launch)."""

        def __init__(self, summary: ArticleSummary, by_user: bool = True) -> None:
            super().__init__()
            self.summary = summary
            self.by_user = by_user

    class Selected(Message):
        def __init__(self, summary: ArticleSummary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, session: ReadingSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.highlighted: int | None = None
        self.highlighted_id: str | None = None  # the highlighted article, across new rows
        self._now = datetime.now().astimezone()

    @property
    def summaries(self) -> Sequence[ArticleSummary]:
        return self.session.rows

    # -- what the screen calls ---------------------------------------------------

    @property
    def highlighted_summary(self) -> ArticleSummary | None:
        if self.highlighted is None or not self.summaries:
            return None
        return self.summaries[self.highlighted]

    def rows_changed(self, keep_id: str | None) -> None:
        """The session's rows changed: keep the highlight on `keep_id` if it is
        among them, else the top row. Posts `Highlighted` only when the
        highlighted article changes."""
        before_id = self.highlighted_id
        summaries = self.summaries
        self._cache.clear()
        self._now = datetime.now().astimezone()
        self.virtual_size = Size(self.size.width, len(summaries))
        index = self.index_of(keep_id) if keep_id is not None else None
        if index is None and summaries:
            index = 0
        self.highlighted = index
        if index is not None:
            self.scroll_to_row(index)
        self.refresh()
        after = self.highlighted_summary
        self.highlighted_id = after.id if after else None
        if after is not None and before_id != after.id:
            self.post_message(self.Highlighted(after, by_user=False))

    def index_of(self, article_id: str) -> int | None:
        # A search at C speed (a few ms at 100,000 rows), not an id-to-row dict,
        # which at that size is 7 MB rebuilt on every change of the rows.
        try:
            return indexOf(map(_summary_id, self.summaries), article_id)
        except ValueError:
            return None

    def marks_changed(self) -> None:
        self.repaint()

    def highlight(self, index: int) -> None:
        if not self.summaries:
            return
        index = min(max(index, 0), len(self.summaries) - 1)
        if index == self.highlighted:
            return
        self.highlighted = index
        self.highlighted_id = self.summaries[index].id
        self.scroll_to_row(index)
        self.refresh()
        self.post_message(self.Highlighted(self.summaries[index]))

    # -- keys -------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.highlight(0 if self.highlighted is None else self.highlighted + 1)

    def action_cursor_up(self) -> None:
        self.highlight(0 if self.highlighted is None else self.highlighted - 1)

    def action_first(self) -> None:
        self.highlight(0)

    def action_last(self) -> None:
        self.highlight(len(self.summaries) - 1)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_page_down(self) -> None:
        if self.highlighted is not None:
            self.highlight(self.highlighted + self._page_rows())

    def action_page_up(self) -> None:
        if self.highlighted is not None:
            self.highlight(self.highlighted - self._page_rows())

    def action_select(self) -> None:
        if (summary := self.highlighted_summary) is not None:
            self.post_message(self.Selected(summary))

    def on_click(self, event) -> None:
        if (row := self.row_at(event.y)) is not None:
            self.highlight(row)

    def row_count(self) -> int:
        return len(self.summaries)

    def row_key(self, row: int) -> tuple:
        summary = self.summaries[row]
        return (summary.id, summary.id in self.session.read_ids,
                summary.id in self.session.bookmark_counts, row == self.highlighted)

    def render_line(self, y: int) -> Strip:
        if y == 0 and not self.summaries and self.session.query:
            return self._no_rows_line()
        return super().render_line(y)

    def _no_rows_line(self) -> Strip:
        """What a search that matched nothing says, in place of the rows (the query
        was typed or pasted: cleaned, and drawn as plain text)."""
        width = self.scrollable_content_region.width
        query = clean_line(self.session.query)
        said = f" Searching for “{query}”…" if self.session.searching else f" No matches for “{query}”"
        text = Text(said, no_wrap=True, overflow="ellipsis", end="")
        text.truncate(max(width, 0), overflow="ellipsis")
        style = self.get_component_rich_style("article-list--empty")
        return Strip(text.render(self.app.console), text.cell_len).apply_style(style).crop_extend(
            0, max(width, 0), self.base_style)

    def draw_row(self, row: int, width: int) -> Strip:
        _id, is_read, marked, lit = self.row_key(row)
        return self._render_row(self.summaries[row], width, is_read, marked, lit)

    def _render_row(self, summary: ArticleSummary, width: int, is_read: bool, marked: bool,
                    lit: bool) -> Strip:
        # Full (not partial) styles, so translucent theme colours are blended.
        get = self.get_component_rich_style
        base = self.base_style
        mark = get("article-list--mark")
        title_style = get("article-list--read" if is_read else "article-list--unread")
        date = row_date(summary, self._now)
        if len(date) > DATE_WIDTH:
            date = date[:DATE_WIDTH - 1] + "…"
        date_width = DATE_WIDTH + 1 if width >= 40 else 0
        title_width = max(1, width - 4 - date_width)
        title = Text(summary.title, no_wrap=True, overflow="ellipsis", end="")
        title.stylize(title_style)
        feed = (self.session.feed_names.get(summary.feed or "")
                if summary.kind == "item" and self.session.view.mixes_feeds else None)
        if feed and title_width >= 2 * FEED_WIDTH:
            name = Text(feed, no_wrap=True, overflow="ellipsis", end="")
            name.truncate(FEED_WIDTH, overflow="ellipsis")
            name.stylize(get("article-list--feed"))
            name.append(" · ", style=get("article-list--date"))
            title = name + title
        title.truncate(title_width, overflow="ellipsis", pad=True)
        segments = [
            Segment(" " if is_read else "●", mark),
            Segment("★" if marked else " ", mark),
            Segment(" ", base),
            *title.render(self.app.console),
            Segment(" ", base),
        ]
        if date_width:
            segments.append(Segment(date.rjust(DATE_WIDTH), get("article-list--date")))
        strip = Strip(segments).crop_extend(0, width, base)
        return self.tinted(strip, width) if lit else strip
