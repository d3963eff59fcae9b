"""The status line: article counts, filters and scan progress."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    """One line at the top of the reader. Shows only numbers and fixed words, plus the
    search query, which is user text and so goes in as plain `Content`."""

    def show(self, *, total: int, unread: int, shown: int, unread_only: bool, query: str,
             scanning: int | None = None, refreshing: tuple[int, int] | None = None) -> None:
        parts = [Content.styled(f" {total:,} articles", "bold"),
                 Content(f" · {unread:,} unread")]
        if unread_only:
            parts.append(Content(" · only unread"))
        if query:
            parts.append(Content(" · search: "))
            parts.append(Content.styled(query, "italic"))
        if unread_only or query:
            parts.append(Content(f" · {shown:,} shown"))
        if scanning is not None:
            parts.append(Content.styled(f" · scanning… {scanning:,} found", "italic"))
        if refreshing is not None:
            done, total = refreshing
            parts.append(Content.styled(f" · refreshing feeds {done}/{total}", "italic"))
        self.update(Content("").join(parts))
