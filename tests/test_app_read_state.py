"""Pilot tests: read state as a preview pane should keep it, and moving through
long lists and long passages."""

from __future__ import annotations

from reader.config import Config
from reader.model import Paragraph
from reader.screens.confirm import ConfirmScreen
from reader.widgets.reading_pane import ReadingPane
from tests.app_helpers import make_article, reader_app, settle

SIZE = (120, 40)
NEVER = Config(mark_read_after=None)


async def test_launch_and_moving_the_highlight_mark_nothing():
    app = reader_app(config=Config(mark_read_after=60))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot, "id-00004")
        assert app.store.read_ids() == set()
        assert app.session.unread == 5


async def test_enter_tab_and_a_click_into_the_pane_open_the_article():
    app = reader_app(config=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert app.store.read_ids() == {"id-00001"}
        await pilot.press("escape", "j")
        await settle(pilot, "id-00002")
        await pilot.press("tab")
        assert app.store.read_ids() == {"id-00001", "id-00002"}
        await pilot.press("shift+tab", "j")
        await settle(pilot, "id-00003")
        await pilot.click(ReadingPane, offset=(10, 5))
        assert app.store.read_ids() == {"id-00001", "id-00002", "id-00003"}


async def test_an_article_shown_long_enough_becomes_read():
    app = reader_app(config=Config(mark_read_after=0.05))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        assert app.store.read_ids() == set()  # the launch's article: never by the timer
        await pilot.press("j")
        await settle(pilot, "id-00002")
        await pilot.pause(0.3)
        assert app.store.read_ids() == {"id-00002"}


async def test_m_sticks_when_the_highlight_leaves_and_comes_back():
    app = reader_app(config=Config(mark_read_after=0))  # 0: read as soon as shown
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "escape", "m")
        assert app.store.read_ids() == set()
        await pilot.press("j")
        await settle(pilot, "id-00002")
        assert app.store.read_ids() == {"id-00002"}
        await pilot.press("k")
        await settle(pilot, "id-00001")
        await pilot.pause(0.1)
        assert "id-00001" not in app.store.read_ids()
        await pilot.press("enter")  # opened again: read
        assert "id-00001" in app.store.read_ids()


async def test_scrolling_the_article_reads_it():
    app = reader_app([make_article(1, paragraphs=40)], config=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        assert app.store.read_ids() == {"id-00001"}


async def test_A_during_a_search_marks_only_the_matches_and_names_the_view():
    articles = [make_article(n, title=f"{'Lighthouse' if n % 2 else 'Market'} story {n}")
                for n in range(1, 7)]
    app = reader_app(articles, config=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lighthouse", "enter")
        await pilot.pause()
        assert len(app.reader.sidebar.summaries) == 3
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Mark 3 unread articles read (articles matching “lighthouse”)?"
        await pilot.press("y")
        await pilot.pause()
        assert app.store.read_ids() == {"id-00001", "id-00003", "id-00005"}


async def test_A_with_the_unread_filter_counts_only_what_it_changes():
    app = reader_app(config=NEVER)
    app.store.read.update({"id-00002"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u", "A")
        await pilot.pause()
        assert app.screen.question == "Mark 4 unread articles read (articles in the unread list)?"


async def test_list_keys_move_through_a_long_list():
    app = reader_app([make_article(n) for n in range(1, 301)], config=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.reader.sidebar
        await pilot.press("G")
        assert sidebar.highlighted == 299
        await settle(pilot, sidebar.summaries[299].id)
        assert sidebar.scroll_y > 0
        await pilot.press("g")
        assert sidebar.highlighted == 0
        await pilot.press("pagedown")
        page = sidebar.highlighted
        assert 20 < page < 40  # about a screen of rows
        await pilot.press("pagedown", "pageup")
        assert sidebar.highlighted == page
        await pilot.press("end", "home")
        assert sidebar.highlighted == 0
        assert app.store.read_ids() == set()


async def test_pane_keys_g_G_act_on_the_article_when_it_has_focus():
    app = reader_app([make_article(1, paragraphs=30), make_article(2)], config=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "G")
        pane = app.reader.pane
        assert pane.cursor == pane.passage_count - 1
        assert app.reader.sidebar.highlighted == 0  # the list did not move
        await pilot.press("g")
        assert pane.cursor == 0 and pane.scroll_y == 0


async def test_j_scrolls_through_a_passage_taller_than_the_pane():
    article = make_article(1, paragraphs=2)
    long = Paragraph("A very long paragraph. " * 600)  # ~100 lines at this width
    article.blocks.insert(4, long)
    app = reader_app([article], config=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.reader.pane
        await pilot.press("tab")
        target = next(p.index for p in article.passages() if p.text == long.text)
        while pane.cursor < target:
            await pilot.press("j")
        start, end = pane._layout.passage_lines[target]
        assert end - start > 2 * pane.scrollable_content_region.height
        seen_scrolls = 0
        while pane.cursor == target:
            before = pane.scroll_y
            await pilot.press("j")
            if pane.cursor == target:
                assert pane.scroll_y > before
                seen_scrolls += 1
        assert seen_scrolls >= 2  # the whole passage went by, page by page
        assert pane.scroll_y + pane.scrollable_content_region.height >= end
        await pilot.press("k")  # back up: into the long passage's end, then up through it
        assert pane.cursor == target


async def test_a_click_on_a_passage_puts_the_cursor_there():
    app = reader_app(config=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.reader.pane
        start, _end = pane._layout.passage_lines[4]
        await pilot.click(ReadingPane, offset=(10, start - round(pane.scroll_y)))
        assert pane.cursor == 4
        await pilot.press("b")
        [mark] = app.store.bookmarks()
        assert mark.passage_index == 4
