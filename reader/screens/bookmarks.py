"""The bookmarks screen: every bookmarked passage, newest first.

`enter` dismisses with the chosen bookmark (the reader opens its article at the
passage), `d` deletes after a confirmation, `/` filters by title and text,
`escape` clears the filter or goes back.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader import bindings
from reader.screens.confirm import ConfirmScreen, first_words
from reader.text import clean_line


class BookmarkFilter(Input):
    BINDINGS: ClassVar = bindings.textual_bindings(bindings.SEARCH)

    def action_clear(self) -> None:
        self.value = ""
        self.remove_class("-shown")
        self.screen.query_one(OptionList).focus()


class BookmarksScreen(Screen):
    BINDINGS: ClassVar = bindings.textual_bindings(bindings.BOOKMARKS)

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        self.all = []
        self.shown = []

    def compose(self) -> ComposeResult:
        yield Static(id="bookmarks-title")
        yield OptionList(id="bookmarks")
        yield BookmarkFilter(id="bookmarks-filter", placeholder="Filter bookmarks")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        self.all = self.session.bookmarks()
        self.apply_filter()

    def apply_filter(self) -> None:
        query = self.query_one(BookmarkFilter).value.strip().casefold()
        self.shown = [b for b in self.all if not query
                      or query in b.text.casefold() or query in b.article_title.casefold()]
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(Option(self.prompt(b), id=b.id) for b in self.shown)
        if self.shown:
            options.highlighted = min(highlighted or 0, len(self.shown) - 1)
        title = f" Bookmarks: {len(self.shown)}"
        if query:
            title += f" of {len(self.all)}"
        self.query_one("#bookmarks-title", Static).update(Content(title))

    @staticmethod
    def prompt(bookmark) -> Content:
        # The store keeps what the user saved; a hand-edited store file could hold
        # escape sequences, so every field is cleaned as it is shown.
        date = clean_line(bookmark.created)[:10]
        head = Content.styled(clean_line(bookmark.article_title), "bold")
        meta = f"  {date}" + ("  (passage no longer in the article)" if bookmark.detached else "")
        text = clean_line(bookmark.text)
        text = text if len(text) <= 300 else text[:299] + "…"
        parts = [head, Content.styled(meta, "dim"), Content("\n  "), Content(text)]
        if bookmark.note:
            parts += [Content("\n  "), Content.styled(clean_line(bookmark.note), "italic")]
        return Content("").join(parts)

    @property
    def current(self):
        index = self.query_one(OptionList).highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    @on(Input.Changed, "#bookmarks-filter")
    def on_filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#bookmarks-filter")
    def on_filter_submitted(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def on_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self.current is not None:
            self.dismiss(self.current)

    def action_filter(self) -> None:
        box = self.query_one(BookmarkFilter)
        box.add_class("-shown")
        box.focus()

    def action_delete(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.session.remove_bookmark(bookmark, self._deleted)

        self.app.push_screen(ConfirmScreen(f"Delete the bookmark '{first_words(bookmark.text)}'?"), done)

    def _deleted(self) -> None:
        self.reload()
        self.notify("Bookmark deleted")

    def action_close(self) -> None:
        self.dismiss(None)
