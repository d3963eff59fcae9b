"""Caches cannot break the reader: every cache file that will not parse, nests
too deep, or is valid JSON of the wrong shape is passed over, and the reader
starts. Also the keymap check and the layer rule for the config."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader import feedcache, library, list_head, paths
from reader.app import NewsReader
from reader.bindings import key_name, usable_keymap
from reader.config import Config
from reader.index_cache import FORMAT, IndexCache
from reader.store import Store
from reader.subscriptions import _state_path, load_state
from tests.app_helpers import settle
from tests.hostile import ARTICLE

URL = "http://127.0.0.1:9/feed.xml"  # nothing listens: a refresh fails at once
ITEM_ID = "0123456789abcdef"

# Any JSON file can be any of these; each cache must shrug all of them off.
DAMAGED = [b"", b"{", b"\xff\xfe garbage", b"[" * 100_000 + b"]" * 100_000, b"null", b"1",
           b'"text"', b"[]", b"{}", b"[[1, 2], {}]"]


def index_shapes(path: str) -> list[object]:
    return [{"format": FORMAT, "entries": []}, {"format": FORMAT, "entries": {path: "x"}},
            {"format": FORMAT, "entries": {path: [1]}},
            {"format": FORMAT, "entries": {path: [None, None, "id", "title", None]}},
            {"format": FORMAT, "entries": {path: ["10", 5, None, {"a": 1}]}},
            {"format": FORMAT, "entries": {path: [1, 2, ["id"], "t", None]}}]


HEAD_SHAPES = [{"version": 1, "sources": None, "rows": []}, {"version": 1, "rows": {}},
               {"version": 1, "rows": [1, 2]}, {"version": 1, "rows": [{"id": 1}]},
               {"version": 1, "rows": [{"id": "a", "title": ["t"], "source": "s"}]}]
STATE_SHAPES = [{"url": URL, "items": "abc"}, {"url": URL, "items": [1]},
                {"url": URL, "items": [{"id": 1, "title": "t"}]},
                {"url": URL, "items": [{"id": "a"}]}, {"url": URL, "title": ["x"]},
                {"url": URL, "validators": []}, {"url": URL, "status": 3},
                {"url": URL, "bogus": 1}, [URL]]
ARTICLE_SHAPES = [{"schema": 1, "article": []}, {"schema": 1, "article": {"id": ITEM_ID}},
                  {"schema": 1, "article": {"id": ITEM_ID, "title": "t", "source": "s",
                                            "blocks": "abc"}},
                  {"schema": 1, "article": {"id": ITEM_ID, "title": ["t"], "source": "s",
                                            "blocks": []}},
                  {"schema": 1, "article": {"id": ITEM_ID, "title": "t", "source": "s",
                                            "blocks": [{"kind": "paragraph", "text": ["x"]}]}},
                  {"schema": 1, "article": {"id": ITEM_ID, "title": "t", "source": "s",
                                            "blocks": [{"kind": "key_points", "items": "ab"}]}}]


def variants(shapes: list[object]) -> list[bytes]:
    return DAMAGED + [json.dumps(shape).encode() for shape in shapes]


@pytest.fixture
def article_file(tmp_path):
    (tmp_path / "lib").mkdir()
    path = tmp_path / "lib" / "story.txt"
    path.write_bytes(ARTICLE)
    return path


def test_index_cache_of_any_damage_or_shape(article_file):
    cache = paths.cache_dir() / "index.json"
    cache.parent.mkdir(parents=True)
    for raw in variants(index_shapes(str(article_file))):
        cache.write_bytes(raw)
        assert [s.title for s in library.scan([article_file.parent])] == ["A quiet harbour"], raw[:80]
        assert IndexCache.load(cache).lookup(article_file) is not None  # rewritten whole


def test_sidebar_head_of_any_damage_or_shape(article_file):
    sources = [str(article_file.parent)]
    list_head.head_path().parent.mkdir(parents=True)
    for raw in variants(HEAD_SHAPES + [{**shape, "sources": sources} for shape in HEAD_SHAPES]):
        list_head.head_path().write_bytes(raw)
        assert list_head.read_head(sources) == [], raw[:80]


def test_feed_state_of_any_damage_or_shape(env):
    _state_path(URL).parent.mkdir(parents=True)
    for raw in variants(STATE_SHAPES):
        _state_path(URL).write_bytes(raw)
        state = load_state(URL)
        assert (state.status, state.items) == ("never refreshed", []), raw[:80]
        assert list(library.scan([URL], cache=False)) == []
    Store.open().add_feed(URL)
    result = subprocess.run([sys.executable, "-m", "reader", "feeds"], capture_output=True,
                            text=True, env=env, timeout=30)
    assert result.returncode == 0 and result.stderr == ""
    assert "not fetched yet" in result.stdout


def test_extracted_article_of_any_damage_or_shape():
    feedcache.articles_dir().mkdir(parents=True)
    path = feedcache.articles_dir() / f"{ITEM_ID}.json"
    for raw in variants(ARTICLE_SHAPES):
        path.write_bytes(raw)
        assert feedcache.load_cached(ITEM_ID) is None, raw[:80]


async def test_the_reader_starts_over_every_cache_of_the_wrong_shape(article_file, tmp_path):
    store = Store.open(tmp_path / "store")
    store.add_feed(URL)
    sources = [str(article_file.parent), URL]
    for path in (paths.cache_dir() / "index.json", list_head.head_path(), _state_path(URL),
                 feedcache.articles_dir() / f"{ITEM_ID}.json"):
        path.parent.mkdir(parents=True, exist_ok=True)
    (paths.cache_dir() / "index.json").write_text(json.dumps(index_shapes(str(article_file))[3]))
    list_head.head_path().write_text(json.dumps({**HEAD_SHAPES[4], "sources": sources}))
    _state_path(URL).write_text(json.dumps(STATE_SHAPES[2]))
    (feedcache.articles_dir() / f"{ITEM_ID}.json").write_text(json.dumps(ARTICLE_SHAPES[4]))
    app = NewsReader(sources, store, library, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.reader.article.title == "A quiet harbour"


# The keymap ---------------------------------------------------------------------

def test_key_names():
    assert key_name("?") == "question_mark"
    assert key_name(" ctrl+n ") == "ctrl+n"
    assert key_name("J") == "J"
    assert key_name("comma") == "comma"
    assert key_name("backslash") == "backslash"
    for bad in ("", " ", "foo", "ctrl+", "ctrl+foo", "hyperspace+x", "\x1b[2J"):
        assert key_name(bad) is None, bad


def test_a_keymap_entry_that_cannot_be_applied_is_reported_and_dropped():
    usable, problems = usable_keymap({"quit": ",", "next-article": "ctrl+n, J", "help": "?",
                                      "rescan": "r,foo", "nope": "x"})
    assert usable == {"next-article": "ctrl+n,J", "help": "question_mark"}
    assert len(problems) == 3
    assert "quit" in problems[0] and "stays on q" in problems[0]
    assert "'foo' is not a key name" in problems[1]
    assert "unknown binding id 'nope'" in problems[2]


async def test_quit_comma_in_the_keymap_leaves_q_bound():
    from tests.app_helpers import reader_app

    app = reader_app(config=Config(keymap={"quit": ",", "help": "?"}))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert any("quit = ','" in n.message for n in app._notifications)
        await pilot.press("question_mark")  # "?" in the keymap is the key question_mark
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0  # q quit


def test_loading_the_config_imports_no_textual(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('theme = "x"\n[keymap]\nquit = ","\n')
    code = ("import sys\n"
            "import reader.config, reader.library, reader.store, reader.model, reader.files\n"
            "import reader.sources, reader.index_cache, reader.list_head, reader.text\n"
            f"c = reader.config.load_config(__import__('pathlib').Path({str(config)!r}))\n"
            "assert c.keymap == {'quit': ','}, c\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    assert out.strip() == "[]"


def test_feed_state_text_from_the_cache_is_cleaned(capsys):
    from reader.cli import main
    from tests.hostile import assert_no_code

    _state_path(URL).parent.mkdir(parents=True)
    _state_path(URL).write_text(json.dumps({
        "url": URL, "title": "Feed\x1b]0;pwned\x07", "status": "error",
        "error": "503 \x1b[2JGone", "items": [{"id": "a", "title": "Item\x9b2J [bold]x"}]}))
    state = load_state(URL)
    assert (state.title, state.error) == ("Feed", "503 Gone")
    assert [s.title for s in state.summaries()] == ["Item [bold]x"]
    Store.open().add_feed(URL)
    assert main(["feeds"]) == 0
    out, err = capsys.readouterr()
    assert_no_code(out + err)
    assert "Feed · in no folder · 1 unread of 1" in out and "failed: 503 Gone" in out
