"""Pilot tests: moving around the reader with the keys of the issue."""

from __future__ import annotations

import time

from reader.app import NewsReader
from reader.config import Config
from reader.widgets.article_list import ArticleList
from reader.widgets.reading_pane import ReadingPane
from tests.app_helpers import MemoryLibrary, MemoryStore, make_article, reader_app, settle

SIZE = (120, 40)


async def test_start_focuses_sidebar_and_shows_first_article_without_marking_it():
    app = reader_app(config=Config(mark_read_after=0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "id-00001")
        assert isinstance(app.focused, ArticleList)
        assert app.reader.sidebar.highlighted == 0
        assert "Article number 1" in app.reader.pane.text
        assert app.store.read_ids() == set()  # launching marks nothing, even with 0


async def test_j_k_and_arrows_move_the_sidebar_selection():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot, "id-00002")
        await pilot.press("down")
        await settle(pilot, "id-00003")
        assert app.reader.sidebar.highlighted == 2
        await pilot.press("k")
        await settle(pilot, "id-00002")
        await pilot.press("up")
        await settle(pilot, "id-00001")
        await pilot.press("up")  # stays at the top
        assert app.reader.sidebar.highlighted == 0


async def test_tab_enter_escape_switch_panes_and_j_k_move_the_passage_cursor():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ReadingPane)
        assert app.reader.pane.cursor == 0
        await pilot.press("j", "j", "down")
        assert app.reader.pane.cursor == 3
        await pilot.press("k", "up")
        assert app.reader.pane.cursor == 1
        assert app.reader.sidebar.highlighted == 0  # the list did not move
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab", "escape")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("enter")
        assert isinstance(app.focused, ReadingPane)


async def test_new_article_starts_with_the_cursor_on_the_first_passage():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot, "id-00002")
        await pilot.press("enter")
        assert app.reader.pane.cursor == 0


async def test_J_K_move_between_articles_from_either_pane():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot, "id-00002")
        await pilot.press("tab", "j", "J")
        await settle(pilot, "id-00003")
        assert isinstance(app.focused, ReadingPane)
        assert app.reader.pane.cursor == 0
        await pilot.press("K")
        await settle(pilot, "id-00002")
        assert app.reader.sidebar.highlighted == 1


async def test_n_goes_to_the_next_unread_article():
    app = reader_app()
    app.store.read.update({"id-00002", "id-00003"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # into the article: it is read; `n` from the pane opens the next
        await pilot.press("n")
        await settle(pilot, "id-00004")
        await pilot.press("n")
        await settle(pilot, "id-00005")
        assert app.store.read_ids() == {f"id-0000{i}" for i in range(1, 6)}
        await pilot.press("n")  # nothing unread left: stays, with a notice
        await pilot.pause()
        assert app.reader.article.id == "id-00005"


async def test_paging_and_jumping_within_the_article():
    app = reader_app([make_article(1, paragraphs=40), make_article(2)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.reader.pane
        await pilot.press("tab", "space")
        assert pane.scroll_y > 0
        first_page = pane.scroll_y
        assert pane.cursor > 0
        await pilot.press("pagedown")
        assert pane.scroll_y > first_page
        await pilot.press("pageup")
        assert pane.scroll_y == first_page
        await pilot.press("G")
        assert pane.scroll_y == pane.max_scroll_y
        assert pane.cursor == pane.passage_count - 1
        await pilot.press("g")
        assert pane.scroll_y == 0 and pane.cursor == 0
        await pilot.press("end")
        assert pane.cursor == pane.passage_count - 1
        await pilot.press("home")
        assert pane.cursor == 0
        for _ in range(30):
            await pilot.press("j")
        assert pane.scroll_y > 0  # the cursor stays in view


async def test_reading_position_is_restored_when_reopening_an_article():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "j", "j", "J")
        await settle(pilot, "id-00002")
        assert app.store.position("id-00001") == 3
        await pilot.press("K")
        await settle(pilot, "id-00001")
        assert app.reader.pane.cursor == 3


async def test_backslash_hides_and_shows_the_sidebar():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("backslash")
        await pilot.pause()
        assert not app.reader.sidebar.display
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("J")
        await settle(pilot, "id-00002")
        await pilot.press("backslash")
        await pilot.pause()
        assert app.reader.sidebar.display
        assert isinstance(app.focused, ArticleList)


async def test_q_quits():
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.store.position("id-00001") == 1


class SlowLibrary(MemoryLibrary):
    """Scans in the reverse of the sidebar order, slowly, so the list fills in batches."""

    def scan(self, sources):
        for article in sorted(self.articles.values(), key=lambda a: a.source, reverse=True):
            time.sleep(0.002)
            yield article.summary()


async def test_the_list_fills_progressively_and_the_top_article_is_shown():
    articles = [make_article(n, paragraphs=1) for n in range(1, 151)]
    app = NewsReader(["/news"], MemoryStore(), SlowLibrary(articles))
    async with app.run_test(size=SIZE) as pilot:
        seen_partial = False
        for _ in range(500):
            await pilot.pause(0.01)
            if 0 < app.reader.session.total < 150:
                seen_partial = True
                assert "scanning" in str(app.reader.query_one("#status").render())
            if not app.reader.scanning and app.reader.session.total == 150:
                break
        await settle(pilot, "id-00001")
        assert seen_partial
        assert app.reader.sidebar.highlighted == 0


async def test_a_second_launch_shows_the_last_top_rows_while_it_scans():
    articles = [make_article(n, paragraphs=1) for n in range(1, 151)]
    app = NewsReader(["/news"], MemoryStore(), SlowLibrary(articles))
    async with app.run_test(size=SIZE) as pilot:
        while app.reader is None or app.reader.scanning or app.reader.session.total < 150:
            await pilot.pause(0.01)
    app = NewsReader(["/news"], MemoryStore(), SlowLibrary(articles))
    async with app.run_test(size=SIZE) as pilot:
        while app.reader is None or app.reader.article is None:
            await pilot.pause(0.005)
        assert app.reader.article.id == "id-00001"
        assert app.reader.scanning  # the scan (about 0.3 s) has not finished...
        assert app.reader.session.total == 150  # ...but last session's rows are shown
        while app.reader.scanning:
            await pilot.pause(0.01)
        assert app.reader.sidebar.highlighted == 0
