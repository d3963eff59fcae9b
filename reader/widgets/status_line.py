"""The status line: article counts, filters and scan progress."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.text import counted


class StatusLine(Static):
    """One line at the top of the reader. Shows only numbers and fixed words, plus the
    search query, which is user text and so goes in as plain `Content`."""

    _shown: tuple[Content, Content | None] = (Content(""), None)  # the line, and its hint

    def show(self, *, total: int, unread: int, shown: int, unread_only: bool, query: str,
             scanning: int | None = None, refreshing: tuple[int, int] | None = None,
             view: str | None = None, last_feed: str | None = None,
             pinned: str | None = None, hint: str | None = None) -> None:
        """`view`: the chosen feed or folder (user text); `last_feed`: the feed that
        answered last while refreshing; `pinned`: a notice that stays until the
        messages screen is opened; `hint`: a fixed line for new users."""
        parts = [Content.styled(f" {counted(total, 'article')}", "bold"),
                 Content(f" · {unread:,} unread")]
        if view:
            parts.append(Content(" · "))
            parts.append(Content.styled(view, "bold"))
        if unread_only:
            parts.append(Content(" · only unread"))
        if query:
            parts.append(Content(" · search: "))
            parts.append(Content.styled(query, "italic"))
        if unread_only or query or view:
            parts.append(Content(f" · {shown:,} shown"))
        if scanning is not None:
            parts.append(Content.styled(f" · scanning… {scanning:,} found", "italic"))
        if refreshing is not None:
            done, total = refreshing
            parts.append(Content.styled(f" · refreshing feeds {done}/{total}", "italic"))
            if last_feed:
                parts.append(Content.styled(f" · {last_feed}", "italic"))
        if pinned:
            parts.append(Content(" · "))
            parts.append(Content.styled(pinned, "bold"))
            parts.append(Content(" (M: messages)"))
        self._shown = (Content("").join(parts),
                       Content.styled(f" · {hint}", "italic") if hint and not pinned else None)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The hint for new users goes only where it fits whole: cut mid-word
        at 80 columns it read as a broken sentence."""
        line, hint = self._shown
        if hint is not None and self.size.width and line.cell_length + hint.cell_length <= self.size.width:
            line = line + hint
        self.update(line)
