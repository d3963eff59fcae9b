"""What the terminal shows of the reading pane's photos in pixels, and the bytes
that bring it to what the pane wants.

Textual owns the screen as cells and rewrites only cells that changed; a photo
in pixels lives beside that. The pane keeps its photo's block of cells blank
(the layout is the same as with half blocks, so text never moves), and after
each frame Textual has written, the app asks the pane where its photos are now
(`Placement`: the screen cell, the photo's rows in view) and `GraphicsLayer`
writes the difference:

- Kitty: the PNG is sent once per photo and size (an image number); a
  placement per photo slot shows the rows in view at their cell (`a=p`, the
  cursor does not move, under the text: `z=-1`). A placement that moved is
  replaced, one no longer wanted (scrolled out, another article, a screen on
  top) is deleted (`a=d`). Text Textual writes does not erase it.
- Sixel: pixels are written into the cells, and Textual's next write of those
  cells erases them; so each visible row is drawn again when its cells were
  painted in the frame (one Sixel image per cell row), and nothing needs
  deleting: a screen on top, or another article, paints over it.

Everything is wrapped in save/restore cursor, so Textual's cursor is where it left it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from reader.graphics import Encoded, kitty_forget, kitty_unplace
from reader.graphics_terminal import KITTY, SIXEL

KEPT = 24  # Kitty images left in the terminal's memory (seen again: no resend)


class Placement:
    """A photo shown from its row `first_row`, `rows` rows of it, the first at screen
    cell (`x`, `y`)."""

    __slots__ = ("encoded", "x", "y", "first_row", "rows")

    def __init__(self, encoded: Encoded, x: int, y: int, first_row: int, rows: int) -> None:
        self.encoded, self.x, self.y, self.first_row, self.rows = encoded, x, y, first_row, rows

    def __repr__(self) -> str:
        return f"Placement(#{self.encoded.ident}, x={self.x}, y={self.y}, rows {self.first_row}+{self.rows})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Placement) and self.encoded is other.encoded
                and (self.x, self.y, self.first_row, self.rows)
                == (other.x, other.y, other.first_row, other.rows))

    def __hash__(self) -> int:
        return hash((id(self.encoded), self.x, self.y, self.first_row, self.rows))


def send(app, data: str) -> None:
    """Our own encoded bytes to the terminal, through Textual's driver (its writer
    thread keeps them in order after the frame just written)."""
    driver = getattr(app, "_driver", None)
    if data and driver is not None:
        driver.write(data)
        driver.flush()


def move_to(x: int, y: int) -> str:
    return f"\x1b[{y + 1};{x + 1}H"


def wrapped(parts: list[str]) -> str:
    return f"\x1b7{''.join(parts)}\x1b8" if parts else ""


class GraphicsLayer:
    """The pane's photos on the terminal for one protocol (see the module's notes)."""

    def __init__(self, protocol: str) -> None:
        if protocol not in (KITTY, SIXEL):
            raise ValueError(f"no such graphics protocol: {protocol}")
        self.protocol = protocol
        self.shown: dict[int, Placement] = {}  # photo slot: what the terminal shows
        self._sent: OrderedDict[int, None] = OrderedDict()  # Kitty images it holds

    def update(self, wanted: dict[int, Placement], painted: Callable[[int], bool]) -> str:
        """The bytes that make the terminal show `wanted` (slot: placement), after a
        frame in which the screen rows for which `painted(row)` were written."""
        parts: list[str] = []
        if self.protocol == KITTY:
            for slot, old in self.shown.items():
                if wanted.get(slot) != old:
                    parts.append(kitty_unplace(old.encoded.ident, slot + 1))
            for slot, new in wanted.items():
                if self.shown.get(slot) == new:
                    continue
                parts.append(self._send(new.encoded, wanted))
                parts.append(move_to(new.x, new.y)
                             + new.encoded.kitty_place(slot + 1, new.first_row, new.rows))
        else:
            for slot, new in wanted.items():
                moved = self.shown.get(slot) != new
                for n in range(new.rows):
                    if moved or painted(new.y + n):
                        sixel = new.encoded.sixel_rows[new.first_row + n]
                        if sixel:
                            parts.append(move_to(new.x, new.y + n) + sixel)
        self.shown = dict(wanted)
        return wrapped(parts)

    def _send(self, encoded: Encoded, wanted: dict[int, Placement]) -> str:
        if encoded.ident in self._sent:
            self._sent.move_to_end(encoded.ident)
            return ""
        out = [encoded.kitty_transmit()]
        self._sent[encoded.ident] = None
        in_use = {p.encoded.ident for p in wanted.values()}
        for ident in list(self._sent):
            if len(self._sent) <= KEPT:
                break
            if ident not in in_use:
                del self._sent[ident]
                out.append(kitty_forget(ident))
        return "".join(out)

    def clear(self) -> str:
        """Show nothing (a screen on top): Kitty's placements are deleted; Sixel's
        pixels are painted over by the screen itself."""
        return self.update({}, lambda _row: False)

    def close(self) -> str:
        """Nothing left behind: every Kitty image deleted from the terminal's memory."""
        out = self.clear()
        if self.protocol == KITTY:
            out += "".join(kitty_forget(ident) for ident in self._sent)
            self._sent.clear()
        return out
