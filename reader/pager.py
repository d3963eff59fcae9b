"""Paging long output through the user's pager, as git does.

`$PAGER` (default `less -R`) is run with the text on its stdin; `LESS` is set
to `FRX` when the user has not set it (quit when it fits one screen, keep
colours, leave the text on screen after quitting). An empty `$PAGER` or `cat`
means no paging. A pager that cannot be started is not an error: the caller
prints the text itself. No Textual here.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping

DEFAULT = "less -R"


def pager_argv(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The pager's command line, or None for no paging."""
    environ = os.environ if environ is None else environ
    value = environ.get("PAGER", DEFAULT).strip()
    if value in ("", "cat"):
        return None
    try:
        argv = shlex.split(value)
    except ValueError:  # unbalanced quotes: not a command we can run
        return None
    return argv or None


def page(text: str, environ: Mapping[str, str] | None = None) -> bool:
    """Show `text` through the pager and wait for it to quit; False when no pager
    could be started (nothing was shown: print the text instead)."""
    environ = dict(os.environ if environ is None else environ)
    argv = pager_argv(environ)
    if argv is None:
        return False
    environ.setdefault("LESS", "FRX")
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=environ)
    except OSError:
        return False
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        pager.stdin.write(text.encode(encoding, errors="replace"))
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit before the end: fine
        pass
    while True:
        try:
            pager.wait()
            return True
        except KeyboardInterrupt:  # ctrl-c is the pager's to handle, as under git
            continue
