"""The search field under the panes: filters the sidebar as you type."""

from __future__ import annotations

from typing import ClassVar

from textual.message import Message
from textual.widgets import Input

from reader import bindings


class SearchBar(Input):
    BINDINGS: ClassVar = bindings.textual_bindings(bindings.SEARCH)

    class Cleared(Message):
        """Escape: the search is over and its filter gone."""

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())
