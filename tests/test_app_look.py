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


COMMENTED = """\
# my reader settings
sort = "oldest"   # oldest first, always
theme = "textual-dark"

[keymap]
quit = "ctrl+q"   # keep this
"""


async def wait_for_config_writes(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        if not any(w.is_running or w.state.name == "PENDING" for w in app.workers if w.group == "config"):
            return
        await pilot.pause(0.01)
    raise AssertionError("config write never finished")


async def test_a_theme_chosen_in_the_app_is_saved_with_the_users_comments():
    from reader.config import config_path, load_config

    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(COMMENTED)
    app = reader_app(config=load_config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert path.read_text() == COMMENTED  # applying the config's theme writes nothing
        app.theme = "textual-light"
        await wait_for_config_writes(pilot)
        app.theme = "nord"
        await wait_for_config_writes(pilot)
    text = path.read_text()
    assert text == COMMENTED.replace('theme = "textual-dark"', 'theme = "nord"')
    assert "# oldest first, always" in text and "# keep this" in text
    assert load_config().theme == "nord"


async def test_a_theme_is_saved_to_a_new_config_file():
    from reader.config import config_path, load_config

    app = reader_app(config=load_config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await wait_for_config_writes(pilot)
    assert 'theme = "textual-light"' in config_path().read_text()
    assert load_config().theme == "textual-light"


async def test_a_config_that_does_not_parse_is_not_overwritten():
    from reader.config import config_path, load_config

    path = config_path()
    path.parent.mkdir(parents=True)
    broken = 'theme = "nord"\nsort = [unclosed\n'
    path.write_text(broken)
    app = reader_app(config=load_config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await wait_for_config_writes(pilot)
        app.theme = "nord"
        await wait_for_config_writes(pilot)
        await pilot.pause()
        notes = [n for n in app.messages.notices if "not saved" in n.message]
    assert path.read_text() == broken
    assert len(notes) == 1 and "not valid TOML" in notes[0].message


async def test_help_closes_with_escape_q_and_question_mark_and_says_so():
    from reader.screens.help import HelpScreen

    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("escape", "q", "question_mark"):
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert "escape, q or ? closes" in str(app.screen.query_one("#help-close-hint").render())
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is app.reader, key
        assert app.is_running  # q closed the help, it did not quit


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_help_tables_share_their_columns_and_nothing_is_cut_at_50_columns():
    from reader import bindings

    app = reader_app()
    async with app.run_test(size=(50, 200)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        for section in bindings.SECTIONS:
            for binding in section.bindings:
                assert binding.description in text  # whole, not cut
        lines = screen_lines(app)
        # Every description starts in the same column, in every section.
        starts = set()
        for section in bindings.SECTIONS:
            for binding in section.bindings:
                [line] = [ln for ln in lines if ln.rstrip(" █").endswith(" " + binding.description)][:1] or [None]
                if line is not None:
                    starts.add(line.index(" " + binding.description))
        assert len(starts) == 1
    app = reader_app()
    async with app.run_test(size=(110, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        starts = set()
        for line in screen_lines(app):
            for section in bindings.SECTIONS:
                for binding in section.bindings:
                    if binding.id and line.rstrip(" █▁▇").endswith(" " + binding.id) and binding.description in line:
                        starts.add((line.index(binding.description), line.rindex(" " + binding.id)))
        assert len({s for s, _ in starts}) == 1 and len({i for _, i in starts}) == 1


def test_counts_take_the_right_number():
    from reader.subscriptions import RefreshOutcome, summary_line
    from reader.text import counted

    assert counted(1, "article") == "1 article"
    assert counted(0, "article") == "0 articles"
    assert counted(1204, "article") == "1,204 articles"
    assert counted(3, "entry", "entries") == "3 entries"
    assert summary_line([RefreshOutcome("u", None, "ok", new=1)]).startswith("1 feed: 0 unchanged, 1 with 1 new item")


async def test_the_status_line_says_1_article():
    app = reader_app([make_article(1)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = str(app.reader.query_one("StatusLine").render())
        assert status.startswith(" 1 article · 1 unread"), status
    app = reader_app([make_article(1), make_article(2)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert str(app.reader.query_one("StatusLine").render()).startswith(" 2 articles · 2 unread")
