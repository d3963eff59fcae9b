"""Snapshot tests for the look: every screen in both themes, and the feeds layouts.

Fixed articles, fixed dates and an in-memory store, so the pictures are the
same on every run. Update with `pytest --snapshot-update` after a deliberate
change of look, and look at the new SVGs before committing them.
"""

from __future__ import annotations

import pytest

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


THEMES = ("textual-dark", "textual-light")
SIZES = ((120, 40), (80, 24))


async def _open(pilot, screen: str) -> None:
    """Bring up `screen` from the main screen, as a user would."""
    if screen == "reading":
        await pilot.press("tab", "j", "j")
    elif screen == "feeds":
        await pilot.press("f")
    elif screen == "search":
        await pilot.press("slash", *"key points")
    elif screen == "search-none":
        await pilot.press("slash", *"zzzz")
    elif screen == "bookmarks":
        await pilot.press("B")
    elif screen == "help":
        await pilot.press("question_mark")
    elif screen == "palette":
        await pilot.press("ctrl+p")
        await _palette_listed(pilot)
    elif screen == "confirm":
        await pilot.press("A")
    elif screen == "add":
        await pilot.press("a")
    elif screen == "note":
        await pilot.press("B", "e")
    elif screen == "messages":
        from datetime import datetime

        from reader.messages import Notice

        app = pilot.app
        app.notify("Feed failed: harbour.example answered 503", severity="warning", markup=False)
        await pilot.pause()
        # fixed times, so the picture is the same on every run
        app.messages.notices = [Notice(datetime(2026, 3, 1, 9, 15, i), n.severity, n.title,
                                       n.message) for i, n in enumerate(app.messages.notices)]
        await pilot.press("M")
    elif screen == "copy":
        from reader.screens.copy_text import CopyTextScreen

        await pilot.app.push_screen(CopyTextScreen(
            "“Article 1 key point one.” — Article number 1, /news/article-00001.txt",
            "tmux drops what applications copy (set-clipboard is external)"))
    for _ in range(6):
        await pilot.pause(0.02)


async def _palette_listed(pilot) -> None:
    """The palette gathers its commands in the background: wait until the list
    is shown and has stopped growing."""
    from textual.command import CommandList

    last = -1
    for _ in range(200):
        await pilot.pause(0.02)
        screen = pilot.app.screen
        if not screen.has_class("-ready"):
            continue
        count = screen.query_one(CommandList).option_count
        if count and count == last and not screen._show_busy:
            return
        last = count
    raise AssertionError("the palette never listed its commands")


SCREENS = ("main", "reading", "feeds", "search", "search-none", "bookmarks", "note", "help",
           "palette", "confirm", "add", "messages", "copy")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen(snap_compare, screen, size, theme):
    """Every screen, in both default themes, at a roomy and a classic size."""
    from reader.config import Config

    async def run_before(pilot):
        await _ready(pilot)
        await _open(pilot, screen)

    config = Config(theme=theme, mark_read_after=None)  # no timer: the same picture however slow
    assert snap_compare(fixed_app(config=config), terminal_size=size,
                        run_before=run_before)


def test_narrow_screen(snap_compare):
    async def run_before(pilot):
        await _ready(pilot)

    assert snap_compare(fixed_app(), terminal_size=(50, 20), run_before=run_before)


@pytest.fixture
def no_refresh(monkeypatch):
    """The feeds here are not on any network: no refresh at start."""
    from reader.screens.feed_refresh import FeedRefresh

    monkeypatch.setattr(FeedRefresh, "start_refreshing", lambda self: None)


def feeds_fixed_app():
    """Fixed feed items in two feeds of a folder and one without, and a local file."""
    from reader.app import NewsReader
    from reader.config import Config
    from tests.app_helpers import FeedLibrary

    urls = ["https://harbour.example/rss", "https://hills.example/atom",
            "https://lake.example/feed.json"]
    articles, feeds = [], {}
    for n in range(1, 10):
        article = make_article(n)
        articles.append(article)
        if n < 9:
            feeds[article.source] = urls[n % 3]
    store = MemoryStore()
    store.read.update({"id-00002", "id-00004"})
    store.subscriptions = [{"url": urls[0], "title": "Harbour Gazette", "folder": "Coast/Local"},
                           {"url": urls[1], "title": "Hill Post", "folder": "Coast/Local"},
                           {"url": urls[2], "title": "Lake Times", "folder": None}]
    return NewsReader(["/news", *urls], store, FeedLibrary(articles, feeds),
                      Config(refresh_minutes=0), background_writes=False)


def test_three_panes(snap_compare, no_refresh):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("f", "j", "j")  # the outer folder
        await pilot.pause()

    assert snap_compare(feeds_fixed_app(), terminal_size=(160, 30), run_before=run_before)


def test_feeds_pane_narrow(snap_compare, no_refresh):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(feeds_fixed_app(), terminal_size=(50, 20), run_before=run_before)


def test_feeds_pane_medium_chosen_feed(snap_compare, no_refresh):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("f", "j", "j", "j", "j", "enter")  # Harbour Gazette
        await pilot.pause()

    assert snap_compare(feeds_fixed_app(), terminal_size=(100, 24), run_before=run_before)


def test_messages_screen(snap_compare):
    from datetime import datetime

    from reader.messages import Notice

    app = fixed_app(broken={"/news/broken.txt": "not an article: empty file"})

    async def run_before(pilot):
        await _ready(pilot)
        for _ in range(10):
            await pilot.pause(0.02)
        app = pilot.app
        # fixed times, so the picture is the same on every run
        app.messages.notices = [Notice(datetime(2026, 3, 1, 9, 15, i), n.severity, n.title,
                                       n.message) for i, n in enumerate(app.messages.notices)]
        await pilot.press("M")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
