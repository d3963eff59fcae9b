"""The binding table: every key of the reader, with an id and a description.

One table feeds the widgets' BINDINGS, the footer, the help screen, the
command palette and the user's keymap (config `[keymap]`, by binding id).
Nothing else in the package spells a key.

Plain Python: the config loader validates keymap ids against this table
without importing Textual; `textual_bindings` makes Textual's `Binding`s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    """One binding, with the attribute names of Textual's `Binding`."""

    key: str
    action: str
    description: str
    id: str
    show: bool = False
    priority: bool = False
    key_display: str | None = None

    def binding(self):
        from textual.binding import Binding

        return Binding(self.key, self.action, self.description, show=self.show,
                       priority=self.priority, key_display=self.key_display, id=self.id)


def textual_bindings(keys: Iterable[Key]) -> list:
    return [k.binding() for k in keys]


@dataclass(frozen=True)
class Section:
    """A group of bindings as the help screen shows them."""

    title: str
    bindings: tuple[Key, ...]


_b = Key


# The reader screen: keys that work whichever pane has focus.
READER = (
    _b("tab", "focus_next_pane", "Switch pane", "focus-next-pane", priority=True),
    _b("shift+tab", "focus_previous_pane", "Switch pane back", "focus-previous-pane",
       priority=True),
    _b("J", "next_article", "Next article", "next-article", show=True),
    _b("K", "previous_article", "Previous article", "previous-article"),
    _b("n", "next_unread", "Next unread", "next-unread", show=True),
    _b("space", "page_down", "Page down the article", "page-down", key_display="space"),
    _b("b", "toggle_bookmark", "Bookmark passage", "toggle-bookmark", show=True),
    _b("B", "show_bookmarks", "Bookmarks", "show-bookmarks", show=True),
    _b("m", "toggle_read", "Toggle read", "toggle-read"),
    _b("A", "mark_all_read", "Mark all read", "mark-all-read"),
    _b("u", "toggle_unread_only", "Only unread", "unread-only"),
    _b("slash", "search", "Search", "search", show=True, key_display="/"),
    _b("escape", "clear_search", "Clear the search", "clear-search"),
    _b("o", "open_link", "Open link in browser", "open-link"),
    _b("y", "copy_passage", "Copy passage", "copy-passage"),
    _b("r", "rescan", "Rescan sources", "rescan"),
    _b("R", "refresh_feeds", "Refresh feeds", "refresh-feeds"),
    _b("f", "focus_feeds", "Feeds", "focus-feeds", show=True),
    _b("a", "add_source", "Add a feed, page or path", "add-source"),
    _b("p", "refetch_page", "Fetch the full page again", "refetch-page"),
    _b("M", "show_messages", "Messages", "show-messages"),
    _b("backslash", "toggle_sidebar", "Show/hide sidebar", "toggle-sidebar", key_display="\\"),
    _b("question_mark", "help", "Help", "help", show=True, key_display="?"),
)

# The sidebar, when it has focus.
ARTICLE_LIST = (
    _b("j,down", "cursor_down", "Next in list", "list-down"),
    _b("k,up", "cursor_up", "Previous in list", "list-up"),
    _b("enter", "select", "Read article", "list-select"),
    _b("g,home", "first", "First article", "list-top"),
    _b("G,end", "last", "Last article", "list-end"),
    _b("pagedown", "page_down", "Page down the list", "list-page-down"),
    _b("pageup", "page_up", "Page up the list", "list-page-up"),
)

# The feeds pane, when it has focus.
FEEDS_PANE = (
    _b("j,down", "cursor_down", "Next in feeds", "feeds-down"),
    _b("k,up", "cursor_up", "Previous in feeds", "feeds-up"),
    _b("enter", "choose", "Show its articles", "feeds-choose", show=True),
    _b("g,home", "first", "First feed", "feeds-top"),
    _b("G,end", "last", "Last feed", "feeds-end"),
    _b("d,delete", "entry('remove')", "Remove feed or source", "feeds-remove", show=True,
       key_display="d"),
    _b("e", "entry('rename')", "Rename feed", "feeds-rename", show=True),
    _b("c", "entry('move')", "Move feed to a folder", "feeds-move", show=True),
    _b("r", "entry('refresh')", "Refresh this feed", "feeds-refresh", show=True),
    _b("escape", "entry('back')", "Back to the articles", "feeds-back"),
)

# The reading pane, when it has focus.
READING_PANE = (
    _b("j,down", "passage_down", "Next passage", "pane-down"),
    _b("k,up", "passage_up", "Previous passage", "pane-up"),
    _b("escape", "back", "Back to the list", "pane-back"),
    _b("g,home", "to_top", "Top of article", "article-top"),
    _b("G,end", "to_end", "End of article", "article-end"),
    _b("pagedown", "page_down", "Page down", "pane-page-down"),
    _b("pageup", "page_up", "Page up", "page-up"),
)

# The search field.
SEARCH = (
    _b("escape", "clear", "Clear search", "search-clear"),
)

# The bookmarks screen.
BOOKMARKS = (
    _b("enter", "open", "Open at passage", "bookmarks-open", show=True),
    _b("d,delete", "delete", "Delete bookmark", "bookmarks-delete", show=True, key_display="d"),
    _b("slash", "filter", "Filter", "bookmarks-filter", show=True, key_display="/"),
    _b("escape", "close", "Back", "bookmarks-close", show=True),
)

APP = (
    _b("q", "quit", "Quit", "quit", show=True),
    _b("ctrl+p", "command_palette", "Commands", "command-palette"),
)

SECTIONS = (
    Section("Everywhere", APP + READER),
    Section("Sidebar", ARTICLE_LIST),
    Section("Feeds pane", FEEDS_PANE),
    Section("Reading pane", READING_PANE),
    Section("Search field", SEARCH),
    Section("Bookmarks screen", BOOKMARKS),
)

# What the command palette offers: the reader's actions, by description.
PALETTE = tuple(b for b in READER if b.id not in {"focus-next-pane", "focus-previous-pane"})

ALL_IDS = frozenset(b.id for section in SECTIONS for b in section.bindings)
