"""Pilot tests for the finished screens: bookmarks (entries, notes, empty state),
search (no matches, highlighted matches, n/N between them) and the palette."""

from __future__ import annotations

from reader.screens.bookmarks import EMPTY, BookmarkList, BookmarksScreen
from reader.screens.prompt import PromptScreen
from tests.app_helpers import MemoryStore, make_article, reader_app, settle, written

SIZE = (120, 40)


def screen_text(app) -> str:
    """Every line of the screen as drawn, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def option_lines(app) -> list[str]:
    entries = app.screen.query_one(BookmarkList)
    return [entries.render_line(y).text.strip() for y in range(entries.size.height)]


# -- bookmarks -----------------------------------------------------------------


async def test_each_bookmark_entry_shows_text_then_title_origin_and_dates():
    articles = [make_article(1), make_article(2)]
    store = MemoryStore()
    store.add_bookmark(articles[1], articles[1].passages()[2])
    app = reader_app(articles, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        lines = option_lines(app)
        assert lines[0] == "Article 2 key point two."
        assert lines[1] == ("Article number 2 · article-00002.txt · 2026-01-29 · "
                            "saved 2026-02-01")
        assert set(lines[2]) == {"─"}  # a rule under each entry


async def test_e_writes_a_note_that_is_saved_and_shown_under_the_entry():
    article = make_article(1)
    app = reader_app([article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "j", "b")
        await written(pilot)
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"read again", "enter")
        await written(pilot)
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        [mark] = app.store.bookmarks()
        assert mark.note == "read again"
        assert option_lines(app)[2] == "✎ read again"
        await pilot.press("e")  # the prompt opens on the note, to edit it
        await pilot.pause()
        assert app.screen.query_one("#prompt-input").value == "read again"
        await pilot.press("escape")  # escape changes nothing
        await pilot.pause()
        assert app.store.bookmarks()[0].note == "read again"
        await pilot.press("e", "ctrl+u", "enter")  # emptied: the note goes
        await written(pilot)
        await pilot.pause()
        assert app.store.bookmarks()[0].note is None
        assert "✎" not in "\n".join(option_lines(app))


async def test_a_note_edited_through_the_real_store_survives_a_reopen(tmp_path):
    from reader.store import Store

    article = make_article(1)
    store = Store.open(tmp_path / "store")
    store.add_bookmark(article, article.passages()[3])
    app = reader_app([article], store=store, background_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("e", *"keep", "enter")
        await written(pilot)
    assert Store.open(tmp_path / "store").bookmarks()[0].note == "keep"


async def test_no_bookmarks_says_how_to_make_one_and_the_filter_says_when_none_match():
    article = make_article(1)
    app = reader_app([article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        assert EMPTY == "No bookmarks yet. Press b on a passage to keep it."
        assert EMPTY in screen_text(app)
        await pilot.press("escape", "tab", "b", "B")
        await written(pilot)
        await pilot.pause()
        assert EMPTY not in screen_text(app)
        await pilot.press("slash", *"zebra")
        await pilot.pause()
        assert "No bookmarks match “zebra”." in screen_text(app)


async def test_the_bookmarks_footer_shows_the_screens_keys():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for hint in ("⏎ Open at passage", "e Note", "d Delete bookmark", "/ Filter",
                     "esc Back"):
            assert hint in footer
