"""Fixed articles and in-memory stand-ins for the reader's UI tests.

`MemoryLibrary` has the interface of `reader.library` (scan, load, order) over
articles built in the test; `MemoryStore` keeps the store's interface in a dict
so a test can run without touching the disk. Tests of the real store wiring
use `reader.store.Store` on a temporary folder instead.
"""

from __future__ import annotations

import itertools

from reader.model import (
    Article,
    ArticleError,
    ArticleSummary,
    Caption,
    Heading,
    KeyPoints,
    Paragraph,
    Quote,
    Skipped,
)
from reader.store import Bookmark


def make_article(n: int, *, title: str | None = None, paragraphs: int = 6,
                 published: str | None = None, link: str | None = None) -> Article:
    blocks = [
        Caption(f"Figure {n}: a harbour at dawn.", credit="Photo: A. Person"),
        KeyPoints((f"Article {n} key point one.", f"Article {n} key point two.")),
        Heading("Background"),
    ]
    for p in range(paragraphs):
        blocks.append(Paragraph(f"Article {n} paragraph {p}. " + "Words of the story. " * 12))
    blocks.insert(5, Quote(f"A quote in article {n}."))
    return Article(id=f"id-{n:05d}", title=title or f"Article number {n}",
                   source=f"/news/article-{n:05d}.txt",
                   published=published or f"2026-01-{(31 - n % 31):02d}", blocks=blocks,
                   link=link)


class MemoryLibrary:
    def __init__(self, articles: list[Article], broken: dict[str, str] | None = None) -> None:
        self.articles = {a.source: a for a in articles}
        self.broken = broken or {}

    def scan(self, sources):
        for article in self.articles.values():
            yield article.summary()
        for source, reason in self.broken.items():
            yield Skipped(source, reason)

    def load(self, summary: ArticleSummary) -> Article:
        source = summary.source
        if source in self.broken or source not in self.articles:
            raise ArticleError("not an article")
        return self.articles[source]

    @staticmethod
    def order(summaries, sort: str = "newest") -> list[ArticleSummary]:
        return sorted(summaries, key=lambda s: s.source)


class MemoryStore:
    notice = None

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.positions: dict[str, int] = {}
        self.marks: list[Bookmark] = []
        self._ids = itertools.count(1)

    def is_read(self, article_id): return article_id in self.read
    def read_ids(self): return set(self.read)

    def mark_read(self, article_id, read=True):
        (self.read.add if read else self.read.discard)(article_id)

    def mark_all_read(self, ids): self.read.update(ids)
    def set_position(self, article_id, index): self.positions[article_id] = index
    def position(self, article_id): return self.positions.get(article_id)

    def add_bookmark(self, article, passage, note=None):
        n = next(self._ids)
        mark = Bookmark(f"bm{n}", article.id, article.title, article.source, passage.text,
                        passage.index, "", "", created=f"2026-02-01T00:00:{n:02d}", note=note)
        self.marks.append(mark)
        return mark

    def remove_bookmark(self, bookmark_id):
        before = len(self.marks)
        self.marks = [m for m in self.marks if m.id != bookmark_id]
        return len(self.marks) < before

    def set_bookmark_note(self, bookmark_id, note):
        from dataclasses import replace

        for i, m in enumerate(self.marks):
            if m.id == bookmark_id:
                self.marks[i] = replace(m, note=note or None)
                return self.marks[i]
        return None

    def bookmarks(self, article_id=None):
        marks = [m for m in self.marks if article_id is None or m.article_id == article_id]
        return sorted(marks, key=lambda m: m.created, reverse=True)

    def bookmark_counts(self):
        counts: dict[str, int] = {}
        for m in self.marks:
            counts[m.article_id] = counts.get(m.article_id, 0) + 1
        return counts

    def reanchor(self, article): return self.bookmarks(article.id)

    def find_bookmark(self, article_id, passage_index):
        for m in self.marks:
            if m.article_id == article_id and m.passage_index == passage_index:
                return m
        return None

    def sources(self): return list(getattr(self, "paths", []))

    # Subscriptions: {"url", "title", "folder"} in the order added (set `subscriptions`).
    def feeds(self): return [dict(f) for f in getattr(self, "subscriptions", [])]

    def update_feed(self, url, **change):
        for feed in getattr(self, "subscriptions", []):
            if feed["url"] == url:
                feed.update({k: v or None for k, v in change.items()})
                return True
        return False

    def remove_feed(self, url):
        before = len(self.subscriptions)
        self.subscriptions = [f for f in self.subscriptions if f["url"] != url]
        return len(self.subscriptions) < before


class FeedLibrary(MemoryLibrary):
    """Articles that are feed items: `feeds` maps each article's source to its feed URL."""

    def __init__(self, articles: list[Article], feeds: dict[str, str]) -> None:
        super().__init__(articles)
        self.feeds = feeds

    def scan(self, sources):
        for article in self.articles.values():
            feed = self.feeds.get(article.source)
            yield article.summary("item", feed) if feed else article.summary()


def reader_app(articles: list[Article] | None = None, store=None, **kw):
    from reader.app import NewsReader

    articles = articles if articles is not None else [make_article(n) for n in range(1, 6)]
    store = store if store is not None else MemoryStore()
    kw.setdefault("background_writes", False)  # in memory: a write costs nothing
    return NewsReader(["/news"], store, MemoryLibrary(articles, kw.pop("broken", None)), **kw)


async def written(pilot) -> None:
    """Wait until the store writes asked for so far are saved and applied."""
    app = pilot.app
    for _ in range(500):
        await pilot.pause()
        if not (app.writer and app.writer.pending):
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("store writes never finished")


async def settle(pilot, article_id: str | None = None) -> None:
    """Wait until workers are idle and, if given, `article_id` is in the pane."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        reader = app.reader
        shown = reader.article.id if reader and reader.article else None
        busy = any(w.is_running for w in app.workers if w.group in ("scan", "load"))
        busy = busy or bool(app.writer and app.writer.pending)
        if not busy and (article_id is None or shown == article_id) and shown is not None:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError(f"article {article_id} never shown (pane has {shown})")
