"""Which terminal graphics protocol to draw photos with, and a cell's size in pixels.
Plain Python (no Textual, no Pillow), small: the reader decides before its app starts.

- `detect`: `images = "auto"` made concrete. The environment first (kitty,
  WezTerm, Ghostty and Konsole say who they are; foot, mlterm and Windows
  Terminal too); else, only on a real terminal and never inside tmux or screen
  (which do not pass graphics through), one query before the app starts: a
  Kitty graphics query followed by the primary device attributes (DA1), which
  every terminal answers, so the wait ends at the DA1 reply, not at a timeout.
  A Kitty reply before it means the Kitty protocol; `4` among DA1's attributes
  means Sixel. Anything else, and any error: half blocks.
- `cell_pixels`: the size of one cell from the terminal (`TIOCGWINSZ`), else 10x20.
"""

from __future__ import annotations

import os
import re

KITTY = "kitty"
SIXEL = "sixel"
HALFBLOCKS = "halfblocks"
DEFAULT_CELL = (10, 20)
QUERY_TIMEOUT = 0.25  # seconds to wait for a terminal that never answers

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
_DA1_REPLY = r"\x1b\[\?([0-9;]*)c"  # compiled on first use (`re` keeps it): imports stay cheap


def read_reply(reply: str) -> str | None:
    """The protocol a terminal's reply to `KITTY_QUERY` + `DA1` shows (see `detect`)."""
    found = re.search(_DA1_REPLY, reply)
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
    import time

    try:
        import termios
    except ImportError:  # not a POSIX terminal (Windows): the environment decides
        return None
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
        while not re.search(_DA1_REPLY, reply.decode("latin-1")):
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
    """(width, height) of one cell in pixels, from the terminal on `fd` (by default the
    first of stdout, stderr, stdin that is one: Textual draws on stderr); else 10x20."""
    import struct

    try:
        import fcntl
        import termios
    except ImportError:
        return DEFAULT_CELL
    for candidate in (fd,) if fd is not None else (1, 2, 0):
        try:
            rows, cols, xpixel, ypixel = struct.unpack(
                "HHHH", fcntl.ioctl(candidate, termios.TIOCGWINSZ, b"\0" * 8))
        except (ValueError, OSError):
            continue
        if rows and cols and xpixel >= cols * 4 and ypixel >= rows * 8:
            return xpixel // cols, ypixel // rows
        return DEFAULT_CELL  # a terminal that does not say its pixels
    return DEFAULT_CELL
