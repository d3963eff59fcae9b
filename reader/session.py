"""The reading session: what the reader shows and what the user has done with it.

Plain Python (no Textual). One `ReadingSession` per reader owns:
- the summaries and the current view over them (the unread filter, the search);
- read marks, bookmark counts, reading positions and the article shown.

Every change goes through the store first and is applied here only when the
store took it, so the screen never shows as saved what is not on disk. Each
change is announced once to the listeners (`subscribe`); the widgets render
from the session and keep no copies.

Writes run through a `writer`: by default at once, on the caller's thread; the
app passes one that runs them in order on a background thread (a durable write
is an fsync, tens of milliseconds on a busy disk) and hands the outcome back
to the UI thread. Each write decides from the store's own state when it runs
(`b` twice is add then remove, `m` after `enter` is unread), so quick key
presses queue up correctly. Outcomes the user should hear of go to `notify`.

Read semantics, as in a mail or feed reader's preview pane:
- showing an article (moving the highlight, launching) marks nothing;
- opening it (`open`: enter, focusing the pane, moving from the pane) marks it read;
- so does staying shown `mark_read_after` seconds, or scrolling it (`touch`),
  except for an article the user made unread with `m`: it stays unread until
  it is opened again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import compress, filterfalse, repeat
from operator import attrgetter, not_

from reader.model import Article, ArticleSummary
from reader.protocols import StoreAPI
from reader.store.records import Bookmark
from reader.store.storage import StoreError
from reader.views import (
    ALL,
    FEED,
    FOLDER,
    SOURCE,
    UNREAD,
    Entry,
    View,
    build_entries,
    feed_name,
    folder_chain,
)


@dataclass(frozen=True, slots=True)
class Change:
    """What changed: `rows` (the visible rows), `marks` (read marks or bookmarks
    of the articles in `ids`), `shown` (the bookmarked passages of the shown article),
    `feeds` (the feeds pane's entries: subscriptions or library sources)."""

    rows: bool = False
    marks: bool = False
    shown: bool = False
    feeds: bool = False
    ids: frozenset[str] = field(default_factory=frozenset)


Listener = Callable[[Change], None]
Finish = Callable[[object, str | None], None]  # (the write's result, the refusal or None)
Writer = Callable[[Callable[[], object], Finish], None]


def run_now(attempt: Callable[[], object], finish: Finish) -> None:
    """The default writer: the write on this thread, then its outcome."""
    try:
        result = attempt()
    except StoreError as err:
        finish(None, str(err))
    else:
        finish(result, None)



_summary_id = attrgetter("id")
REGROUP_AT = 1000  # articles outside the main group before the main group is chosen again

class ReadingSession:
    def __init__(self, store: StoreAPI, *, sort: str = "newest",
                 mark_read_after: float | None = 2.0,
                 report: Callable[[str], None] = lambda message: None,
                 notify: Callable[[str, bool], None] = lambda message, ok: None,
                 writer: Writer = run_now) -> None:
        self.store = store
        self.sort = sort
        self.mark_read_after = mark_read_after
        self._report = report
        self._notify = notify
        self._writer = writer
        self._listeners: list[Listener] = []
        self.summaries: list[ArticleSummary] = []
        self._ids: set[str] = set()
        self.read_ids: set[str] = set()
        self.bookmark_counts: dict[str, int] = {}
        self.kept_unread: set[str] = set()  # made unread with `m`: no timer or scroll re-marks
        self.unread = 0  # unread among the summaries, kept up to date on each change
        # Feeds and library sources: the feeds pane's entries and unread counts per
        # group (a feed's URL, a library source) and per folder, kept up to date on
        # each read-mark change, recounted only when the summaries or feeds change.
        self.feeds: list[dict] = []  # {"url", "name", "folder"}
        self._sources: list[str] = []
        self.feed_names: dict[str, str] = {}
        self._folders_of: dict[str, list[str]] = {}  # feed URL -> its folder and its ancestors
        self._roots: list[str] = []  # library sources, longest first
        self.entries: list[Entry] = build_entries([], [])
        # Article id -> feed URL or library source, for the articles not in the
        # main group (the group of the first file, else of the first article):
        # a library of 100,000 files in one folder keeps no entry per file.
        self._group: dict[str, str] = {}
        self._main_group: str | None = None
        self.unread_by_group: Counter[str] = Counter()
        self.unread_by_folder: Counter[str] = Counter()
        # The view
        self.view = View()
        self.unread_only = False
        self.query = ""
        self.text_matches: set[str] = set()
        self.searching = False  # the search's text matches are still being looked for
        self._keep: set[str] = set()  # the unread filter's snapshot
        self._rows: list[ArticleSummary] | None = None
        # The article shown
        self.shown: Article | None = None
        self.shown_marks: set[int] = set()  # bookmarked passages of the shown article
        self.cursor = 0
        self._saved_cursor: dict[str, int] = {}

    # -- listening ---------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _announce(self, change: Change) -> None:
        for listener in self._listeners:
            listener(change)

    # -- the store, guarded ----------------------------------------------------------

    def _write(self, attempt: Callable[[], object], apply: Callable[[object], None],
               refused: str | None = None) -> None:
        """Run a store write through the writer; `apply` its result to the session
        once the store took it. When it refused: the reason is reported, `refused`
        is told to the user, and nothing changes here."""

        def finish(result: object, error: str | None) -> None:
            if error is None:
                apply(result)
                return
            self._report(f"Not saved: {error}")
            if refused:
                self._notify(refused, False)

        self._writer(attempt, finish)

    def _read(self, do: Callable[[], object], empty: object) -> object:
        try:
            return do()
        except StoreError as err:
            self._report(f"Cannot read the store: {err}")
            return empty

    def load_marks(self) -> None:
        """Read marks and bookmark counts from the store (once, at start)."""
        self.read_ids = set(self._read(self.store.read_ids, set()))
        self.bookmark_counts = dict(self._read(self.store.bookmark_counts, {}))
        self._recount()
        self._announce(Change(marks=True))

    # -- summaries and the view -----------------------------------------------------

    def set_summaries(self, summaries: list[ArticleSummary]) -> None:
        self.summaries = summaries
        # Set operations and map() run at C speed: a scan of 100,000 files hands
        # the whole list over a dozen times while it fills. The ids grow in place
        # (the set before and a new one would both be held at the scan's peak).
        ids = self._ids
        fresh = list(compress(summaries, map(not_, map(ids.__contains__,
                                                         map(_summary_id, summaries)))))
        ids.update(map(_summary_id, fresh))
        if len(ids) != len(summaries):  # some left the list (a rescan)
            ids = self._ids = set(map(_summary_id, summaries))
        self._assign_groups(fresh)
        if self.unread_only:  # articles found by a running scan join the snapshot
            self._keep.update(i for i in self._ids if i not in self.read_ids)
        self._recount()
        self._rows = None
        self._announce(Change(rows=True))

    def _recount(self) -> None:
        """Count everything again: only when the summaries, marks or feeds are replaced."""
        read, group, folders_of = self.read_ids, self._group, self._folders_of
        by_group: Counter[str] = Counter(map(group.get, filterfalse(read.__contains__, self._ids),
                                             repeat(self._main_group or "")))
        self.unread = sum(by_group.values())
        self.unread_by_group = by_group
        by_folder: Counter[str] = Counter()
        for key, count in by_group.items():
            for folder in folders_of.get(key, ()):
                by_folder[folder] += count
        self.unread_by_folder = by_folder

    def _assign_groups(self, summaries: Iterable[ArticleSummary]) -> None:
        """Work out the group of each of `summaries` (new to the session)."""
        group, group_of, main = self._group, self._group_of, self._main_group
        for summary in summaries:
            key = group_of(summary)
            if main is None and summary.kind == "file":
                main = self._main_group = key
            if key != main:
                group[summary.id] = key
        if main is None and group:  # no file at all: the first article's group
            main = self._main_group = next(iter(group.values()))
            for article_id in [i for i, key in group.items() if key == main]:
                del group[article_id]
        if len(group) > max(len(self._ids) // 2, REGROUP_AT):
            self._regroup()

    def _regroup(self) -> None:
        """Make the most common group the main one (the first rows, a feed's newest
        items, may not be from where most articles are)."""
        group, old = self._group, self._main_group or ""
        main = Counter(group.values()).most_common(1)[0][0]
        for article_id in filterfalse(group.__contains__, self._ids):
            group[article_id] = old
        self._group = {i: key for i, key in group.items() if key != main}
        self._main_group = main

    def group_of_id(self, article_id: str) -> str:
        return self._group.get(article_id, self._main_group or "")

    def _group_of(self, summary: ArticleSummary) -> str:
        if summary.kind == "item":
            return summary.feed or ""
        if summary.kind == "file":
            for root in self._roots:
                if summary.source == root or summary.source.startswith(root + "/"):
                    return root
        return ""

    # -- feeds and library sources ---------------------------------------------------

    def set_feeds(self, feeds: list[dict], sources: list[str]) -> None:
        """The subscriptions ({"url", "title", "folder"}) and library sources the pane
        lists. The counts are recounted once here (not per key press)."""
        from reader.views import source_root

        self.feeds = [{"url": f["url"], "folder": f.get("folder") or "",
                       "name": feed_name(f["url"], f.get("title"))} for f in feeds]
        self.feed_names = {f["url"]: f["name"] for f in self.feeds}
        self._folders_of = {f["url"]: folder_chain(f["folder"]) for f in self.feeds}
        self._sources = list(sources)
        roots = [source_root(s) for s in sources]
        self._roots = sorted(roots, key=len, reverse=True)
        self.entries = build_entries(self.feeds, roots)
        self._group = {}
        self._main_group = None
        self._assign_groups(self.summaries)
        self._recount()
        if self.view.kind in (FEED, FOLDER, SOURCE) and not any(
                e.view == self.view for e in self.entries):
            self.view = View()  # the chosen feed went away
        self._rows = None
        self._announce(Change(rows=True, feeds=True))

    def update_feed(self, url: str, **change: str) -> None:
        """Rename a feed (`title`) or move it to a folder (`folder`, "" for none): in the
        store first, then the pane's entries and the folder counts."""

        def apply(done: object) -> None:
            if not done:
                self._notify("That feed is no longer subscribed", False)
                return
            feeds = [dict(f, title=f["name"]) for f in self.feeds]
            for feed in feeds:
                if feed["url"] == url:
                    if "title" in change:
                        feed["title"] = change["title"] or None
                    if "folder" in change:
                        feed["folder"] = change["folder"]
            view = self.view
            self.set_feeds(feeds, self._sources)
            if view.kind == FEED and view.key == url:
                self.view = next((e.view for e in self.entries
                                  if e.view and e.view.kind == FEED and e.view.key == url), View())
                self._announce(Change(rows=True, feeds=True))
            self._notify("Feed renamed" if "title" in change else "Feed moved", True)

        self._write(lambda: self.store.update_feed(url, **change), apply, "Feed not changed")

    def count(self, view: View | None) -> int:
        """The unread count the pane shows for `view` (kept, never counted here)."""
        if view is None:
            return 0
        if view.kind in (ALL, UNREAD):
            return self.unread
        if view.kind == FOLDER:
            return self.unread_by_folder.get(view.key, 0)
        return self.unread_by_group.get(view.key, 0)

    def set_view(self, view: View) -> None:
        """Choose what the article list shows (the feeds pane's `enter`). "Unread" is
        the unread filter over all articles; the other views keep the filter as it is."""
        if view.kind == UNREAD:
            self.view = view
            self.set_unread_only(True)
            return
        if self.view.kind == UNREAD:
            self.unread_only = False
        self.view = view
        self._rows = None
        self._announce(Change(rows=True))

    def in_view(self, summary: ArticleSummary) -> bool:
        kind, key = self.view.kind, self.view.key
        if kind == FEED:
            return summary.feed == key and summary.kind == "item"
        if kind == FOLDER:
            return summary.kind == "item" and key in self._folders_of.get(summary.feed or "", ())
        if kind == SOURCE:
            return self.group_of_id(summary.id) == key
        return True

    @property
    def total(self) -> int:
        return len(self.summaries)

    def filtering(self) -> bool:
        return self.unread_only or bool(self.query)

    @property
    def rows(self) -> list[ArticleSummary]:
        """The rows of the current view, in order."""
        if self._rows is None:
            rows = self.summaries
            if self.view.kind in (FEED, FOLDER, SOURCE):
                rows = [s for s in rows if self.in_view(s)]
            if self.unread_only:
                rows = [s for s in rows if s.id in self._keep]
            if self.query:
                folded = self.query.casefold()
                rows = [s for s in rows
                        if folded in s.title.casefold() or s.id in self.text_matches]
            self._rows = rows
        return self._rows

    def set_unread_only(self, on: bool, keep: Iterable[str] = ()) -> None:
        """The unread filter is a snapshot: an article read while it is on stays
        listed until the filter changes, so rows do not jump away. `keep`: ids
        listed anyway (the article being read)."""
        self.unread_only = on
        if not on and self.view.kind == UNREAD:
            self.view = View()
        self._keep = {i for i in self._ids if i not in self.read_ids}
        self._keep.update(keep)
        self._rows = None
        self._announce(Change(rows=True))

    def set_query(self, query: str) -> None:
        query = query.strip()
        if query == self.query:
            return
        self.query = query
        self.text_matches = set()
        self.searching = bool(query)
        self._rows = None
        self._announce(Change(rows=True))

    def add_text_matches(self, query: str, ids: set[str], done: bool = False) -> None:
        """Articles whose text (not only title) matches `query`, found by a search
        worker; `done`: the worker has looked through every article."""
        if query != self.query:
            return
        if done and self.searching:
            self.searching = False
            if not ids - self.text_matches:
                self._announce(Change(rows=True))
                return
        if not ids - self.text_matches:
            return
        self.text_matches |= ids
        self._rows = None
        self._announce(Change(rows=True))

    def clear_filters(self) -> None:
        self.view = View()
        self.unread_only = False
        self.query = ""
        self.text_matches = set()
        self.searching = False
        self._rows = None
        self._announce(Change(rows=True))

    def view_label(self) -> str:
        """The current view in words, for confirmations and the status line."""
        parts = []
        if self.view.kind in (FEED, FOLDER):
            parts.append(f"of the {self.view.name}")
        elif self.view.kind == SOURCE:
            parts.append(f"in {self.view.name}")
        if self.query:
            parts.append(f"matching “{self.query}”")
        if self.unread_only:
            parts.append("in the unread list")
        return "articles " + " and ".join(parts) if parts else "all articles"

    def view_unread_ids(self) -> list[str]:
        return [s.id for s in self.rows if s.id not in self.read_ids]

    # -- read state ---------------------------------------------------------------

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read_ids

    def _mark(self, ids: list[str], read: bool, refused: str,
              then: Callable[[list[str]], None] = lambda changed: None) -> None:
        """Mark `ids` read (or unread) in the store, then here; `then(changed ids)`."""
        if not ids:
            return

        def attempt() -> list[str]:
            if read:
                self.store.mark_all_read(ids)
            else:
                for article_id in ids:
                    self.store.mark_read(article_id, False)
            return ids

        self._write(attempt, lambda _: then(self._apply_read(ids, read)), refused)

    def _apply_read(self, ids: list[str], read: bool) -> list[str]:
        changed = [i for i in ids if (i in self.read_ids) != read]
        step = -1 if read else 1
        for article_id in changed:
            (self.read_ids.add if read else self.read_ids.discard)(article_id)
            if article_id in self._ids:
                self.unread += step
                group = self.group_of_id(article_id)
                self.unread_by_group[group] += step
                for folder in self._folders_of.get(group, ()):
                    self.unread_by_folder[folder] += step
        if changed:
            self._announce(Change(marks=True, ids=frozenset(changed)))
        return changed

    def open(self, article_id: str) -> None:
        """The user opened the article: it is read, even if `m` made it unread before."""
        self.kept_unread.discard(article_id)
        if article_id not in self.read_ids:
            self._mark([article_id], True, "Read mark not saved")

    def touch(self, article_id: str) -> None:
        """The article stayed shown, or was scrolled: read, unless `m` kept it unread."""
        if article_id not in self.kept_unread and article_id not in self.read_ids:
            self._mark([article_id], True, "Read mark not saved")

    def toggle_read(self, article_id: str) -> None:
        """`m`: read becomes unread (and stays so until opened again), and back.
        Decided by the store's state when the write runs, so `m` right after
        `enter` makes the article unread."""

        def attempt() -> bool:
            read = not self.store.is_read(article_id)
            self.store.mark_read(article_id, read)
            return read

        def apply(read: object) -> None:
            if read:
                self.kept_unread.discard(article_id)
            else:
                self.kept_unread.add(article_id)
            self._apply_read([article_id], bool(read))

        self._write(attempt, apply, "Read mark not saved")

    def mark_view_read(self) -> None:
        """Mark the current view's unread articles read (`A`)."""
        ids = self.view_unread_ids()

        def then(changed: list[str]) -> None:
            self.kept_unread.difference_update(ids)
            self._notify(f"{len(ids):,} marked read", True)

        self._mark(ids, True, "Read marks not saved", then)

    # -- the article shown -------------------------------------------------------

    def show(self, article: Article) -> int:
        """Show `article` (this marks nothing); the passage to start at."""
        self.leave()
        self.shown = article
        marks = self._read(lambda: self.store.reanchor(article), [])
        self.shown_marks = {b.passage_index for b in marks if not b.detached}
        saved = self._read(lambda: self.store.position(article.id), None) or 0
        self._saved_cursor[article.id] = saved
        self.cursor = saved
        return saved

    def hide(self) -> None:
        self.leave()
        self.shown = None
        self.shown_marks = set()

    def move_cursor(self, passage: int) -> None:
        self.cursor = passage

    def leave(self) -> None:
        """Save the reading position of the article being left (one write, if it moved)."""
        article = self.shown
        if article is None or self._saved_cursor.get(article.id) == self.cursor:
            return
        article_id, cursor = article.id, self.cursor
        self._saved_cursor[article_id] = cursor  # a refusal is reported, not retried
        self._write(lambda: self.store.set_position(article_id, cursor), lambda _: None)

    # -- bookmarks ------------------------------------------------------------------

    def toggle_bookmark(self, passage_index: int) -> None:
        """`b`: bookmark the shown article's passage, or remove its bookmark.

        On the UI thread this only queues the write: the store's own bookmark
        file decides add or remove, and the session's counts and marks change
        when it is saved, never by re-reading every bookmark."""
        article = self.shown
        passages = article.passages() if article else []
        if not 0 <= passage_index < len(passages):
            self._notify("Nothing to bookmark here", True)
            return
        passage = passages[passage_index]

        def attempt() -> bool:
            existing = self.store.find_bookmark(article.id, passage.index)
            if existing is not None:
                self.store.remove_bookmark(existing.id)
                return False
            self.store.add_bookmark(article, passage)
            return True

        def apply(added: object) -> None:
            if self.shown is not None and self.shown.id == article.id:
                (self.shown_marks.add if added else self.shown_marks.discard)(passage.index)
            self._count_bookmark(article.id, +1 if added else -1)
            self._notify("Passage bookmarked" if added else "Bookmark removed", True)

        self._write(attempt, apply, "Bookmark not saved")

    def _count_bookmark(self, article_id: str, step: int) -> None:
        count = self.bookmark_counts.get(article_id, 0) + step
        if count > 0:
            self.bookmark_counts[article_id] = count
        else:
            self.bookmark_counts.pop(article_id, None)
        self._announce(Change(marks=True, shown=True, ids=frozenset([article_id])))

    def bookmarks(self) -> list[Bookmark]:
        return list(self._read(self.store.bookmarks, []))

    def remove_bookmark(self, bookmark: Bookmark, then: Callable[[], None]) -> None:
        """Delete a bookmark (the bookmarks screen); `then` runs once it is gone."""

        def apply(removed: object) -> None:
            if not removed:
                return
            if self.shown is not None and bookmark.article_id == self.shown.id:
                self.shown_marks.discard(bookmark.passage_index)
            self._count_bookmark(bookmark.article_id, -1)
            then()

        self._write(lambda: self.store.remove_bookmark(bookmark.id), apply, "Bookmark not deleted")

    def set_bookmark_note(self, bookmark: Bookmark, note: str,
                          then: Callable[[Bookmark], None]) -> None:
        """Write a bookmark's note (`e` on the bookmarks screen; "" removes it);
        `then(the bookmark as saved)` runs once the store has it."""

        def apply(saved: object) -> None:
            if saved is None:
                self._notify("That bookmark is gone", False)
                return
            self._notify("Note saved" if saved.note else "Note removed", True)
            then(saved)

        self._write(lambda: self.store.set_bookmark_note(bookmark.id, note.strip() or None),
                    apply, "Note not saved")

    def bookmark_places(self, bookmarks: list[Bookmark]) -> dict[str, tuple[str, str | None]]:
        """For each bookmarked article: where it comes from as the reader knows it (its
        feed's name, else its file's or page's name) and its date, if the scan knows
        it; by article id. One pass over the summaries, whatever the bookmarks."""
        from reader.present import source_label

        wanted = {b.article_id for b in bookmarks}
        known = {s.id: s for s in self.summaries if s.id in wanted} if wanted else {}
        places: dict[str, tuple[str, str | None]] = {}
        for bookmark in bookmarks:
            summary = known.get(bookmark.article_id)
            if summary is not None and summary.kind == "item" and summary.feed:
                origin = self.feed_names.get(summary.feed) or feed_name(summary.feed, None)
            else:
                origin = source_label(bookmark.source) if bookmark.source else ""
            date = summary.published if summary is not None else None
            places[bookmark.article_id] = (origin, date)
        return places
