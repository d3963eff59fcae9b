"""Hostile file and folder names through every command that shows one: no escape
sequence, C1 control or markup reaches stdout or stderr as code, piped or on a
terminal, and the real path still works for I/O."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings

from reader import library
from reader.cli import main
from reader.store import Store
from tests.hostile import (
    ARTICLE,
    BINARY,
    FIXED_NAMES,
    assert_no_code,
    make,
    names,
    shown,
    strip_own_sequences,
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check(output: str, *expected: str) -> None:
    """No code in `output`, and each expected text in it as written: a name's
    markup ("[bold red]") read as markup would have vanished."""
    assert_no_code(output)
    for text in expected:
        assert text in output, f"{text!r} not shown in {output!r}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folder_name=names, file_name=names)
def test_hostile_names_reach_no_output_as_code(capsys, folder_name, file_name):
    try:
        _every_command(capsys, folder_name, file_name)
    finally:  # each example starts with an empty library and no bookmarks
        store = Store.open()
        for bookmark in store.bookmarks():
            store.remove_bookmark(bookmark.id)
        for source in store.sources():
            store.remove_source(source)


def _every_command(capsys, folder_name: str, file_name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, folder_name)
        os.mkdir(folder)
        path = make(folder, file_name, ARTICLE)
        junk = make(folder, file_name + "x", BINARY)

        code, out, err = run(capsys, "list", folder)  # the junk file: a warning with its path
        assert code == 0
        check(out, "A quiet harbour")
        check(err, shown(junk))

        code, out, err = run(capsys, "list", "--json", folder)
        assert_no_code(out)
        assert [item["source"] for item in json.loads(out)] == [path]  # exact, for programs

        code, out, err = run(capsys, "show", path)  # the meta line names the file
        assert code == 0
        check(out, "A quiet harbour", shown(path))
        check(err)

        code, out, err = run(capsys, "show", "--json", path)
        assert_no_code(out)
        assert json.loads(out)["source"] == path

        code, out, err = run(capsys, "show", path + "-gone")  # an error names the path
        assert code == 1
        check(err, shown(path + "-gone"))

        code, out, err = run(capsys, "add", folder)
        assert code == 0
        check(out, shown(folder))
        code, out, err = run(capsys, "sources")
        check(out, shown(folder))
        assert folder in Store.open().sources()  # the real path is what is kept

        article = library.load(path)
        Store.open().add_bookmark(article, article.passages()[0])
        code, out, err = run(capsys, "bookmarks", "--markdown")
        check(out, shown(path))
        code, out, err = run(capsys, "bookmarks")
        check(out)

        code, out, err = run(capsys, "remove", folder)
        assert code == 0
        check(out, shown(folder))
        assert folder not in Store.open().sources()


@pytest.mark.parametrize("name", FIXED_NAMES)
def test_argparse_echo_of_a_hostile_argument_is_cleaned(capsys, name):
    with pytest.raises(SystemExit):
        main(["sources", name])  # "unrecognized arguments: NAME"
    out, err = capsys.readouterr()
    check(err, shown(name))


# On a terminal ------------------------------------------------------------------

def run_on_terminal(argv: list[str], env: dict[str, str], timeout: float = 20) -> str:
    """Run `newsreader ARGV` with stdout and stderr on a pseudo-terminal; all it wrote."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "reader", *argv], stdin=subprocess.DEVNULL,
                            stdout=follower, stderr=follower, env={**env, "TERM": "xterm-256color",
                                                                   "COLUMNS": "200"})
    os.close(follower)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], timeout)
            if not ready:
                raise AssertionError(f"no output for {timeout} s: {b''.join(chunks)!r}")
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the other side closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        proc.wait(timeout)
        os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("name", FIXED_NAMES)
def test_hostile_names_on_a_terminal(tmp_path, env, name):
    folder = tmp_path / name.replace(".txt", "")
    folder.mkdir()
    path = make(folder, name, ARTICLE)
    junk = make(folder, name + ".bin", BINARY)
    Store.open().add_bookmark(article := library.load(path), article.passages()[0])

    for argv, expected in [(["show", path], [shown(path)]),
                           (["list", str(folder)], [shown(junk)]),
                           (["add", str(folder)], [shown(str(folder))]),
                           (["sources"], [shown(str(folder))]),
                           (["bookmarks", "--markdown"], [shown(path)]),
                           (["show", path + "-gone"], [shown(path + "-gone")])]:
        output = run_on_terminal(argv, env)
        assert_no_code(output, terminal=True)
        screen = "".join(strip_own_sequences(output).split())
        for text in expected:  # Rich may style and wrap: compare without white space
            assert "".join(text.split()) in screen, (argv, output)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folder_name=names, file_name=names)
def test_generated_names_on_a_terminal(env, folder_name, file_name):
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, folder_name)
        os.mkdir(folder)
        path = make(folder, file_name, ARTICLE)
        junk = make(folder, file_name + "x", BINARY)
        for argv, text in [(["show", path], shown(path)), (["list", folder], shown(junk))]:
            output = run_on_terminal(argv, env)
            assert_no_code(output, terminal=True)
            screen = "".join(strip_own_sequences(output).split())
            assert "".join(text.split()) in screen, (argv, output)
