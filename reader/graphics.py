"""Photos drawn in pixels: a photo encoded for the Kitty graphics protocol or for
Sixel. Plain Python (no Textual); Pillow, imported by the photo worker that
calls `encode`. Which protocol, and the cell size: `graphics_terminal`; the
reading pane's `GraphicsLayer` (widgets/photo_graphics.py) sends these bytes.

- `encode`: a decoded photo on a canvas of whole cells (fitted, centred, sitting
  on the bottom row like the half blocks), as a PNG for Kitty or as one Sixel
  image per cell row (so a photo half scrolled out is drawn by its visible rows).
- `GraphicsShelf`: encoded photos by (address, size), a thread-safe LRU filled by
  the photo worker, so the UI thread only writes bytes.
"""

from __future__ import annotations

import base64
import io
import re
import threading

from reader.graphics_terminal import HALFBLOCKS, KITTY, SIXEL  # noqa: F401 (names used with these)
from reader.images import LRU

CHUNK = 4096  # base64 characters in one Kitty graphics message
GRAPHICS_SIZE = 24  # encoded photos kept (a canvas of 880x320 pixels is ~1 MB of Sixel at most)
ESC = "\x1b"
ST = "\x1b\\"


# -- the photo encoded ------------------------------------------------------------------

class Encoded:
    """A photo drawn on `cols` x `rows` cells of `cell` pixels, for `protocol`:
    `png` (Kitty), or `sixel_rows` (one Sixel image per cell row, "" for a row with
    nothing to draw). `ident` is the Kitty image number. Equal only to itself."""

    __slots__ = ("protocol", "cols", "rows", "cell", "png", "sixel_rows", "ident", "_transmit")

    def __init__(self, protocol: str, cols: int, rows: int, cell: tuple[int, int],
                 png: bytes = b"", sixel_rows: list[str] | None = None, ident: int = 0) -> None:
        self.protocol, self.cols, self.rows, self.cell = protocol, cols, rows, cell
        self.png = png
        self.sixel_rows = sixel_rows or []
        self.ident = ident
        self._transmit = ""

    def kitty_transmit(self) -> str:
        """The messages that send the PNG once (chunked base64), drawing nothing;
        made once (`encode` makes them in the worker)."""
        if not self._transmit:
            self._transmit = self._kitty_messages()
        return self._transmit

    def _kitty_messages(self) -> str:
        data = base64.standard_b64encode(self.png).decode("ascii")
        chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] or [""]
        out = []
        for n, chunk in enumerate(chunks):
            more = int(n < len(chunks) - 1)
            keys = f"a=t,f=100,t=d,i={self.ident},q=2,m={more}" if n == 0 else f"m={more}"
            out.append(f"{ESC}_G{keys};{chunk}{ST}")
        return "".join(out)

    def kitty_place(self, placement: int, first_row: int, rows: int) -> str:
        """Show rows `first_row` .. +`rows` of the photo at the cursor (which stays).
        Above the text (the default z-index): its cells are blank, and kitty 0.26
        drew text of earlier frames over an image placed below the text."""
        cw, ch = self.cell
        return (f"{ESC}_Ga=p,i={self.ident},p={placement},x=0,y={first_row * ch},"
                f"w={self.cols * cw},h={rows * ch},c={self.cols},r={rows},C=1,q=2{ST}")


def kitty_unplace(ident: int, placement: int) -> str:
    return f"{ESC}_Ga=d,d=i,i={ident},p={placement},q=2{ST}"


def kitty_forget(ident: int) -> str:
    """Delete the image and its data from the terminal."""
    return f"{ESC}_Ga=d,d=I,i={ident},q=2{ST}"


def canvas(image, cols: int, rows: int, cell: tuple[int, int]):
    """An RGBA picture of exactly `cols` x `rows` cells: `image` fitted in, centred
    across, on the bottom row; transparent around."""
    from PIL import Image as PILImage

    cw, ch = cell
    width, height = cols * cw, rows * ch
    w, h = image.size
    scale = min(width / w, height / h)
    fit = max(1, round(w * scale)), max(1, round(h * scale))
    small = image if fit == image.size else image.resize(fit, PILImage.Resampling.LANCZOS)
    out = PILImage.new("RGBA", (width, height), (0, 0, 0, 0))
    out.paste(small.convert("RGBA"), ((width - fit[0]) // 2, height - fit[1]))
    return out


_ident_lock = threading.Lock()
_next_ident = [0x4E52_0000]


def _new_ident() -> int:
    with _ident_lock:
        _next_ident[0] += 1
        return _next_ident[0]


def encode(image, protocol: str, cols: int, rows: int, cell: tuple[int, int]) -> Encoded:
    """`image` (RGBA, Pillow) for `protocol` on `cols` x `rows` cells. Runs in the worker."""
    picture = canvas(image, cols, rows, cell)
    if protocol == KITTY:
        out = io.BytesIO()
        picture.save(out, "PNG", compress_level=1)
        encoded = Encoded(KITTY, cols, rows, cell, png=out.getvalue(), ident=_new_ident())
        encoded.kitty_transmit()  # the base64 too, here in the worker
        return encoded
    if protocol == SIXEL:
        return Encoded(SIXEL, cols, rows, cell, sixel_rows=sixel_rows(picture, cell[1]))
    raise ValueError(f"no such graphics protocol: {protocol}")


# -- Sixel -------------------------------------------------------------------------------

TRANSPARENT = 255  # the palette index left for pixels not drawn
_ONE: list[bytes] = []  # _ONE[c]: a translation table, byte c to 1, any other to 0
_SIXEL_CHARS = bytes((b + 63) & 0xFF for b in range(256))
_RUN = rb"(.)\1{3,}"  # a run of 4 or more: `!count` and the character


def sixel_rows(picture, height: int) -> list[str]:
    """One Sixel image per `height` pixels of `picture` (RGBA); transparent pixels are
    left as they are on the terminal (P2=1), so the pane's background shows."""
    from PIL import Image as PILImage

    if not _ONE:
        _ONE.extend(bytes(1 if i == c else 0 for i in range(256)) for c in range(256))
    width = picture.width
    quantized = picture.convert("RGB").quantize(
        TRANSPARENT, method=PILImage.Quantize.FASTOCTREE, dither=PILImage.Dither.FLOYDSTEINBERG)
    clear = picture.getchannel("A").point(lambda a: 255 if a < 128 else 0, "1")
    quantized.paste(TRANSPARENT, mask=clear)
    palette = quantized.getpalette() or []
    pixels = quantized.tobytes()
    rows = []
    for top in range(0, picture.height, height):
        lines = [pixels[y * width:(y + 1) * width]
                 for y in range(top, min(top + height, picture.height))]
        rows.append(_sixel_image(lines, width, palette))
    return rows


def _sixel_image(lines: list[bytes], width: int, palette: list[int]) -> str:
    used = set().union(*(set(line) for line in lines)) - {TRANSPARENT}
    if not used:
        return ""
    colours = "".join(
        f"#{c};2;{palette[3 * c] * 100 // 255};{palette[3 * c + 1] * 100 // 255};"
        f"{palette[3 * c + 2] * 100 // 255}" for c in sorted(used))
    bands = []
    for start in range(0, len(lines), 6):
        band = lines[start:start + 6]
        here = sorted(set().union(*(set(line) for line in band)) - {TRANSPARENT})
        runs = []
        for c in here:
            bits = 0
            for k, line in enumerate(band):
                bits |= int.from_bytes(line.translate(_ONE[c]), "big") << k
            chars = bits.to_bytes(width, "big").translate(_SIXEL_CHARS).rstrip(b"?")
            runs.append(b"#%d" % c + re.sub(_RUN, lambda m: b"!%d%s" % (len(m.group(0)), m.group(1)),
                                              chars))
        bands.append(b"$".join(runs).decode("ascii"))
    return f'{ESC}P0;1;0q"1;1;{width};{len(lines)}{colours}{"-".join(bands)}{ST}'


# -- encoded photos kept ---------------------------------------------------------------

class GraphicsShelf(LRU):
    """Encoded photos by (address, cols, rows, cell, protocol): a small thread-safe LRU."""

    def __init__(self, size: int = GRAPHICS_SIZE) -> None:
        super().__init__(size)
