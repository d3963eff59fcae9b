"""The reader after a refresh that synced: read marks made elsewhere show."""

from __future__ import annotations

from reader import library
from reader.app import NewsReader
from reader.store import Store
from tests.app_helpers import settle
from tests.test_app_feeds import idle, make_folder


async def test_read_marks_a_refresh_brought_show_in_the_sidebar(tmp_path, monkeypatch):
    import reader.subscriptions as subscriptions

    folder = make_folder(tmp_path)
    store = Store.open()
    store.add_feed("https://example.test/feed.xml")
    marked = []

    def sync_like_refresh(feeds, on_feed=None, **kwargs):
        # What a sync does: read marks from the server land in the store.
        if marked:
            Store.open().mark_read(marked[0])
        return []

    monkeypatch.setattr(subscriptions, "refresh", sync_like_refresh)
    app = NewsReader([str(folder), "https://example.test/feed.xml"], store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.reader
        await settle(pilot)
        await idle(pilot)
        other = next(s for s in reader.sidebar.summaries if s.id != reader.article.id)
        assert other.id not in reader.session.read_ids
        marked.append(other.id)
        await pilot.press("R")
        await idle(pilot)
        assert other.id in reader.session.read_ids
