"""Pilot tests for the finished screens: bookmarks (entries, notes, empty state),
search (no matches, highlighted matches, n/N between them) and the palette."""

from __future__ import annotations

from reader.screens.bookmarks import EMPTY, BookmarkList, BookmarksScreen
from reader.screens.loading import TextMatches
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


# -- search ----------------------------------------------------------------------


async def wait_for_search(pilot) -> None:
    app = pilot.app
    for _ in range(300):
        await pilot.pause()
        if not app.session.searching and not any(
                w.is_running for w in app.workers if w.group == "search"):
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("the search never finished")


async def test_a_search_with_no_matches_says_so_in_the_list_as_plain_text():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zebra [b]x")
        await wait_for_search(pilot)
        assert app.reader.sidebar.summaries == []
        assert "No matches for “zebra [b]x”" in screen_text(app)
        await pilot.press(*["backspace"] * 10, *"Article")  # matches again: the rows are back
        await wait_for_search(pilot)
        assert "No matches" not in screen_text(app)
        assert len(app.reader.sidebar.summaries) == 5


async def test_until_the_text_search_ends_the_empty_list_says_it_is_searching():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.session.set_query("harbour-less")  # as typing does; the worker is not started
        app.reader.refresh_rows()
        await pilot.pause()
        assert "Searching for “harbour-less”…" in screen_text(app)
        app.reader.post_message(TextMatches("harbour-less", set(), done=True))  # the worker's end
        await pilot.pause()
        assert "No matches for “harbour-less”" in screen_text(app)


def lit_words(pane) -> list[str]:
    """The runs of text drawn in the pane with the match style's background."""
    lit = pane.get_component_rich_style("reading-pane--match").bgcolor
    words = []
    for y in range(pane.size.height):
        words += [s.text for s in pane.render_line(y) if s.style and s.style.bgcolor == lit]
    return words


async def test_the_search_is_highlighted_in_the_pane_and_goes_when_the_search_does():
    article = make_article(1)
    app = reader_app([article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert lit_words(app.reader.pane) == []
        await pilot.press("slash", *"HARBOUR")
        await wait_for_search(pilot)
        assert lit_words(app.reader.pane) == ["harbour"]  # found case-blind, drawn as written
        await pilot.press(*["backspace"] * 7, *"quote")
        await wait_for_search(pilot)
        assert lit_words(app.reader.pane) == ["quote"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.query == "" and lit_words(app.reader.pane) == []


async def test_a_match_cut_by_a_wrap_is_lit_on_both_lines_and_through_the_cursor():
    article = make_article(1)
    app = reader_app([article])
    async with app.run_test(size=(70, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"words of the story")
        await wait_for_search(pilot)  # the list has its text matches before enter opens one
        await pilot.press("enter", "enter")
        await pilot.pause()
        pane = app.reader.pane
        assert pane.has_focus
        pane.move_cursor(pane.matching_passages()[0])  # the cursor's tint is under the matches
        await pilot.pause()
        lit = lit_words(pane)
        phrase = "Words of the story"
        assert phrase in lit
        heads = [w for w in lit if w != phrase and phrase.startswith(w)]
        tails = [w for w in lit if w != phrase and phrase.endswith(w)]
        assert heads and tails  # the end of one line and the start of the next
        start, end = pane._layout.passage_lines[pane.cursor]
        top = round(pane.scroll_y)
        match = pane.get_component_rich_style("reading-pane--match").bgcolor
        cursor_lines = [pane.render_line(row - top) for row in range(start, end)]
        assert phrase in [s.text for line in cursor_lines for s in line
                          if s.style and s.style.bgcolor == match]


async def test_n_and_N_move_between_matching_passages_while_searching():
    article = make_article(1)
    app = reader_app([article, make_article(2)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"key point")
        await wait_for_search(pilot)  # the list has its text matches before enter opens one
        await pilot.press("enter", "enter")
        await pilot.pause()
        pane = app.reader.pane
        assert pane.has_focus and pane.cursor == 0
        assert pane.matching_passages() == [1, 2]
        await pilot.press("n")
        assert pane.cursor == 1
        await pilot.press("n")
        assert pane.cursor == 2
        await pilot.press("n")  # past the last match: back to the first
        assert pane.cursor == 1
        await pilot.press("N")
        assert pane.cursor == 2
        await pilot.press("N", "N")
        assert pane.cursor == 2
        footer = screen_text(app).splitlines()[-1]
        assert "n Next match" in footer


async def test_without_a_search_n_in_the_pane_is_still_next_unread():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert app.reader.pane.has_focus
        await pilot.press("n")
        await settle(pilot, "id-00002")
        assert app.reader.pane.cursor == 0
        assert "Next match" not in screen_text(app).splitlines()[-1]


# -- the command palette ---------------------------------------------------------


async def palette_lines(pilot, query: str = "") -> list[str]:
    from textual.command import CommandList, CommandPalette

    app = pilot.app
    if not isinstance(app.screen, CommandPalette):
        await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    if query:
        await pilot.press(*query)
    listed = app.screen.query_one(CommandList)
    for _ in range(100):  # the palette gathers its hits in a worker
        await pilot.pause(0.05)
        if listed.option_count and "-ready" in app.screen.classes:
            break
    return [listed.get_option_at_index(i).prompt.plain for i in range(listed.option_count)]


async def test_the_palette_lists_the_readers_commands_first_each_with_its_key_at_the_right():
    from reader import bindings
    from reader.widgets.palette import SYSTEM_TAG

    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = await palette_lines(pilot)
        names = [line.rsplit("  ", 1)[0].strip() for line in lines]
        hints = [line.rsplit("  ", 1)[1].strip() for line in lines]
        ours = len(bindings.PALETTE)
        assert names[:ours] == [b.description for b in bindings.PALETTE]
        hint_of = dict(zip(names, hints, strict=True))
        assert hint_of["Next article"] == "J" and hint_of["Search"] == "/"
        assert hint_of["Quit"] == "q"
        width = len(lines[0])
        assert all(len(line) == width for line in lines)  # every hint ends at the same column
        assert hints[ours:] and set(hints[ours:]) == {SYSTEM_TAG}  # Textual's, after ours
        assert "Change theme" in names[ours:]
        for left_out in ("Keys", "Screenshot", "Theme"):  # the reader's ? and q; renamed
            assert left_out not in names
        assert names.count("Quit") == 1


async def test_a_palette_search_ranks_the_readers_commands_above_textuals():
    from reader.widgets.palette import SYSTEM_TAG

    app = reader_app(config=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = await palette_lines(pilot, "the")
        tags = [line.rstrip().endswith(SYSTEM_TAG) for line in lines]
        assert True in tags and False in tags
        assert tags == sorted(tags)  # every reader command before every system one
        assert any(line.startswith("Change theme") for line in lines)


async def test_the_palette_uses_the_keymaps_keys_and_still_changes_the_theme():
    from textual.command import CommandPalette

    from reader.config import Config

    app = reader_app(config=Config(keymap={"next-article": "x"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = await palette_lines(pilot, "change theme")
        assert lines[0].startswith("Change theme")
        await pilot.press("enter")  # Textual's theme picker, another palette
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause(0.2)
        lines = await palette_lines(pilot, "next article")
        assert lines[0].split() == ["Next", "article", "x"]


async def test_the_help_lists_the_new_keys_and_when_n_means_next_match():
    from reader.screens.help import HelpScreen

    app = reader_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        tables = [static.visual._renderable for static in app.screen.query(".help-section")]
        rows = {(table.title.plain.splitlines()[0], cell.plain)
                for table in tables for column in table.columns for cell in column._cells}
        assert ("Reading pane", "next-match") in rows and ("Reading pane", "previous-match") in rows
        assert ("Bookmarks screen", "bookmarks-note") in rows
        pane = next(t for t in tables if t.title.plain.startswith("Reading pane"))
        assert "while a search is on" in pane.title.plain
