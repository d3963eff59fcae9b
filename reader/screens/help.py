"""The help screen: every key, generated from the binding table and the keymap.

One table per context (the reader, the article list, the bookmarks screen, …),
all with the same column widths, so keys, descriptions and binding ids line up
down the whole screen. Wide, the binding ids have their own column; narrow
(under `WIDE` columns), each id goes under its description, so at 50 columns no
column is cut. Keys wrap at their commas, never cut. escape, `q` or `?` closes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader import bindings

WIDE = 70
"""From this many columns of content, binding ids have a column of their own."""
KEYS_WIDTH = 14
"""The widest the key column grows; longer key lists wrap at their commas."""
CLOSE_HINT = "escape, q or ? closes"


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 100%; height: 90%;
        border: thick $border; background: $surface; padding: 0 1;
    }
    HelpScreen #help-close-hint { color: $text-muted; margin-bottom: 1; }
    HelpScreen .help-section { margin-bottom: 1; }
    """
    BINDINGS: ClassVar = [Binding("escape,q,question_mark", "dismiss", "Close", id="help-close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("newsreader keys (binding ids go in config.toml [keymap])",
                              style="bold"), id="help-title")
            yield Static(Text(CLOSE_HINT), id="help-close-hint")
            for _section in bindings.SECTIONS:
                yield Static(classes="help-section")

    def on_mount(self) -> None:
        self.lay_out(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.lay_out(event.size.width)

    def lay_out(self, screen_width: int) -> None:
        """Build every section's table for the width the dialog has."""
        content = min(84, screen_width) - 2 - 2 - 2  # border, padding, scrollbar
        wide = content >= WIDE
        keys = {b.id: self.keys_for(b) for s in bindings.SECTIONS for b in s.bindings}
        keys_width = min(KEYS_WIDTH, max(len(k) for k in keys.values()))
        ids_width = max(len(b.id or "") for s in bindings.SECTIONS for b in s.bindings)
        statics = list(self.query(".help-section").results(Static))
        for static, section in zip(statics, bindings.SECTIONS, strict=True):
            static.update(self.section_table(section, keys, keys_width,
                                             ids_width if wide else None))

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

    @staticmethod
    def section_table(section: bindings.Section, keys: dict[str, str], keys_width: int,
                      ids_width: int | None) -> Table:
        """One context's keys; `ids_width` None puts each binding id under its description."""
        table = Table(title=section.title, title_justify="left", title_style="bold",
                      show_header=False, box=None, expand=True, padding=(0, 1),
                      pad_edge=False)
        table.add_column("keys", style="bold", width=keys_width, overflow="fold")
        table.add_column("does", ratio=1, overflow="fold")
        if ids_width is not None:
            table.add_column("id", style="dim", width=ids_width, overflow="fold")
        for binding in section.bindings:
            does = Text(binding.description)
            if ids_width is None:
                does.append("\n" + (binding.id or ""), style="dim")
                table.add_row(Text(keys[binding.id]), does)
            else:
                table.add_row(Text(keys[binding.id]), does, Text(binding.id or ""))
        return table

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
