"""Hostile names and config values in the reader app: the sidebar, the reading
pane and the notices show them cleaned and as written. What is checked is the
rendered screen: its characters, and the bytes Textual would write for it."""

from __future__ import annotations

import asyncio
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import library
from reader.app import NewsReader
from reader.config import Config
from reader.store import Store
from tests.app_helpers import settle
from tests.hostile import (
    ARTICLE,
    BINARY,
    CLOSING_MARKUP,
    ESCAPES,
    FIXED_NAMES,
    MARKUP,
    assert_no_code,
    make,
    shown,
)

SIZE = (120, 50)
_BORDERS = str.maketrans("", "", "▌▕▏…█▀▄")


def flat(text: str) -> str:
    """Text without white space or box characters: wrapped lines join up."""
    return "".join(text.translate(_BORDERS).split())


def by_pane(lines: list[str]) -> str:
    """The screen's text pane by pane (split at the panes' side borders), so a
    line wrapped in one pane joins its next line, not the pane beside it."""
    columns: dict[int, list[str]] = {}
    for line in lines:
        for index, part in enumerate(line.split("│")):
            columns.setdefault(index, []).append(part)
    return "\n".join("\n".join(column) for column in columns.values())


def rendered(app) -> tuple[list[str], str]:
    """The screen's lines of text, and the escape codes Textual writes for them."""
    strips = app.screen._compositor.render_strips()
    return [strip.text for strip in strips], "".join(strip.render(app.console) for strip in strips)


async def show_library(folder: str, file_name: str, config: Config | None = None):
    """Open the reader on `folder`; return the screen once the article is in the pane."""
    path = make(folder, file_name, ARTICLE)
    junk = make(folder, "junk" + file_name, BINARY)  # a Skipped notice naming it
    store = Store.open(os.path.join(os.path.dirname(folder), "store"))
    app = NewsReader([folder], store, library, config)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        for _ in range(50):  # the skipped file is told with the end of the scan
            await pilot.pause(0.02)
            if any(n.title == "Skipped" for n in app.messages.notices):
                break
        await pilot.pause(0.1)
        lines, codes = rendered(app)
        await pilot.press("M")  # the messages screen names each skipped file
        await pilot.pause(0.1)
        more_lines, more_codes = rendered(app)
        assert app.is_running  # no markup action ran
    return lines + more_lines, codes + more_codes, path, junk


def check_screen(lines: list[str], codes: str, *expected: str) -> None:
    assert_no_code(codes, terminal=True)  # nothing but Textual's own colours
    assert "\x1b]8" not in codes  # no markup link became a terminal hyperlink
    assert_no_code("\n".join(lines))
    screen = flat(by_pane(lines))
    for text in expected:
        assert flat(text) in screen, f"{text!r} not on the screen:\n" + "\n".join(lines)


@pytest.mark.parametrize("name", FIXED_NAMES)
async def test_hostile_file_and_folder_names_in_sidebar_pane_and_notices(tmp_path, name):
    folder = tmp_path / ("lib" + name.replace(".txt", ""))
    folder.mkdir()
    lines, codes, path, junk = await show_library(str(folder), name)
    check_screen(lines, codes, shown(name), shown(junk))
    sidebar_row = lines[2].split("│")[1]
    assert "no date" in sidebar_row  # the undated file's row, drawn whole


_TUI_NAMES = (st.lists(st.one_of(st.sampled_from(ESCAPES + MARKUP),
                                 st.text("abcxyz0123 ._-", max_size=4)), min_size=1, max_size=5)
              .map(lambda parts: "n" + "".join(parts)))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folder_name=_TUI_NAMES, file_name=_TUI_NAMES)
def test_generated_names_in_the_reader(folder_name, file_name):
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, folder_name)
        os.mkdir(folder)
        lines, codes, path, junk = asyncio.run(show_library(folder, file_name))
        check_screen(lines, codes, shown(file_name), shown(junk))


async def test_hostile_config_values_are_shown_cleaned(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    hostile = "x\x1b]0;pwned\x07\x1b[2J\x9b2J" + "".join(MARKUP + CLOSING_MARKUP)
    config = Config(theme="theme" + hostile, keymap={"quit": ",", "bogus" + hostile: "x",
                                                     "help": "[/]" + hostile})
    lines, codes, _, _ = await show_library(str(folder), "plain.txt", config)
    check_screen(lines, codes, "Unknown theme", "unknown binding id", "[/]", "[bold red]",
                 "[@click=app.quit]", "quit = ','")


async def test_a_fifo_as_a_source_is_one_notice_and_no_hang(tmp_path):
    fifo = tmp_path / "news.txt"
    os.mkfifo(fifo)
    store = Store.open(tmp_path / "store")
    app = NewsReader([str(tmp_path)], store, library, None)
    direct = NewsReader([str(fifo)], store, library, None)
    for reader in (app, direct):
        async with reader.run_test(size=SIZE, notifications=True) as pilot:
            for _ in range(200):
                await pilot.pause(0.01)
                if not reader.reader.scanning:
                    break
            assert not reader.reader.scanning
            if reader is direct:
                assert [(n.title, n.message) for n in reader.messages.notices
                        if n.title == "Skipped"] == [("Skipped", f"{fifo}: not a regular file (a pipe)")]


async def test_a_hand_edited_bookmark_is_shown_cleaned_on_the_bookmarks_screen(tmp_path):
    """The store keeps what it was given; a bookmark edited by hand to hold escapes
    and markup is shown cleaned, as written, on the bookmarks screen."""
    from reader.screens.bookmarks import BookmarksScreen
    from reader.store.records import Bookmark
    from tests.app_helpers import MemoryStore, make_article, reader_app

    store = MemoryStore()
    store.marks.append(Bookmark("bm1", "id-00001", "Title \x1b]0;pwned\x07[bold red]here",
                                "/news/a.txt", "Passage\x1b[2J [@click=app.quit]text", 0, "", "",
                                created="2026-02-01T00:00:00", note="note\x9b2J[reverse]"))
    app = reader_app([make_article(1)], store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause(0.1)
        assert isinstance(app.screen, BookmarksScreen)
        lines, codes = rendered(app)
        check_screen(lines, codes, "Title[boldred]here", "Passage[@click=app.quit]text",
                     "note[reverse]")
        assert app.is_running
