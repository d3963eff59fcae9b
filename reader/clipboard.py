"""Copying text to the system clipboard through its command-line tool.

The app also sends the text to the terminal as OSC 52, but whether that
arrives (tmux, screen and many terminals drop it) cannot be known; a system
tool's exit status can. The tools are tried only where they can work:
wl-copy under Wayland, xclip and xsel under X11, pbcopy on macOS. The text goes
on stdin; a tool that hangs is given up after `TIMEOUT` seconds.
No Textual here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

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
