"""The reader screen's commands on passages and marks: bookmarks, read marks,
the unread filter, opening the link and copying a passage.

A mixin of `ReaderScreen` (it uses the screen's `store`, `catalog`, `sidebar`,
`pane` and `article`), kept apart so each module stays about one job.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from textual import work

from reader.screens import loading
from reader.widgets.search_bar import SearchBar


class ReaderMarks:
    def action_toggle_bookmark(self) -> None:
        article = self.article
        passages = article.passages() if article else []
        if not passages:
            self.notify("Nothing to bookmark here")
            return
        passage = passages[self.pane.cursor]
        existing = self.store.find_bookmark(article.id, passage.index)
        marked = set(self.pane.bookmarked)
        if existing is not None:
            self.store.remove_bookmark(existing.id)
            marked.discard(passage.index)
            self.notify("Bookmark removed")
        else:
            self.store.add_bookmark(article, passage)
            marked.add(passage.index)
            self.notify("Passage bookmarked")
        self.pane.set_bookmarked(marked)
        self.sync_bookmarked_ids()

    def sync_bookmarked_ids(self) -> None:
        self.catalog.bookmarked_ids = set(self.store.bookmark_counts())
        self.sidebar.set_marks(self.catalog.read_ids, self.catalog.bookmarked_ids)

    def action_show_bookmarks(self) -> None:
        from reader.screens.bookmarks import BookmarksScreen

        self.app.push_screen(BookmarksScreen(self.store), self.open_bookmark)

    def open_bookmark(self, bookmark) -> None:
        self.sync_bookmarked_ids()
        if self.article is not None:
            marked = {b.passage_index for b in self.store.bookmarks(self.article.id)
                      if not b.detached}
            self.pane.set_bookmarked(marked)
        if bookmark is None:
            return
        if self.sidebar.index_of(bookmark.article_id) is None and self.catalog.filtering():
            self.catalog.unread_only = False
            self.catalog.query = ""
            self.query_one(SearchBar).value = ""
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
        read = summary.id not in self.catalog.read_ids
        self.store.mark_read(summary.id, read)
        self.catalog.set_read(summary.id, read)
        self.sidebar.set_marks(self.catalog.read_ids, self.catalog.bookmarked_ids)
        self.update_status()

    def action_mark_all_read(self) -> None:
        from reader.screens.confirm import ConfirmScreen

        ids = list(self.catalog.ids)

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.store.mark_all_read(ids)
                self.catalog.read_ids.update(ids)
                self.sidebar.set_marks(self.catalog.read_ids, self.catalog.bookmarked_ids)
                self.update_status()

        self.app.push_screen(ConfirmScreen(f"Mark all {len(ids):,} articles read?"), done)

    def action_toggle_unread_only(self) -> None:
        self.catalog.unread_only = not self.catalog.unread_only
        current = self.sidebar.highlighted_summary
        self.catalog.snapshot(keep=[current.id] if current else [])
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
        self.open_in_browser(links[turn])
        more = "\n(o again: the next attachment)" if turn + 1 < len(links) else ""
        self.notify(links[turn] + more, title="Opening in the browser", markup=False)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_in_browser(self, url: str) -> None:
        loading.open_link(url)

    def action_copy_passage(self) -> None:
        article = self.article
        passages = article.passages() if article else []
        if not passages:
            return
        passage = passages[self.pane.cursor]
        citation = f"— {article.title}, {article.source}"
        if article.link:
            citation += f" <{article.link}>"
        self.app.copy_to_clipboard(f"“{passage.text}”\n{citation}")
        self.notify("Passage copied with its citation")
