"""The messages screen: every notice of the session, with its time, newest last."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.messages import MessageLog

# Severity is said with a sign in the text's own colour: a yellow or red title
# fell under 2:1 on the light theme's background.
SIGNS = {"warning": "! ", "error": "✖ "}


class MessagesScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    MessagesScreen { align: center middle; }
    MessagesScreen > VerticalScroll {
        width: 100; max-width: 100%; height: 90%;
        border: thick $border; background: $surface; padding: 0 1;
    }
    MessagesScreen #messages-title { text-style: bold; }
    """
    BINDINGS: ClassVar = [Binding("escape,q,M", "dismiss", "Close", id="messages-close")]

    def __init__(self, log: MessageLog) -> None:
        super().__init__()
        self.log_ = log

    def compose(self) -> ComposeResult:
        notices = list(self.log_.notices)
        with VerticalScroll():
            yield Static(Text(f"Messages of this session ({len(notices)}); escape closes"),
                         id="messages-title")
            body = Text(no_wrap=False)
            for notice in notices:
                if body:
                    body.append("\n")
                # Notices carry file names and server messages: plain text, never markup.
                body.append(f"{notice.time:%H:%M:%S}  ")
                body.append(SIGNS.get(notice.severity, ""), style="bold")
                if notice.title:
                    body.append(f"{notice.title}: ", style="bold")
                body.append(notice.message)
            if not notices:
                body.append("No messages yet.", style="italic")
            yield Static(body, id="messages")

    def on_mount(self) -> None:
        self.log_.seen()
        self.query_one(VerticalScroll).scroll_end(animate=False)
