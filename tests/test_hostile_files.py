"""What the disk can hold that is not an article: a FIFO where a file is read,
symbolic link loops, a few control bytes in a text. Each ends in one line and
no hang; nothing else stops."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import feedcache, library, list_head, paths
from reader.config import load_config
from reader.files import NotRegularFile, read_regular
from reader.model import ArticleSummary, Skipped
from reader.store import Store, StoreError
from reader.subscriptions import _state_path, load_state
from reader.text import looks_binary
from tests.hostile import ARTICLE

# A FIFO with no writer: open() on it would wait forever. Every run below has a
# timeout, so a regression fails the test instead of hanging the suite.
TIMEOUT = 30


def newsreader(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *argv], capture_output=True,
                          text=True, env=env, timeout=TIMEOUT, stdin=subprocess.DEVNULL)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


# FIFOs -----------------------------------------------------------------------

def test_read_regular_refuses_a_fifo_without_waiting(fifo):
    with pytest.raises(NotRegularFile, match=r"not a regular file \(a pipe\)"):
        read_regular(fifo)
    with pytest.raises(IsADirectoryError):
        read_regular(fifo.parent)


def test_a_fifo_named_as_a_source_is_one_warning(fifo, env):
    article = fifo.parent / "good.txt"
    article.write_bytes(ARTICLE)
    result = newsreader("list", str(fifo), str(article), env=env)
    assert result.returncode == 0
    assert "A quiet harbour" in result.stdout
    assert one_line(result.stderr) == f"newsreader: skipped {fifo}: not a regular file (a pipe)"
    shown = newsreader("show", str(fifo), env=env)
    assert shown.returncode == 1
    assert one_line(shown.stderr) == f"newsreader: {fifo}: not a regular file (a pipe)"


def test_a_fifo_in_a_folder_is_passed_over(fifo):
    (fifo.parent / "good.txt").write_bytes(ARTICLE)
    items = list(library.scan([fifo.parent], cache=False))
    assert [type(i) for i in items] == [ArticleSummary]


def test_a_fifo_as_an_opml_file_to_import(fifo, env):
    result = newsreader("import", str(fifo), env=env)
    assert result.returncode == 1
    assert one_line(result.stderr) == f"newsreader: {fifo}: not a regular file (a pipe)"


def test_a_fifo_in_a_store_files_place_is_one_line(tmp_path, env):
    store = paths.data_dir() / "store"
    store.mkdir(parents=True)
    os.mkfifo(store / "store.json")
    result = newsreader("sources", env=env)
    assert result.returncode == 1
    assert one_line(result.stderr).startswith(f"newsreader: cannot read {store / 'store.json'}: "
                                              "not a regular file")
    with pytest.raises(StoreError):
        Store.open(store)


def test_a_fifo_in_the_store_folders_place_is_one_line(tmp_path, env):
    store = paths.data_dir() / "store"
    store.parent.mkdir(parents=True)
    os.mkfifo(store)
    (tmp_path / "lib").mkdir()
    result = newsreader("add", str(tmp_path / "lib"), env=env)
    assert result.returncode == 1
    assert one_line(result.stderr).startswith(f"newsreader: cannot use the store {store}")
    assert newsreader("sources", env=env).returncode == 0  # reading finds an empty library


def test_fifos_in_every_cache_place_are_passed_over(tmp_path):
    cache = paths.cache_dir()
    (cache / "articles").mkdir(parents=True)
    url = "https://example.org/feed.xml"
    _state_path(url).parent.mkdir(parents=True)
    for place in (cache / "index.json", list_head.head_path(), _state_path(url),
                  feedcache.articles_dir() / ("0" * 16 + ".json")):
        os.mkfifo(place)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "good.txt").write_bytes(ARTICLE)
    assert [type(i) for i in library.scan([tmp_path / "lib"])] == [ArticleSummary]
    assert list_head.read_head([str(tmp_path / "lib")]) == []
    assert load_state(url).status == "never refreshed"
    assert feedcache.load_cached("0" * 16) is None


def test_a_fifo_as_the_config_file_is_one_problem(fifo):
    config = load_config(fifo)
    assert config.problems == [f"{fifo}: cannot read (not a regular file (a pipe))"]


# Symbolic link loops ----------------------------------------------------------

def test_a_link_back_up_gives_one_warning_and_the_scan_ends(tmp_path):
    inner = tmp_path / "lib" / "a" / "b"
    inner.mkdir(parents=True)
    (inner / "story.txt").write_bytes(ARTICLE)
    (inner / "up").symlink_to("../..")
    items = list(library.scan([tmp_path / "lib"], cache=False))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.source for s in skipped] == [str(inner / "up")]
    assert "loop" in skipped[0].reason
    assert [i.source for i in items if isinstance(i, ArticleSummary)] == [str(inner / "story.txt")]


def test_a_folder_linked_to_itself_and_two_ways_into_one_folder(tmp_path):
    lib = tmp_path / "lib"
    (lib / "real").mkdir(parents=True)
    (lib / "real" / "story.txt").write_bytes(ARTICLE)
    (lib / "self").symlink_to(".")
    (lib / "alias").symlink_to("real")  # not a loop: the folder is walked once, silently
    items = list(library.iter_files([lib]))
    assert items.count(str(lib / "alias" / "story.txt")) + items.count(str(lib / "real" / "story.txt")) == 1
    assert [i.source for i in items if isinstance(i, Skipped)] == [str(lib / "self")]


def test_two_loops_into_each_other_end(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "to-y").symlink_to(tmp_path / "y")
    (tmp_path / "y" / "to-x").symlink_to(tmp_path / "x")
    items = list(library.iter_files([tmp_path / "x", tmp_path / "y"]))
    assert [i.source for i in items if isinstance(i, Skipped)] == [str(tmp_path / "x" / "to-y" / "to-x")]


def test_list_over_a_loop_exits_with_one_warning(tmp_path, env):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "story.txt").write_bytes(ARTICLE)
    (tmp_path / "lib" / "again").symlink_to(tmp_path / "lib")
    result = newsreader("list", str(tmp_path / "lib"), env=env)
    assert result.returncode == 0
    assert result.stdout.count("A quiet harbour") == 1
    assert "loop" in one_line(result.stderr)


def test_a_tree_deeper_than_the_recursion_limit(tmp_path):
    deep = str(tmp_path)
    for _ in range(sys.getrecursionlimit() + 100):  # mkdir(parents=True) would recurse itself
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    deep = Path(deep)
    (deep / "story.txt").write_bytes(ARTICLE)
    try:
        assert list(library.iter_files([tmp_path])) == [str(deep / "story.txt")]
    finally:  # shutil.rmtree, which pytest cleans up with, recurses: undo it here
        (deep / "story.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


# Binary -------------------------------------------------------------------------

def test_a_short_article_with_a_few_bells_reads(tmp_path, env):
    text = b"Bells at sea\n\n" + b"The bell\x07 rang\x07 twelve\x07 times." * 4 + b"\x08\x0b\n"
    assert not looks_binary(text)
    path = tmp_path / "bells.txt"
    path.write_bytes(text)
    result = newsreader("show", str(path), env=env)
    assert result.returncode == 0, result.stderr
    assert "The bell rang twelve times." in result.stdout and "\x07" not in result.stdout


@pytest.mark.parametrize("data", [
    b"text then a NUL\x00 byte",
    bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13, 27)) * 40,  # all controls
    bytes(range(1, 256)) * 32,  # every byte but NUL, as random data has them
])
def test_binary_is_nul_or_a_high_share_of_controls(data):
    assert looks_binary(data)
