"""Feed subscriptions: refreshing them, and what each refresh learned.

The list of subscriptions is precious and lives in the store. Everything
learned from the network is a cache under `cache_dir()/feeds/`: per feed its
title, validators (ETag, Last-Modified), last refresh time and status, and a
summary line per item; the items' articles are in `reader.feedcache`.
Deleting the cache costs one refresh and no read mark or bookmark, which key
on item ids (guid, else link).
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader import feedcache, paths
from reader.atomic import write_atomic
from reader.fetch import Fetcher, FetchError, FetchResult, Limits, Validators
from reader.model import ArticleError, ArticleSummary
from reader.sources.feeds import parse_feed, scoped_id
from reader.sources.html import parse_feed_item, parse_html_bytes
from reader.sources.identity import key_id
from reader.text import clean_inline, counted

MAX_KEPT_ITEMS = 1000  # per feed: older items beyond this leave the sidebar (bookmarks stay)


@dataclass(slots=True)
class FeedState:
    url: str
    title: str | None = None
    refreshed: str | None = None     # UTC ISO time of the last attempt
    status: str = "never refreshed"  # "ok", "not modified" or "error"
    error: str | None = None
    validators: dict = field(default_factory=dict)
    items: list[dict] = field(default_factory=list)  # {"id", "title", "link", "published", "summary_only"}

    def summaries(self) -> list[ArticleSummary]:
        return [ArticleSummary(i["id"], i["title"], i.get("link") or f"{self.url}#{i['id']}",
                               i.get("published"), "item", self.url, i.get("published_at"))
                for i in self.items]


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    url: str
    title: str | None
    status: str            # "ok", "not modified" or "error"
    new: int = 0           # items not seen before
    error: str | None = None
    items: int = 0         # the feed's items now listed (what `feeds` and `list` show)


def _state_path(url: str) -> Path:
    return paths.cache_dir() / "feeds" / f"{key_id('feed', url)}.json"


def load_state(url: str) -> FeedState:
    """What the last refresh of `url` learned. A missing, damaged or
    wrong-shaped entry (valid JSON, other types) counts as never refreshed:
    the next refresh rebuilds it."""
    from reader.files import read_regular
    from reader.text import clean_line

    try:
        data = json.loads(read_regular(_state_path(url)))
    except (OSError, ValueError, RecursionError):
        return FeedState(url)
    if not _sound_state(data, url):
        return FeedState(url)
    state = FeedState(**{k: data[k] for k in FeedState.__slots__ if k in data})
    # What the sidebar and `feeds` show is cleaned again: a cache file is outside text too.
    state.title = clean_line(state.title) if state.title is not None else None
    state.error = clean_line(state.error) if state.error is not None else None
    for item in state.items:
        if not item["title"].isprintable():
            item["title"] = clean_line(item["title"])
    return state


_OPTIONAL_TEXT = ("title", "refreshed", "error")
_ITEM_TEXT = ("link", "published")


def _sound_state(data: object, url: str) -> bool:
    """`data` has the shape `save_state` writes: every field its type, every item a dict."""
    if not isinstance(data, dict) or data.get("url") != url:
        return False
    if not all(isinstance(data.get(k), str | None) for k in _OPTIONAL_TEXT):
        return False
    if not isinstance(data.get("status", ""), str):
        return False
    validators, items = data.get("validators", {}), data.get("items", [])
    if not isinstance(validators, dict) or not isinstance(items, list):
        return False
    return all(isinstance(i, dict) and isinstance(i.get("id"), str)
               and isinstance(i.get("title"), str)
               and all(isinstance(i.get(k), str | None) for k in _ITEM_TEXT) for i in items)


def save_state(state: FeedState) -> None:
    try:
        write_atomic(_state_path(state.url), json.dumps(asdict(state), ensure_ascii=False).encode(),
                     durable=False)
    except OSError:
        pass  # only a cache: the next refresh writes it again


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_web(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("http://", "https://"))


def _other_feeds_item(entry: feedcache.CachedArticle | None, url: str, title: str) -> bool:
    """The cached article under this id is a different story of another feed (a guid
    reused across feeds): this feed's item must not overwrite it."""
    return (entry is not None and entry.feed is not None and entry.feed != url
            and (entry.item_title or "").casefold() != title.casefold())


def _take_feed(state: FeedState, result: FetchResult, fetcher: Fetcher, full_text: bool) -> int:
    """Parse a fetched feed into `state`, extract new summary-only items; the count of new items."""
    known = {item["id"] for item in state.items}
    feed = parse_feed(result.content or b"", state.url, result.content_type, known=known,
                      base=result.final_url)
    items, pages, seen = [], {}, set()
    for item in feed.items:
        read = parse_feed_item(item, state.url)
        article = read.article
        entry = feedcache.load_entry(article.id)
        scoped = scoped_id(state.url, article.id)
        if scoped in known or _other_feeds_item(entry, state.url, item.title):
            article.id = scoped  # this feed's own copy, next to the other feed's
            entry = feedcache.load_entry(scoped)
        if article.id in seen:
            continue
        seen.add(article.id)
        wants_page = read.summary_only and full_text and _is_web(item.link)
        if entry is None or (wants_page and entry.summary_only):
            if wants_page:
                pages[item.link] = read
            else:
                feedcache.save_cached(article, summary_only=read.summary_only, feed=state.url,
                                      item_title=item.title)
        elif not read.summary_only and (entry.article.blocks != article.blocks
                                        or entry.article.enclosures != article.enclosures
                                        or entry.feed is None):
            feedcache.save_cached(article, feed=state.url, item_title=item.title)  # corrected
        items.append({"id": article.id, "title": article.title, "link": item.link,
                      "published": article.published, "published_at": item.published_at,
                      "summary_only": entry.summary_only if entry else read.summary_only})
    for link, outcome in fetcher.fetch_many([(link, None) for link in pages]).items():
        read = pages[link]
        try:
            if isinstance(outcome, FetchError):
                raise outcome
            page = parse_html_bytes(outcome.content or b"", outcome.final_url,
                                    outcome.content_type, article_id=read.article.id)
            page.link = page.link or link
            page.enclosures = read.article.enclosures
            feedcache.save_cached(page, feed=state.url, item_title=read.article.title)
            summary_only = False
        except (FetchError, ArticleError):
            feedcache.save_cached(read.article, summary_only=True, feed=state.url,
                                  item_title=read.article.title)
            summary_only = True
        for entry in items:
            if entry["id"] == read.article.id:
                entry["summary_only"] = summary_only
    state.title = feed.title or state.title
    current = {item["id"] for item in items}
    # Items that fell out of the feed stay readable (their articles are cached), after the
    # current ones, as a reader that keeps what it fetched would do.
    kept = [item for item in state.items if item["id"] not in current]
    state.items = (items + kept)[:MAX_KEPT_ITEMS]
    return len([i for i in items if i["id"] not in known])


def _refresh_one(state: FeedState, result: FetchResult | FetchError | None, fetcher: Fetcher,
                 full_text: bool) -> RefreshOutcome:
    new = 0
    state.refreshed = _now()
    try:
        if isinstance(result, FetchError):
            raise result
        if result is None:
            raise FetchError(state.url, "not fetched")
        if result.not_modified:
            state.status = "not modified"
        else:
            new = _take_feed(state, result, fetcher, full_text)
            state.status = "ok"
            state.validators = result.validators.to_dict()
        state.error = None
    except (FetchError, ArticleError) as err:
        state.status, state.error = "error", clean_inline(str(err))
    save_state(state)
    return RefreshOutcome(state.url, state.title, state.status, new, state.error,
                          len(state.items))


def take_answer(url: str, result: FetchResult, fetcher: Fetcher,
                full_text: bool = True) -> RefreshOutcome:
    """A feed's first refresh from an answer already downloaded (by `add`), so a new
    subscription is fetched once."""
    return _refresh_one(load_state(url), result, fetcher, full_text)


def default_fetcher() -> Fetcher:
    """A client with the configured total deadline per download ([fetch] timeout)."""
    from reader.config import fetch_timeout

    return Fetcher(Limits(total_timeout=fetch_timeout()))


def iter_refresh(feeds: Iterable[dict], full_text: bool = True, fetcher: Fetcher | None = None,
                 max_workers: int = 8) -> Iterator[RefreshOutcome]:
    """Fetch every feed (conditionally, with bounded concurrency) and yield each feed's
    outcome the moment it is known, in the order the answers arrive: a fast feed is never
    held behind a slow one. Parsing and the pages of summary-only items are done on the
    calling thread while the other downloads go on. A failing feed never stops the others.
    """
    states = {}
    for feed in feeds:
        states.setdefault(feed["url"], load_state(feed["url"]))
    if not states:
        return
    own = fetcher is None
    fetcher = fetcher or default_fetcher()
    answers: queue.SimpleQueue = queue.SimpleQueue()
    _DONE = object()

    def download() -> None:
        try:
            results = fetcher.fetch_many(
                [(url, Validators.from_dict(state.validators)) for url, state in states.items()],
                max_workers=max_workers, on_result=lambda url, outcome: answers.put((url, outcome)))
            for answer in results.items():  # already delivered ones are ignored below
                answers.put(answer)
        finally:
            answers.put(_DONE)

    thread = threading.Thread(target=download, name="newsreader-refresh", daemon=True)
    thread.start()
    pending = set(states)
    try:
        while True:
            answer = answers.get()
            if answer is _DONE:
                break
            url, outcome = answer
            if url in pending:
                pending.discard(url)
                yield _refresh_one(states[url], outcome, fetcher, full_text)
        for url in list(pending):  # only if the downloader itself failed
            yield _refresh_one(states[url], None, fetcher, full_text)
    finally:
        if own:
            thread.join(timeout=0.1)
            fetcher.close()


def refresh(feeds: Iterable[dict], on_feed: Callable[[RefreshOutcome, int, int], None] | None = None,
            full_text: bool = True, fetcher: Fetcher | None = None) -> list[RefreshOutcome]:
    """Every feed's outcome, as `iter_refresh` delivers them. `on_feed(outcome, done,
    total)` is called on the calling thread as each feed's outcome is known.

    While a sync account is set, the server fetches the feeds: this syncs instead
    (`reader.sync.refresh`), and reports an outcome per synced feed."""
    from reader.sync.refresh import refresh_outcomes

    synced = refresh_outcomes(on_feed)
    if synced is not None:
        return synced
    feeds = list(feeds)
    total = len({f["url"] for f in feeds})
    outcomes: list[RefreshOutcome] = []
    for outcome in iter_refresh(feeds, full_text, fetcher):
        outcomes.append(outcome)
        if on_feed:
            on_feed(outcome, len(outcomes), total)
    return outcomes


def summary_line(outcomes: list[RefreshOutcome]) -> str:
    """"420 feeds: 380 unchanged, 12 with 37 new items, 28 failed"."""
    failed = sum(o.status == "error" for o in outcomes)
    fresh = [o for o in outcomes if o.status != "error" and o.new]
    unchanged = len(outcomes) - failed - len(fresh)
    new = sum(o.new for o in fresh)
    parts = [f"{unchanged:,} unchanged"]
    if fresh:
        parts.append(f"{len(fresh):,} with {counted(new, 'new item')}")
    if failed:
        parts.append(f"{failed:,} failed")
    return f"{counted(len(outcomes), 'feed')}: " + ", ".join(parts)


def refetch_page(item_id: str, link: str | None, fetcher: Fetcher | None = None):
    """Fetch the page of a feed item kept as its summary again (the reader's `p`), and
    keep the full text for offline reading. The article; ArticleError with a one-line
    reason when it has no web link or the page still cannot be read."""
    entry = feedcache.load_entry(item_id)
    link = link or (entry.article.link if entry else None)
    if not _is_web(link):
        raise ArticleError("this article has no web page to fetch")
    own = fetcher is None
    fetcher = fetcher or default_fetcher()
    try:
        result = fetcher.fetch(link)
        page = parse_html_bytes(result.content or b"", result.final_url, result.content_type,
                                article_id=item_id)
    except FetchError as err:
        raise ArticleError(str(err)) from None
    finally:
        if own:
            fetcher.close()
    page.link = page.link or link
    if entry is not None:
        page.enclosures = entry.article.enclosures
    feedcache.save_cached(page, feed=entry.feed if entry else None,
                          item_title=entry.item_title if entry else None)
    if entry is not None and entry.feed:
        state = load_state(entry.feed)
        for item in state.items:
            if item["id"] == item_id:
                item["summary_only"] = False
        save_state(state)
    return page
