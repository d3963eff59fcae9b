"""The reader's background work: scanning sources, loading articles, searching text.

Each runs in a thread worker (parsing and disk I/O must never block input)
and reports back with a message to the screen that started it; nothing here
touches a widget. One exception, before there is any input to block: the
first article of a launch, when it is a small local file, is loaded on the
UI thread so the first frame already shows it (see `quick_to_load`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from textual.message import Message
from textual.worker import get_current_worker

from reader import list_head, opener
from reader.model import Article, ArticleError, ArticleSummary

BATCH_SECONDS = 0.1  # at most this often a running scan shows what it found so far
FIRST_BATCH = 64  # the first rows show once this many are found


class ScanProgress(Message):
    def __init__(self, summaries: list[ArticleSummary], skipped: list, done: bool) -> None:
        super().__init__()
        self.summaries = summaries
        self.skipped = skipped
        self.done = done


class ArticleLoaded(Message):
    def __init__(self, summary: ArticleSummary, article: Article) -> None:
        super().__init__()
        self.summary = summary
        self.article = article


class LoadFailed(Message):
    def __init__(self, summary: ArticleSummary, reason: str) -> None:
        super().__init__()
        self.summary = summary
        self.reason = reason


class TextMatches(Message):
    def __init__(self, query: str, ids: set[str], done: bool) -> None:
        super().__init__()
        self.query = query
        self.ids = ids
        self.done = done


FIRST_PAINT_WAIT = 1.0  # seconds the scan waits for the first article to be painted


def scan(library, sources: list[str], post: Callable[[Message], object],
         first_painted: threading.Event | None = None,
         head: list[ArticleSummary] | None = None, sort: str = "newest") -> None:
    """Scan `sources`, posting the ordered rows found so far now and then.

    `head` is the last session's top rows (`list_head.read_head`) when the
    caller already shows them; with None the scan reads and posts them itself.
    After the first rows go out, the scan waits (up to FIRST_PAINT_WAIT) for
    `first_painted`: the UI thread shows the first article without sharing
    the GIL with the rest of a large scan.
    """
    worker = get_current_worker()
    found: list[ArticleSummary] = []
    skipped: list = []
    last = 0.0  # the first rows go out as soon as FIRST_BATCH are found
    next_count = FIRST_BATCH
    if head is None:
        head = list_head.read_head(sources)
        if head:  # the last session's top rows, while the real scan starts
            post(ScanProgress(head, [], done=False))
    if head:
        if first_painted is not None:
            first_painted.wait(FIRST_PAINT_WAIT)
        next_count = max(FIRST_BATCH, 2 * len(head))
    for item in library.scan(sources):
        if worker.is_cancelled:
            return
        if isinstance(item, ArticleSummary):
            found.append(item)
        else:
            skipped.append(item)
        if len(found) >= next_count and time.monotonic() - last >= BATCH_SECONDS:
            # Ordering is O(n log n): post at doubling sizes, so a 100k scan
            # orders about twice its length in all, not once per batch.
            post(ScanProgress(library.order(found, sort), skipped, done=False))
            skipped = []
            if first_painted is not None and not head and next_count == FIRST_BATCH:
                first_painted.wait(FIRST_PAINT_WAIT)
            last = time.monotonic()
            next_count = 2 * len(found)
    if not worker.is_cancelled:
        ordered = library.order(found, sort)
        post(ScanProgress(ordered, skipped, done=True))
        if ordered[:list_head.HEAD_ROWS] != head:
            list_head.write_head(sources, ordered)


QUICK_LOAD_BYTES = 256 * 1024  # a local file this small parses in a few milliseconds


def quick_to_load(summary: ArticleSummary) -> bool:
    """Whether the article is a local file small enough to load on the UI thread."""
    if not summary.is_local:
        return False  # a feed item or a page: its load may go to the network
    try:
        return os.path.getsize(summary.source) <= QUICK_LOAD_BYTES
    except OSError:
        return False


def load(library, summary: ArticleSummary, post: Callable[[Message], object]) -> None:
    try:
        article = library.load(summary)
    except ArticleError as err:
        post(LoadFailed(summary, str(err)))
    except OSError as err:
        post(LoadFailed(summary, err.strerror or str(err)))
    else:
        post(ArticleLoaded(summary, article))


def search_text(library, query: str, summaries: list[ArticleSummary], texts: dict[str, str],
                post: Callable[[Message], object]) -> None:
    """Find articles whose text (not only title) contains `query`.

    `texts` caches each article's folded text across searches; a dict write is
    atomic, so the UI thread may read it meanwhile.
    """
    worker = get_current_worker()
    time.sleep(0.15)  # typing continues: let the next keystroke cancel this search
    folded = query.casefold()
    matched: set[str] = set()
    last = time.monotonic()
    for summary in summaries:
        if worker.is_cancelled:
            return
        text = texts.get(summary.id)
        if text is None:
            try:
                article = library.load(summary)
            except (ArticleError, OSError):
                texts[summary.id] = ""
                continue
            text = "\n".join(p.text for p in article.passages()).casefold()
            texts[summary.id] = text
        if folded in text:
            matched.add(summary.id)
        if matched and time.monotonic() - last > BATCH_SECONDS:
            post(TextMatches(query, matched, done=False))
            matched = set()
            last = time.monotonic()
    if not worker.is_cancelled:
        post(TextMatches(query, matched, done=True))


def open_link(chosen: opener.Opener, url: str) -> str | None:
    """Open `url` with the chosen browser; why it did not, or None."""
    return opener.run(chosen, url)
