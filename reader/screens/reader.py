"""The main screen: the sidebar, the reading pane, the status line and search.

The screen owns the reading session: which article is shown, where its
passage cursor is, and the sidebar's rows (a `Catalog`). It asks the store
for read marks, positions and bookmarks (small writes, on the UI thread) and
leaves scanning, parsing and text search to thread workers (`loading`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState

from reader import bindings, list_head
from reader.catalog import Catalog
from reader.model import Article, ArticleSummary
from reader.present import source_shown
from reader.screens import loading
from reader.screens.feed_refresh import FeedRefresh
from reader.screens.reader_marks import ReaderMarks
from reader.widgets.article_list import ArticleList
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.search_bar import SearchBar
from reader.widgets.status_line import StatusLine

NARROW = 60  # below this many columns only the focused pane is shown
CACHED_ARTICLES = 32
FIRST_FRAME_OUT = 0.05  # seconds after the first article's refresh


class ReaderScreen(ReaderMarks, FeedRefresh, Screen):
    BINDINGS: ClassVar = list(bindings.READER)

    def __init__(self, sources: list[str], store, library) -> None:
        super().__init__()
        self.sources = sources
        self.store = store
        self.library = library
        self.catalog = Catalog()
        self.article: Article | None = None  # the article in the pane
        self.scanning = False
        self._first_scan = True  # until the first scan ends, a reader who has not moved stays on top
        self._wanted: tuple[str, int | None] | None = None  # (article id, passage) to show
        self._articles: OrderedDict[str, Article] = OrderedDict()
        self._saved_position: dict[str, int] = {}
        self._texts: dict[str, str] = {}
        self._first_painted = threading.Event()

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="panes"):
            yield ArticleList(id="sidebar")
            yield ReadingPane(id="reading-pane")
        yield SearchBar(id="search", placeholder="Search titles and text")
        yield Footer()

    @property
    def sidebar(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    def on_mount(self) -> None:
        self.catalog.read_ids = set(self.store.read_ids())
        self.catalog.bookmarked_ids = set(self.store.bookmark_counts())
        self.sidebar.focus()
        if self.store.notice:
            self.notify(str(self.store.notice), title="Store", severity="warning", markup=False)
        # The last session's top rows (a small cache file) go in before the first
        # frame, so that frame has them and the first article's load starts now.
        head = list_head.read_head(self.sources)
        if head:
            self.catalog.set_summaries(head)
            self.refresh_rows(keep_top=True)
            if (summary := self.sidebar.highlighted_summary) is not None:
                self.open_summary(summary, now=loading.quick_to_load(summary))
        self.rescan(head)
        self.refresh_feeds(quiet=True)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # -- scanning ----------------------------------------------------------------

    def rescan(self, head: list[ArticleSummary] | None = None) -> None:
        """Scan the sources again; `head`: the saved top rows already shown."""
        self.scanning = True
        self.update_status()
        self.scan_sources(head)

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def scan_sources(self, head: list[ArticleSummary] | None) -> None:
        loading.scan(self.library, self.sources, self.post_message, self._first_painted, head)

    def on_scan_progress(self, message: loading.ScanProgress) -> None:
        self.scanning = not message.done
        self.catalog.set_summaries(message.summaries)
        # While a scan fills the list, a reader who has not moved stays on the top
        # row (the newest article so far), as if the list had been complete.
        self.refresh_rows(keep_top=self._first_scan and self.sidebar.highlighted == 0
                          and not self.pane.has_focus)
        if message.done:
            self._first_scan = False
        for skipped in message.skipped[:3]:
            self.notify(f"{source_shown(skipped.source)}: {skipped.reason}", title="Skipped",
                        severity="warning", markup=False)
        if len(message.skipped) > 3:
            self.notify(f"and {len(message.skipped) - 3} more files skipped",
                        severity="warning", markup=False)
        if message.done:
            self._first_painted.set()
        if message.done and not message.summaries:
            self.pane.clear()
            self.notify("No articles found in: " + ", ".join(self.sources), markup=False,
                        severity="warning")

    def refresh_rows(self, keep_top: bool = False) -> None:
        """Show the catalog's rows, keeping the highlighted article (or the top row)."""
        current = self.sidebar.highlighted_summary
        keep = None if keep_top or current is None else current.id
        self.sidebar.set_marks(self.catalog.read_ids, self.catalog.bookmarked_ids)
        self.sidebar.set_summaries(self.catalog.visible(), keep)
        self.update_status()

    def update_status(self) -> None:
        self.query_one(StatusLine).show(
            total=self.catalog.total, unread=self.catalog.unread,
            shown=len(self.sidebar.summaries), unread_only=self.catalog.unread_only,
            query=self.catalog.query,
            scanning=self.catalog.total if self.scanning else None, refreshing=self.refreshing)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.scanning = False
            self.update_status()
            self.notify(f"{event.worker.name} failed: {event.worker.error}", markup=False,
                        severity="error")

    # -- showing an article ------------------------------------------------------

    @on(ArticleList.Highlighted)
    def on_highlighted(self, message: ArticleList.Highlighted) -> None:
        if self._wanted and self._wanted[0] == message.summary.id:
            return  # the screen opened it already
        self.open_summary(message.summary)

    def open_summary(self, summary: ArticleSummary, passage: int | None = None,
                     now: bool = False) -> None:
        """Show the article; `now` loads it on this thread (only before the first
        frame, for a small local file), else a worker loads it."""
        self.save_position()
        self._wanted = (summary.id, passage)
        article = self._articles.get(summary.id)
        if article is not None:
            self._articles.move_to_end(summary.id)
            self.show_article(article, passage)
        elif now:
            loading.load(self.library, summary, self._loaded_now)
        else:
            self.load_article(summary)

    def _loaded_now(self, message: loading.ArticleLoaded | loading.LoadFailed) -> None:
        if isinstance(message, loading.ArticleLoaded):
            self.on_article_loaded(message)
        else:
            self.on_load_failed(message)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_article(self, summary: ArticleSummary) -> None:
        loading.load(self.library, summary, self.post_message)

    def on_article_loaded(self, message: loading.ArticleLoaded) -> None:
        self._articles[message.summary.id] = message.article
        if len(self._articles) > CACHED_ARTICLES:
            self._articles.popitem(last=False)
        if self._wanted and self._wanted[0] == message.summary.id:
            self.show_article(message.article, self._wanted[1])

    def on_load_failed(self, message: loading.LoadFailed) -> None:
        if self._wanted and self._wanted[0] == message.summary.id:
            self.article = None
            self.pane.clear()
        self.notify(f"{source_shown(message.summary.source)}: {message.reason}", title="Cannot open",
                    severity="error", markup=False)

    def show_article(self, article: Article, passage: int | None = None) -> None:
        marked = {b.passage_index for b in self.store.reanchor(article) if not b.detached}
        if passage is None:
            passage = self.store.position(article.id) or 0
        self._saved_position[article.id] = passage
        self.article = article
        self.pane.show(article, passage, marked)
        if not self._first_painted.is_set():
            # Let the scan go on once the frame is out: Textual's writer thread
            # still has to send it, and the scan's first step (parsing the index
            # cache) holds the GIL for a quarter second on 100k articles.
            self.call_after_refresh(self.set_timer, FIRST_FRAME_OUT, self._first_painted.set)
        if article.id not in self.catalog.read_ids:
            self.store.mark_read(article.id)
            self.catalog.set_read(article.id, True)
            self.sidebar.refresh()
            self.update_status()

    def save_position(self) -> None:
        """Remember the passage cursor of the article being left."""
        article = self.article
        if article is None:
            return
        cursor = self.pane.cursor
        if self._saved_position.get(article.id) != cursor:
            self.store.set_position(article.id, cursor)
            self._saved_position[article.id] = cursor

    # -- focus and layout --------------------------------------------------------

    def focus_list(self) -> None:
        self.remove_class("-reading")
        self.set_class(False, "-sidebar-hidden")
        self.sidebar.focus()

    def focus_pane(self) -> None:
        self.add_class("-reading")
        self.pane.focus()

    @on(ArticleList.Selected)
    def on_selected(self) -> None:
        self.focus_pane()

    @on(ReadingPane.Back)
    def on_back(self) -> None:
        self.focus_list()

    def action_focus_next_pane(self) -> None:
        if self.pane.has_focus and not self.has_class("-sidebar-hidden"):
            self.focus_list()
        elif self.sidebar.has_focus:
            self.focus_pane()
        else:
            self.focus_list()

    def action_focus_previous_pane(self) -> None:
        self.action_focus_next_pane()

    def action_toggle_sidebar(self) -> None:
        if self.has_class("-sidebar-hidden"):
            self.focus_list()
        else:
            self.add_class("-sidebar-hidden")
            self.focus_pane()

    # -- moving between articles -------------------------------------------------

    def action_next_article(self) -> None:
        if self.sidebar.highlighted is not None:
            self.sidebar.highlight(self.sidebar.highlighted + 1)

    def action_previous_article(self) -> None:
        if self.sidebar.highlighted is not None:
            self.sidebar.highlight(self.sidebar.highlighted - 1)

    def action_next_unread(self) -> None:
        rows = self.sidebar.summaries
        start = self.sidebar.highlighted or 0
        read = self.catalog.read_ids
        for step in range(1, len(rows) + 1):
            index = (start + step) % len(rows)
            if rows[index].id not in read:
                self.sidebar.highlight(index)
                return
        self.notify("No unread articles")

    def action_page_down(self) -> None:
        self.pane.page(+1)

    def action_page_up(self) -> None:
        self.pane.page(-1)

    def action_article_top(self) -> None:
        self.pane.to_top()

    def action_article_end(self) -> None:
        self.pane.to_end()

    # -- search ------------------------------------------------------------------

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.add_class("-shown")
        bar.focus()

    @on(Input.Changed, "#search")
    def on_search_changed(self, event: Input.Changed) -> None:
        self.catalog.query = event.value.strip()
        self.catalog.text_matches = set()
        self.refresh_rows()
        if self.catalog.query:
            self.search_text(self.catalog.query, list(self.catalog.summaries))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_text(self, query: str, summaries: list[ArticleSummary]) -> None:
        loading.search_text(self.library, query, summaries, self._texts, self.post_message)

    def on_text_matches(self, message: loading.TextMatches) -> None:
        if message.query == self.catalog.query and message.ids:
            self.catalog.text_matches |= message.ids
            self.refresh_rows()

    @on(Input.Submitted, "#search")
    def on_search_submitted(self) -> None:
        self.focus_list()

    @on(SearchBar.Cleared)
    def on_search_cleared(self) -> None:
        self.action_clear_search()

    def action_clear_search(self) -> None:
        """Escape in the list or the search field: the search goes away."""
        bar = self.query_one(SearchBar)
        bar.remove_class("-shown")
        bar.value = ""
        self.catalog.query = ""
        self.catalog.text_matches = set()
        self.refresh_rows()
        self.focus_list()

    # -- the rest ----------------------------------------------------------------

    def action_rescan(self) -> None:
        self._texts.clear()
        self._articles.clear()
        self.rescan()

    def forget_loaded_items(self) -> None:
        """Drop loaded feed items but the one shown: a refresh may have their full text now."""
        shown = self.article.id if self.article else None
        for article_id in [k for k, a in self._articles.items() if "://" in a.source and k != shown]:
            del self._articles[article_id]
            self._texts.pop(article_id, None)

    def action_help(self) -> None:
        from reader.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
