"""Photos drawn in pixels: which terminal graphics protocol to use, and the photo
encoded for it. Plain Python (no Textual); the reading pane's `GraphicsLayer`
(widgets/photo_graphics.py) sends these bytes.

- `detect`: `images = "auto"` made concrete. The environment first (kitty,
  WezTerm, Ghostty and Konsole say who they are; foot, mlterm and Windows
  Terminal too); else, only on a real terminal and never inside tmux or screen
  (which do not pass graphics through), one query before the app starts: a
  Kitty graphics query followed by the primary device attributes (DA1), which
  every terminal answers, so the wait ends at the DA1 reply, not at a timeout.
  A Kitty reply before it means the Kitty protocol; `4` among DA1's attributes
  means Sixel. Anything else, and any error: half blocks.
- `cell_pixels`: the size of one cell from the terminal (`TIOCGWINSZ`), else 10x20.
- `encode`: a decoded photo on a canvas of whole cells (fitted, centred, sitting
  on the bottom row like the half blocks), as a PNG for Kitty or as one Sixel
  image per cell row (so a photo half scrolled out is drawn by its visible rows).
- `GraphicsShelf`: encoded photos by (address, size), a thread-safe LRU filled by
  the photo worker, so the UI thread only writes bytes.
"""

from __future__ import annotations

import base64
import io
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

KITTY = "kitty"
SIXEL = "sixel"
HALFBLOCKS = "halfblocks"
DEFAULT_CELL = (10, 20)
QUERY_TIMEOUT = 0.25  # seconds to wait for a terminal that never answers
CHUNK = 4096  # base64 characters in one Kitty graphics message
GRAPHICS_SIZE = 24  # encoded photos kept (a canvas of 880x320 pixels is ~1 MB of Sixel at most)

ESC = "\x1b"
ST = "\x1b\\"


# -- which protocol ------------------------------------------------------------------

def in_multiplexer(env) -> bool:
    term = env.get("TERM", "")
    return bool(env.get("TMUX") or env.get("STY") or term.startswith(("screen", "tmux")))


def from_environment(env) -> str | None:
    """The protocol the environment names for sure, or None when it does not say."""
    if in_multiplexer(env):
        return HALFBLOCKS
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "").lower()
    if (term == "xterm-kitty" or env.get("KITTY_WINDOW_ID") or program in ("wezterm", "ghostty")
            or term == "xterm-ghostty" or env.get("GHOSTTY_RESOURCES_DIR")
            or env.get("KONSOLE_VERSION")):
        return KITTY
    if term.startswith(("foot", "mlterm")) or env.get("WT_SESSION"):
        return SIXEL
    if term in ("dumb", "linux", ""):
        return HALFBLOCKS
    return None


def detect(images: str, env=None, query=None) -> str:
    """The protocol for the config's `images`: an explicit one as it is; "auto" from
    the environment, else from `query()` (a protocol or None), else half blocks."""
    if images != "auto":
        return images
    env = os.environ if env is None else env
    found = from_environment(env)
    if found is None and query is not None:
        try:
            found = query()
        except (OSError, ValueError):
            found = None
    return found or HALFBLOCKS


KITTY_QUERY = f"{ESC}_Gi=4034,s=1,v=1,a=q,t=d,f=24;AAAA{ST}"
DA1 = f"{ESC}[c"
_DA1_REPLY = re.compile(r"\x1b\[\?([0-9;]*)c")


def read_reply(reply: str) -> str | None:
    """The protocol a terminal's reply to `KITTY_QUERY` + `DA1` shows (see `detect`)."""
    found = _DA1_REPLY.search(reply)
    before = reply[:found.start()] if found else reply
    if "\x1b_Gi=4034;OK" in before:
        return KITTY
    if found and "4" in found.group(1).split(";"):
        return SIXEL
    return None


def query_terminal(timeout: float = QUERY_TIMEOUT, fd_in: int | None = None,
                   fd_out: int | None = None) -> str | None:
    """Ask the terminal (see `detect`); only on a TTY, before the app reads its input.
    A terminal that does not answer costs `timeout`, then half blocks."""
    import select
    import sys
    import termios
    import time

    try:
        fd_in = sys.stdin.fileno() if fd_in is None else fd_in
        fd_out = sys.stdout.fileno() if fd_out is None else fd_out
    except (AttributeError, ValueError, OSError):
        return None
    if not (os.isatty(fd_in) and os.isatty(fd_out)):
        return None
    try:
        saved = termios.tcgetattr(fd_in)
    except termios.error:
        return None
    raw = termios.tcgetattr(fd_in)
    raw[3] &= ~(termios.ICANON | termios.ECHO)  # lflags: no line buffering, no echo
    raw[6][termios.VMIN], raw[6][termios.VTIME] = 0, 0
    reply = b""
    try:
        termios.tcsetattr(fd_in, termios.TCSANOW, raw)
        os.write(fd_out, (KITTY_QUERY + DA1).encode())
        deadline = time.monotonic() + timeout
        while not _DA1_REPLY.search(reply.decode("latin-1")):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd_in], [], [], left)[0]:
                termios.tcflush(fd_in, termios.TCIFLUSH)  # a late answer is no keypress
                break
            chunk = os.read(fd_in, 1024)
            if not chunk:
                break
            reply += chunk
    except termios.error:
        return None
    finally:
        try:
            termios.tcsetattr(fd_in, termios.TCSANOW, saved)
        except termios.error:
            pass
    return read_reply(reply.decode("latin-1"))


def cell_pixels(fd: int | None = None) -> tuple[int, int]:
    """(width, height) of one cell in pixels, from the terminal; else 10x20."""
    import fcntl
    import struct
    import sys
    import termios

    try:
        fd = sys.__stdout__.fileno() if fd is None else fd
        rows, cols, xpixel, ypixel = struct.unpack(
            "HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    except (AttributeError, ValueError, OSError):
        return DEFAULT_CELL
    if rows and cols and xpixel >= cols * 4 and ypixel >= rows * 8:
        return xpixel // cols, ypixel // rows
    return DEFAULT_CELL


# -- the photo encoded ------------------------------------------------------------------

@dataclass(eq=False)
class Encoded:
    """A photo drawn on `cols` x `rows` cells of `cell` pixels, for `protocol`:
    `png` (Kitty), or `sixel_rows` (one Sixel image per cell row, "" for a row with
    nothing to draw). `ident` is the Kitty image number."""
    protocol: str
    cols: int
    rows: int
    cell: tuple[int, int]
    png: bytes = b""
    sixel_rows: list[str] = field(default_factory=list)
    ident: int = 0

    def kitty_transmit(self) -> str:
        """The messages that send the PNG once (chunked base64), drawing nothing."""
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
        return Encoded(KITTY, cols, rows, cell, png=out.getvalue(), ident=_new_ident())
    if protocol == SIXEL:
        return Encoded(SIXEL, cols, rows, cell, sixel_rows=sixel_rows(picture, cell[1]))
    raise ValueError(f"no such graphics protocol: {protocol}")


# -- Sixel -------------------------------------------------------------------------------

TRANSPARENT = 255  # the palette index left for pixels not drawn
_ONE: list[bytes] = []  # _ONE[c]: a translation table, byte c to 1, any other to 0
_SIXEL_CHARS = bytes((b + 63) & 0xFF for b in range(256))
_RUN = re.compile(rb"(.)\1{3,}")


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
            runs.append(b"#%d" % c + _RUN.sub(lambda m: b"!%d%s" % (len(m.group(0)), m.group(1)),
                                              chars))
        bands.append(b"$".join(runs).decode("ascii"))
    return f'{ESC}P0;1;0q"1;1;{width};{len(lines)}{colours}{"-".join(bands)}{ST}'


# -- encoded photos kept ---------------------------------------------------------------

class GraphicsShelf:
    """Encoded photos by (address, cols, rows, cell, protocol): a small thread-safe LRU."""

    def __init__(self, size: int = GRAPHICS_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Encoded] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Encoded | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, item: Encoded) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __contains__(self, key: tuple) -> bool:
        with self._lock:
            return key in self._items
