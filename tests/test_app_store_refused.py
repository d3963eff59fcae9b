"""A store that refuses writes (here: written by a newer newsreader, so opened
read-only) is reported in the reader, never a traceback."""

from __future__ import annotations

import json

from reader import library, paths
from reader.app import NewsReader
from reader.store import Store
from tests.app_helpers import settle


async def test_refused_writes_are_never_shown_as_saved_and_the_reader_goes_on(tmp_path):
    root = tmp_path / "store"
    root.mkdir()
    (root / "store.json").write_text(json.dumps({"meta": {"schema": {"version": 999}}}))
    store = Store.open(root)
    assert store.read_only
    app = NewsReader([str(paths.samples_dir())], store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("tab", "j", "b")
        await pilot.pause(0.2)
        assert app.is_running and app.reader.article is not None
        assert app.reader.pane.bookmarked == set()  # no star for a bookmark not saved
        assert app.session.bookmark_counts == {}
        assert app.session.read_ids == set()  # opening it could not mark it
        await pilot.press("b", "m")
        await pilot.pause(0.2)
        assert app.session.read_ids == set()
        messages = [n.message for n in app._notifications]
        reasons = [m for m in messages if m.startswith("Not saved")]
        assert len(reasons) == 1  # the reason once, not for every key press...
        assert messages.count("Bookmark not saved") == 2  # ...and each refused action says so
        assert "Read mark not saved" in messages
    assert json.loads((root / "store.json").read_text()) == {"meta": {"schema": {"version": 999}}}
