"""`y` never says "copied" when nothing could copy: with no clipboard tool and OSC 52
known to be lost, the text is shown in a dialog to select by hand. And citations:
title, feed or site, URL; a bundled sample by its name, not its install path."""

from __future__ import annotations

from textual.widgets import TextArea

from reader import citation, clipboard, paths
from reader.app import NewsReader
from reader.config import Config
from reader.model import Article, Paragraph
from reader.screens.copy_text import CopyTextScreen
from tests.app_helpers import FeedLibrary, MemoryStore, make_article, reader_app, settle

SIZE = (120, 40)


def no_tools(monkeypatch, tmp_path, term="xterm-256color"):
    """A PATH with no clipboard tool and no display; the terminal as given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(bin_dir))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX", "STY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", term)
    return bin_dir


def stub_tmux(bin_dir, set_clipboard: str):
    tmux = bin_dir / "tmux"
    tmux.write_text(f"#!/bin/sh\necho {set_clipboard}\n")
    tmux.chmod(0o755)


async def press_y(app, pilot):
    await settle(pilot)
    await pilot.press("tab", "j", "y")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_y_shows_the_text_to_select_when_nothing_can_copy(tmp_path, monkeypatch):
    bin_dir = no_tools(monkeypatch, tmp_path)
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    stub_tmux(bin_dir, "external")  # tmux's default: applications' OSC 52 is dropped
    app = reader_app([make_article(1, link="https://example.org/a")])
    sent = []
    monkeypatch.setattr(app, "copy_to_clipboard", sent.append)
    async with app.run_test(size=SIZE) as pilot:
        await press_y(app, pilot)
        screen = app.screen
        assert isinstance(screen, CopyTextScreen)
        text = "“Article 1 key point one.”\n— Article number 1, example.org <https://example.org/a>"
        area = screen.query_one(TextArea)
        assert area.text == text and area.read_only and area.has_focus
        assert area.selected_text == text  # selected, ready for the keyboard
        assert "tmux drops it" in screen.why and "set-clipboard is external" in screen.why
        assert not any("copied" in n.message for n in app.messages.notices)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CopyTextScreen)
    assert sent == [text]  # OSC 52 is written all the same


async def test_y_on_a_dumb_terminal_shows_the_text_too(tmp_path, monkeypatch):
    no_tools(monkeypatch, tmp_path, term="dumb")
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await press_y(app, pilot)
        assert isinstance(app.screen, CopyTextScreen)
        assert "dumb" in app.screen.why


async def test_y_when_osc_52_may_work_says_it_is_unknown(tmp_path, monkeypatch):
    bin_dir = no_tools(monkeypatch, tmp_path)
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    stub_tmux(bin_dir, "on")  # tmux passes it on to the terminal
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await press_y(app, pilot)
        assert not isinstance(app.screen, CopyTextScreen)
        notice = app.messages.notices[-1].message
    assert "OSC 52" in notice and "if nothing was copied" in notice and "copied with" not in notice


def test_when_osc_52_is_known_to_be_lost():
    assert clipboard.osc52_blocked({"TERM": "xterm-256color"}) is None
    assert "TERM unset" in clipboard.osc52_blocked({})
    assert "dumb" in clipboard.osc52_blocked({"TERM": "dumb"})
    assert "linux" in clipboard.osc52_blocked({"TERM": "linux"})
    assert "screen" in clipboard.osc52_blocked({"TERM": "screen", "STY": "1.pts"})
    tmux = {"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"}
    assert clipboard.osc52_blocked(tmux, lambda: "on") is None
    assert "external" in clipboard.osc52_blocked(tmux, lambda: "external")
    assert "off" in clipboard.osc52_blocked(tmux, lambda: "off")
    assert "unknown" in clipboard.osc52_blocked(tmux, lambda: None)  # tmux did not answer


def article(source: str, link: str | None = None, title: str = "Floating solar") -> Article:
    return Article("0123456789abcdef", title, source, None, [Paragraph("Panels float.")], link=link)


def test_a_sample_is_cited_by_name_not_by_its_install_path():
    sample = str(paths.samples_dir() / "01-floating-solar.txt")
    line = citation.cite(article(sample))
    assert line == "— Floating solar, newsreader sample: 01-floating-solar.txt"
    assert str(paths.samples_dir()) not in line
    # A file of the same name elsewhere is the user's own file, cited by its path.
    assert citation.cite(article("/home/ann/01-floating-solar.txt")) == \
        "— Floating solar, /home/ann/01-floating-solar.txt"


def test_citations_name_title_feed_or_site_and_url():
    page = article("https://www.news.example/solar")
    assert citation.cite(page) == "— Floating solar, news.example <https://www.news.example/solar>"
    item = article("https://feeds.example/rss#42", link="https://news.example/solar")
    assert citation.cite(item, "The Daily Example") == \
        "— Floating solar, The Daily Example <https://news.example/solar>"
    hostile = article("https://x.example/", title="Evil\x1b[31m title\nsecond")
    assert "\x1b" not in citation.cite(hostile) and "\n" not in citation.cite(hostile)
    passage = page.passages()[0]
    assert citation.quote(passage, page).startswith("“Panels float.”\n— Floating solar")


async def test_y_cites_a_feed_item_by_its_feed(tmp_path, monkeypatch):
    bin_dir = no_tools(monkeypatch, tmp_path)
    (bin_dir / "xclip").write_text(f"#!/bin/sh\n/bin/cat > '{bin_dir}/copied'\n")
    (bin_dir / "xclip").chmod(0o755)
    monkeypatch.setenv("DISPLAY", ":0")
    feed = "https://feeds.example/rss"
    story = make_article(1, link="https://news.example/one")
    store = MemoryStore()
    store.subscriptions = [{"url": feed, "title": "The Daily Example", "folder": None}]
    app = NewsReader(["/news", feed], store, FeedLibrary([story], {story.source: feed}),
                     Config(refresh_minutes=0), background_writes=False)
    async with app.run_test(size=SIZE) as pilot:
        await press_y(app, pilot)
        notice = app.messages.notices[-1].message
    assert notice.startswith("Passage and citation copied with xclip")
    assert (bin_dir / "copied").read_text() == (
        "“Article 1 key point one.”\n— Article number 1, The Daily Example <https://news.example/one>")
