"""The footer: Textual's, with keys that do not fit dropped whole, by priority.

Textual's footer cuts the last key that does not fit mid-word ("b Bookm") and
hides the rest. This one measures each key and hides whole keys, last shown
first, until the rest fit beside the palette's key; the keys a new user needs
most (help and quit) go last.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEEP = ("help", "quit")  # the actions dropped last


def key_width(key: FooterKey) -> int:
    """The cells `key` takes in the footer, its margins included."""
    size = key.app.size
    return key.get_content_width(size, size) + key.styles.margin.width + key.styles.gutter.width


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


class KeyFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        room = self.size.width - sum(key_width(key) for key in palette)
        dropped = keys_to_drop([(key.action, key_width(key)) for key in keys], room)
        for index, key in enumerate(keys):
            key.display = index not in dropped
