"""The feeds pane: All articles, Unread, folders with their feeds, the library.

A line-API widget like the article list: it paints only the rows on screen,
so 500 feeds cost 500 small entries, not 500 widgets. The entries and their
unread counts are the session's (`ReadingSession.entries`, `count`); the
widget keeps only its highlight. `enter` posts `Chosen` with the view.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader import bindings
from reader.session import ReadingSession
from reader.text import counted
from reader.views import Entry, View
from reader.widgets.row_list import RowList


class FeedsPane(RowList):
    HIGHLIGHT = "feeds-pane--highlight"

    BINDINGS: ClassVar = bindings.textual_bindings(bindings.FEEDS_PANE)

    COMPONENT_CLASSES: ClassVar = {
        "feeds-pane--highlight", "feeds-pane--highlight-blurred", "feeds-pane--heading",
        "feeds-pane--count", "feeds-pane--chosen", "feeds-pane--empty",
    }

    class Chosen(Message):
        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    class Action(Message):
        """A key on the highlighted entry (remove, rename, move, refresh)."""

        def __init__(self, action: str, view: View) -> None:
            super().__init__()
            self.action = action
            self.view = view

    def __init__(self, session: ReadingSession, *, id: str | None = None) -> None:
        super().__init__(id=id, cache_rows=512)
        self.session = session
        self.highlighted = 0

    @property
    def entries(self) -> list[Entry]:
        return self.session.entries

    @property
    def highlighted_view(self) -> View | None:
        entries = self.entries
        if 0 <= self.highlighted < len(entries):
            return entries[self.highlighted].view
        return None

    def entries_changed(self) -> None:
        """The session's entries changed: keep the highlight on the same view."""
        before = self.highlighted_view
        self.virtual_size = Size(self.size.width, len(self.entries))
        index = next((i for i, e in enumerate(self.entries) if e.view == before), None)
        self.highlighted = index if index is not None else min(self.highlighted,
                                                               max(0, len(self.entries) - 1))
        feeds = sum(1 for e in self.entries if e.view is not None and e.view.kind == "feed")
        title = Content.styled("Feeds", "bold")
        self.border_title = title + Content(f" · {counted(feeds, 'feed')}") if feeds else title
        self.counts_changed()

    def counts_changed(self) -> None:
        self.repaint()

    def on_mount(self) -> None:
        self.entries_changed()  # mounted after the session has its entries (a launch's first frame)

    def highlight(self, index: int, step: int = 1) -> None:
        """Highlight `index`, skipping section headings in the direction of `step`."""
        entries = self.entries
        if not entries:
            return
        index = min(max(index, 0), len(entries) - 1)
        while 0 <= index < len(entries) and entries[index].view is None:
            index += step
        if not 0 <= index < len(entries):
            return
        self.highlighted = index
        self.scroll_to_row(index)
        self.repaint()

    def action_cursor_down(self) -> None:
        self.highlight(self.highlighted + 1, +1)

    def action_cursor_up(self) -> None:
        self.highlight(self.highlighted - 1, -1)

    def action_first(self) -> None:
        self.highlight(0, +1)

    def action_last(self) -> None:
        self.highlight(len(self.entries) - 1, -1)

    def action_choose(self) -> None:
        if (view := self.highlighted_view) is not None:
            self.post_message(self.Chosen(view))

    def action_entry(self, action: str) -> None:
        if (view := self.highlighted_view) is not None:
            self.post_message(self.Action(action, view))

    def on_click(self, event) -> None:
        if (row := self.row_at(event.y)) is not None:
            self.highlight(row)
            self.action_choose()

    def row_count(self) -> int:
        return len(self.entries)

    def row_key(self, row: int) -> tuple:
        entry = self.entries[row]
        return (entry, self.session.count(entry.view),
                entry.view is not None and entry.view == self.session.view,
                row == self.highlighted)

    def draw_row(self, row: int, width: int) -> Strip:
        entry, count, chosen, lit = self.row_key(row)
        return self._render_row(entry, width, count, chosen, lit)

    def _render_row(self, entry: Entry, width: int, count: int, chosen: bool,
                    lit: bool) -> Strip:
        get = self.get_component_rich_style
        base = self.base_style
        if entry.view is None:  # a section heading
            label = Text(entry.label, no_wrap=True, overflow="ellipsis", end="")
            label.truncate(width, overflow="ellipsis", pad=True)
            label.stylize(get("feeds-pane--heading"))
            return Strip(list(label.render(self.app.console))).crop_extend(0, width, base)
        number = f"{count:,}" if count else ""
        number_width = len(number) + 1 if number else 0
        indent = "  " * entry.depth
        label_width = max(1, width - 2 - len(indent) - number_width)
        label = Text(entry.label, no_wrap=True, overflow="ellipsis", end="")
        label.truncate(label_width, overflow="ellipsis", pad=True)
        if chosen:
            label.stylize(get("feeds-pane--chosen"))
        elif not count:
            label.stylize(get("feeds-pane--empty"))
        segments = [Segment("▸" if chosen else " ", get("feeds-pane--chosen")),
                    Segment(" " + indent, base), *label.render(self.app.console)]
        if number:
            segments.append(Segment(" " + number, get("feeds-pane--count")))
        strip = Strip(segments).crop_extend(0, width, base)
        return self.tinted(strip, width) if lit else strip
