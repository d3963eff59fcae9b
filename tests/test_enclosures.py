"""Podcasts and attachments: in the model, at the end of the article in `show` and the
reading pane, and opened by `o` after the web link."""

from __future__ import annotations

import json
import webbrowser

from rich.console import Console
from rich.style import Style

from reader import present
from reader.cli import main
from reader.widgets.render import PaneStyles, layout_article
from tests.app_helpers import make_article, reader_app, settle

SIZE = (120, 40)
EPISODE = {"url": "https://cast.example/ep1.mp3", "type": "audio/mpeg", "length": 24986239}
VIDEO = {"url": "https://cast.example/ep1.mp4", "type": "video/mp4", "length": None}


def podcast_article():
    article = make_article(1, link="https://cast.example/ep1")
    article.enclosures = [EPISODE, VIDEO]
    return article


def test_enclosures_are_listed_at_the_end_with_type_and_size():
    lines = list(present.plain_lines(podcast_article()))
    assert lines[-3:] == ["▶ Audio · audio/mpeg · 23.8 MB: https://cast.example/ep1.mp3", "",
                          "▶ Video · video/mp4: https://cast.example/ep1.mp4"]
    assert present.enclosure_lines(make_article(2)) == []


def test_reading_pane_layout_ends_with_the_enclosures():
    plain = Style()
    styles = PaneStyles(*(plain,) * 9)
    console = Console(width=80)
    layout = layout_article(podcast_article(), 80, styles, console)
    text = ["".join(seg.text for seg in strip).rstrip() for strip in layout.lines]
    assert text[-4:] == ["▶ Audio · audio/mpeg · 23.8 MB: https://cast.example/ep1.mp3", "",
                         "▶ Video · video/mp4: https://cast.example/ep1.mp4", ""]
    assert layout.line_passage[-2] is None  # not a passage: bookmarks keep their places


def test_show_json_carries_the_enclosures(web_server, capsys):
    web_server_feed = web_server.url("/static/podcast.xml")
    assert main(["add", web_server_feed]) == 0
    capsys.readouterr()
    main(["list", "--json"])
    (row,) = json.loads(capsys.readouterr().out)
    main(["show", row["id"], "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["enclosures"] == [{"url": "https://cast.example/ep1.mp3", "type": "audio/mpeg",
                                    "length": 24986239}]
    main(["show", row["id"]])
    out = capsys.readouterr().out
    assert out.endswith(f"▶ Audio · audio/mpeg · 23.8 MB: https://cast.example/ep1.mp3\n\n"
                        f"— Episode 1: The ferry, Harbour Cast <{web_server_feed}>\n")  # cited by its feed


async def test_o_opens_the_link_then_each_enclosure(monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    monkeypatch.setenv("DISPLAY", ":0")  # a graphical display: the system browser
    monkeypatch.setattr(webbrowser, "get", lambda *a: webbrowser.BackgroundBrowser("gui"))
    monkeypatch.delenv("BROWSER", raising=False)
    app = reader_app([podcast_article()])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(4):
            await pilot.press("o")
            await app.workers.wait_for_complete()
    assert opened == ["https://cast.example/ep1", EPISODE["url"], VIDEO["url"],
                      "https://cast.example/ep1"]
