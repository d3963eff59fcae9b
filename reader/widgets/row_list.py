"""A line-API list of rows with a highlight: what the article list and the feeds
pane share.

It paints only the rows on screen (100,000 articles cost nothing until shown)
and keeps each drawn row in a cache keyed by everything the row depends on, so
a repaint after a key press redraws only what changed. A subclass says how many
rows there are (`row_count`), what a row depends on (`row_key`) and how it is
drawn (`draw_row`); `tinted` lays the highlight over a drawn row.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.widgets.kept_style import KeptStyle


class RowList(KeptStyle, ScrollView, can_focus=True, inherit_bindings=False):
    MIN_ROW_WIDTH = 6  # narrower than this, rows are blank (never a zero-width crop)
    HIGHLIGHT = ""  # the component class of the highlight; "-blurred" added without focus

    def __init__(self, *, id: str | None = None, cache_rows: int = 1024) -> None:
        super().__init__(id=id)
        self._cache: LRUCache[tuple, Strip] = LRUCache(cache_rows)

    # -- what a subclass provides ---------------------------------------------------

    def row_count(self) -> int:
        raise NotImplementedError

    def row_key(self, row: int) -> tuple:
        """Everything row `row` is drawn from (besides its width and the focus)."""
        raise NotImplementedError

    def draw_row(self, row: int, width: int) -> Strip:
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------

    def repaint(self) -> None:
        """Forget every drawn row and paint again (marks or counts changed)."""
        self._cache.clear()
        self.refresh()

    def scroll_to_row(self, index: int) -> None:
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, immediate=True,
                              force=True)

    def row_at(self, y: int) -> int | None:
        """The row under screen line `y` of the widget (a click), if any."""
        row = round(self.scroll_y) + y
        return row if 0 <= row < self.row_count() else None

    def tinted(self, strip: Strip, width: int) -> Strip:
        """`strip` with the highlight's background (and weight) laid over it. With
        focus the highlight is solid and the whole row takes its text colour, so
        muted dates and marks stay legible on it; without, it is a tint under the
        row's own colours."""
        name = self.HIGHLIGHT if self.has_focus else f"{self.HIGHLIGHT}-blurred"
        lit_style = self.get_component_rich_style(name)
        color = lit_style.color if self.has_focus else None
        tint = Style(color=color, bgcolor=lit_style.bgcolor, bold=lit_style.bold)
        return Strip(Segment.apply_style(strip, post_style=tint), width)

    def on_focus(self) -> None:
        self.repaint()

    def on_blur(self) -> None:
        self.repaint()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = round(self.scroll_y) + y
        if width < self.MIN_ROW_WIDTH or row >= self.row_count():
            return Strip.blank(max(width, 0), self.base_style)
        key = (row, width, self.has_focus, *self.row_key(row))
        strip = self._cache.get(key)
        if strip is None:
            # The widget's own colours under every cell: padding that Rich adds
            # (a short title padded to its column) carries no style of its own,
            # and the terminal drew it in its default background.
            strip = self.draw_row(row, width).apply_style(self.base_style)
            self._cache[key] = strip
        return strip
