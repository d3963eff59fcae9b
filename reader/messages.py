"""Every notice of a reading session, with its time: what the messages screen lists.

Plain Python: the app records each notice here (toasted or not); a notice
that must not be missed (a config problem, a store file set aside) is also
`pinned`, and the status line keeps it until the messages screen is opened.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Notice:
    time: datetime
    severity: str  # information | warning | error
    title: str
    message: str

    def line(self) -> str:
        head = f"{self.title}: " if self.title else ""
        return f"{self.time:%H:%M:%S}  {head}{self.message}"


class MessageLog:
    """The session's notices, oldest first; safe to add to from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.notices: list[Notice] = []
        self.pinned: list[Notice] = []

    def add(self, message: str, *, title: str = "", severity: str = "information",
            pin: bool = False) -> Notice:
        notice = Notice(datetime.now().astimezone(), severity, title, message)
        with self._lock:
            self.notices.append(notice)
            if pin:
                self.pinned.append(notice)
        return notice

    def seen(self) -> None:
        """The messages screen was opened: nothing stays pinned."""
        with self._lock:
            self.pinned = []

    def __len__(self) -> int:
        return len(self.notices)
