"""Pilot tests: bookmarks, read marks, filters, search and the other keys."""

from __future__ import annotations

import webbrowser

from reader.config import Config
from reader.screens.bookmarks import BookmarksScreen
from reader.screens.confirm import ConfirmScreen
from reader.screens.help import HelpScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.search_bar import SearchBar
from tests.app_helpers import make_article, reader_app, settle

SIZE = (120, 40)


async def test_b_bookmarks_the_passage_under_the_cursor_and_b_again_removes_it():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "j", "b")
        [mark] = app.store.bookmarks()
        assert (mark.article_id, mark.passage_index) == ("id-00001", 2)
        assert mark.text == "Article 1 key point two."
        assert app.reader.pane.bookmarked == {2}
        assert "id-00001" in app.session.bookmark_counts
        await pilot.press("J")
        await settle(pilot, "id-00002")
        await pilot.press("K")
        await settle(pilot, "id-00001")
        assert app.reader.pane.bookmarked == {2}  # still highlighted when shown again
        await pilot.press("tab") if not app.reader.pane.has_focus else None
        app.reader.pane.move_cursor(2)
        await pilot.press("b")
        assert app.store.bookmarks() == []
        assert app.reader.pane.bookmarked == set()


async def test_B_lists_bookmarks_and_enter_opens_the_article_at_the_passage():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot, "id-00002")
        await pilot.press("tab", "j", "j", "j", "j", "b", "shift+tab", "K")
        await settle(pilot, "id-00001")
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert [b.article_id for b in app.screen.shown] == ["id-00002"]
        await pilot.press("enter")
        await settle(pilot, "id-00002")
        assert not isinstance(app.screen, BookmarksScreen)
        assert app.reader.pane.cursor == 4
        assert isinstance(app.focused, ReadingPane)


async def test_bookmarks_screen_filters_deletes_with_confirmation_and_escape_returns():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "b", "j", "j", "j", "b")
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        assert len(screen.shown) == 2
        assert screen.shown[0].passage_index == 3  # newest first
        await pilot.press("slash", *"figure")
        await pilot.pause()
        assert [b.passage_index for b in screen.shown] == [0]
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert len(screen.shown) == 2
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(app.store.bookmarks()) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert [b.passage_index for b in app.store.bookmarks()] == [0]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader
        assert app.reader.pane.bookmarked == {0}


async def test_m_toggles_read_and_A_marks_all_read_after_confirmation():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.store.is_read("id-00001")
        await pilot.press("m")
        assert app.store.is_read("id-00001")
        await pilot.press("m")
        assert not app.store.is_read("id-00001")
        await pilot.press("m")
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark 4 unread articles read (all articles)?" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert app.store.read_ids() == {"id-00001"}
        await pilot.press("A", "y")
        await pilot.pause()
        assert len(app.store.read_ids()) == 5
        assert app.reader.session.unread == 0


async def test_u_shows_only_unread_articles():
    app = reader_app()
    app.store.read.update({"id-00002", "id-00004"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        rows = [s.id for s in app.reader.sidebar.summaries]
        assert rows == ["id-00001", "id-00003", "id-00005"]  # the shown one stays
        await pilot.press("u")
        assert len(app.reader.sidebar.summaries) == 5


async def test_slash_filters_the_sidebar_as_you_type_and_escape_clears():
    articles = [make_article(1), make_article(2, title="Floods in the valley"),
                make_article(3, title="Bakery wins")]
    app = reader_app(articles)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBar)
        await pilot.press(*"flood")
        await pilot.pause()
        assert [s.id for s in app.reader.sidebar.summaries] == ["id-00002"]
        await settle(pilot, "id-00002")
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.reader.sidebar.summaries) == 3
        assert isinstance(app.focused, ArticleList)
        assert not app.reader.query_one(SearchBar).display


async def test_search_finds_article_text_not_only_titles():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"article 4 paragraph 2")
        for _ in range(100):
            await pilot.pause(0.02)
            if [s.id for s in app.reader.sidebar.summaries] == ["id-00004"]:
                break
        assert [s.id for s in app.reader.sidebar.summaries] == ["id-00004"]
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleList)


async def test_q_types_into_the_search_field_instead_of_quitting():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        await pilot.pause()
        assert app.is_running
        assert app.reader.query_one(SearchBar).value == "q"


async def test_o_opens_http_links_only(monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    monkeypatch.setenv("DISPLAY", ":0")  # a graphical display: the system browser
    monkeypatch.setattr(webbrowser, "get", lambda *a: webbrowser.BackgroundBrowser("gui"))
    monkeypatch.delenv("BROWSER", raising=False)
    articles = [make_article(1, link="https://example.org/a"),
                make_article(2, link="javascript:alert(1)")]
    app = reader_app(articles)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.press("J")
        await settle(pilot, "id-00002")
        await pilot.press("o")
        await app.workers.wait_for_complete()
    assert opened == ["https://example.org/a"]


async def test_y_copies_the_passage_with_its_citation():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "y")
        assert "Article 1 key point one." in app.clipboard
        assert "Article number 1" in app.clipboard
        assert "/news/article-00001.txt" in app.clipboard


async def test_r_rescans_the_sources():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        extra = make_article(9)
        app.library.articles[extra.source] = extra
        await pilot.press("r")
        await settle(pilot)
        assert app.reader.session.total == 6
        assert app.reader.sidebar.highlighted == 0


async def test_question_mark_shows_help_with_every_binding():
    app = reader_app(config=Config(keymap={"next-article": "x"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader


async def test_command_palette_runs_reader_actions():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next article")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, "id-00002")


async def test_keymap_from_config_remaps_keys():
    app = reader_app(config=Config(keymap={"next-article": "x", "quit": "ctrl+q"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot, "id-00002")
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_theme_from_config():
    app = reader_app(config=Config(theme="textual-light"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        before = app.reader.pane._layout.lines[0]
        app.theme = "textual-dark"  # as the palette's "Theme" command does
        await pilot.pause()
        await pilot.pause()
        assert "Article number 1" in app.reader.pane.text
        assert app.reader.pane._layout.lines[0] != before  # re-rendered in the new colours


async def test_a_bad_file_is_reported_and_the_rest_loads():
    app = reader_app(broken={"/news/broken.txt": "not an article: empty file"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader.session.total == 5
        toasts = [n.message for n in app._notifications]
        assert "1 file skipped (see messages: M)" in toasts  # one toast per scan
        assert not any("broken.txt" in m for m in toasts)
        logged = [n.message for n in app.messages.notices]
        assert any("broken.txt" in m and "empty file" in m for m in logged)  # the detail
        await pilot.press("r")  # a rescan says nothing it said already
        await settle(pilot)
        for _ in range(20):
            await pilot.pause(0.02)
        assert [n.message for n in app._notifications].count(
            "1 file skipped (see messages: M)") == 1
        assert sum("broken.txt" in n.message for n in app.messages.notices) == 1


async def test_hostile_text_is_shown_literally():
    hostile = "[bold]Loud[/bold] [@click=app.quit]quit[/] [link=file:///etc]x[/link]"
    article = make_article(1, title=hostile)
    app = reader_app([article, make_article(2)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert " ".join(hostile.split()) in " ".join(app.reader.pane.text.split())  # as written, wrapped or not
        row = app.reader.sidebar.render_line(0).text
        assert "[bold]Loud" in row
        await pilot.press("slash", *"[@click")
        await pilot.pause()
        assert "[@click" in str(app.reader.query_one("#status").render())
        assert app.is_running


async def test_narrow_terminals_do_not_crash_and_show_one_pane():
    for size in ((40, 20), (60, 20), (79, 24)):
        app = reader_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("j", "tab", "j", "b", "J", "escape", "backslash", "backslash")
            await pilot.pause()
            await pilot.resize_terminal(30, 10)
            await pilot.pause()
            await pilot.resize_terminal(*size)
            await pilot.press("tab", "j")
            await pilot.pause()
            assert app.is_running
