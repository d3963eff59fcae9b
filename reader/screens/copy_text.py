"""Text to copy by hand, for when no clipboard can be reached: a modal dialog with
the text in a read-only text area, closed by escape.

The terminal's own selection (shift and drag in most terminals, which the app
does not see) copies it from the screen; the text area also takes the keyboard's
selection (shift and arrows). The text is data: a TextArea shows it as written.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from reader.text import clean_line


class CopyTextScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    CopyTextScreen { align: center middle; }
    CopyTextScreen > Vertical {
        width: 80; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    CopyTextScreen #why { margin-bottom: 1; }
    CopyTextScreen TextArea { height: auto; max-height: 16; }
    CopyTextScreen #how { margin-top: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar = [Binding("escape", "close", "Close", id="copy-text-close")]

    def __init__(self, text: str, why: str) -> None:
        super().__init__()
        self.text = text
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"Could not copy: {clean_line(self.why)}."), id="why")
            yield TextArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False,
                           id="copy-text")
            yield Static(Content("Select the text with your terminal (shift and drag), "
                                 "then copy it with the terminal's copy key. escape closes."),
                         id="how")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()

    def action_close(self) -> None:
        self.dismiss(None)
