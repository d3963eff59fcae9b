"""Refreshing the library's feeds from the reader, in the background.

At start (when the library has feeds) and on `R`, a thread worker fetches the
feeds and the pages of new summary-only items; the status line counts the
feeds done; when it ends the sources are rescanned, which keeps the article
being read where it is, so new items appear without disturbing the reader.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from reader.library import is_url

MAX_ERROR_NOTICES = 3


class FeedProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class FeedsRefreshed(Message):
    def __init__(self, outcomes: list) -> None:
        super().__init__()
        self.outcomes = outcomes


class FeedRefresh:
    """Mixed into the reader screen: needs `sources`, `rescan()` and `update_status()`."""

    refreshing: tuple[int, int] | None = None

    def feed_urls(self) -> list[str]:
        return [source for source in self.sources if is_url(source)]

    def refresh_feeds(self, quiet: bool = False) -> None:
        urls = self.feed_urls()
        if not urls:
            if not quiet:
                self.notify("No feeds here: subscribe with `newsreader add URL`", markup=False)
            return
        self.refreshing = (0, len(urls))
        self.update_status()
        self._refresh_worker(urls)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh_worker(self, urls: list[str]) -> None:
        from reader.subscriptions import refresh

        outcomes = refresh([{"url": url} for url in urls],
                           on_feed=lambda _outcome, done, total:
                           self.post_message(FeedProgress(done, total)))
        self.post_message(FeedsRefreshed(outcomes))

    def on_feed_progress(self, message: FeedProgress) -> None:
        self.refreshing = (message.done, message.total)
        self.update_status()

    def on_feeds_refreshed(self, message: FeedsRefreshed) -> None:
        self.refreshing = None
        failed = [o for o in message.outcomes if o.status == "error"]
        for outcome in failed[:MAX_ERROR_NOTICES]:
            self.notify(f"{outcome.title or outcome.url}: {outcome.error}", title="Feed failed",
                        severity="warning", markup=False)
        if len(failed) > MAX_ERROR_NOTICES:
            self.notify(f"and {len(failed) - MAX_ERROR_NOTICES} more feeds failed",
                        severity="warning", markup=False)
        new = sum(o.new for o in message.outcomes)
        if new:
            self.notify(f"{new} new item{'s' if new != 1 else ''}", markup=False)
        self.forget_loaded_items()
        # A sync brings read marks made on other devices: show them.
        self.session.load_marks()
        self.rescan()

    def action_refresh_feeds(self) -> None:
        self.refresh_feeds()
