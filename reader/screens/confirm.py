"""A yes/no question in a modal dialog; dismisses with True or False.

The button that has focus is the one drawn selected, so `enter` always answers
what the dialog shows as chosen. Focus starts on No: a slip of `enter` never
confirms a destructive question.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reader.text import clean_line

QUOTE_WIDTH = 40
"""How many characters of an object's text a question quotes."""


def first_words(text: object, width: int = QUOTE_WIDTH) -> str:
    """The start of `text`, cleaned and on one line, cut at a word boundary to at
    most `width` characters (an ellipsis marks the cut), for naming an object in
    a question."""
    words = " ".join(clean_line(text).split())
    if len(words) <= width:
        return words
    cut = words[: width - 1]
    if " " in cut and not words[width - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 50; max-width: 90%; height: auto;
        border: thick $border; background: $surface; padding: 1 2;
    }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; min-width: 8; }
    """
    BINDINGS: ClassVar = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), id="question")
            with Horizontal():
                yield Button("Yes (y)", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()
        self._draw_selected(self.query_one("#no", Button))

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, Button):
            self._draw_selected(event.widget)

    def _draw_selected(self, chosen: Button) -> None:
        for button in self.query(Button):
            button.variant = "primary" if button is chosen else "default"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
