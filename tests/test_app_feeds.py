"""Feeds in the reader: refreshed in the background at start and on R, new items
appear without moving the reader off the article being read."""

from __future__ import annotations

import threading

from reader import library
from reader.app import NewsReader
from reader.store import Store
from tests.app_helpers import settle


async def idle(pilot, groups=("scan", "load", "refresh")) -> None:
    for _ in range(500):
        await pilot.pause(0.02)
        if not any(w.is_running for w in pilot.app.workers if w.group in groups):
            await pilot.pause()
            return
    raise AssertionError("workers never finished")


def make_folder(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "old.txt").write_text("An old local story\n\nPublished: 2020-01-01\n\nIt is old.\n")
    (folder / "older.txt").write_text("An older local story\n\nPublished: 2019-01-01\n\nOlder.\n")
    return folder


async def test_feed_items_arrive_in_the_background_without_disturbing_the_reader(
        web_server, tmp_path, monkeypatch):
    import reader.subscriptions as subscriptions

    gate = threading.Event()  # the refresh started at launch finishes only when the test says
    original = subscriptions.refresh
    monkeypatch.setattr(subscriptions, "refresh",
                        lambda *a, **kw: (gate.wait(10), original(*a, **kw))[1])
    feed = web_server.url("/static/summary-only.xml")
    store = Store.open()
    store.add_feed(feed)
    app = NewsReader([str(make_folder(tmp_path)), feed], store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.reader
        await settle(pilot)
        await idle(pilot, ("scan", "load"))
        reading = reader.article.id  # the top row, the hardest case: new items go above it
        assert reader.article.title == "An old local story" and reader.sidebar.highlighted == 0
        assert reader.refreshing == (0, 1)
        gate.set()
        await idle(pilot)
        titles = [s.title for s in reader.sidebar.summaries]
        assert "River barges return as cargo moves off the roads" in titles
        assert titles.index("River barges return as cargo moves off the roads") < titles.index(
            "An old local story")  # newer items above
        assert reader.article.id == reading
        assert reader.sidebar.highlighted_summary.id == reading
        # A feed item reads like any article, with its page's full text.
        row = titles.index("River barges return as cargo moves off the roads")
        await pilot.press(*["k"] * (reader.sidebar.highlighted - row))
        await pilot.pause(0.2)
        await idle(pilot)
        assert reader.article.title == "River barges return as cargo moves off the roads"
        assert any(b.kind == "key_points" for b in reader.article.blocks)
        assert reader.article.id not in store.read_ids()  # shown, not yet opened
        await pilot.press("enter")
        assert reader.article.id in store.read_ids()


async def test_R_refreshes_conditionally_and_shows_progress(web_server, tmp_path, monkeypatch):
    from reader.widgets.status_line import StatusLine

    shown = []
    original = StatusLine.show
    monkeypatch.setattr(StatusLine, "show", lambda self, **kw: (
        shown.append(kw.get("refreshing")), original(self, **kw))[1])
    feed = web_server.url("/static/summary-only.xml")
    store = Store.open()
    store.add_feed(feed)
    app = NewsReader([str(make_folder(tmp_path)), feed], store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await idle(pilot)
        assert web_server.counts[("/static/summary-only.xml", 200)] == 1
        shown.clear()
        await pilot.press("R")
        await idle(pilot)
        assert shown[0] == (0, 1) and (1, 1) in shown and shown[-1] is None
        assert web_server.counts[("/static/summary-only.xml", 304)] == 1
        assert app.reader.refreshing is None


async def test_R_without_feeds_says_so(tmp_path):
    app = NewsReader([str(make_folder(tmp_path))], Store.open(), library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await pilot.pause()
        assert any("No feeds here" in n.message for n in app._notifications)
