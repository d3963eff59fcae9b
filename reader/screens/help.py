"""The help screen: every key, generated from the binding table and the keymap."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader import bindings


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar = [Binding("escape,q,question_mark", "dismiss", "Close", id="help-close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("newsreader keys (binding ids go in config.toml [keymap])",
                              style="bold"))
            for section in bindings.SECTIONS:
                yield Static(self.section_table(section), classes="help-section")

    def keys_for(self, binding: bindings.Key) -> str:
        keys = getattr(self.app, "keymap", {}).get(binding.id, binding.key)
        shown = []
        for key in keys.split(","):
            key = key.strip()
            if key == binding.key.split(",")[0] and binding.key_display:
                shown.append(binding.key_display)
            else:
                shown.append(self.app.get_key_display(Binding(key, "")))
        return ", ".join(shown)

    def section_table(self, section: bindings.Section) -> Table:
        table = Table(title=section.title, title_justify="left", title_style="bold",
                      show_header=False, box=None, expand=True, padding=(0, 1))
        table.add_column("keys", style="bold", width=18)
        table.add_column("does")
        table.add_column("id", style="dim")
        for binding in section.bindings:
            table.add_row(Text(self.keys_for(binding)), Text(binding.description),
                          Text(binding.id or ""))
        return table

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
