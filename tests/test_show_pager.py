"""`show` pages through `$PAGER` on a terminal when the article is longer than the
screen, as git does; never when piped or with --json; a pager that cannot start
means the article is printed. Run under a pseudo-terminal so stdout is a TTY."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

from reader import pager, present

ROWS, COLS = 24, 100


def write_article(folder, paragraphs: int):
    path = folder / "long.txt"
    body = "\n\n".join(f"Paragraph {n} of the long article about river barges." for n in range(paragraphs))
    wide = "A paragraph wider than any measure, " * 8
    path.write_text(f"River barges return\n\n{wide}\n\n{body}\n")
    return path


def stub_pager(folder):
    script = folder / "stub-pager"
    script.write_text(f"#!/bin/sh\nprintf '%s' \"$LESS\" > '{folder}/less-env'\n"
                      f"printf '%s' \"$*\" > '{folder}/args'\ncat > '{folder}/paged.txt'\n")
    script.chmod(0o755)
    return script


def run_on_tty(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """`newsreader args` with stdin, stdout and stderr on a pty of ROWS x COLS."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", **env}
    for name in ("COLUMNS", "LINES", "LESS"):
        if name not in env:
            full_env.pop(name, None)
    proc = subprocess.Popen([sys.executable, "-m", "reader", *args], stdin=slave, stdout=slave,
                            stderr=slave, env=full_env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_a_long_article_goes_through_the_pager_with_less_options(tmp_path):
    path = write_article(tmp_path, 40)
    script = stub_pager(tmp_path)
    code, screen = run_on_tty("show", str(path), env={"PAGER": f"{script} -R"})
    assert code == 0
    paged = (tmp_path / "paged.txt").read_text()
    assert "Paragraph 39 of the long article" in paged and "\x1b[" in paged  # styled
    assert "Paragraph 39" not in screen  # the pager had it, not the terminal
    assert (tmp_path / "args").read_text() == "-R"
    assert (tmp_path / "less-env").read_text() == "FRX"  # as git sets it
    plain = re.sub(r"\x1b\[[0-9;]*m", "", paged).splitlines()
    assert max(len(line) for line in plain) <= present.MEASURE < COLS  # the reading measure


def test_the_users_less_setting_is_kept(tmp_path):
    path = write_article(tmp_path, 40)
    script = stub_pager(tmp_path)
    run_on_tty("show", str(path), env={"PAGER": str(script), "LESS": "-S"})
    assert (tmp_path / "less-env").read_text() == "-S"


def test_a_short_article_is_printed_without_the_pager(tmp_path):
    path = write_article(tmp_path, 2)
    script = stub_pager(tmp_path)
    code, screen = run_on_tty("show", str(path), env={"PAGER": str(script)})
    assert code == 0 and "Paragraph 1 of the long article" in screen
    assert not (tmp_path / "paged.txt").exists()


def test_json_and_pipes_are_never_paged(tmp_path):
    path = write_article(tmp_path, 40)
    script = stub_pager(tmp_path)
    code, screen = run_on_tty("show", "--json", str(path), env={"PAGER": str(script)})
    assert code == 0 and "Paragraph 39" in screen and not (tmp_path / "paged.txt").exists()
    piped = subprocess.run([sys.executable, "-m", "reader", "show", str(path)], capture_output=True,
                           text=True, env={**os.environ, "PAGER": str(script)}, stdin=subprocess.DEVNULL)
    assert piped.returncode == 0 and "Paragraph 39" in piped.stdout
    assert not (tmp_path / "paged.txt").exists()


def test_a_pager_that_cannot_start_means_printing(tmp_path):
    path = write_article(tmp_path, 40)
    for broken in (str(tmp_path / "no-such-pager"), "'unbalanced"):
        code, screen = run_on_tty("show", str(path), env={"PAGER": broken})
        assert code == 0 and "Paragraph 39 of the long article" in screen
        assert "Traceback" not in screen


def test_the_pager_command_line():
    assert pager.pager_argv({}) == ["less", "-R"]
    assert pager.pager_argv({"PAGER": "most -s"}) == ["most", "-s"]
    assert pager.pager_argv({"PAGER": ""}) is None and pager.pager_argv({"PAGER": "cat"}) is None
    assert pager.pager_argv({"PAGER": "'open"}) is None
