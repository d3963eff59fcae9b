"""The reading pane's photos in pixels (Kitty, Sixel): a mixin of `ReadingPane`.

The pane lays a photo out as a block of lines either way; in pixels those lines
are blank once the photo is encoded, and after each frame the app asks
`graphics_after_display` for the bytes that put the photos where the frame shows
them (`widgets.photo_graphics`). Here: which protocol, the cell size, the
encoded photos' shelf, where each photo is on the screen, and the terminal left
clean when the reader closes or hands the terminal to another program.
Half blocks load none of the graphics modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

from reader import graphics_terminal as terminal

if TYPE_CHECKING:
    from reader.graphics import GraphicsShelf
    from reader.widgets.photo_graphics import GraphicsLayer, Placement


class PanePixels:
    """Needs the pane's `app`, `_layout`, `photo_shelf`, `photos_on`, `article`,
    `scroll_y`, `scrollable_content_region`, `region`, `display`, `_relayout`."""

    _graphics_shelf: GraphicsShelf | None = None  # photos encoded for Kitty or Sixel
    _graphics: GraphicsLayer | None = None  # what the terminal shows of them
    _cell: tuple[int, int] | None = None  # a cell's size in pixels

    def _pixels_init(self) -> None:
        self._painted: set[int] = set()  # the pane's rows painted since the last frame

    @property
    def photo_protocol(self) -> str:
        """How photos are drawn: "kitty", "sixel" or "halfblocks" (see `graphics_terminal`)."""
        config = getattr(self.app, "config", None)
        images = getattr(config, "images", "off")
        if images == "auto":
            return getattr(config, "image_protocol", None) or terminal.HALFBLOCKS
        return images

    @property
    def in_pixels(self) -> bool:
        return self.photos_on and self.photo_protocol in (terminal.KITTY, terminal.SIXEL)

    @property
    def graphics_shelf(self) -> GraphicsShelf:
        """Photos encoded for the terminal (made on first use: half blocks never load it)."""
        if self._graphics_shelf is None:
            from reader.graphics import GraphicsShelf

            self._graphics_shelf = GraphicsShelf()
        return self._graphics_shelf

    def cell_pixels(self) -> tuple[int, int]:
        if self._cell is None:
            self._cell = terminal.cell_pixels()
        return self._cell

    def graphics_size(self) -> tuple[str, int, int, tuple[int, int]] | None:
        """(protocol, columns, rows, cell pixels) photos are encoded at, if in pixels."""
        if not self._layout or not self.in_pixels:
            return None
        return (self.photo_protocol, self._layout.width, self.app.config.image_rows,
                self.cell_pixels())

    def photo_pixels(self, width: int | None = None) -> int | None:
        """The width photos are drawn at in the terminal's pixels (None: half blocks)."""
        if not self.in_pixels:
            return None
        width = width if width is not None else (self._layout.width if self._layout else 0)
        return width * self.cell_pixels()[0] or None

    def _in_pixels_source(self, placeholder: Style):
        """Photo lines for the layout that stay blank once the photo's pixels are ready
        (half blocks until then; see `widgets.photo_lines`)."""
        from reader.widgets.photo_lines import PhotoLines

        rows, base, shelf = self.app.config.image_rows, self.rich_style, self.photo_shelf
        protocol, cell, encoded = self.photo_protocol, self.cell_pixels(), self.graphics_shelf

        def lines(image, width: int) -> PhotoLines:
            key = (width, rows, cell, protocol)
            return PhotoLines(shelf, image, width, rows, placeholder, base,
                              pixels=width * cell[0],
                              in_pixels=lambda url: (url, *key) in encoded)

        return lines

    def placements(self) -> dict[int, Placement]:
        """Where the photos drawn in pixels are on the screen now: {slot: placement}
        of those (partly) in view whose lines are blank for them."""
        from reader.widgets.photo_graphics import Placement
        from reader.widgets.reading_pane import GUTTER

        layout = self._layout
        if layout is None or not self.in_pixels or not self.display:
            return {}
        region = self.scrollable_content_region
        top, height = round(self.scroll_y), region.height
        size = (self.app.config.image_rows, self.cell_pixels(), self.photo_protocol)
        out = {}
        for slot, (start, lines) in enumerate(layout.photos):
            first, last = max(start, top), min(start + len(lines), top + height)
            if first >= last or not getattr(lines, "in_pixels", False):
                continue
            encoded = self.graphics_shelf.get((lines.url, layout.width, *size))
            if encoded is not None:
                out[slot] = Placement(encoded, region.x + GUTTER, region.y + first - top,
                                      first - start, last - first)
        return out

    def graphics_after_display(self, active: bool) -> str:
        """The bytes that bring the terminal's pixels to the frame just written (`active`:
        this pane's screen is the one shown); "" in half blocks."""
        if not self.in_pixels:
            return ""
        if self._graphics is None or self._graphics.protocol != self.photo_protocol:
            from reader.widgets.photo_graphics import GraphicsLayer

            self._graphics = GraphicsLayer(self.photo_protocol)
        painted, self._painted = self._painted, set()
        if not active:
            return self._graphics.clear()
        top = self.region.y
        return self._graphics.update(self.placements(), lambda row: row - top in painted)

    def graphics_close(self) -> str:
        """Nothing left on the terminal (the reader closes)."""
        return self._graphics.close() if self._graphics is not None else ""

    def _graphics_suspended(self) -> None:
        if self._graphics is not None:
            from reader.widgets.photo_graphics import send

            send(self.app, self._graphics.close())

    def on_unmount(self) -> None:
        # The app is closing (the driver is still open): no image left in the terminal.
        if self._graphics is not None:
            from reader.widgets.photo_graphics import send

            send(self.app, self.graphics_close())

    def photo_cell_changed(self) -> bool:
        """The terminal's cell size changed (a font zoom): lay out for the new one."""
        if not self.in_pixels or self._cell is None:
            return False
        cell, self._cell = self._cell, terminal.cell_pixels()
        if cell == self._cell:
            return False
        if self.article is not None:
            self._relayout()
            self.refresh()
        return True
