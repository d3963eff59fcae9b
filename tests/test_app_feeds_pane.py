"""The feeds pane and the feed commands in the reader, key by key, asserting the
session's state (and the store's, for what is saved)."""

from __future__ import annotations

import pytest

from reader.app import NewsReader
from reader.config import Config
from reader.screens.confirm import ConfirmScreen
from reader.screens.messages import MessagesScreen
from reader.screens.prompt import PromptScreen
from reader.views import FEED, FOLDER, UNREAD
from tests.app_helpers import FeedLibrary, MemoryStore, make_article, settle

A, B, C = "https://a.example/feed", "https://b.example/rss", "https://c.example/atom"


def feeds_app(size_feeds=((A, 3), (B, 2), (C, 2)), **kw):
    articles, feeds, n = [], {}, 1
    for url, count in size_feeds:
        for _ in range(count):
            article = make_article(n, title=f"{url.split('/')[2]} story {n}")
            articles.append(article)
            feeds[article.source] = url
            n += 1
    articles.append(make_article(n, title="A local story"))
    store = MemoryStore()
    store.subscriptions = [{"url": A, "title": "Alpha", "folder": "Tech"},
                           {"url": B, "title": "Beta", "folder": "Tech"},
                           {"url": C, "title": "Gamma", "folder": None}]
    kw.setdefault("background_writes", False)
    kw.setdefault("config", Config(refresh_minutes=0))
    return NewsReader(["/news", A, B, C], store, FeedLibrary(articles, feeds), **kw)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Feed refreshes here record what they were asked, and answer at once."""
    import reader.subscriptions as subscriptions

    asked: list[list[str]] = []

    def refresh(feeds, on_feed=None, **kw):
        urls = [f["url"] for f in feeds]
        asked.append(urls)
        outcomes = [subscriptions.RefreshOutcome(url, None, "not modified") for url in urls]
        for done, outcome in enumerate(outcomes, 1):
            if on_feed:
                on_feed(outcome, done, len(outcomes))
        return outcomes

    monkeypatch.setattr(subscriptions, "refresh", refresh)
    return asked


async def choose(pilot, label: str) -> None:
    """`f`, move to the entry labelled `label`, `enter`."""
    reader = pilot.app.reader
    await pilot.press("f")
    index = next(i for i, e in enumerate(reader.session.entries) if e.label == label)
    await pilot.press("g", *["j"] * sum(1 for e in reader.session.entries[:index]
                                       if e.view is not None))
    assert reader.feeds_pane.highlighted_view == reader.session.entries[index].view
    await pilot.press("enter")
    await pilot.pause()


async def test_f_shows_the_pane_in_the_lists_place_and_enter_chooses_a_feed():
    app = feeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        reader = app.reader
        assert reader.feeds_pane.display is False or reader.feeds_pane.size.width == 0
        await pilot.press("f")
        await pilot.pause()
        assert app.focused is reader.feeds_pane and reader.has_class("-feeds")
        assert reader.feeds_pane.size.width > 0 and reader.sidebar.size.width == 0
        await choose(pilot, "Beta")
        assert app.session.view.kind == FEED and app.session.view.key == B
        assert {s.feed for s in app.session.rows} == {B} and len(app.session.rows) == 2
        assert app.focused is reader.sidebar and not reader.has_class("-feeds")
        assert reader.sidebar.size.width > 0


async def test_enter_on_a_folder_and_on_unread():
    app = feeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await choose(pilot, "Tech")
        assert app.session.view.kind == FOLDER and len(app.session.rows) == 5
        # rows that mix feeds name theirs
        assert "Alpha" in app.reader.sidebar.render_line(0).text
        await choose(pilot, "Unread")
        assert app.session.view.kind == UNREAD and app.session.unread_only


async def test_A_marks_the_chosen_feed_read_after_confirming():
    app = feeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await choose(pilot, "Gamma")
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "feed “Gamma”" in app.screen.question and "2 unread" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        gamma = {s.id for s in app.session.summaries if s.feed == C}
        assert app.session.store.read >= gamma
        assert not (app.session.store.read - gamma - {app.reader.article.id})
        view = next(e.view for e in app.session.entries if e.label == "Gamma")
        assert app.session.count(view) == 0
        assert app.session.count(next(e.view for e in app.session.entries
                                      if e.label == "Tech")) == 5


async def test_counts_in_the_pane_follow_reading():
    app = feeds_app()
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await choose(pilot, "Alpha")
        before = app.session.count(app.session.view)
        await pilot.press("enter")  # open the highlighted article: read
        await pilot.pause()
        assert app.session.count(app.session.view) == before - 1
        row = next(i for i, e in enumerate(app.session.entries) if e.label == "Alpha")
        assert app.reader.feeds_pane.render_line(row).text.rstrip().endswith(str(before - 1))


async def test_escape_in_the_pane_goes_back_to_the_list():
    app = feeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f", "escape")
        await pilot.pause()
        assert app.focused is app.reader.sidebar and not app.reader.has_class("-feeds")


@pytest.mark.parametrize("width", [50, 80, 120, 140, 160])
async def test_layouts_never_squeeze_a_pane_to_zero(width):
    app = feeds_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        reader = app.reader
        three = width >= 140
        assert (reader.feeds_pane.size.width > 0) == three
        await pilot.press("f")
        await pilot.pause()
        assert reader.feeds_pane.size.width > 0
        assert (reader.sidebar.size.width > 0) == three  # narrower: it takes the list's place
        if width < 60:
            assert reader.pane.size.width == 0  # one pane at a time
        await pilot.press("enter", "tab")
        await pilot.pause()
        assert app.focused is reader.pane and reader.pane.size.width > 0


async def test_rename_and_move_a_feed_with_e_and_c():
    app = feeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await choose(pilot, "Gamma")
        await pilot.press("f", "e")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("Input").value = "Gamma Daily"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.store.subscriptions[2]["title"] == "Gamma Daily"
        assert app.session.view.name == "feed “Gamma Daily”"
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("Input").value = "Tech"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.store.subscriptions[2]["folder"] == "Tech"
        assert app.session.count(next(e.view for e in app.session.entries
                                      if e.label == "Tech")) == 7


async def test_d_removes_a_feed_after_confirming_and_keeps_read_marks():
    app = feeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        gamma = [s.id for s in app.session.summaries if s.feed == C]
        app.session.store.read.add(gamma[0])
        await choose(pilot, "Gamma")
        await pilot.press("f", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "Unsubscribe" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert len(app.session.store.subscriptions) == 3
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        for _ in range(50):
            await pilot.pause(0.02)
            if len(app.session.store.subscriptions) == 2 and C not in app.reader.sources:
                break
        assert [f["url"] for f in app.session.store.subscriptions] == [A, B]
        assert C not in app.reader.sources
        assert not any(e.label == "Gamma" for e in app.session.entries)
        assert gamma[0] in app.session.store.read  # read marks stay


async def test_r_in_the_pane_refreshes_the_chosen_feed_R_every_feed(no_network):
    app = feeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(50):
            await pilot.pause(0.02)
            if no_network and app.reader.refreshing is None:
                break
        assert no_network == [[A, B, C]]  # at start, after the first frame
        await choose(pilot, "Beta")
        await pilot.press("f", "r")
        for _ in range(50):
            await pilot.pause(0.02)
            if len(no_network) == 2 and app.reader.refreshing is None:
                break
        assert no_network[-1] == [B]
        await pilot.press("R")
        for _ in range(50):
            await pilot.pause(0.02)
            if len(no_network) == 3 and app.reader.refreshing is None:
                break
        assert no_network[-1] == [A, B, C]
        summaries = [n.message for n in app.messages.notices if n.title == "Refreshed"]
        assert summaries[-1] == "3 feeds: 3 unchanged"


async def test_refresh_runs_on_its_own_every_refresh_minutes(no_network):
    app = feeds_app(config=Config(refresh_minutes=0.002))  # 0.12 s
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(100):
            await pilot.pause(0.05)
            if len(no_network) >= 3:
                break
        assert len(no_network) >= 3


async def test_refresh_progress_names_each_feed_as_it_answers(monkeypatch):
    from reader.screens.feed_refresh import FeedProgress
    from reader.subscriptions import RefreshOutcome
    from reader.widgets.status_line import StatusLine

    app = feeds_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        reader = app.reader
        reader.refreshing = (0, 3)
        reader.post_message(FeedProgress(1, 3, RefreshOutcome(B, "Beta's own", "ok", 4)))
        await pilot.pause()
        text = str(reader.query_one(StatusLine).render())
        assert "refreshing feeds 1/3" in text and "Beta: 4 new" in text


async def test_M_shows_every_notice_with_its_time_and_unpins():
    app = feeds_app(config=Config(refresh_minutes=0, problems=["config.toml: theme must be a theme name"]))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        from reader.widgets.status_line import StatusLine

        status = app.reader.query_one(StatusLine)
        assert "theme must be a theme name" in str(status.render())
        app.notify("[b]not markup[/b]", markup=False)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MessagesScreen)
        shown = str(app.screen.query_one("#messages").render())
        assert "theme must be a theme name" in shown and "[b]not markup[/b]" in shown
        assert all(n.time is not None for n in app.messages.notices)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader
        assert "theme must be" not in str(status.render())


async def test_p_fetches_the_page_of_a_summary_only_item_again(monkeypatch):
    import reader.subscriptions as subscriptions

    asked = []

    def refetch(article_id, link, fetcher=None):
        asked.append(article_id)
        return make_article(99, title="The whole page")

    monkeypatch.setattr(subscriptions, "refetch_page", refetch)
    app = feeds_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        shown = app.reader.article.id
        await pilot.press("p")
        for _ in range(50):
            await pilot.pause(0.02)
            if app.reader.article.title == "The whole page":
                break
        assert asked == [shown] and app.reader.article.title == "The whole page"


async def test_a_adds_a_folder_with_the_code_of_newsreader_add(tmp_path):
    from reader import library
    from reader.store import Store

    first = tmp_path / "first"
    first.mkdir()
    (first / "one.txt").write_text("First story\n\nIt begins.\n")
    second = tmp_path / "second"
    second.mkdir()
    (second / "two.txt").write_text("Second story\n\nIt goes on.\n")
    store = Store.open()
    store.add_source(first)
    app = NewsReader([str(first)], store, library, Config(refresh_minutes=0))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("Input").value = str(second)
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.02)
            if app.session.total == 2:
                break
        assert store.sources() == [str(first), str(second)]
        assert app.reader.sources == [str(first), str(second)]
        assert {s.title for s in app.session.summaries} == {"First story", "Second story"}
        assert any(e.label.endswith("second") for e in app.session.entries)
        assert any(n.message == f"added {second}" for n in app.messages.notices)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("Input").value = str(tmp_path / "missing")
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if any("no such file" in n.message for n in app.messages.notices):
                break
        assert any(n.message.endswith("missing: no such file or folder")
                   for n in app.messages.notices)


async def test_samples_say_so_in_the_status_line():
    from reader import library, paths
    from reader.store import Store
    from reader.widgets.status_line import StatusLine

    app = NewsReader([str(paths.samples_dir())], Store.open(), library, Config(refresh_minutes=0))
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        assert "sample articles: a adds your feed" in str(app.reader.query_one(StatusLine).render())
        assert any(e.view is None and e.label == "Library" for e in app.session.entries)
        # The samples are named for what they are, not by the package's install path.
        assert any(e.label == "Sample articles" for e in app.session.entries)
        assert not any(str(paths.samples_dir()) in e.label for e in app.session.entries)


async def test_items_show_as_feeds_land_before_the_refresh_ends(monkeypatch):
    import threading

    import reader.screens.feed_refresh as feed_refresh
    import reader.subscriptions as subscriptions

    monkeypatch.setattr(feed_refresh, "LANDED_RESCAN_SECONDS", 0.05)
    gate = threading.Event()

    def refresh(feeds, on_feed=None, **kw):
        urls = [f["url"] for f in feeds]
        first = subscriptions.RefreshOutcome(urls[0], None, "ok", new=2)
        on_feed(first, 1, len(urls))
        gate.wait(10)  # the slow feeds are still out
        rest = [subscriptions.RefreshOutcome(u, None, "not modified") for u in urls[1:]]
        for done, outcome in enumerate(rest, 2):
            on_feed(outcome, done, len(urls))
        return [first, *rest]

    monkeypatch.setattr(subscriptions, "refresh", refresh)
    from reader.screens.reader import ReaderScreen

    scans = []
    original = ReaderScreen.rescan
    monkeypatch.setattr(ReaderScreen, "rescan",
                        lambda self, *a: (scans.append(self.refreshing), original(self, *a))[1])
    app = feeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        reader = app.reader
        scans = [s for s in scans if s is not None]  # the launch's own scan aside
        for _ in range(100):
            await pilot.pause(0.02)
            if scans:
                break
        assert scans and scans[0] == (1, 3)  # rescanned while the refresh still runs
        gate.set()
        for _ in range(100):
            await pilot.pause(0.02)
            if reader.refreshing is None:
                break
        assert reader.refreshing is None and scans[-1] is None


async def test_the_palette_offers_the_messages_and_the_feed_commands():
    from reader import bindings

    offered = {b.description: b.action for b in bindings.PALETTE}
    assert {"Messages", "Feeds", "Add a feed, page or path",
            "Fetch the full page again"} <= set(offered)
    app = feeds_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await app.run_action(offered["Messages"], app.reader)  # as the palette runs it
        await pilot.pause()
        assert isinstance(app.screen, MessagesScreen)
