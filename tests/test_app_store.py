"""The reader on the real library and store: state survives a relaunch."""

from __future__ import annotations

from reader import library, paths
from reader.app import NewsReader
from reader.store import Store
from tests.app_helpers import settle


async def test_read_marks_positions_and_bookmarks_reach_the_store(tmp_path):
    sources = [str(paths.samples_dir())]
    store = Store.open(tmp_path / "store")
    app = NewsReader(sources, store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = app.reader.article.id
        await pilot.press("enter", "escape")  # opened: read
        await pilot.press("j")
        await pilot.pause(0.2)
        await settle(pilot)
        second = app.reader.article.id
        assert second != first
        await pilot.press("tab", "j", "b", "j", "q")
        await pilot.pause()

    again = Store.open(tmp_path / "store")
    assert {first, second} <= again.read_ids()
    [mark] = again.bookmarks()
    assert (mark.article_id, mark.passage_index) == (second, 1)
    assert again.position(second) == 2

    app = NewsReader(sources, again, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot, second)
        assert app.reader.pane.cursor == 2
        assert app.reader.pane.bookmarked == {1}
        assert second in app.session.bookmark_counts
