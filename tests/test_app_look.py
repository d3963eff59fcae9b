"""Pilot tests for how the app's dialogs and screens look and answer."""

from __future__ import annotations

from textual.widgets import Button

from reader.screens.bookmarks import BookmarksScreen
from reader.screens.confirm import ConfirmScreen, first_words
from tests.app_helpers import make_article, reader_app, settle

SIZE = (120, 40)


def selected(screen: ConfirmScreen) -> str:
    [button] = [b for b in screen.query(Button) if b.variant == "primary"]
    return button.id


async def test_enter_on_the_confirm_dialog_answers_what_is_drawn_selected():
    app = reader_app()
    answers = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmScreen("Really?"), answers.append)
        await pilot.pause()
        assert selected(app.screen) == "no" and app.focused.id == "no"
        await pilot.press("enter")
        await pilot.pause()
        assert answers == [False]
        app.push_screen(ConfirmScreen("Really?"), answers.append)
        await pilot.pause()
        await pilot.press("shift+tab")  # focus moves to Yes, and so does the selection
        await pilot.pause()
        assert selected(app.screen) == "yes" and app.focused.id == "yes"
        await pilot.press("enter")
        await pilot.pause()
        assert answers == [False, True]


def test_first_words_cleans_and_cuts_at_a_word():
    assert first_words("Short text.") == "Short text."
    assert first_words("a\x1b[31mred\x1b[0m\nline") == "ared line"
    long = "The harbour at dawn was quiet and the boats were still " * 3
    quoted = first_words(long, 30)
    assert quoted.endswith("…") and len(quoted) <= 30
    assert quoted == "The harbour at dawn was quiet…"


async def test_the_bookmark_delete_question_names_the_passage():
    article = make_article(1)
    app = reader_app([article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "j", "b", "B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Delete the bookmark 'Article 1 key point two.'?"
