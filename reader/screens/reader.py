"""The main screen: the feeds pane, the sidebar, the reading pane, the status line
and search. From WIDE columns the feeds pane stands beside the sidebar; narrower,
it takes the sidebar's place while it has focus (`f`).

The screen wires keys and workers to the app's `ReadingSession`, which owns
the rows, the read marks, the bookmarks, the positions and the article shown
(see `reader.session`); the widgets render what the session holds. Scanning,
parsing and text search run in thread workers (`loading`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from reader import bindings, gc_pause, list_head
from reader.model import Article, ArticleSummary
from reader.present import source_shown
from reader.screens import loading
from reader.screens.feed_refresh import FeedRefresh
from reader.screens.feeds_manage import FeedsManage
from reader.screens.reader_marks import ReaderMarks
from reader.screens.reader_photos import ReaderPhotos
from reader.session import Change, ReadingSession
from reader.text import counted
from reader.widgets.article_list import ArticleList
from reader.widgets.feeds_pane import FeedsPane
from reader.widgets.key_footer import KeyFooter
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.search_bar import SearchBar
from reader.widgets.status_line import StatusLine
from reader.widgets.titles import set_title

LIST_TITLES = {"all": "Articles", "unread": "Unread"}  # a feed's or folder's view: its name


def pane_title(name: str, count: str | None) -> Content:
    """A pane's border title: its name (user text for a feed: plain Content, never
    markup) and a count."""
    title = Content.styled(name, "bold")
    return title + Content(f" · {count}") if count else title


NARROW = 60  # below this many columns only the focused pane is shown
WIDE = 140  # from this many columns on, three panes: feeds | articles | article
CACHED_ARTICLES = 32
FIRST_FRAME_OUT = 0.05  # seconds after the first article's refresh


class ReaderScreen(ReaderMarks, ReaderPhotos, FeedsManage, FeedRefresh, Screen):
    BINDINGS: ClassVar = bindings.textual_bindings(bindings.READER)
    AUTO_FOCUS = "#sidebar"  # not the first focusable widget: the feeds pane

    def __init__(self, sources: list[str], session: ReadingSession, library) -> None:
        super().__init__()
        self.sources = sources
        self.session = session
        self.library = library
        self.scanning = False
        self._first_scan = True  # until the first scan ends, a reader who has not moved stays on top
        self._had_head = False  # the launch opened with the last scan's top rows
        self._wanted: tuple[str, int | None] | None = None  # (article id, passage) to show
        self._articles: OrderedDict[str, Article] = OrderedDict()
        self._texts: dict[str, str] = {}
        self._first_painted = threading.Event()
        self._dwell = None  # the mark-read timer of the article shown
        self._dwell_for: str | None = None  # the article the user moved to (not the launch's)
        self._skips_told: set[str] = set()  # skipped files already in the messages
        self._skipped_this_scan = 0
        session.subscribe(self._session_changed)

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="panes"):
            if self.app.size.width >= WIDE:  # shown in the first frame
                yield FeedsPane(self.session, id="feeds")
            yield ArticleList(self.session, id="sidebar")
            yield ReadingPane(self.session, id="reading-pane")
        # The search field, and below WIDE columns the feeds pane, are mounted once
        # the first frame is out (`mount_later`): they are a third of the widgets
        # to style, and neither is on screen to show the first article.
        yield KeyFooter()

    @property
    def article(self) -> Article | None:
        return self.session.shown

    @property
    def sidebar(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def feeds_pane(self) -> FeedsPane:
        """The feeds pane, mounted now if it was not yet (see `mount_later`)."""
        pane = self.mounted_feeds_pane
        return pane if pane is not None else self.mount_feeds_pane()

    def mount_feeds_pane(self) -> FeedsPane:
        pane = FeedsPane(self.session, id="feeds")
        self.query_one("#panes").mount(pane, before=self.sidebar)
        return pane

    @property
    def mounted_feeds_pane(self) -> FeedsPane | None:
        return self.query_one_optional(FeedsPane)

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    def on_mount(self) -> None:
        self.session.load_marks()
        self.note_library_view()
        self.load_feeds()
        if (feeds_pane := self.mounted_feeds_pane) is not None:
            feeds_pane.entries_changed()  # its title counts the feeds (no change reaches it yet)
        self.sidebar.focus()
        # The last session's top rows (a small cache file) go in before the first
        # frame, so that frame has them and the first article's load starts now.
        head = list_head.read_head(self.sources)
        self._had_head = bool(head)
        if head:
            self.session.set_summaries(head)
            self.refresh_rows(keep_top=True)
            if (summary := self.sidebar.highlighted_summary) is not None:
                self.open_summary(summary, now=loading.quick_to_load(summary))
        self.rescan(head)
        self.call_after_refresh(self.mount_later)
        if self.feed_urls():
            self.call_after_refresh(self.load_feed_titles)
        self.start_refreshing()

    def _session_changed(self, change: Change) -> None:
        if not self.is_mounted:
            return
        if change.marks or change.shown:
            self.sidebar.marks_changed()
            self.pane.marks_changed()
        # No feeds pane before the first frame: it reads the session when it mounts.
        if (feeds_pane := self.mounted_feeds_pane) is not None:
            if change.feeds:
                feeds_pane.entries_changed()
            elif change.marks or change.rows:
                feeds_pane.counts_changed()
        self.update_status()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        self.set_class(event.size.width >= WIDE, "-wide")

    # -- scanning ----------------------------------------------------------------

    def rescan(self, head: list[ArticleSummary] | None = None) -> None:
        """Scan the sources again; `head`: the saved top rows already shown."""
        self.scanning = True
        self.update_status()
        if self._first_scan and not head:
            # A first launch with nothing to show yet: the first frame goes out
            # before the scan's listing and sorting take the interpreter.
            self.call_after_refresh(self.scan_sources, head)
        else:
            self.scan_sources(head)

    def keep_partial_head(self) -> None:
        """Quitting during a scan that had no saved top rows (a first launch): the
        rows found so far are saved as a finished scan's are, so the next launch
        opens with them in its first frame while its scan resumes from the index."""
        if self.scanning and not self._had_head and self.session.summaries:
            list_head.write_head(self.sources, self.session.summaries)

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def scan_sources(self, head: list[ArticleSummary] | None) -> None:
        loading.scan(self.library, self.sources, self.post_message, self._first_painted, head,
                     self.session.sort)

    def on_scan_progress(self, message: loading.ScanProgress) -> None:
        self.scanning = not message.done
        self.session.set_summaries(message.summaries)
        # While a scan fills the list, a reader who has not moved stays on the top
        # row (the newest article so far), as if the list had been complete.
        self.refresh_rows(keep_top=self._first_scan and self.sidebar.highlighted == 0
                          and not self.pane.has_focus)
        if message.done:
            self._first_scan = False
        # Each skipped file goes to the messages once (a rescan says nothing new
        # about it); one toast per scan counts them.
        for skipped in message.skipped:
            key = f"{skipped.source}\0{skipped.reason}"
            if key not in self._skips_told:
                self._skips_told.add(key)
                self._skipped_this_scan += 1
                self.app.notify(f"{source_shown(skipped.source)}: {skipped.reason}", title="Skipped",
                                severity="warning", markup=False, toast=False)
        if message.done and self._skipped_this_scan:
            count = self._skipped_this_scan
            self.notify(f"{counted(count, 'file')} skipped (see messages: M)",
                        severity="warning", markup=False)
        if message.done:
            self._skipped_this_scan = 0
            self._first_painted.set()
        if message.done and not message.summaries:
            self.pane.clear()
            self.notify("No articles found in: " + ", ".join(self.sources), markup=False,
                        severity="warning")

    def refresh_rows(self, keep_top: bool = False) -> None:
        """Show the session's rows, keeping the highlighted article (or the top row)."""
        current = self.sidebar.highlighted_id
        keep = None if keep_top else current
        self.sidebar.rows_changed(keep)
        self.update_status()

    def update_status(self) -> None:
        session = self.session
        pinned = self.app.messages.pinned
        view = session.view
        self.query_one(StatusLine).show(
            total=session.total, unread=session.unread,
            shown=len(session.rows), unread_only=session.unread_only,
            query=session.query,
            scanning=session.total if self.scanning else None, refreshing=self.refreshing,
            view=view.name if view.kind in ("feed", "folder", "source") else None,
            last_feed=self.last_feed if self.refreshing else None,
            pinned=pinned[-1].message if pinned else None,
            hint=self.samples_hint())
        set_title(self.sidebar, pane_title(LIST_TITLES.get(view.kind, view.name),
                                           f"{session.count(view):,} unread"))
        filtered = session.unread_only or session.query
        set_title(self.sidebar, Content(f"{len(session.rows):,} shown") if filtered else None,
                  subtitle=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.scanning = False
            self.update_status()
            self.notify(f"{event.worker.name} failed: {event.worker.error}", markup=False,
                        severity="error")

    # -- showing an article ------------------------------------------------------

    @on(ArticleList.Highlighted)
    def on_highlighted(self, message: ArticleList.Highlighted) -> None:
        if message.by_user:
            self._dwell_for = message.summary.id
        if self._wanted and self._wanted[0] == message.summary.id:
            return  # the screen opened it already
        self.open_summary(message.summary)

    def open_summary(self, summary: ArticleSummary, passage: int | None = None,
                     now: bool = False) -> None:
        """Show the article; `now` loads it on this thread (only before the first
        frame, for a small local file), else a worker loads it."""
        self.session.leave()
        self._stop_dwell()
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
            self.session.hide()
            self.pane.clear()
        self.notify(f"{source_shown(message.summary.source)}: {message.reason}", title="Cannot open",
                    severity="error", markup=False)

    def show_article(self, article: Article, passage: int | None = None) -> None:
        """Put the article in the pane. Showing marks nothing: it is read once
        opened (the pane has focus), scrolled, or shown `mark_read_after` seconds
        after the user moved to it."""
        self.session.show(article)
        if passage is not None:
            self.session.move_cursor(passage)
        self.pane.show()
        self.show_photos(article)
        if not self._first_painted.is_set():
            # Let the scan go on once the frame is out: Textual's writer thread
            # still has to send it, and the scan's first step (parsing the index
            # cache) holds the GIL for a quarter second on 100k articles.
            self.call_after_refresh(self.set_timer, FIRST_FRAME_OUT, self._first_painted.set)
        if self.pane.has_focus:
            self.session.open(article.id)
        elif self._dwell_for == article.id:
            self._start_dwell(article.id)

    def _start_dwell(self, article_id: str) -> None:
        after = self.session.mark_read_after
        if after is None or self.session.is_read(article_id):
            return
        if after <= 0:
            self.session.touch(article_id)
        else:
            self._dwell = self.set_timer(after, lambda: self._dwelt(article_id))

    def _dwelt(self, article_id: str) -> None:
        self._dwell = None
        if self.article is not None and self.article.id == article_id:
            self.session.touch(article_id)

    def _stop_dwell(self) -> None:
        if self._dwell is not None:
            self._dwell.stop()
            self._dwell = None

    def open_shown(self) -> None:
        """The user went into the article (enter, tab, a click): it is read."""
        if self.article is not None:
            self.session.open(self.article.id)

    @on(ReadingPane.Scrolled)
    def on_pane_scrolled(self) -> None:
        if self.article is not None:
            self.session.touch(self.article.id)

    # -- focus and layout --------------------------------------------------------

    def focus_list(self) -> None:
        self.remove_class("-reading", "-feeds")
        self.set_class(False, "-sidebar-hidden")
        self.sidebar.focus()

    def focus_pane(self) -> None:
        self.remove_class("-feeds")
        self.add_class("-reading")
        self.pane.focus()
        self.open_shown()

    def action_focus_feeds(self) -> None:
        """`f`: the feeds pane, shown if it was not (it takes the list's place below
        WIDE columns, and the whole screen below NARROW)."""
        self.remove_class("-reading", "-sidebar-hidden")
        self.add_class("-feeds")
        self.feeds_pane.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.query_one(ReadingPane):
            self.remove_class("-feeds")
            self.add_class("-reading")
            self.open_shown()  # a click into the pane opens the article too
        elif event.widget is self.sidebar:
            self.remove_class("-feeds")
        elif isinstance(event.widget, FeedsPane):
            self.remove_class("-reading")
            self.add_class("-feeds")

    @on(FeedsPane.Chosen)
    def on_view_chosen(self, message: FeedsPane.Chosen) -> None:
        """`enter` on a feed, folder or source: the list shows its articles."""
        self.session.set_view(message.view)
        self.refresh_rows(keep_top=True)
        self.feeds_pane.counts_changed()
        self.focus_list()

    @on(ArticleList.Selected)
    def on_selected(self) -> None:
        self.focus_pane()

    @on(ReadingPane.Back)
    def on_back(self) -> None:
        self.focus_list()

    def action_focus_next_pane(self) -> None:
        if self.feeds_pane.has_focus:
            self.focus_list()
        elif self.pane.has_focus and self.has_class("-wide"):
            self.action_focus_feeds()
        elif self.pane.has_focus and not self.has_class("-sidebar-hidden"):
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
        read = self.session.read_ids
        for step in range(1, len(rows) + 1):
            index = (start + step) % len(rows)
            if rows[index].id not in read:
                self.sidebar.highlight(index)
                return
        self.notify("No unread articles")

    def action_page_down(self) -> None:
        self.pane.page(+1)

    # -- search ------------------------------------------------------------------

    @property
    def search_bar(self) -> SearchBar | None:
        """The search field, once mounted (just after the first frame)."""
        return self.query_one_optional(SearchBar)

    async def mount_later(self) -> None:
        """What the first frame does without: the feeds pane, the search field;
        and the garbage collector, paused by the command for the launch."""
        gc_pause.resume()
        if self.is_attached:
            if self.mounted_feeds_pane is None:
                self.mount_feeds_pane()
            await self.mount_search_bar()

    async def mount_search_bar(self) -> SearchBar | None:
        if (bar := self.search_bar) is None:
            if not self.is_attached:
                return None  # quit before the first frame was out
            bar = SearchBar(id="search", placeholder="Search titles and text")
            await self.mount(bar, before=self.query_one(KeyFooter))
        return bar

    async def action_search(self) -> None:
        bar = await self.mount_search_bar()  # at once, unless `/` came before the first frame
        if bar is None:
            return
        bar.add_class("-shown")
        bar.focus()

    @on(Input.Changed, "#search")
    def on_search_changed(self, event: Input.Changed) -> None:
        self.session.set_query(event.value)
        self.refresh_rows()
        if self.session.query:
            self.search_text(self.session.query, list(self.session.summaries))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_text(self, query: str, summaries: list[ArticleSummary]) -> None:
        loading.search_text(self.library, query, summaries, self._texts, self.post_message)

    def on_text_matches(self, message: loading.TextMatches) -> None:
        if message.query == self.session.query and (message.ids or message.done):
            self.session.add_text_matches(message.query, message.ids, message.done)
            self.refresh_rows()

    @on(Input.Submitted, "#search")
    def on_search_submitted(self) -> None:
        self.focus_list()

    @on(SearchBar.Cleared)
    def on_search_cleared(self) -> None:
        self.action_clear_search()

    def action_clear_search(self) -> None:
        """Escape in the list or the search field: the search goes away."""
        if (bar := self.search_bar) is not None:
            bar.remove_class("-shown")
            bar.value = ""
        self.session.set_query("")
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
        items = {s.id for s in self.session.summaries if not s.is_local}
        for article_id in [k for k in self._articles if k in items and k != shown]:
            del self._articles[article_id]
            self._texts.pop(article_id, None)

    def action_show_messages(self) -> None:
        self.app.action_show_messages()

    def action_help(self) -> None:
        from reader.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
