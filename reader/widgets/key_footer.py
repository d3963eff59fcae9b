"""The footer: the focused screen's keys on one line, dropped whole when they do not fit.

Textual's own footer is a container with one widget per key, recomposed (every
key unmounted, made again, styled and laid out) each time the bindings change:
at launch that was about a twelfth of the reader's start-up. This one is a
single widget that draws its keys as one line of text. It measures each key
and hides whole keys, last shown first, until the rest fit beside the palette's
key; the keys a new user needs most (help and quit) go last. Nothing is cut
mid-word. A click on a key presses it, as in Textual's footer.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widget import Widget

KEEP = ("close", "help", "quit")  # the actions dropped last: the way out, help, quit
SEPARATOR = "▏"  # before the palette's key, at the right end


class FooterItem(NamedTuple):
    key: str  # the key as Textual names it, to press on a click
    display: str  # the key as the user sees it
    description: str
    action: str
    enabled: bool

    @property
    def width(self) -> int:
        """The cells the key takes: " k " then "Description "."""
        return cell_len(self.display) + 2 + (cell_len(self.description) + 1 if self.description else 0)


def keys_to_drop(widths: list[tuple[str, int]], room: int) -> set[int]:
    """Which keys (by index) to hide so the rest fit in `room` cells: the last
    droppable key first, then the kept ones (`KEEP`), quit last."""
    total = sum(width for _, width in widths)
    order = [i for i in reversed(range(len(widths))) if widths[i][0] not in KEEP]
    order += [i for i in range(len(widths)) if widths[i][0] in KEEP]
    dropped: set[int] = set()
    for index in order:
        if total <= room:
            break
        dropped.add(index)
        total -= widths[index][1]
    return dropped


class KeyFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar = {"key-footer--key", "key-footer--description",
                                   "key-footer--separator"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--separator { color: $foreground 60%; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[FooterItem] = []
        self.palette: FooterItem | None = None
        self._spans: list[tuple[int, int, FooterItem]] = []  # (start, end, item) drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        items, palette = self._read_bindings()
        if (items, palette) != (self.items, self.palette):
            self.items, self.palette = items, palette
            self.refresh()

    def _read_bindings(self) -> tuple[list[FooterItem], FooterItem | None]:
        """The keys to show, one per action (its first binding), in binding order;
        and the palette's key, shown apart at the right."""
        app = self.app
        active = self.screen.active_bindings
        items: list[FooterItem] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            items.append(FooterItem(binding.key, app.get_key_display(binding),
                                    binding.description, binding.action, enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and (entry := active.get(app.COMMAND_PALETTE_BINDING)):
            _node, binding, enabled, _tooltip = entry
            palette = FooterItem(binding.key, app.get_key_display(binding),
                                 binding.description, binding.action, enabled)
            items = [item for item in items if item.action != binding.action]
        return items, palette

    def shown(self, width: int | None = None) -> list[FooterItem]:
        """The keys that fit in `width` cells (the widget's), whole."""
        width = self.size.width if width is None else width
        room = width - (self.palette.width + 1 if self.palette else 0)
        dropped = keys_to_drop([(item.action, item.width) for item in self.items], room)
        return [item for index, item in enumerate(self.items) if index not in dropped]

    def render(self) -> Content:
        width = self.size.width
        key_style = self.get_visual_style("key-footer--key")
        description_style = self.get_visual_style("key-footer--description")
        parts: list[Content] = []
        spans: list[tuple[int, int, FooterItem]] = []
        x = 0

        def add(item: FooterItem) -> None:
            nonlocal x
            text = Content.styled(f" {item.display} ", key_style)
            if item.description:
                text += Content.styled(f"{item.description} ", description_style)
            if not item.enabled:
                text = text.stylize("dim")
            parts.append(text)
            spans.append((x, x + item.width, item))
            x += item.width

        for item in self.shown(width):
            add(item)
        if self.palette is not None and x + self.palette.width + 1 <= width:
            gap = width - x - self.palette.width - 1
            parts.append(Content(" " * gap))
            parts.append(Content.styled(SEPARATOR, self.get_visual_style("key-footer--separator")))
            x += gap + 1
            add(self.palette)
        self._spans = spans
        return Content("").join(parts)

    def item_at(self, x: int) -> FooterItem | None:
        for start, end, item in self._spans:
            if start <= x < end:
                return item
        return None

    def on_click(self, event: events.Click) -> None:
        item = self.item_at(event.x)
        if item is None:
            return
        event.stop()
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
