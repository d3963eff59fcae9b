"""`Store`: read marks, reading positions, bookmarks and the library.

Every mutating call is durable when it returns and safe against other
newsreader processes (see `StoreFolder.writing`). Reads come from memory,
refreshed when a file changed on disk.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from tinydb.table import Document

from reader.model import Article, Passage
from reader.store.anchors import context_of, locate
from reader.store.folder import META, StoreFolder, default_path
from reader.store.journal import JOURNAL, forget_sent, note_changes
from reader.store.records import Bookmark, StoreNotice, newest_first, utc_now
from reader.store.schema import BOOKMARKS, READ, SOURCES, shard_of


def _read_shard(article_id: str) -> str:
    return f"{READ}/{shard_of(article_id)}"


def _bookmark_shard(key: str) -> str:
    """The bookmark file of an article id, or of a bookmark id (which starts with it)."""
    return f"{BOOKMARKS}/{shard_of(key)}"


def normalize_source(path: str | os.PathLike[str]) -> str:
    """The library's spelling of a path: absolute, `~` expanded, links kept."""
    return os.path.abspath(os.path.expanduser(os.fspath(path)))


def _journaling(meta) -> bool:
    return bool(meta.storage.data.get("meta", {}).get("sync", {}).get("journal"))


class Store:
    """The user's precious state. Open with `Store.open()`; thread- and process-safe."""

    def __init__(self, folder: StoreFolder) -> None:
        self._folder = folder

    @classmethod
    def open(cls, path: Path | str | None = None) -> Store:
        """Open the store folder (default: under the user data dir); never raises on bad content.

        Creates nothing until the first write. Raises `StoreError` only when the
        disk itself refuses (permissions, I/O errors).
        """
        return cls(StoreFolder.open(Path(path) if path is not None else default_path()))

    @property
    def path(self) -> Path:
        return self._folder.root

    @property
    def notice(self) -> StoreNotice | None:
        return self._folder.notice

    @property
    def read_only(self) -> bool:
        return self._folder.read_only

    # Read state ---------------------------------------------------------------

    def _read_record(self, article_id: str) -> dict:
        with self._folder.reading():
            return self._folder.data(_read_shard(article_id), READ).get(article_id, {})

    def is_read(self, article_id: str) -> bool:
        return "read" in self._read_record(article_id)

    def position(self, article_id: str) -> int | None:
        return self._read_record(article_id).get("pos")

    def read_ids(self) -> set[str]:
        with self._folder.reading():
            return {
                article_id
                for name in self._folder.shard_names(READ)
                for article_id, doc in self._folder.data(name, READ).items()
                if "read" in doc
            }

    def _change_read(self, article_ids: Iterable[str], apply: Callable[[dict], None],
                     kind: str | None = None) -> None:
        """Run `apply` on each article's read record, under one lock, one write per file.

        At most three TinyDB operations per file (update, remove, insert), so
        marking a whole folder read costs about as much as marking one article.
        `kind` ("read" or "star") names the field whose change is noted in the
        sync journal while an account is set (see `reader.store.journal`).
        """
        by_shard: dict[str, list[str]] = {}
        for article_id in dict.fromkeys(article_ids):
            by_shard.setdefault(_read_shard(article_id), []).append(article_id)
        with self._folder.writing(by_shard) as dbs:
            journal = kind is not None and _journaling(dbs[META])
            for name, ids in by_shard.items():
                self._apply_read(dbs[name], ids, apply, kind if journal else None)

    @staticmethod
    def _apply_read(db, ids: list[str], apply: Callable[[dict], None], kind: str | None) -> None:
        current = db.storage.data.get(READ, {})
        updated, emptied, created = [], [], []
        noted: dict[str, bool] = {}
        for article_id in ids:
            old = current.get(article_id)
            new = dict(old or {})
            apply(new)
            if new == (old or {}):
                continue
            if kind is not None and (kind in new) != (kind in (old or {})):
                noted[article_id] = kind in new
            if old is None:
                created.append(Document(new, doc_id=article_id))
            elif new:
                updated.append(article_id)
            else:
                emptied.append(article_id)
        table = db.table(READ)
        if updated:
            table.update(apply, doc_ids=updated)
        if emptied:
            table.remove(doc_ids=emptied)
        if created:
            table.insert_multiple(created)
        if noted:
            note_changes(db, noted, kind, utc_now())

    def mark_read(self, article_id: str, read: bool = True) -> None:
        if read:
            self.mark_all_read([article_id])
        else:
            self._change_read([article_id], lambda record: record.pop("read", None), "read")

    def mark_all_read(self, article_ids: Iterable[str]) -> None:
        """Mark many articles read in one locked write (the first read time is kept)."""
        now = utc_now()
        self._change_read(article_ids, lambda record: record.setdefault("read", now), "read")

    # Stars and the sync journal -----------------------------------------------
    # A star is the server's flag on an article; locally an article is starred
    # while it has a bookmark (and when the server says so). Changes are journaled
    # only while an account is set.

    def is_starred(self, article_id: str) -> bool:
        return "star" in self._read_record(article_id)

    def starred_ids(self) -> set[str]:
        with self._folder.reading():
            return {
                article_id
                for name in self._folder.shard_names(READ)
                for article_id, doc in self._folder.data(name, READ).items()
                if "star" in doc
            }

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        now = utc_now()
        apply = (lambda record: record.setdefault("star", now)) if starred else (
            lambda record: record.pop("star", None))
        self._change_read([article_id], apply, "star")

    @property
    def journaling(self) -> bool:
        with self._folder.reading():
            return bool(self._folder.data(META, "meta").get("sync", {}).get("journal"))

    def set_journaling(self, on: bool) -> None:
        """Start (an account was set) or stop noting read and star changes for a server."""
        with self._folder.writing([]) as dbs:
            table = dbs[META].table("meta")
            if table.contains(doc_id="sync"):
                table.update({"journal": on}, doc_ids=["sync"])
            else:
                table.insert(Document({"journal": on}, doc_id="sync"))

    def journal(self) -> dict[str, dict]:
        """Every change not yet sent: {article_id: journal entry}."""
        with self._folder.reading():
            return {article_id: dict(doc)
                    for name in self._folder.shard_names(READ)
                    for article_id, doc in self._folder.data(name, JOURNAL).items()}

    def forget_sent(self, sent: dict[str, dict]) -> None:
        """Drop journal entries the server has taken (unless they changed meanwhile)."""
        by_shard: dict[str, dict[str, dict]] = {}
        for article_id, entry in sent.items():
            by_shard.setdefault(_read_shard(article_id), {})[article_id] = entry
        if not by_shard:
            return
        with self._folder.writing(by_shard) as dbs:
            for name, entries in by_shard.items():
                forget_sent(dbs[name], entries)

    def apply_remote(self, reads: dict[str, bool], stars: dict[str, bool],
                     seen: dict[str, dict] | None = None) -> None:
        """Take states from the server: recorded, not journaled (they came from there).

        `seen` is the journal as the caller read it: an article whose journal entry
        for a kind changed since (the user acted meanwhile) keeps its local state.
        """
        now = utc_now()
        seen = seen or {}

        def change(read: bool | None, star: bool | None) -> Callable[[dict], None]:
            def apply(record: dict) -> None:
                for field, state in (("read", read), ("star", star)):
                    if state is True:
                        record.setdefault(field, now)
                    elif state is False:
                        record.pop(field, None)
            return apply

        # Articles grouped by shard and by what changes: a few TinyDB operations per group.
        groups: dict[str, dict[tuple, list[str]]] = {}
        for article_id in dict.fromkeys([*reads, *stars]):
            key = (reads.get(article_id), stars.get(article_id))
            groups.setdefault(_read_shard(article_id), {}).setdefault(key, []).append(article_id)
        if not groups:
            return
        with self._folder.writing(groups) as dbs:
            for name, by_change in groups.items():
                journal = dbs[name].storage.data.get(JOURNAL, {})
                for (read, star), ids in by_change.items():
                    if any(journal.get(a) != seen.get(a) for a in ids):
                        for a in ids:  # rare: re-check this group article by article
                            now_j, then_j = journal.get(a) or {}, seen.get(a) or {}
                            keep = ((None if now_j.get("read_at") != then_j.get("read_at") else read),
                                    (None if now_j.get("star_at") != then_j.get("star_at") else star))
                            self._apply_read(dbs[name], [a], change(*keep), None)
                        continue
                    self._apply_read(dbs[name], ids, change(read, star), None)

    def set_position(self, article_id: str, passage_index: int) -> None:
        """Remember where the reader is in an article (a passage index)."""
        if type(passage_index) is not int or passage_index < 0:
            raise ValueError(f"passage index must be a non-negative int, not {passage_index!r}")
        self._change_read([article_id], lambda record: record.__setitem__("pos", passage_index))

    # Bookmarks ----------------------------------------------------------------

    def _bookmarks_in(self, shard: str) -> list[Bookmark]:
        return [Bookmark.from_dict(doc) for doc in self._folder.data(shard, BOOKMARKS).values()]

    def bookmarks(self, article_id: str | None = None) -> list[Bookmark]:
        """All bookmarks (or one article's), newest first, detached ones included."""
        with self._folder.reading():
            if article_id is not None:
                found = [b for b in self._bookmarks_in(_bookmark_shard(article_id))
                         if b.article_id == article_id]
            else:
                found = [b for name in self._folder.shard_names(BOOKMARKS)
                         for b in self._bookmarks_in(name)]
        return newest_first(found)

    def bookmark_counts(self) -> dict[str, int]:
        return dict(Counter(b.article_id for b in self.bookmarks()))

    def find_bookmark(self, article_id: str, passage_index: int) -> Bookmark | None:
        """The newest attached bookmark at this passage, if any."""
        for bookmark in self.bookmarks(article_id):
            if bookmark.passage_index == passage_index and not bookmark.detached:
                return bookmark
        return None

    def add_bookmark(self, article: Article, passage: Passage, note: str | None = None) -> Bookmark:
        """Bookmark `passage` of `article`; the same passage twice gives the same bookmark."""
        passages = article.passages()
        index = passage.index
        if 0 <= index < len(passages) and passages[index].text == passage.text:
            before, after = context_of(passages, index)
        else:
            before = after = ""
        shard = _bookmark_shard(article.id)
        read_shard = _read_shard(article.id)
        # The read shard first: while an account is set, the article's star and its journal
        # entry are committed before the bookmark (a crash between leaves a star, not a lost one).
        with self._folder.writing([read_shard, shard]) as dbs:
            if _journaling(dbs[META]):
                now = utc_now()
                self._apply_read(dbs[read_shard], [article.id],
                                 lambda record: record.setdefault("star", now), "star")
            table = dbs[shard].table(BOOKMARKS)
            for doc in dbs[shard].storage.data.get(BOOKMARKS, {}).values():
                same = Bookmark.from_dict(doc)
                if (same.article_id, same.passage_index, same.text, same.detached) == (
                        article.id, index, passage.text, False):
                    if note is not None and note != same.note:
                        table.update({"note": note}, doc_ids=[same.id])
                        return Bookmark.from_dict({**doc, "note": note})
                    return same
            prefix = shard_of(article.id)  # so the id alone finds its file
            bookmark_id = prefix + os.urandom(3).hex()
            while table.contains(doc_id=bookmark_id):
                bookmark_id = prefix + os.urandom(3).hex()
            bookmark = Bookmark(
                id=bookmark_id, article_id=article.id, article_title=article.title,
                source=article.source, text=passage.text, passage_index=index,
                context_before=before, context_after=after, created=utc_now(), note=note,
            )
            table.insert(Document(bookmark.to_dict(), doc_id=bookmark_id))
        return bookmark

    def _shard_holding(self, bookmark_id: str) -> str | None:
        with self._folder.reading():
            likely = _bookmark_shard(bookmark_id)
            for name in [likely, *self._folder.shard_names(BOOKMARKS)]:
                if bookmark_id in self._folder.data(name, BOOKMARKS):
                    return name
        return None

    def remove_bookmark(self, bookmark_id: str) -> bool:
        shard = self._shard_holding(bookmark_id)
        if shard is None:
            return False
        with self._folder.writing([shard]) as dbs:
            doc = dbs[shard].storage.data.get(BOOKMARKS, {}).get(bookmark_id)
            removed = bool(dbs[shard].table(BOOKMARKS).remove(doc_ids=[bookmark_id]))
            journal = removed and _journaling(dbs[META])
        if journal and doc and not self.bookmarks(doc["article_id"]):
            self.set_starred(doc["article_id"], False)  # the last bookmark: unstar on the server
        return removed

    def set_bookmark_note(self, bookmark_id: str, note: str | None) -> Bookmark | None:
        """Write (or, with None or "", remove) a bookmark's note, in one durable write;
        the bookmark as saved, or None when there is no such bookmark."""
        note = note or None
        shard = self._shard_holding(bookmark_id)
        if shard is None:
            return None
        with self._folder.writing([shard]) as dbs:
            doc = dbs[shard].storage.data.get(BOOKMARKS, {}).get(bookmark_id)
            if doc is None:  # deleted by another process since it was found
                return None
            if doc.get("note") != note:
                dbs[shard].table(BOOKMARKS).update({"note": note}, doc_ids=[bookmark_id])
            return Bookmark.from_dict({**doc, "note": note})

    def reanchor(self, article: Article) -> list[Bookmark]:
        """This article's bookmarks, re-attached to its current text (or detached), newest first."""
        marks = self.bookmarks(article.id)
        if not marks:
            return []
        passages = article.passages()
        current: list[Bookmark] = []
        for mark in marks:
            i = mark.passage_index
            if 0 <= i < len(passages) and passages[i].text == mark.text:
                current.append(mark.moved(i))
            else:
                current.append(mark.moved(locate(passages, mark.text, i,
                                                 mark.context_before, mark.context_after)))
        changed = {new.id: new for old, new in zip(marks, current, strict=True) if new != old}
        if changed:
            shard = _bookmark_shard(article.id)
            with self._folder.writing([shard]) as dbs:
                table = dbs[shard].table(BOOKMARKS)
                for bookmark_id, new in changed.items():
                    table.update({"passage_index": new.passage_index, "detached": new.detached},
                                 doc_ids=[bookmark_id])
        return current

    # Library ------------------------------------------------------------------

    def sources(self) -> list[str]:
        """The library's folders and files, as absolute paths, in the order they were added."""
        with self._folder.reading():
            return [key for key, doc in self._folder.data(META, SOURCES).items()
                    if doc.get("kind", "path") == "path"]

    # Feed subscriptions live beside the folders, as documents of kind "feed"
    # keyed by URL; how each refresh went is a cache (reader.subscriptions).

    def feeds(self) -> list[dict]:
        """Subscriptions in the order they were added: {"url", "title", "folder", "added"}."""
        with self._folder.reading():
            return [{"url": key, "title": doc.get("title"), "folder": doc.get("folder"),
                     "added": doc.get("added")}
                    for key, doc in self._folder.data(META, SOURCES).items()
                    if doc.get("kind") == "feed"]

    def add_feed(self, url: str, title: str | None = None, folder: str | None = None) -> bool:
        """Subscribe; False if already subscribed (a new title or folder is still kept)."""
        with self._folder.writing([META]) as dbs:
            table = dbs[META].table(SOURCES)
            known = table.get(doc_id=url)
            if known is not None:
                update = {k: v for k, v in (("title", title), ("folder", folder))
                          if v and not known.get(k)}
                if update:
                    table.update(update, doc_ids=[url])
                return False
            doc = {"kind": "feed", "added": utc_now(), "title": title, "folder": folder}
            table.insert(Document(doc, doc_id=url))
            return True

    _KEEP = object()

    def update_feed(self, url: str, *, title: object = _KEEP, folder: object = _KEEP) -> bool:
        """Rename a feed or move it to a folder (None or "": no folder), in one durable
        write; False if it is not a subscription."""
        update = {key: (value or None) for key, value in (("title", title), ("folder", folder))
                  if value is not Store._KEEP}
        with self._folder.writing([META]) as dbs:
            table = dbs[META].table(SOURCES)
            doc = table.get(doc_id=url)
            if doc is None or doc.get("kind") != "feed":
                return False
            if update:
                table.update(update, doc_ids=[url])
            return True

    def remove_feed(self, url: str) -> bool:
        """Unsubscribe (read marks and bookmarks of its items stay); False if absent."""
        with self._folder.writing([META]) as dbs:
            table = dbs[META].table(SOURCES)
            doc = table.get(doc_id=url)
            if doc is None or doc.get("kind") != "feed":
                return False
            return bool(table.remove(doc_ids=[url]))

    def add_source(self, path: str | os.PathLike[str]) -> bool:
        """Add a folder or file; False if it was already there."""
        key = normalize_source(path)
        with self._folder.writing([META]) as dbs:
            table = dbs[META].table(SOURCES)
            if table.contains(doc_id=key):
                return False
            table.insert(Document({"kind": "path", "added": utc_now()}, doc_id=key))
            return True

    def remove_source(self, path: str | os.PathLike[str]) -> bool:
        """Take a folder or file out of the library (its bookmarks stay); False if absent."""
        key = normalize_source(path)
        with self._folder.writing([META]) as dbs:
            return bool(dbs[META].table(SOURCES).remove(doc_ids=[key]))
