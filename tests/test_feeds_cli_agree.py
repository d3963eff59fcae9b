"""The command line agrees with the reader: `feeds` with folders, unread counts and
local times; renaming and moving a feed in the store; fetching a summary-only
item's page again; the refresh interval in the config."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.config import parse_config
from reader.model import ArticleError
from reader.store import Store


def cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_feeds_shows_folder_unread_and_local_time(web_server, capsys, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    import time

    time.tzset()
    try:
        good, bad = web_server.url("/static/rss2.xml"), web_server.url("/status/500")
        store = Store.open()
        store.add_feed(good, None, "News/Local")
        store.add_feed(bad)
        assert cli(capsys, "refresh", "--summaries-only")[0] == 1
        items = [r for r in json.loads(cli(capsys, "list", "--json")[1]) if r["feed"] == good]
        store.mark_read(items[0]["id"])
        rows = {r["url"]: r for r in json.loads(cli(capsys, "feeds", "--json")[1])}
        assert rows[good]["folder"] == "News/Local" and rows[good]["unread"] == len(items) - 1
        assert rows[bad]["unread"] == 0 and rows[bad]["status"] == "error"
        code, out, _ = cli(capsys, "feeds")
        assert f"in News / Local · {len(items) - 1} unread of {len(items)}" in out
        from datetime import datetime

        when = datetime.fromisoformat(rows[good]["refreshed"].replace("Z", "+00:00"))
        assert f"refreshed {when.astimezone():%Y-%m-%d %H:%M}" in out
        assert when.astimezone().utcoffset().total_seconds() == 9 * 3600
        assert "in no folder" in out and "· failed: " in out
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_update_feed_renames_and_moves_durably(tmp_path):
    store = Store.open(tmp_path / "store")
    store.add_feed("https://a.example/feed", "A", "Old")
    assert store.update_feed("https://a.example/feed", title="Alpha")
    assert store.update_feed("https://a.example/feed", folder="New/Place")
    again = Store.open(tmp_path / "store")  # another process sees it
    assert again.feeds()[0] | {"added": None} == {"url": "https://a.example/feed",
                                                  "title": "Alpha", "folder": "New/Place",
                                                  "added": None}
    assert again.update_feed("https://a.example/feed", folder="")
    assert Store.open(tmp_path / "store").feeds()[0]["folder"] is None
    assert not store.update_feed("https://nope.example/feed", title="x")
    store.add_source(tmp_path)
    assert not store.update_feed(str(tmp_path), title="x")  # a folder is not a feed


def test_refetch_page_of_a_summary_only_item(web_server, capsys):
    from reader import feedcache
    from reader.subscriptions import load_state, refetch_page

    url = web_server.url("/static/summary-only.xml")
    Store.open().add_feed(url)
    cli(capsys, "refresh", "--summaries-only")
    rows = {r["title"]: r for r in json.loads(cli(capsys, "list", "--json")[1])}
    barges = rows["River barges return as cargo moves off the roads"]
    assert feedcache.load_entry(barges["id"]).summary_only
    page = refetch_page(barges["id"], None)
    assert any(b.kind == "key_points" for b in page.blocks) and not page.summary_only
    assert not feedcache.load_entry(barges["id"]).summary_only
    assert feedcache.load_entry(barges["id"]).feed == url
    state = {i["id"]: i for i in load_state(url).items}
    assert state[barges["id"]]["summary_only"] is False
    gone = rows["A page that is gone"]
    with pytest.raises(ArticleError):
        refetch_page(gone["id"], None)
    assert feedcache.load_entry(gone["id"]).summary_only  # the summary is kept


@pytest.mark.parametrize(("value", "minutes", "problem"), [
    (15, 15.0, False), (0, 0.0, False), (-1, 30.0, True), ("often", 30.0, True), (True, 30.0, True),
])
def test_refresh_minutes_in_the_config(value, minutes, problem):
    config = parse_config({"refresh_minutes": value})
    assert config.refresh_minutes == minutes
    assert bool(config.problems) == problem
