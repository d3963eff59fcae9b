"""The reader screen's commands on feeds and library sources: the feeds pane's
entries, adding (`a`, the code of `newsreader add`), removing, renaming and
moving a feed, refreshing one, and fetching a summary-only article's page again.

A mixin of `ReaderScreen` (it uses the screen's `session`, `sources`, `feeds_pane`,
`rescan` and `refresh_feeds`). Network and disk work runs in thread workers; the
outcome comes back as a message, and every notice goes to the messages screen.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from reader import paths
from reader.library import is_url
from reader.views import FEED, SOURCE
from reader.widgets.feeds_pane import FeedsPane


class SourcesChanged(Message):
    """A source was added or removed: the library's sources and feeds as the store has them."""

    def __init__(self, lines: list[str], error: str | None, before: list[str] | None = None,
                 after: list[str] | None = None) -> None:
        super().__init__()
        self.lines = lines
        self.error = error
        self.before = before  # the library before the change, and after it
        self.after = after


class FeedTitles(Message):
    def __init__(self, titles: dict[str, str]) -> None:
        super().__init__()
        self.titles = titles


class PageFetched(Message):
    def __init__(self, article_id: str, article, error: str | None) -> None:
        super().__init__()
        self.article_id = article_id
        self.article = article
        self.error = error


class FeedsManage:
    def store_feeds(self) -> list[dict]:
        feeds = getattr(self.session.store, "feeds", None)
        try:
            return list(feeds()) if feeds else []
        except Exception as err:  # the store refused to read: the pane lists what is open
            self.app.notify(f"Cannot read the feeds: {err}", title="Store", severity="error",
                            markup=False)
            return []

    def load_feeds(self) -> None:
        """Give the session the feeds and library sources of this reader's sources.
        A feed's name: the one the user gave (or the OPML's), else the feed's own title
        (learned from the cache in the background, and from each refresh)."""
        known = {f["url"]: f for f in self.store_feeds()}
        learned = self.__dict__.setdefault("_feed_titles", {})
        feeds = []
        for url in self.sources:
            if is_url(url):
                feed = dict(known.get(url) or {"url": url, "title": None, "folder": None})
                feed["title"] = feed.get("title") or learned.get(url)
                feeds.append(feed)
        self.session.set_feeds(feeds, [s for s in self.sources if not is_url(s)])

    @work(thread=True, group="titles", exit_on_error=False)
    def load_feed_titles(self) -> None:
        from reader.subscriptions import load_state

        titles = {}
        for url in self.feed_urls():
            if title := load_state(url).title:
                titles[url] = title
        if titles:
            self.post_message(FeedTitles(titles))

    def on_feed_titles(self, message: FeedTitles) -> None:
        self.__dict__.setdefault("_feed_titles", {}).update(message.titles)
        self.load_feeds()

    def samples_hint(self) -> str | None:
        if self.sources == [str(paths.samples_dir())]:
            return "sample articles: a adds your feed"
        return None

    # -- add and remove ----------------------------------------------------------

    def action_add_source(self) -> None:
        from reader.screens.prompt import PromptScreen

        def answered(text: str | None) -> None:
            if text:
                self.notify(f"Adding {text}…", markup=False)
                self._add_worker(text)

        self.app.push_screen(PromptScreen(
            "Add a feed URL, a page that names a feed, or a folder or file:",
            placeholder="https://example.org/feed.xml  or  ~/news"), answered)

    def _library_sources(self, store) -> list[str]:
        return [*store.sources(), *(feed["url"] for feed in store.feeds())]

    def _change_library(self, change) -> None:
        """Run `change(say, store)` (the code of `newsreader add` / `remove`) and post
        the library before and after it."""
        from reader.commands.base import CommandError
        from reader.store.storage import StoreError

        lines: list[str] = []
        store = self.session.store
        try:
            before = self._library_sources(store)
            change(lines.append, store)
            after = self._library_sources(store)
        except (CommandError, StoreError) as err:
            self.post_message(SourcesChanged(lines, str(err)))
            return
        self.post_message(SourcesChanged(lines, None, before, after))

    @work(thread=True, group="manage", exit_on_error=False)
    def _add_worker(self, text: str) -> None:
        from reader.commands.state import add

        self._change_library(lambda say, store: add(text, say=say, complain=say, store=store))

    @work(thread=True, group="manage", exit_on_error=False)
    def _remove_worker(self, key: str) -> None:
        from reader.commands.state import remove

        self._change_library(lambda say, store: remove(key, say=say, store=store))

    def on_sources_changed(self, message: SourcesChanged) -> None:
        for line in message.lines:
            self.notify(line, markup=False)
        if message.error:
            self.notify(message.error, severity="error", markup=False)
            return
        if message.after is None or message.after == message.before:
            return
        # A reader opened on the library (or on the samples, while it was empty)
        # follows the library; one opened on given sources gains what was added
        # and loses what was removed.
        if self.library_view:
            self.sources = message.after or [str(paths.samples_dir())]
        else:
            gone = set(message.before) - set(message.after)
            new = [s for s in message.after if s not in message.before]
            self.sources = [s for s in self.sources if s not in gone] + new
        self.load_feeds()
        self.load_feed_titles()  # a feed just added has its own title in the cache
        self.forget_loaded_items()
        self.rescan()

    library_view = False  # whether the reader shows the user's library (or the samples)

    def note_library_view(self) -> None:
        store = self.session.store
        if self.sources == [str(paths.samples_dir())]:
            self.library_view = True
        elif hasattr(store, "feeds") and hasattr(store, "sources"):
            try:
                self.library_view = self.sources == self._library_sources(store)
            except Exception:
                self.library_view = False

    # -- the feeds pane's keys ---------------------------------------------------

    def on_feeds_pane_action(self, message: FeedsPane.Action) -> None:
        view, action = message.view, message.action
        if action == "back":
            self.focus_list()
            return
        if action == "refresh":
            if view.kind != FEED:
                self.notify("Choose a feed to refresh it (R refreshes every feed)")
                return
            self.refresh_feeds(urls=[view.key])
            return
        if action == "remove":
            self._ask_remove(view)
            return
        if view.kind != FEED:
            self.notify("Only a feed can be renamed or moved to a folder")
            return
        from reader.screens.prompt import PromptScreen

        feed = next((f for f in self.session.feeds if f["url"] == view.key), None)
        if feed is None:
            return
        if action == "rename":
            self.app.push_screen(
                PromptScreen(f"Rename {view.name} (empty: its own title):", feed["name"]),
                lambda text: text is not None and self.session.update_feed(view.key,
                                                                           title=text))
        elif action == "move":
            self.app.push_screen(
                PromptScreen(f"Move {view.name} to the folder (empty: no folder):",
                             feed["folder"]),
                lambda text: text is not None and self.session.update_feed(view.key,
                                                                           folder=text))

    def _ask_remove(self, view) -> None:
        from reader.screens.confirm import ConfirmScreen

        if view.kind not in (FEED, SOURCE):
            self.notify("Only a feed or a library source can be removed")
            return
        what = (f"Unsubscribe from the {view.name}?" if view.kind == FEED
                else f"Take {view.name} out of the library? (no file is deleted)")

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self._remove_worker(view.key)

        self.app.push_screen(ConfirmScreen(f"{what} Read marks and bookmarks are kept."), done)

    # -- the page of a summary-only article ---------------------------------------

    def action_refetch_page(self) -> None:
        article = self.article
        if article is None:
            return
        summary = self.sidebar.highlighted_summary
        if summary is None or summary.kind != "item" or summary.id != article.id:
            self.notify("Only a feed item's page can be fetched again")
            return
        self.notify(f"Fetching the page of “{article.title}”…", markup=False)
        self._page_worker(article.id, article.link)

    @work(thread=True, group="page", exit_on_error=False)
    def _page_worker(self, article_id: str, link: str | None) -> None:
        from reader.model import ArticleError
        from reader.subscriptions import refetch_page

        try:
            page = refetch_page(article_id, link)
        except (ArticleError, OSError) as err:
            self.post_message(PageFetched(article_id, None, str(err)))
        else:
            self.post_message(PageFetched(article_id, page, None))

    def on_page_fetched(self, message: PageFetched) -> None:
        if message.error:
            self.notify(f"The page could not be fetched: {message.error}", severity="warning",
                        markup=False)
            return
        self._articles[message.article_id] = message.article
        self._texts.pop(message.article_id, None)
        self.notify("Full page fetched", markup=False)
        if self.article is not None and self.article.id == message.article_id:
            self.show_article(message.article, self.session.cursor)
