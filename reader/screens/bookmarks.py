"""The bookmarks screen: every bookmarked passage, newest first.

Each entry is two lines, three with a note: the passage's first words, then
(muted) the article's title, its feed or file, its date and when it was
saved, then the note. `enter` dismisses with the chosen bookmark (the reader
opens its article at the passage), `e` writes or edits its note, `d` deletes
after a confirmation, `/` filters by title, text and note, `escape` clears the
filter or goes back. With no bookmarks, the screen says how to make one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader import bindings
from reader.screens.confirm import ConfirmScreen, first_words
from reader.screens.prompt import PromptScreen
from reader.store.records import Bookmark
from reader.text import clean_line
from reader.widgets.key_footer import KeyFooter

EMPTY = "No bookmarks yet. Press b on a passage to keep it."
PASSAGE_CHARACTERS = 300  # of a passage's text on its entry's first line (cut by the width too)


class BookmarkFilter(Input):
    BINDINGS: ClassVar = bindings.textual_bindings(bindings.SEARCH)

    def action_clear(self) -> None:
        self.value = ""
        self.remove_class("-shown")
        self.screen.query_one(BookmarkList).focus()


class BookmarkList(OptionList):
    """The entries: one option per bookmark, each line cut at the width, never wrapped."""

    # The screen's `enter`, here too: OptionList's own `enter` would hide it from the footer.
    BINDINGS: ClassVar = [replace(key, action="screen.open").binding()
                          for key in bindings.BOOKMARKS if key.id == "bookmarks-open"]

    # Theme variables, resolved as each line is drawn, so they hold on the highlight as
    # on the screen. The meta line is muted by a step of the foreground towards the
    # background (a translucent colour would fall under 4.5:1 on the highlight).
    TEXT = "bold $foreground"
    NOTE = "italic $foreground"
    DETACHED = "$text-warning"

    @property
    def meta_style(self) -> str:
        return "$foreground-darken-2" if self.app.current_theme.dark else "$foreground-lighten-2"

    def entry(self, bookmark: Bookmark, origin: str, date: str | None) -> Content:
        # The store keeps what the user saved; a hand-edited store file could hold
        # escape sequences or markup: every field is cleaned and drawn as plain text.
        text = clean_line(bookmark.text)
        if len(text) > PASSAGE_CHARACTERS:
            text = text[:PASSAGE_CHARACTERS - 1] + "…"
        meta = [clean_line(bookmark.article_title) or "Untitled", clean_line(origin),
                clean_line(date or ""), "saved " + clean_line(bookmark.created)[:10]]
        parts = [Content.styled(text, self.TEXT),
                 Content.styled("\n" + " · ".join(part for part in meta if part), self.meta_style)]
        if bookmark.detached:
            parts.append(Content.styled("  (passage no longer in the article)", self.DETACHED))
        if bookmark.note:
            parts.append(Content.styled("\n✎ " + clean_line(bookmark.note), self.NOTE))
        return Content("").join(parts)


class BookmarksScreen(Screen):
    BINDINGS: ClassVar = bindings.textual_bindings(bindings.BOOKMARKS)

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        self.all: list[Bookmark] = []
        self.shown: list[Bookmark] = []
        self.places: dict[str, tuple[str, str | None]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-pane"):  # a pane like the reader's: a border and its title
            yield BookmarkList(id="bookmarks")
            yield Static(id="bookmarks-empty")
        yield BookmarkFilter(id="bookmarks-filter", placeholder="Filter bookmarks")
        yield KeyFooter()

    @property
    def entries(self) -> BookmarkList:
        return self.query_one(BookmarkList)

    def on_mount(self) -> None:
        self.reload()
        self.entries.focus()
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        current = self.current
        self.apply_filter(current.id if current else None)

    def reload(self, keep: str | None = None) -> None:
        """Read the bookmarks again; the highlight stays on `keep` (a bookmark id)."""
        self.all = self.session.bookmarks()
        self.places = self.session.bookmark_places(self.all)
        self.apply_filter(keep)

    def apply_filter(self, keep: str | None = None) -> None:
        raw = self.query_one(BookmarkFilter).value.strip()
        query = raw.casefold()
        self.shown = [b for b in self.all if not query or any(
            query in field.casefold() for field in (b.text, b.article_title, b.note or ""))]
        options = self.entries
        highlighted = options.highlighted
        options.clear_options()
        for bookmark in self.shown:  # a rule under each entry
            place = self.places.get(bookmark.article_id, ("", None))
            options.add_options([Option(options.entry(bookmark, *place), id=bookmark.id), None])
        if self.shown:
            index = next((i for i, b in enumerate(self.shown) if b.id == keep), None)
            options.highlighted = index if index is not None else min(highlighted or 0,
                                                                      len(self.shown) - 1)
        title = f"Bookmarks · {len(self.shown)}"
        if query:
            title += f" of {len(self.all)} matching “{clean_line(raw)}”"
        self.query_one("#bookmarks-pane").border_title = Content(title)
        empty = self.query_one("#bookmarks-empty", Static)
        if not self.all:
            empty.update(Content(EMPTY))
        elif not self.shown:
            empty.update(Content(f"No bookmarks match “{clean_line(raw)}”."))
        self.set_class(not self.shown, "-empty")

    @property
    def current(self) -> Bookmark | None:
        index = self.entries.highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    @on(Input.Changed, "#bookmarks-filter")
    def on_filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#bookmarks-filter")
    def on_filter_submitted(self) -> None:
        self.entries.focus()

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

    def action_edit_note(self) -> None:
        """`e`: write the highlighted bookmark's note, or change it ("" removes it)."""
        bookmark = self.current
        if bookmark is None:
            return

        def done(note: str | None) -> None:
            if note is None or note == (bookmark.note or ""):
                return  # escape, or nothing changed: no write
            self.session.set_bookmark_note(bookmark, clean_line(note),
                                           lambda saved: self.reload(keep=saved.id))

        question = f"Note for '{first_words(bookmark.text)}' (empty removes it)"
        self.app.push_screen(PromptScreen(question, bookmark.note or "",
                                          placeholder="Why you kept this passage"), done)

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
