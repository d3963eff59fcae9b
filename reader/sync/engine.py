"""One sync with a Google Reader API server: subscriptions, new items, read and star states.

Order of a sync, and why it is safe to kill at any point:
1. subscriptions: the server's become the store's feeds; a feed added here
   and never seen on the server is subscribed there;
2. new items: ids crawled since the last sync (`ot`; ids already known are
   skipped, so a re-sent second costs ids, not contents), then their contents,
   written to the article cache;
3. states: the unread and starred ids, compared with what the server said
   last time (the base) and with the store's journal of local changes. Only
   one side changed: it wins. Both changed: the local change wins if it was
   made after the last sync began, else the server's (the API gives no time
   for a state change; it happened after the last sync);
4. the server's changes go to the store, local ones to the server (edit-tag),
   and only then are the sent journal entries dropped;
5. the sync state (`data_dir()/sync/state.json`: item map, bases, `ot`) is
   written atomically at the end.
A crash before 5 repeats work on the next sync (every step is idempotent);
nothing in the journal is dropped before the server has taken it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from reader import feedcache
from reader.fetch import Fetcher
from reader.store.records import utc_now
from reader.sync import items as itemlib
from reader.sync.account import Account, sync_dir
from reader.sync.api import READ, READING_LIST, STARRED, GReader
from reader.sync.http import ApiError, AuthError
from reader.sync.merge import merge
from reader.sync.state import FEED, LINK, PUB, PUB_AT, TITLE, A, R, S, SyncState
from reader.text import counted

MAX_PAGES_PER_SYNC = 50  # pages fetched for items the server has no text for, newest first


class SyncError(Exception):
    """A sync that could not finish. `str()` is one line, without credentials."""


@dataclass
class SyncReport:
    feeds: int = 0
    new_items: int = 0
    pushed: int = 0             # state changes sent to the server
    pulled: int = 0             # state changes taken from the server
    conflicts: int = 0
    subscribed: list[str] = field(default_factory=list)    # local feeds sent to the server
    unsubscribed: list[str] = field(default_factory=list)  # feeds the server dropped
    new_by_feed: dict[str, int] = field(default_factory=dict)
    pages: int = 0              # pages extracted for items the server had no text for
    refused: list[tuple[str, str]] = field(default_factory=list)  # (feed url, reason)
    seconds_server: float = 0.0  # waiting for the server
    seconds_total: float = 0.0

    def line(self) -> str:
        parts = [counted(self.feeds, "feed"), counted(self.new_items, "new item"),
                 f"{counted(self.pulled, 'change')} from the server", f"{self.pushed:,} sent"]
        if self.conflicts:
            parts.append(f"{counted(self.conflicts, 'conflict')} (newer change kept)")
        if self.refused:
            parts.append(f"{counted(len(self.refused), 'local feed')} the server refused (kept here)")
        return "synced: " + ", ".join(parts)


class _ArticleWriter:
    """Writes articles to the cache on 8 threads while the sync goes on: creating files
    is most of a large first sync's cost, and it overlaps the next page's download and
    parsing (the system calls run outside the interpreter lock)."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="newsreader-sync")
        self._pending: list = []

    def put(self, article) -> None:
        self._pending.append(self._pool.submit(feedcache.save_cached, article, durable=False))

    def finish(self) -> None:
        """Wait for every write; SyncError if the disk refused one."""
        try:
            for future in self._pending:
                future.result()
        except OSError as err:
            raise SyncError(f"cannot write the article cache: {err.strerror or err}") from None
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)


class _Timed:
    """Counts the time spent waiting for the server."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, fn: Callable, *args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def run_sync(store, account: Account, token: str, fetcher: Fetcher | None = None,
             on_step: Callable[[str], None] | None = None, *, push_only: bool = False,
             deadline: float | None = None) -> SyncReport:
    """Sync once; SyncError (one line) if the server cannot be reached or refuses.

    `push_only`: only states (local changes out, the server's in), no subscriptions or
    new items: what the reader does on its way out. `deadline`: per request, seconds.
    Only one sync runs at a time across processes; a second one fails at once.
    """
    from filelock import FileLock, Timeout

    lock_path = sync_dir() / ".lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise SyncError("another newsreader is syncing now") from None
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        api = GReader(account.api, token, fetcher, deadline)
        return _Sync(store, account, api, on_step).run(push_only)
    except ApiError as err:
        raise SyncError(f"sync with {account.server} failed: {err}") from None
    finally:
        lock.release()
        if own:
            fetcher.close()


class _Sync:
    def __init__(self, store, account: Account, api: GReader,
                 on_step: Callable[[str], None] | None) -> None:
        self.store, self.account, self.api = store, account, api
        self.say = on_step or (lambda _text: None)
        self.wait = _Timed()
        self.report = SyncReport()
        self.state = SyncState.load()
        scope = f"{account.user}@{account.api}"
        if self.state.api != scope:  # another server or user: nothing known applies
            self.state = SyncState(api=scope)

    def run(self, push_only: bool = False) -> SyncReport:
        started, began = time.perf_counter(), utc_now()
        if push_only:
            self.report.feeds = len(self.state.feeds)
            self.states()
            self.state.save()  # last_sync stays: subscriptions and items were not looked at
            self.report.seconds_total = time.perf_counter() - started
            return self.report
        self.say("subscriptions")
        self.subscriptions()
        self.say("new items")
        changed_feeds = self.new_items()
        self.say("read and starred states")
        self.states()
        self.write_feeds(changed_feeds)
        self.state.last_sync = began
        self.state.save()
        self.report.seconds_server = self.wait.seconds
        self.report.seconds_total = time.perf_counter() - started
        return self.report

    # 1. subscriptions ---------------------------------------------------------

    def subscriptions(self) -> None:
        subs = self.wait(self.api.subscriptions)
        on_server = {s.url: s for s in subs}
        sent = False
        for feed in self.store.feeds():
            url = feed["url"]
            if url in on_server:
                continue
            if url in self.state.feeds:  # it was on the server: dropped there
                self.store.remove_feed(url)
                self.report.unsubscribed.append(url)
            else:                        # added here (before the account, or offline)
                try:
                    self.wait(self.api.subscribe, url, feed.get("title"), feed.get("folder"))
                except AuthError:
                    raise
                except ApiError as err:
                    if err.status is None:
                        raise  # the server is away: the whole sync waits
                    self.report.refused.append((url, str(err)))  # kept here; tried next time
                    continue
                self.report.subscribed.append(url)
                sent = True
        if sent:
            subs = self.wait(self.api.subscriptions)
        for sub in subs:
            folder = itemlib.line(sub.folders[0]) if sub.folders else None
            self.store.add_feed(sub.url, itemlib.line(sub.title) or None, folder or None)
        self.state.feeds = {s.url: s.stream_id for s in subs}
        self.report.feeds = len(subs)

    # 2. new items -------------------------------------------------------------

    def new_items(self) -> set[str]:
        known = self.state.items
        ids = self.wait(lambda: list(self.api.item_ids(READING_LIST, since=self.state.since or None)))
        new = [i for i in dict.fromkeys(ids) if i not in known]
        new += self.lost_articles(set(new))
        feed_of_stream = {stream: url for url, stream in self.state.feeds.items()}
        changed: set[str] = set()
        reads: dict[str, bool] = {}
        stars: dict[str, bool] = {}
        since = self.state.since
        page = 1000
        writer = _ArticleWriter()
        try:
            self._fetch_new(new, page, writer, feed_of_stream, changed, reads, stars)
        finally:
            writer.finish()
        since = max([since, *self._crawled])
        self.report.new_items -= self._refetched
        if reads or stars:
            self.store.apply_remote({a: r for a, r in reads.items() if r},
                                    {a: s for a, s in stars.items() if s})
        self.state.since = since
        return changed

    def _fetch_new(self, new, page, writer, feed_of_stream, changed, reads, stars) -> None:
        self._crawled: list[int] = []
        self._textless: list = []
        stray: list[dict] = []
        for start in range(0, len(new), page):
            batch = self.wait(self.api.contents, new[start:start + page])
            self._take(batch, stray, writer, feed_of_stream, changed, reads, stars)
        if stray:
            # Items of a feed subscribed elsewhere while this sync ran: take the list again,
            # or they would fall behind `ot` and never come.
            self.subscriptions()
            feed_of_stream.update({stream: url for url, stream in self.state.feeds.items()})
            self._take(stray, [], writer, feed_of_stream, changed, reads, stars)
        self.report.pages = self._full_text(writer)

    def _take(self, batch, stray, writer, feed_of_stream, changed, reads, stars) -> None:
        known = self.state.items
        for item in batch:
            try:
                hex_id = itemlib.item_hex_of(item)
            except ValueError:
                continue
            origin = item.get("origin") if isinstance(item.get("origin"), dict) else {}
            feed_url = feed_of_stream.get(origin.get("streamId"))
            if feed_url is None:
                stray.append(item)  # a feed unknown here, or no longer subscribed
                continue
            article = itemlib.to_article(item, hex_id, self.api.api, feed_url, self.account.user)
            if article.summary_only and article.link:
                self._textless.append(article)  # written once its page is tried
            else:
                writer.put(article)
            cats = itemlib.categories(item)
            read, star = READ in cats, STARRED in cats
            known[hex_id] = [article.id, feed_url, read, star, article.title, article.link,
                             article.published, itemlib.published_at(item)]
            reads[article.id], stars[article.id] = read, star
            changed.add(feed_url)
            self.report.new_items += 1
            self.report.new_by_feed[feed_url] = self.report.new_by_feed.get(feed_url, 0) + 1
            crawled = itemlib.crawl_seconds(item)
            if crawled:
                self._crawled.append(crawled)

    def _full_text(self, writer: _ArticleWriter) -> int:
        """The pages of new items the server has no text for, extracted here as a feed
        refresh does (at most MAX_PAGES_PER_SYNC, newest first); the count extracted."""
        from reader.model import ArticleError
        from reader.sources.html import parse_html_bytes

        textless = sorted(self._textless, key=lambda a: a.published or "", reverse=True)
        wanted = {a.link: a for a in textless[:MAX_PAGES_PER_SYNC]}
        pages = {}
        if wanted:
            results = self.api.fetcher.fetch_many([(link, None) for link in wanted])
            for link, outcome in results.items():
                if isinstance(outcome, Exception):
                    continue  # the placeholder stays
                try:
                    page = parse_html_bytes(outcome.content or b"", outcome.final_url,
                                            outcome.content_type, article_id=wanted[link].id)
                except ArticleError:
                    continue
                page.link = page.link or link
                pages[page.id] = page
        for article in textless:
            writer.put(pages.get(article.id, article))
        return len(pages)

    def lost_articles(self, skip: set[str]) -> list[str]:
        """Known items whose cached article is gone (the cache was deleted): fetched again.
        Looked for only when the cache entry of a feed with known items is missing, so an
        ordinary sync does not look at every article."""
        from reader.subscriptions import _state_path

        self._refetched = 0
        with_items = {row[FEED] for row in self.state.items.values()}
        if all(_state_path(url).exists() for url in with_items):
            return []
        folder = feedcache.articles_dir()
        lost = [h for h, row in self.state.items.items()
                if h not in skip and not (folder / f"{row[A]}.json").exists()]
        for hex_id in lost:
            del self.state.items[hex_id]
        self._refetched = len(lost)
        return lost

    # 3-4. states --------------------------------------------------------------

    def states(self) -> None:
        unread = set(self.wait(lambda: list(self.api.item_ids(READING_LIST, exclude=READ))))
        starred = set(self.wait(lambda: list(self.api.item_ids(STARRED))))
        rows = self.state.items
        journal = self.store.journal()
        plan = merge({h: (row[A], row[R], row[S]) for h, row in rows.items()}, unread, starred,
                     journal, self.state.last_sync)
        self.report.conflicts = plan.conflicts
        for hex_id, bases in plan.base.items():
            for kind, state in bases.items():
                rows[hex_id][R if kind == "read" else S] = state
        if plan.take["read"] or plan.take["star"]:
            self.store.apply_remote(plan.take["read"], plan.take["star"], seen=journal)
            self.report.pulled = len(plan.take["read"]) + len(plan.take["star"])
        tags = {"read": READ, "star": STARRED}
        for (kind, state), hex_ids in plan.push.items():
            if state:
                self.wait(self.api.edit_tag, hex_ids, add=tags[kind])
            else:
                self.wait(self.api.edit_tag, hex_ids, remove=tags[kind])
            for hex_id in hex_ids:
                rows[hex_id][R if kind == "read" else S] = state
            self.report.pushed += len(hex_ids)
        # Every entry read is settled now: sent, older than the server's change, equal
        # to the server's state, or of an article the server does not have (a local file).
        self.store.forget_sent(journal)

    # the library's view of the synced feeds ----------------------------------

    def write_feeds(self, changed: set[str]) -> None:
        """Each synced feed's item list in the subscriptions cache, which the library
        reads (rebuilt for feeds with new items, and for any whose cache is gone)."""
        from reader.subscriptions import FeedState, _state_path, save_state

        by_feed: dict[str, list[list]] = {}
        for row in self.state.items.values():
            by_feed.setdefault(row[FEED], []).append(row)
        for url in self.state.feeds:
            if url not in changed and _state_path(url).exists():
                continue
            rows = sorted(by_feed.get(url, []), key=lambda r: _stamp(r) or r[PUB] or "",
                          reverse=True)
            state = FeedState(url, title=None, refreshed=utc_now(), status="synced")
            for feed in self.store.feeds():
                if feed["url"] == url:
                    state.title = feed["title"]
            state.items = [{"id": r[A], "title": r[TITLE], "link": r[LINK], "published": r[PUB],
                            "published_at": _stamp(r), "summary_only": False} for r in rows]
            save_state(state)


def _stamp(row: list) -> str | None:
    """A state row's full timestamp; None for rows kept before it was recorded."""
    return row[PUB_AT] if len(row) > PUB_AT else None
