"""Pilot tests for how the app's dialogs and screens look and answer."""

from __future__ import annotations

from textual.color import Color
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
                [line] = [ln for ln in lines if ln.rstrip(" █│").endswith(" " + binding.description)][:1] or [None]
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
                    if binding.id and line.rstrip(" █▁▇│").endswith(" " + binding.id) and binding.description in line:
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


STUB_BROWSER = """#!/bin/sh
printf '%s' "$1" > '{folder}/opened.txt'
"""


def stub_program(folder, name):
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text(STUB_BROWSER.format(folder=folder))
    program.chmod(0o755)
    return program


def no_display(monkeypatch, path):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(path))


async def test_o_runs_the_configured_browser_with_the_app_suspended(tmp_path, monkeypatch):
    from contextlib import contextmanager

    from reader.config import Config

    bin_dir = tmp_path / "bin"
    program = stub_program(bin_dir, "mybrowser")
    no_display(monkeypatch, bin_dir)
    app = reader_app([make_article(1, link="https://example.org/a?b=1&c=2")],
                     config=Config(browser=f"'{program}' --new %u"))
    suspended = []

    @contextmanager
    def suspend():
        suspended.append("in")
        yield
        suspended.append((bin_dir / "opened.txt").read_text())  # it ran while suspended

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
    assert suspended == ["in", "--new"]  # the stub writes its first argument
    # The URL is one argument, as given, not split by the shell.
    program.write_text(STUB_BROWSER.format(folder=bin_dir).replace("$1", "$2"))
    app = reader_app([make_article(1, link="https://example.org/a?b=1&c=2")],
                     config=Config(browser=f"'{program}' --new %u"))
    async with app.run_test(size=SIZE) as pilot:  # headless: no terminal to suspend
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
    assert (bin_dir / "opened.txt").read_text() == "https://example.org/a?b=1&c=2"


async def test_o_uses_BROWSER_beside_the_app_when_there_is_a_display(tmp_path, monkeypatch):
    import time

    bin_dir = tmp_path / "bin"
    stub_program(bin_dir, "guibrowser")
    monkeypatch.setenv("PATH", str(bin_dir) + ":/usr/bin:/bin")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("BROWSER", "nosuchbrowser:guibrowser %s")
    app = reader_app([make_article(1, link="https://example.org/a")])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app, "suspend", lambda: (_ for _ in ()).throw(AssertionError("suspended")))
        await pilot.press("o")
        await app.workers.wait_for_complete()
        notes = [n for n in app.messages.notices if n.title == "Opening in guibrowser"]
        assert notes and "https://example.org/a" in notes[0].message
    for _ in range(200):
        if (bin_dir / "opened.txt").exists():
            break
        time.sleep(0.01)
    assert (bin_dir / "opened.txt").read_text() == "https://example.org/a"


async def test_o_with_no_browser_at_all_says_so_and_shows_the_url(tmp_path, monkeypatch):
    import webbrowser

    (tmp_path / "empty").mkdir()
    no_display(monkeypatch, tmp_path / "empty")
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    app = reader_app([make_article(1, link="https://example.org/lost")])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        [note] = [n for n in app.messages.notices if n.title == "Cannot open the link"]
    assert "No browser" in note.message and "https://example.org/lost" in note.message


def test_console_browsers_are_found_when_there_is_no_display(tmp_path, monkeypatch):
    import webbrowser

    from reader import opener

    monkeypatch.setattr(webbrowser, "get", lambda *a: webbrowser.BackgroundBrowser("gui"))

    stub_program(tmp_path, "lynx")
    env = {"PATH": str(tmp_path)}
    chosen = opener.choose("https://x.example/", None, env, "linux")
    assert chosen == opener.Opener("lynx", (str(tmp_path / "lynx"), "https://x.example/"), console=True)
    assert opener.choose("https://x.example/", None, {"PATH": str(tmp_path / "none")}, "linux") is None
    shown = opener.choose("https://x.example/", None, {"PATH": str(tmp_path), "DISPLAY": ":1"}, "linux")
    assert shown == opener.Opener("the system browser")
    assert opener.choose("u", "w3m -o x %u", {"DISPLAY": ":1"}, "linux").console  # a console browser
    assert not opener.choose("u", "firefox %u", {"DISPLAY": ":1"}, "linux").console


def test_the_browser_setting_is_checked():
    from reader.config import parse_config

    assert parse_config({"browser": "firefox %u"}).browser == "firefox %u"
    for bad in ("'unclosed %u", "", 3):
        config = parse_config({"browser": bad})
        assert config.browser is None
        assert any("browser must be a command" in p for p in config.problems)


def stub_clipboard(folder, name, status=0):
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\nprintf '%s' \"$*\" > '{folder}/{name}.args'\n"
                    f"cat > '{folder}/{name}.txt'\nexit {status}\n")
    tool.chmod(0o755)
    return tool


async def copy_with_y(app, pilot) -> str:
    await settle(pilot)
    await pilot.press("tab", "j", "y")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.messages.notices[-1].message


async def test_y_copies_with_the_system_tool_and_says_which(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    stub_clipboard(bin_dir, "wl-copy", status=1)  # fails: the next tool is tried
    stub_clipboard(bin_dir, "xclip")
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    app = reader_app([make_article(1, link="https://example.org/a")])
    sent = []
    monkeypatch.setattr(app, "copy_to_clipboard", sent.append)
    async with app.run_test(size=SIZE) as pilot:
        notice = await copy_with_y(app, pilot)
    text = "“Article 1 key point one.”\n— Article number 1, example.org <https://example.org/a>"
    assert sent == [text]  # OSC 52 as well
    assert (bin_dir / "xclip.txt").read_text() == text
    assert (bin_dir / "xclip.args").read_text() == "-selection clipboard"
    assert notice.startswith("Passage and citation copied with xclip")


async def test_y_without_a_tool_says_it_only_went_to_the_terminal(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    stub_clipboard(bin_dir, "xclip")  # installed, but no X display to copy to
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX", "STY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")  # a terminal OSC 52 may reach
    app = reader_app()
    sent = []
    monkeypatch.setattr(app, "copy_to_clipboard", sent.append)
    async with app.run_test(size=SIZE) as pilot:
        notice = await copy_with_y(app, pilot)
    assert len(sent) == 1 and not (bin_dir / "xclip.txt").exists()
    assert "OSC 52" in notice and "depends on the terminal" in notice and "copied with" not in notice


def test_a_console_browser_python_would_pick_runs_as_one(monkeypatch):
    import webbrowser

    from reader import opener

    monkeypatch.setattr(webbrowser, "get", lambda *a: webbrowser.GenericBrowser(["/usr/bin/w3m", "%s"]))
    chosen = opener.choose("https://x.example/", None, {"DISPLAY": ":1", "PATH": ""}, "linux")
    assert chosen == opener.Opener("w3m", ("/usr/bin/w3m", "https://x.example/"), console=True)


# -- panes with borders and titles; the footer ------------------------------------


def title_of(widget) -> str:
    from textual.content import Content

    return Content.from_markup(widget.border_title).plain


def border_colour(widget) -> tuple:
    return widget.styles.border_top[1].rgb


async def test_panes_carry_titles_with_counts_and_the_focused_border_is_the_accent():
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.reader
        assert title_of(reader.sidebar) == "Articles · 5 unread"
        assert title_of(reader.pane).startswith("Reading · ")
        assert title_of(reader.pane).endswith(" min")
        accent = app.theme_variables["border"]
        assert border_colour(reader.sidebar) == Color.parse(accent).rgb
        assert border_colour(reader.pane) != Color.parse(accent).rgb
        await pilot.press("enter")  # opens the article: one read
        await settle(pilot)
        assert title_of(reader.sidebar) == "Articles · 4 unread"
        assert border_colour(reader.pane) == Color.parse(accent).rgb
        assert border_colour(reader.sidebar) != Color.parse(accent).rgb


async def test_a_feed_name_in_a_pane_title_is_text_not_markup():
    from reader.screens.reader import pane_title

    title = pane_title("[b]Evil[/b] feed", "3 unread")
    assert title.plain == "[b]Evil[/b] feed · 3 unread"


def test_footer_drops_whole_keys_last_first_and_help_and_quit_last():
    from reader.widgets.key_footer import keys_to_drop

    keys = [("next", 10), ("unread", 10), ("help", 6), ("bookmark", 12), ("quit", 6)]
    assert keys_to_drop(keys, 44) == set()
    assert keys_to_drop(keys, 40) == {3}  # the last key that is not help or quit
    assert keys_to_drop(keys, 22) == {1, 3}
    assert keys_to_drop(keys, 21) == {0, 1, 3}
    assert keys_to_drop(keys, 6) == {0, 1, 2, 3}  # then help, before quit


async def test_the_bookmarks_footer_keeps_its_way_back_at_80_columns():
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        footer = screen_lines(app)[-1]
        for hint in ("esc Back", "q Quit", "^p Commands"):
            assert hint in footer


async def test_at_80_columns_every_footer_key_shown_is_whole():
    from reader.widgets.key_footer import KeyFooter

    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.05)
        footer = app.reader.query_one(KeyFooter)
        shown = footer.shown()
        assert len(shown) < len(footer.items), "at 80 columns some keys do not fit"
        assert {item.action for item in shown} >= {"help", "quit"}
        bottom = screen_lines(app)[-1]
        for item in shown:
            assert f" {item.display} {item.description} " in bottom + " ", item.description
        hidden = [item for item in footer.items if item not in shown]
        for item in hidden:
            assert item.description not in bottom
        assert bottom.rstrip().endswith(f"{footer.palette.display} {footer.palette.description}")


async def test_a_click_on_a_footer_key_presses_it():
    from reader.widgets.key_footer import KeyFooter

    app = reader_app()
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        footer = app.reader.query_one(KeyFooter)
        assert footer.item_at(0).action == footer.items[0].action
        start, _end, item = next(span for span in footer._spans if span[2].action == "help")
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await pilot.pause(0.05)
        assert type(app.screen).__name__ == "HelpScreen"


async def test_the_new_users_hint_shows_only_whole():
    from reader.widgets.status_line import StatusLine

    app = reader_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        status = app.reader.query_one(StatusLine)
        status.show(total=5, unread=5, shown=5, unread_only=False, query="",
                    hint="a hint of some thirty letters")
        await pilot.pause()
        assert "a hint of some thirty letters" in str(status.render())
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        await pilot.pause()
        assert "hint" not in str(status.render())  # not "a hint of so"
        assert "5 articles" in str(status.render())


async def test_the_panes_kept_style_follows_a_theme_change():
    """The list and the reading pane keep their own Rich style between stylings
    (it walks every ancestor's styles); a theme change styles them again, and
    their lines are drawn in the new colours."""
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        panes = (reader.pane, reader.sidebar)
        dark = [pane.base_style for pane in panes]
        assert dark == [pane.rich_style for pane in panes]
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = [pane.base_style for pane in panes]
        assert light == [pane.rich_style for pane in panes] and light != dark
        for pane in panes:  # a blank line below the text or the rows: the pane's own colours
            assert list(pane.render_line(pane.size.height - 1))[-1].style.bgcolor == (
                pane.rich_style.bgcolor)
