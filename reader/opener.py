"""Which program opens a web link, and how: the `o` key's choice.

In order: the `browser` command from config.toml (`%u` stands for the URL,
else the URL goes last), then `$BROWSER` (colon-separated commands, `%s` for
the URL, the first whose program exists), then Python's `webbrowser` when a
graphical display is there (X11, Wayland, macOS, Windows), else a console
browser found on PATH (w3m, lynx, ...). A console browser needs the terminal:
the app runs it suspended (`Opener.console`), never beside its own screen.
None when nothing can open the link; the caller says so and shows the URL.

No Textual here: the app decides how to suspend itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass

CONSOLE_BROWSERS = ("w3m", "lynx", "elinks", "links", "links2", "browsh", "carbonyl")
"""Browsers that draw in the terminal, looked for on PATH when there is no display."""


@dataclass(frozen=True)
class Opener:
    name: str                    # for notices: "w3m", "firefox", "the system browser"
    argv: tuple[str, ...] = ()   # () : Python's webbrowser module
    console: bool = False        # runs in this terminal: the app must be suspended


def graphical(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    return (bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
            or platform == "darwin" or platform.startswith("win"))


def command_argv(command: str, url: str, placeholder: str) -> tuple[str, ...]:
    """The command's words with `placeholder` replaced by the URL, or the URL
    appended when it has none. ValueError for unbalanced quotes or no words."""
    import shlex  # here and webbrowser below: imported when a link is opened, not at launch

    words = shlex.split(command)
    if not words:
        raise ValueError("empty command")
    if any(placeholder in w for w in words):
        return tuple(w.replace(placeholder, url) for w in words)
    return (*words, url)


def _is_console(program: str, shown: bool) -> bool:
    return not shown or os.path.basename(program) in CONSOLE_BROWSERS


def choose(url: str, configured: str | None, environ: Mapping[str, str] | None = None,
           platform: str | None = None) -> Opener | None:
    environ = os.environ if environ is None else environ
    shown = graphical(environ, platform)
    path = environ.get("PATH")
    if configured:
        try:
            argv = command_argv(configured, url, "%u")
        except ValueError:
            pass  # reported when the config was read
        else:
            return Opener(os.path.basename(argv[0]), argv, _is_console(argv[0], shown))
    for command in environ.get("BROWSER", "").split(os.pathsep):
        try:
            argv = command_argv(command, url, "%s")
        except ValueError:
            continue
        if shutil.which(argv[0], path=path):
            return Opener(os.path.basename(argv[0]), argv, _is_console(argv[0], shown))
    if shown:
        return _system_browser(url)
    for name in CONSOLE_BROWSERS:
        if found := shutil.which(name, path=path):
            return Opener(name, (found, url), console=True)
    return None


def _system_browser(url: str) -> Opener:
    """Python's choice of browser; one that draws in the terminal (webbrowser falls
    back to w3m or lynx where no graphical browser is installed) is run as such."""
    import webbrowser

    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return Opener("the system browser")
    if type(controller) is webbrowser.GenericBrowser:  # waited for: a console program
        argv = tuple(a.replace("%s", url) for a in [controller.name, *controller.args])
        return Opener(os.path.basename(controller.name), argv, console=True)
    return Opener("the system browser")


def run(opener: Opener, url: str) -> str | None:
    """Open `url` with `opener`; a one-line reason when it did not, else None. A
    console browser is waited for (the caller has handed it the terminal); a
    graphical one is started and left running."""
    if not opener.argv:
        import webbrowser

        return None if webbrowser.open(url) else "the system browser did not open it"
    try:
        if opener.console:
            code = subprocess.run(opener.argv, check=False).returncode
            return None if code == 0 else f"{opener.name} exited with status {code}"
        subprocess.Popen(opener.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as err:
        return f"cannot run {opener.name} ({err.strerror or err})"
    return None
