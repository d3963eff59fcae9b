"""The command palette's entries: the reader's commands first, then Textual's.

The reader's commands come from the binding table (`bindings.PALETTE`), each
with its key (as the user's keymap sets it) right-aligned on its line. After
them, under their own tag, the few of Textual's system commands that the
reader has no key of its own for: the theme (the choice is saved to the
config), a screenshot, maximizing a pane. Textual's Quit and Keys are left
out: the reader's own `q` and `?` (help) do those.

This one provider replaces Textual's system provider (`App.COMMANDS`), so the
order is the reader's: discovery lists in table order, and a search ranks
every reader command above every system command, each group by its score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import CommandList, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.css.query import NoMatches

from reader import bindings

SYSTEM_TAG = "Textual"
"""What stands in the key column of a system command: the group it belongs to."""
SYSTEM_KEPT = {"Theme": "Change theme", "Screenshot": "Save a screenshot (SVG)",
               "Maximize": "Maximize the focused pane", "Minimize": "Restore the maximized pane"}
"""Textual's system commands the palette offers, by the names it shows them under
(Quit and Keys are left out: the reader's q and ? do those)."""
KEY_STYLE = "bold $text-primary"  # the accent of every screen, legible in both themes
FALLBACK_WIDTH = 60


class ReaderCommands(Provider):
    """Every reader action, by its description, run on the screen it belongs to."""

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action, self.screen)

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """(name, what it runs, right-hand hint) of the reader's commands, then the system ones."""
        for binding in bindings.PALETTE:
            action = f"app.{binding.action}" if binding in bindings.APP else binding.action
            yield binding.description, partial(self._run, action), self._key(binding)
        for command in self.app.get_system_commands(self.screen):
            if command.title in SYSTEM_KEPT:
                yield SYSTEM_KEPT[command.title], command.callback, SYSTEM_TAG

    def _key(self, binding: bindings.Key) -> str:
        """The binding's first key as the user's keymap has it, as Textual shows keys."""
        from textual.binding import Binding

        keys = getattr(self.app, "keymap", {}).get(binding.id, binding.key)
        first = keys.split(",")[0].strip()
        if first == binding.key.split(",")[0] and binding.key_display:
            return binding.key_display
        return self.app.get_key_display(Binding(first, ""))

    def _width(self) -> int:
        """The cells an entry has on the palette's list (the screen's width, less the
        option's padding and room for a scrollbar), so the key goes at its right end."""
        try:
            listed = self.app.screen.query_one(CommandList)
        except NoMatches:  # not on the palette's screen (the provider called on its own)
            return FALLBACK_WIDTH
        width = listed.size.width or self.app.size.width
        padding = listed.get_component_styles("option-list--option").padding.width
        return max(20, width - padding - listed.styles.scrollbar_size_vertical)

    def _tag_style(self) -> str:
        """The system tag, muted by a step of the foreground towards the background (a
        translucent colour falls under 4.5:1 on the palette's light background)."""
        dark = self.app.current_theme.dark
        return "italic " + ("$foreground-darken-2" if dark else "$foreground-lighten-2")

    def _line(self, name: Content, hint: str, width: int) -> Content:
        style = self._tag_style() if hint == SYSTEM_TAG else KEY_STYLE
        gap = max(2, width - name.cell_length - len(hint))
        return Content.assemble(name, " " * gap, (hint, style))

    async def discover(self) -> Hits:
        width = self._width()
        for name, run, hint in self._commands():
            yield DiscoveryHit(self._line(Content(name), hint, width), run, text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        width = self._width()
        for name, run, hint in self._commands():
            score = matcher.match(name)
            if score > 0:
                # Reader commands rank in (0.5, 1], system ones in (0, 0.5].
                ranked = score / 2 if hint == SYSTEM_TAG else 0.5 + score / 2
                yield Hit(ranked, self._line(matcher.highlight(name), hint, width), run, text=name)
