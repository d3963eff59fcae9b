"""A second launch: the last session's top rows and the first article are in
the screen before its first frame, not a worker's round trip later."""

from __future__ import annotations

import pytest

from reader import library, list_head, paths
from reader.app import NewsReader
from reader.model import ArticleSummary
from reader.screens import loading
from reader.screens.reader import ReaderScreen
from reader.store import Store
from tests.app_helpers import make_article, reader_app, settle

SIZE = (120, 40)


async def _first_launch(sources: list[str], store) -> str:
    app = NewsReader(sources, store, library)
    async with app.run_test(size=SIZE) as pilot:
        while app.reader is None or app.reader.scanning:
            await pilot.pause(0.01)
        await settle(pilot)
        first = app.reader.article.id
        await pilot.press("q")
    assert list_head.read_head(sources)  # the top rows were saved for the next launch
    return first


async def test_a_second_launch_shows_the_first_article_when_the_screen_mounts(tmp_path,
                                                                              monkeypatch):
    sources = [str(paths.samples_dir())]
    store = Store.open(tmp_path / "store")
    first = await _first_launch(sources, store)

    at_mount = {}
    original = ReaderScreen.on_mount

    def on_mount(self) -> None:
        original(self)
        at_mount["rows"] = len(self.sidebar.summaries)
        at_mount["article"] = self.article.id if self.article else None

    monkeypatch.setattr(ReaderScreen, "on_mount", on_mount)
    app = NewsReader(sources, Store.open(tmp_path / "store"), library)
    async with app.run_test(size=SIZE) as pilot:
        assert at_mount == {"rows": len(list_head.read_head(sources)), "article": first}
        await pilot.pause()
        title = app.reader.article.title
        assert title in " ".join(app.reader.pane.text.split())  # the title, wrapped or not
        await settle(pilot, first)
        assert app.reader.sidebar.highlighted == 0


async def test_a_second_launch_opens_the_first_article_at_its_saved_passage(tmp_path):
    sources = [str(paths.samples_dir())]
    store = Store.open(tmp_path / "store")
    first = await _first_launch(sources, store)
    store = Store.open(tmp_path / "store")
    app = NewsReader(sources, store, library)
    async with app.run_test(size=(120, 12)) as pilot:  # short: the passage is below the fold
        await settle(pilot, first)
        last = app.reader.pane.passage_count - 1
        assert last > 3
        await pilot.press("tab", "G", "q")
    assert Store.open(tmp_path / "store").position(first) == last

    app = NewsReader(sources, Store.open(tmp_path / "store"), library)
    async with app.run_test(size=(120, 12)) as pilot:
        await settle(pilot, first)
        await pilot.pause()
        pane = app.reader.pane
        assert pane.cursor == last
        start, _end = pane._layout.passage_lines[last]
        top = round(pane.scroll_y)
        assert top > 0 and top <= start < top + pane.scrollable_content_region.height


def test_only_a_small_local_file_is_loaded_on_the_ui_thread(tmp_path):
    small = tmp_path / "small.txt"
    small.write_text("Title\n\nA paragraph.\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (loading.QUICK_LOAD_BYTES + 1))

    def quick(source: str) -> bool:
        return loading.quick_to_load(ArticleSummary("id", "Title", source, None))

    assert quick(str(small))
    assert not quick(str(big))
    assert not quick(str(tmp_path / "missing.txt"))
    assert not quick("https://example.com/news/1")


async def test_the_reader_is_the_first_screen_with_the_keymap_from_the_start():
    """Composed with the app, not pushed from on_mount: a screen pushed there is
    mounted inside Textual's start-up batch, and its first frame is thrown away."""
    from reader.config import Config
    from tests.app_helpers import reader_app

    app = reader_app(config=Config(keymap={"next-article": "ctrl+n"}))
    async with app.run_test(size=SIZE) as pilot:
        assert [type(s) for s in app.screen_stack] == [ReaderScreen]
        await settle(pilot, "id-00001")
        await pilot.press("ctrl+n")
        await settle(pilot, "id-00002")


async def test_a_first_launch_lays_out_its_first_frame_before_the_scan_starts(monkeypatch):
    """With no rows from a last session to show, the scan (a large folder's listing
    and sort hold the interpreter) starts only once the first frame is laid out."""
    sizes = []
    original = ReaderScreen.scan_sources

    def scan_sources(self, head):
        sizes.append(self.sidebar.size.width)
        return original(self, head)

    monkeypatch.setattr(ReaderScreen, "scan_sources", scan_sources)
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert sizes and sizes[0] > 0


class _HalfScan:
    """The library, with a scan that stops after its first rows until released
    (a first scan of a large folder, cut short by the user quitting)."""

    def __init__(self, release, after: int) -> None:
        self.release = release
        self.after = after

    def __getattr__(self, name):
        return getattr(library, name)

    def scan(self, sources, **kwargs):
        for n, item in enumerate(library.scan(sources, **kwargs)):
            if n == self.after:
                self.release.wait(10)
            yield item


async def test_quitting_a_first_scan_keeps_its_rows_for_the_next_launchs_first_frame(tmp_path):
    import threading

    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(150):  # file n is dated n days back: the first files are the newest
        (folder / f"story-{n:03d}.txt").write_text(
            f"Story number {n}\n\nPublished: 2026-{1 + n // 28:02d}-{1 + n % 28:02d}\n\n"
            f"The story {n} in a sentence.\n", encoding="utf-8")
    sources = [str(folder)]
    release = threading.Event()
    app = NewsReader(sources, Store.open(tmp_path / "store"), _HalfScan(release, after=100))
    try:
        async with app.run_test(size=SIZE) as pilot:
            while not app.reader.session.summaries:
                await pilot.pause(0.01)
            assert app.reader.scanning
            found = list(app.reader.session.summaries)
            await pilot.press("q")
    finally:
        release.set()
    head = list_head.read_head(sources)
    assert [s.id for s in head] == [s.id for s in found][:list_head.HEAD_ROWS]
    assert len(head) < 150  # what was found, not the whole folder

    # The next launch has them before its first frame, and its scan finishes the list.
    app = NewsReader(sources, Store.open(tmp_path / "store"), library)
    async with app.run_test(size=SIZE) as pilot:
        assert app.reader.sidebar.summaries[:1] == head[:1]
        while app.reader.scanning:
            await pilot.pause(0.01)
        assert len(app.reader.session.summaries) == 150


async def test_quitting_a_rescan_leaves_the_finished_scans_rows(tmp_path, monkeypatch):
    sources = [str(paths.samples_dir())]
    await _first_launch(sources, Store.open(tmp_path / "store"))
    saved = list_head.read_head(sources)
    written = []
    monkeypatch.setattr(list_head, "write_head", lambda *a, **k: written.append(a))
    app = NewsReader(sources, Store.open(tmp_path / "store"), library)
    async with app.run_test(size=SIZE) as pilot:
        app.reader.scanning = True  # quit while the re-scan still runs
        await pilot.press("q")
    assert written == [] and list_head.read_head(sources) == saved


async def test_the_first_frame_is_drawn_before_the_search_field_and_feeds_pane_mount(
        monkeypatch):
    """The search field (an Input, the costliest widget to style) and, below WIDE
    columns, the hidden feeds pane are not part of the first frame; they are
    mounted right after, and keys typed at once find them."""
    from reader.widgets.feeds_pane import FeedsPane
    from reader.widgets.search_bar import SearchBar

    at_first_frame = []
    original = NewsReader.post_display_hook

    def post_display_hook(self) -> None:
        if not at_first_frame and self.reader is not None:
            at_first_frame.append((bool(self.reader.query(SearchBar)),
                                   bool(self.reader.query(FeedsPane))))
        original(self)

    monkeypatch.setattr(NewsReader, "post_display_hook", post_display_hook)
    app = reader_app([make_article(1), make_article(2, title="Floods in the valley")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"flood")
        await pilot.pause()
        assert isinstance(app.focused, SearchBar)
        assert app.reader.search_bar.value == "flood"
        await settle(pilot)
        assert [s.id for s in app.reader.sidebar.summaries] == ["id-00002"]
        await pilot.press("escape", "f")
        await pilot.pause()
        assert isinstance(app.focused, FeedsPane) and app.reader.feeds_pane.size.width > 0
    assert at_first_frame == [(False, False)]

    at_first_frame.clear()  # from WIDE columns the feeds pane is on screen: in the first frame
    app = reader_app([make_article(1)])
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert app.reader.feeds_pane.size.width > 0
    assert at_first_frame == [(False, True)]


async def test_f_before_the_feeds_pane_is_mounted_mounts_and_focuses_it(monkeypatch):
    from reader.widgets.feeds_pane import FeedsPane

    async def not_yet(self) -> None:  # `f` comes before the first frame's follow-up
        pass

    monkeypatch.setattr(ReaderScreen, "mount_later", not_yet)
    app = reader_app([make_article(1)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader.mounted_feeds_pane is None
        await pilot.press("f")
        await pilot.pause()
        assert len(app.reader.query(FeedsPane)) == 1 and isinstance(app.focused, FeedsPane)
        assert app.reader.feeds_pane.size.width > 0


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark", "nord"])
async def test_the_config_theme_is_in_place_before_the_stylesheet_is_first_applied(
        monkeypatch, theme):
    """A theme set once the app runs makes Textual read and apply the whole
    stylesheet again: a launch in the config's theme never does."""
    from textual.app import App
    from textual.color import Color

    from reader.config import Config

    refreshes = []
    original = App.refresh_css

    def refresh_css(self, animate: bool = True) -> None:
        refreshes.append(self.theme)
        original(self, animate)

    monkeypatch.setattr(App, "refresh_css", refresh_css)
    app = reader_app([make_article(1)], config=Config(theme=theme))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == theme and refreshes == []
        dark = app.current_theme.dark
        assert app.has_class("-dark-mode") == dark and app.has_class("-light-mode") == (not dark)
        background = Color.parse(app.get_css_variables()["background"])
        assert app.reader.styles.background == background  # the screen in its colours
        app.theme = "textual-dark" if theme != "textual-dark" else "textual-light"
        await pilot.pause()
        assert len(refreshes) == 1  # a theme chosen later restyles as before
