"""A photo as lines of the reading pane: half blocks once decoded, a placeholder before.

`PhotoLines` is a sequence of Strips like the pane's wrapped text (see
`lazy_lines`), always `rows` long: while the photo loads, or when it cannot be
had (offline, refused), a placeholder of the same height holds its alt text,
so the text below never moves when the photo arrives. Each draw looks at the
`Shelf` the loading worker fills, so a photo that arrives needs only a refresh
of the pane, not a new layout. A photo drawn in pixels (Kitty, Sixel: see
`photo_graphics`) leaves its lines blank, in the pane's style; until its pixels
are ready it is drawn in half blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.images import Failed, Shelf, photo_url
from reader.model import Image

LOADING = "photo loading"
PIXELS = object()  # on the shelf, and drawn by the terminal in pixels


class PhotoLines(Sequence):
    """`rows` lines of `width` cells showing `image` (or its placeholder). The photo's
    lines come fully styled (with `base` around it): the pane lays no style over them."""

    __slots__ = ("_shelf", "_image", "_url", "_width", "_rows", "_style", "_base", "_drawn",
                 "_in_pixels")

    def __init__(self, shelf: Shelf, image: Image, width: int, rows: int, style: Style,
                 base: Style | None = None, pixels: int | None = None,
                 in_pixels: Callable[[str], bool] | None = None) -> None:
        """`pixels`: the width the photo is drawn at, in the terminal's pixels (the
        source chosen for it); `in_pixels(url)`: its pixels are ready, leave it blank."""
        self._shelf = shelf
        self._image = image
        self._url = photo_url(image, pixels) if pixels else photo_url(image)
        self._in_pixels = in_pixels
        self._width = max(1, width)
        self._rows = max(1, rows)
        self._style = style  # the placeholder's
        self._base = base  # the pane's: the room around the photo (lines drawn complete)
        self._drawn: tuple[object, list[Strip]] | None = None  # (what was on the shelf, strips)

    @property
    def url(self) -> str | None:
        return self._url

    @property
    def loaded(self) -> bool:
        item = self._shelf.get(self._url) if self._url else None
        return item is not None and not isinstance(item, Failed)

    def __len__(self) -> int:
        return self._rows

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._rows))]
        if index < 0:
            index += self._rows
        if not 0 <= index < self._rows:
            raise IndexError(index)
        item = self._shelf.get(self._url) if self._url else Failed("")
        if (self._in_pixels is not None and item is not None and not isinstance(item, Failed)
                and self._in_pixels(self._url)):
            item = PIXELS
        if self._drawn is None or self._drawn[0] is not item:
            self._drawn = (item, self._draw(item))
        return self._drawn[1][index]

    @property
    def in_pixels(self) -> bool:
        """The photo's lines are blank: the terminal draws it in pixels."""
        return self._drawn is not None and self._drawn[0] is PIXELS

    def _draw(self, item) -> list[Strip]:
        if item is PIXELS:
            return [Strip.blank(self._width, self._base)] * self._rows
        if item is not None and not isinstance(item, Failed):
            return [Strip(line, self._width)
                    for line in self._shelf.lines(self._url, item, self._width, self._rows,
                                                  self._base)]
        return self._placeholder(item.reason if isinstance(item, Failed) else LOADING)

    def _placeholder(self, status: str) -> list[Strip]:
        """A box of the photo's height: its alt text in the middle, what happened under it."""
        width, style = self._width, self._style
        words = [self._image.alt or "(photo)"]
        if status:
            words.append(f"({status})")
        middle = max(0, (self._rows - len(words)) // 2)
        lines = []
        for row in range(self._rows):
            n = row - middle
            text = words[n] if 0 <= n < len(words) else ""
            if cell_len(text) > width - 2:
                text = set_cell_size(text, max(0, width - 3)) + "…"
            pad = max(0, (width - cell_len(text)) // 2)
            lines.append(Strip([Segment(set_cell_size(" " * pad + text, width), style)], width))
        if self._base is not None:
            lines = [line.apply_style(self._base) for line in lines]
        return lines
