"""Hostile file names in a real terminal (tmux): the reader's sidebar, pane and
notices must not set the terminal's title or clear its screen."""

from __future__ import annotations

import subprocess

from tests.hostile import ARTICLE, BINARY, make, shown
from tests.test_tmux import TMUX, Terminal, pytestmark, tmux_server  # noqa: F401 (fixture)

NAME = "osc\x1b]0;PWNED\x07[bold red]title\x1b[2J.txt"
JUNK = "junk\x1b]2;PWNED2\x07\x9d0;PWNED3\x9c.bin"


def pane_title(term: Terminal) -> str:
    return subprocess.run([*TMUX, "display-message", "-p", "-t", term.name, "#{pane_title}"],
                          capture_output=True, text=True, check=True).stdout


def test_hostile_names_neither_set_the_title_nor_clear_the_screen(tmp_path, env):
    folder = tmp_path / "lib"
    folder.mkdir()
    make(folder, NAME, ARTICLE)
    make(folder, JUNK, BINARY)
    term = Terminal(["newsreader", str(folder)], env)
    try:
        term.wait_for("1 file skipped")  # the scan is done and its notice is up
        screen = term.wait_for(shown(NAME))  # the reading pane's meta line names the file
        assert "1 article ·" in screen  # the status line was not blanked
        term.keys("M")  # the messages screen names the skipped file
        screen = term.wait_for("Skipped")
        flat = "".join(screen.translate(str.maketrans("", "", "▌▕▏█▀▄")).split())
        assert shown(JUNK) == "junk.bin" and "/lib/junk.bin:" in flat
        term.keys("Escape")
        assert "PWNED" not in pane_title(term)
        term.keys("q")
        term.wait_for("EXITED-0")
        assert "PWNED" not in pane_title(term)
    finally:
        term.close()
