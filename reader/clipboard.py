"""Copying text to the system clipboard through its command-line tool.

The app also sends the text to the terminal as OSC 52, but whether that
arrives cannot be known (a terminal does not answer it); only where it is sure
to be lost can be told (`osc52_blocked`). A system tool's exit status is known.
The tools are tried only where they can work:
wl-copy under Wayland, xclip and xsel under X11, pbcopy on macOS. The text goes
on stdin; a tool that hangs is given up after `TIMEOUT` seconds.
No Textual here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping

TIMEOUT = 2.0
TOOLS = (
    ("wl-copy", (), "WAYLAND_DISPLAY"),
    ("xclip", ("-selection", "clipboard"), "DISPLAY"),
    ("xsel", ("--clipboard", "--input"), "DISPLAY"),
    ("pbcopy", (), "darwin"),
)


def candidates(environ: Mapping[str, str] | None = None,
               platform: str | None = None) -> list[tuple[str, list[str]]]:
    """(name, argv) of each tool that is installed and has what it needs to work."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    found = []
    for name, args, needs in TOOLS:
        if needs == platform or (needs.isupper() and environ.get(needs)):
            program = shutil.which(name, path=environ.get("PATH"))
            if program:
                found.append((name, [program, *args]))
    return found


def system_copy(text: str, environ: Mapping[str, str] | None = None,
                platform: str | None = None, timeout: float = TIMEOUT) -> str | None:
    """Copy `text` with the first tool that succeeds; its name, or None."""
    data = text.encode("utf-8")
    for name, argv in candidates(environ, platform):
        try:
            done = subprocess.run(argv, input=data, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return name
    return None


def osc52_blocked(environ: Mapping[str, str] | None = None,
                  tmux_option: Callable[[], str | None] | None = None) -> str | None:
    """Why an OSC 52 sequence cannot reach any clipboard here, or None when it may.

    "May" is all that can be said: a terminal does not answer OSC 52, so even when
    nothing here stops it, whether it was copied is unknown. It is known to be
    lost when there is no terminal that could take it (TERM unset, `dumb`, or the
    Linux console), under GNU screen (which does not pass it on), and under tmux
    unless its `set-clipboard` option is `on` (with `external`, the default, or
    `off`, tmux drops what applications send).
    """
    environ = os.environ if environ is None else environ
    term = environ.get("TERM", "")
    if term in ("", "dumb", "linux"):
        return f"the terminal ({term or 'TERM unset'}) has no clipboard sequence"
    if environ.get("TMUX"):
        setting = (tmux_option or tmux_set_clipboard)()
        if setting != "on":
            return f"tmux drops it (set-clipboard is {setting or 'unknown'}, not on)"
    elif environ.get("STY"):
        return "GNU screen does not pass it on"
    return None


def tmux_set_clipboard(timeout: float = TIMEOUT) -> str | None:
    """tmux's `set-clipboard` option, or None when it cannot be read."""
    try:
        done = subprocess.run(["tmux", "show-options", "-gv", "set-clipboard"], capture_output=True,
                              text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None
