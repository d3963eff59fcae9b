"""What the sidebar shows: all known articles, read marks and the filters.

Plain Python (no Textual): the reader screen keeps one `Catalog`, feeds it
scan results and store state, and asks it for the rows to show. Filters
(unread only, search) are snapshots: an article that becomes read while
"unread only" is on stays listed until the filter changes, so rows do not
jump away under the reader's eyes.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.model import ArticleSummary


class Catalog:
    def __init__(self) -> None:
        self.summaries: list[ArticleSummary] = []
        self.read_ids: set[str] = set()
        self.bookmarked_ids: set[str] = set()
        self.unread_only = False
        self.query = ""
        self.text_matches: set[str] = set()  # ids whose text (not title) matches the query
        self._keep: set[str] = set()  # ids kept by a snapshot filter
        self._ids: set[str] = set()

    # -- feeding -----------------------------------------------------------------

    def set_summaries(self, summaries: list[ArticleSummary]) -> None:
        self.summaries = summaries
        self._ids = {s.id for s in summaries}
        if self.unread_only:  # articles found by a running scan join the snapshot
            self._keep.update(i for i in self._ids if i not in self.read_ids)

    def set_read(self, article_id: str, read: bool) -> None:
        if read:
            self.read_ids.add(article_id)
        else:
            self.read_ids.discard(article_id)

    # -- counts ------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.summaries)

    @property
    def unread(self) -> int:
        if len(self.read_ids) < len(self._ids):
            return len(self._ids) - sum(1 for i in self.read_ids if i in self._ids)
        return sum(1 for i in self._ids if i not in self.read_ids)

    @property
    def ids(self) -> set[str]:
        return self._ids

    # -- filters -----------------------------------------------------------------

    def filtering(self) -> bool:
        return self.unread_only or bool(self.query)

    def snapshot(self, keep: Iterable[str] = ()) -> None:
        """Fix which unread articles the unread filter shows (plus `keep`)."""
        self._keep = {s.id for s in self.summaries if s.id not in self.read_ids}
        self._keep.update(keep)

    def title_matches(self, summary: ArticleSummary) -> bool:
        return self.query.casefold() in summary.title.casefold()

    def visible(self) -> list[ArticleSummary]:
        if not self.filtering():
            return self.summaries
        rows = self.summaries
        if self.unread_only:
            rows = [s for s in rows if s.id in self._keep]
        if self.query:
            folded = self.query.casefold()
            rows = [s for s in rows
                    if folded in s.title.casefold() or s.id in self.text_matches]
        return rows
