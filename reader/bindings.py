"""The binding table: every key of the reader, with an id and a description.

One table feeds the widgets' BINDINGS, the footer, the help screen, the
command palette and the user's keymap (config `[keymap]`, by binding id).
Nothing else in the package spells a key.

Plain Python: the config loader validates keymap ids against this table
without importing Textual; `textual_bindings` makes Textual's `Binding`s.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache


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
    note: str = ""  # a line under the title, for keys that work only at times


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
    _b("n", "next_match", "Next match", "next-match", show=True),
    _b("N", "previous_match", "Previous match", "previous-match", show=True),
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
    _b("e", "edit_note", "Note", "bookmarks-note", show=True),
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
    Section("Reading pane", READING_PANE,
            "n and N go between the search's matches while a search is on; else n is next unread"),
    Section("Search field", SEARCH),
    Section("Bookmarks screen", BOOKMARKS),
)

# What the command palette offers, before Textual's own: the reader's actions, by description.
PALETTE = tuple(b for b in READER + APP
                if b.id not in {"focus-next-pane", "focus-previous-pane", "command-palette"})

ALL_IDS = frozenset(b.id for section in SECTIONS for b in section.bindings)

_BY_ID = {b.id: b for section in SECTIONS for b in section.bindings}
_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@cache
def _key_names() -> frozenset[str]:
    from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, Keys

    return frozenset({key.value.rpartition("+")[2] for key in Keys}
                     | set(KEY_NAME_REPLACEMENTS.values()) | set(KEY_TO_UNICODE_NAME))


def key_name(text: str) -> str | None:
    """The name Textual gives the key spelled `text` ("?" is "question_mark",
    "ctrl+n" stays), or None when no key is spelled so ("", "foo", "ctrl+")."""
    from textual.keys import _character_to_key

    text = text.strip()
    if len(text) == 1:
        return _character_to_key(text) if text.isprintable() and not text.isspace() else None
    *modifiers, base = text.split("+")
    if not base or any(m not in _MODIFIERS for m in modifiers):
        return None
    if len(base) == 1:
        base = _character_to_key(base) if base.isprintable() else ""
    elif base not in _key_names():
        try:
            unicodedata.lookup(base.replace("_", " "))
        except KeyError:
            return None
    return "+".join([*modifiers, base]) if base else None


def usable_keymap(keymap: Mapping[str, str], where: str = "config") -> tuple[dict[str, str], list[str]]:
    """The entries of a user keymap that can be applied, with their keys in
    Textual's names, and one line for each entry that cannot (an unknown
    binding id, a key that is no key). An entry that cannot be applied is
    dropped whole, so the binding keeps its default keys: `quit = ","`
    (a comma splits keys; the key is "comma") must not leave `q` unbound."""
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        binding = _BY_ID.get(binding_id)
        if binding is None:
            problems.append(f"{where}: unknown binding id {binding_id!r} in [keymap]")
            continue
        names = [key_name(key) for key in str(keys).split(",")]
        if not names or None in names:
            bad = next((k.strip() for k, n in zip(str(keys).split(","), names, strict=True)
                        if n is None), "")
            why = (f"{bad!r} is not a key name" if bad
                   else "an empty key (a comma splits keys; the comma key is written \"comma\")")
            problems.append(f"{where}: keymap {binding_id} = {keys!r} cannot be applied: {why}; "
                            f"it stays on {binding.key_display or binding.key}")
            continue
        usable[binding_id] = ",".join(dict.fromkeys(names))
    return usable, problems
