"""Snapshot tests for the look: the main screen, bookmarks and help.

Fixed articles, fixed dates and an in-memory store, so the pictures are the
same on every run. Update with `pytest --snapshot-update` after a deliberate
change of look, and look at the new SVGs before committing them.
"""

from __future__ import annotations

from tests.app_helpers import MemoryStore, make_article, reader_app, settle

SIZE = (110, 32)


def fixed_app(**kw):
    articles = [make_article(n) for n in range(1, 8)]
    articles[2] = make_article(3, title="Key points, captions and credits: the reader keeps them all")
    store = MemoryStore()
    store.read.update({"id-00002", "id-00004"})
    store.add_bookmark(articles[0], articles[0].passages()[2])
    store.add_bookmark(articles[2], articles[2].passages()[4])
    return reader_app(articles, store, **kw)


async def _ready(pilot):
    await settle(pilot, "id-00001")


def test_main_screen(snap_compare):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("tab", "j")
        await pilot.pause()

    assert snap_compare(fixed_app(), terminal_size=SIZE, run_before=run_before)


def test_main_screen_light_theme(snap_compare):
    from reader.config import Config

    async def run_before(pilot):
        await _ready(pilot)

    assert snap_compare(fixed_app(config=Config(theme="textual-light")), terminal_size=SIZE,
                        run_before=run_before)


def test_bookmarks_screen(snap_compare):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("B")
        await pilot.pause()

    assert snap_compare(fixed_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(fixed_app(), terminal_size=(110, 60), run_before=run_before)


def test_narrow_screen(snap_compare):
    async def run_before(pilot):
        await _ready(pilot)

    assert snap_compare(fixed_app(), terminal_size=(50, 20), run_before=run_before)
