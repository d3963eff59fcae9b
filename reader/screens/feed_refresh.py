"""Refreshing the library's feeds from the reader, in the background.

A refresh runs after the first frame, every `refresh_minutes` (config; 0: off),
on `R` (every feed) and on `r` in the feeds pane (the chosen one). A thread
worker fetches the feeds and the pages of new summary-only items; the status
line moves as each feed answers and names it; when it ends the sources are
rescanned, which keeps the article being read where it is, so new items
appear without disturbing the reader, and one notice sums it up (failures are
listed on the messages screen).
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from reader.library import is_url

LANDED_RESCAN_SECONDS = 2.0  # while a refresh runs, new items show at most this often


class FeedProgress(Message):
    def __init__(self, done: int, total: int, outcome=None) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.outcome = outcome


class FeedsRefreshed(Message):
    def __init__(self, outcomes: list) -> None:
        super().__init__()
        self.outcomes = outcomes


class FeedRefresh:
    """Mixed into the reader screen: needs `sources`, `rescan()` and `update_status()`."""

    refreshing: tuple[int, int] | None = None
    last_feed: str | None = None
    _landed = None  # the timer of a rescan for items that landed while refreshing

    def feed_urls(self) -> list[str]:
        return [source for source in self.sources if is_url(source)]

    def start_refreshing(self) -> None:
        """The first refresh once the first frame is out, then every `refresh_minutes`."""
        self.call_after_refresh(self.refresh_feeds, quiet=True)
        minutes = getattr(self.app.config, "refresh_minutes", 0)
        if minutes and minutes > 0:
            self.set_interval(minutes * 60, self._timed_refresh, name="feed-refresh")

    def _timed_refresh(self) -> None:
        if self.refreshing is None:
            self.refresh_feeds(quiet=True)

    def refresh_feeds(self, quiet: bool = False, urls: list[str] | None = None) -> None:
        urls = self.feed_urls() if urls is None else urls
        if not urls:
            if not quiet:
                self.notify("No feeds here: press a to add one (or `newsreader add URL`)",
                            markup=False)
            return
        if self.refreshing is not None:
            if not quiet:
                self.notify("Feeds are being refreshed already", markup=False)
            return
        self.refreshing = (0, len(urls))
        self.last_feed = None
        self.update_status()
        self._refresh_worker(urls)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh_worker(self, urls: list[str]) -> None:
        from reader.subscriptions import refresh

        outcomes = refresh([{"url": url} for url in urls],
                           on_feed=lambda outcome, done, total:
                           self.post_message(FeedProgress(done, total, outcome)))
        self.post_message(FeedsRefreshed(outcomes))

    def on_feed_progress(self, message: FeedProgress) -> None:
        self.refreshing = (message.done, message.total)
        outcome = message.outcome
        if outcome is not None:
            if outcome.title:
                self.__dict__.setdefault("_feed_titles", {})[outcome.url] = outcome.title
            name = self.session.feed_names.get(outcome.url) or outcome.title or outcome.url
            word = {"error": "failed", "not modified": "unchanged"}.get(
                outcome.status, f"{outcome.new} new")
            self.last_feed = f"{name}: {word}"
            if outcome.new and self._landed is None and message.done < message.total:
                # New items show (and the counts move) as feeds land, not only at the end.
                self._landed = self.set_timer(LANDED_RESCAN_SECONDS, self._rescan_landed)
        self.update_status()

    def _rescan_landed(self) -> None:
        self._landed = None
        if self.refreshing is not None:
            self.forget_loaded_items()
            self.rescan()

    def on_feeds_refreshed(self, message: FeedsRefreshed) -> None:
        from reader.subscriptions import summary_line

        self.refreshing = None
        self.last_feed = None
        if self._landed is not None:
            self._landed.stop()
            self._landed = None
        for outcome in message.outcomes:
            if outcome.status == "error":
                self.app.notify(f"{outcome.title or outcome.url}: {outcome.error}",
                                title="Feed failed", severity="warning", markup=False,
                                toast=False)
        failed = any(o.status == "error" for o in message.outcomes)
        self.notify(summary_line(message.outcomes) + (" (see messages: M)" if failed else ""),
                    title="Refreshed", severity="warning" if failed else "information",
                    markup=False)
        self.load_feeds()  # titles the refresh learned
        self.forget_loaded_items()
        # A sync brings read marks made on other devices: show them.
        self.session.load_marks()
        self.rescan()

    def action_refresh_feeds(self) -> None:
        self.refresh_feeds()
