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
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader import feedcache, paths
from reader.atomic import write_atomic
from reader.fetch import Fetcher, FetchError, FetchResult, Validators
from reader.model import ArticleError, ArticleSummary
from reader.sources.feeds import parse_feed
from reader.sources.html import parse_feed_item, parse_html_bytes
from reader.sources.identity import key_id

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
                               i.get("published")) for i in self.items]


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    url: str
    title: str | None
    status: str            # "ok", "not modified" or "error"
    new: int = 0           # items not seen before
    error: str | None = None


def _state_path(url: str) -> Path:
    return paths.cache_dir() / "feeds" / f"{key_id('feed', url)}.json"


def load_state(url: str) -> FeedState:
    try:
        data = json.loads(_state_path(url).read_text(encoding="utf-8"))
        if data.get("url") == url:
            return FeedState(**{k: data[k] for k in FeedState.__slots__ if k in data})
    except (OSError, ValueError, TypeError, AttributeError):
        pass  # a missing or damaged cache entry: the next refresh rebuilds it
    return FeedState(url)


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


def _take_feed(state: FeedState, result: FetchResult, fetcher: Fetcher, full_text: bool) -> int:
    """Parse a fetched feed into `state`, extract new summary-only items; the count of new items."""
    feed = parse_feed(result.content or b"", state.url)
    known = {item["id"] for item in state.items}
    items, pages = [], {}
    for item in feed.items:
        read = parse_feed_item(item, state.url)
        article = read.article
        entry = feedcache.load_entry(article.id)
        wants_page = read.summary_only and full_text and _is_web(item.link)
        if entry is None or (wants_page and entry.summary_only):
            if wants_page:
                pages[item.link] = read
            else:
                feedcache.save_cached(article, summary_only=read.summary_only)
        elif not read.summary_only and entry.article.blocks != article.blocks:
            feedcache.save_cached(article)  # a corrected item
        items.append({"id": article.id, "title": article.title, "link": item.link,
                      "published": article.published,
                      "summary_only": entry.summary_only if entry else read.summary_only})
    for link, outcome in fetcher.fetch_many([(link, None) for link in pages]).items():
        read = pages[link]
        try:
            if isinstance(outcome, FetchError):
                raise outcome
            page = parse_html_bytes(outcome.content or b"", outcome.final_url,
                                    outcome.content_type, article_id=read.article.id)
            page.link = page.link or link
            feedcache.save_cached(page)
            summary_only = False
        except (FetchError, ArticleError):
            feedcache.save_cached(read.article, summary_only=True)
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


def refresh(feeds: Iterable[dict], on_feed: Callable[[RefreshOutcome, int, int], None] | None = None,
            full_text: bool = True, fetcher: Fetcher | None = None) -> list[RefreshOutcome]:
    """Fetch every feed (conditionally, with bounded concurrency), parse it, and fetch
    the pages of summary-only items. A failing feed never stops the others.

    `on_feed(outcome, done, total)` is called after each feed, on the calling thread.
    While a sync account is set, the server fetches the feeds: this syncs instead
    (`reader.sync.refresh`), and reports an outcome per synced feed.
    """
    from reader.sync.refresh import refresh_outcomes

    synced = refresh_outcomes(on_feed)
    if synced is not None:
        return synced
    feeds = list(feeds)
    states = {f["url"]: load_state(f["url"]) for f in feeds}
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    outcomes: list[RefreshOutcome] = []
    try:
        results = fetcher.fetch_many(
            [(url, Validators.from_dict(state.validators)) for url, state in states.items()])
        for done, (url, state) in enumerate(states.items(), 1):
            result, new = results.get(url), 0
            state.refreshed = _now()
            try:
                if isinstance(result, FetchError):
                    raise result
                if result is None:
                    raise FetchError(url, "not fetched")
                if result.not_modified:
                    state.status = "not modified"
                else:
                    new = _take_feed(state, result, fetcher, full_text)
                    state.status = "ok"
                    state.validators = result.validators.to_dict()
                state.error = None
            except (FetchError, ArticleError) as err:
                state.status, state.error = "error", str(err)
            save_state(state)
            outcome = RefreshOutcome(url, state.title, state.status, new, state.error)
            outcomes.append(outcome)
            if on_feed:
                on_feed(outcome, done, len(states))
    finally:
        if own:
            fetcher.close()
    return outcomes
