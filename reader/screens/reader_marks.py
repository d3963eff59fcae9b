"""The reader screen's commands on passages and marks: bookmarks, read marks,
the unread filter, opening the link and copying a passage.

A mixin of `ReaderScreen` (it uses the screen's `session`, `sidebar`, `pane`
and `article`), kept apart so each module stays about one job. The session
does the writing; a write the store refuses changes nothing on screen.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from textual import work

from reader import citation, clipboard, opener
from reader.screens import loading
from reader.text import counted


class ReaderMarks:
    def action_toggle_bookmark(self) -> None:
        self.session.toggle_bookmark(self.pane.cursor)

    def action_show_bookmarks(self) -> None:
        from reader.screens.bookmarks import BookmarksScreen

        self.app.push_screen(BookmarksScreen(self.session), self.open_bookmark)

    def open_bookmark(self, bookmark) -> None:
        if bookmark is None:
            return
        if self.sidebar.index_of(bookmark.article_id) is None and self.session.filtering():
            self.session.clear_filters()
            if (bar := self.search_bar) is not None:
                bar.value = ""
            self.refresh_rows()
        index = self.sidebar.index_of(bookmark.article_id)
        if index is None:
            self.notify("That article is not in the sources open now", severity="warning")
            return
        self._wanted = None
        self.sidebar.highlight(index)
        self.open_summary(self.sidebar.summaries[index], bookmark.passage_index)
        self.focus_pane()

    def action_toggle_read(self) -> None:
        summary = self.sidebar.highlighted_summary
        if summary is None:
            return
        self._stop_dwell()  # whichever way it goes, the timer does not decide it
        self.session.toggle_read(summary.id)

    def action_mark_all_read(self) -> None:
        from reader.screens.confirm import ConfirmScreen

        session = self.session
        count = len(session.view_unread_ids())
        label = session.view_label()
        if not count:
            self.notify(f"No unread {label}" if label != "all articles" else "No unread articles")
            return

        def done(confirmed: bool | None) -> None:
            if confirmed:
                session.mark_view_read()

        self.app.push_screen(
            ConfirmScreen(f"Mark {counted(count, 'unread article')} read ({label})?"), done)

    def action_toggle_unread_only(self) -> None:
        current = self.sidebar.highlighted_summary
        self.session.set_unread_only(not self.session.unread_only,
                                     keep=[current.id] if current else [])
        self.refresh_rows()

    def action_open_link(self) -> None:
        """The web link; pressed again, each enclosure (a podcast's audio...) in turn."""
        article = self.article
        links = [article.link, *(e["url"] for e in article.enclosures)] if article else []
        links = [u for u in links if u and urlsplit(u).scheme in ("http", "https")]
        if not links:
            self.notify("This article has no web link")
            return
        last_id, last = getattr(self, "_opened", (None, -1))
        turn = (last + 1) % len(links) if last_id == article.id else 0
        self._opened = (article.id, turn)
        more = "\n(o again: the next attachment)" if turn + 1 < len(links) else ""
        self.open_in_browser(links[turn], more)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_in_browser(self, url: str, more: str = "") -> None:
        """Choose the browser (looking for one may run a program) and open `url`:
        here for a graphical one, on the UI thread with the app suspended for one
        that draws in the terminal."""
        app = self.app
        chosen = opener.choose(url, getattr(app.config, "browser", None))
        if chosen is None:
            problem = "No browser to open it: set browser in config.toml, or $BROWSER"
        elif chosen.console:
            problem = app.call_from_thread(self.open_in_console, chosen, url)
            if not problem and more:
                app.call_from_thread(self.notify, url + more, title=f"Opened in {chosen.name}",
                                     markup=False)
        else:
            app.call_from_thread(self.notify, url + more, title=f"Opening in {chosen.name}",
                                 markup=False)
            problem = loading.open_link(chosen, url)
        if problem:
            app.call_from_thread(self.notify, f"{problem}.\n{url}", title="Cannot open the link",
                                 severity="warning", markup=False, timeout=15)

    def open_in_console(self, chosen: opener.Opener, url: str) -> str | None:
        """A browser that draws in the terminal gets it whole: the app is suspended
        until the browser exits, then redrawn."""
        from textual.app import SuspendNotSupported

        try:
            with self.app.suspend():
                return loading.open_link(chosen, url)
        except SuspendNotSupported:  # no terminal of its own (headless): nothing to share
            return loading.open_link(chosen, url)

    def action_copy_passage(self) -> None:
        """`y`: the passage at the cursor in quotes with the article's citation, or
        the citation alone for an article without passages."""
        article = self.article
        if article is None:
            return
        passages = article.passages()
        feed = self.feed_name_of(article)
        if passages:
            text, what = citation.quote(passages[self.pane.cursor], article, feed), "Passage and citation"
        else:
            text, what = citation.cite(article, feed), "Citation"
        self.app.copy_to_clipboard(text)  # OSC 52: the terminal's clipboard, if it listens
        self.copy_with_system_tool(text, what)

    def feed_name_of(self, article) -> str | None:
        """The name of the feed the article came from, when it is a feed's item."""
        summary = next((s for s in self.session.summaries if s.id == article.id), None)
        if summary is None or summary.kind != "item" or not summary.feed:
            return None
        return self.session.feed_names.get(summary.feed)

    @work(thread=True, group="clipboard", exit_on_error=False)
    def copy_with_system_tool(self, text: str, what: str = "Passage and citation") -> None:
        """The system clipboard tool, where there is one; the notice says what worked.
        When neither a tool nor OSC 52 can work, the text is shown to copy by hand."""
        tool = clipboard.system_copy(text)
        if tool:
            message = f"{what} copied with {tool} (also sent to the terminal as OSC 52)"
            self.app.call_from_thread(self.notify, message, markup=False)
            return
        blocked = clipboard.osc52_blocked()
        if blocked:
            why = f"no clipboard tool (wl-copy, xclip, xsel, pbcopy) works here, and OSC 52: {blocked}"
            self.app.call_from_thread(self.show_text_to_copy, text, why)
            return
        message = (f"{what} sent to the terminal as OSC 52 (no clipboard tool works here); "
                   "whether it was copied depends on the terminal: if nothing was copied, "
                   "it does not accept OSC 52")
        self.app.call_from_thread(self.notify, message, markup=False, timeout=10)

    def show_text_to_copy(self, text: str, why: str) -> None:
        from reader.screens.copy_text import CopyTextScreen

        self.app.push_screen(CopyTextScreen(text, why))
