"""OPML import (nesting, duplicates, hostile XML) and export (OPML 2.0, escaping)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.model import ArticleError
from reader.sources.opml import OpmlError, Subscription, parse_opml, to_opml

WEB = Path(__file__).resolve().parent / "fixtures" / "web"


def test_nested_outlines_in_order_without_duplicates_or_bad_schemes():
    subs = parse_opml((WEB / "subscriptions.opml").read_bytes())
    assert subs == [
        Subscription("https://gazette.example/rss.xml", "Harbour Gazette", "News"),
        Subscription("https://valley.example/rss", "Valley Courier", "News/Regional"),
        Subscription("https://mountain.example/atom.xml", "Mountain Post & Friends",
                     "News/Regional"),
        Subscription("https://lake.example/feed.json", "Lake Times", None),
    ]


def test_export_then_import_restores_the_subscriptions():
    subs = parse_opml((WEB / "subscriptions.opml").read_bytes())
    text = to_opml(subs, now=datetime(2025, 1, 2, tzinfo=UTC))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert "<dateCreated>Thu, 02 Jan 2025 00:00:00 GMT</dateCreated>" in text
    assert sorted(parse_opml(text.encode()), key=lambda s: s.url) == sorted(subs,
                                                                           key=lambda s: s.url)


def test_export_escapes_hostile_titles_and_urls():
    nasty = Subscription('https://x.example/feed?a=1&b="2"<3>',
                         'Quotes " and \' & <tags> \x1b[31m[bold]', 'A & "B"')
    text = to_opml([nasty], title="<T & T>")
    assert "\x1b" not in text and "<tags>" not in text
    assert "<title>&lt;T &amp; T&gt;</title>" in text
    back = parse_opml(text.encode())
    assert back == [Subscription('https://x.example/feed?a=1&b="2"<3>',
                                 "Quotes \" and ' & <tags> [bold]", 'A & "B"')]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<opml version="2.0"><body><outline text="&lol3;" xmlUrl="https://x.example/"/></body></opml>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://x.example/"/></body></opml>"""


@pytest.mark.parametrize("data, reason", [
    (BILLION_LAUGHS, "forbidden XML entities or a DTD"),
    (EXTERNAL, "forbidden XML entities or a DTD"),
    (b"<opml><body><outline", "not an OPML file: "),
    (b"<rss version='2.0'/>", "the root element is <rss>"),
    (b"<opml version='2.0'><head/></opml>", "no <body>"),
    (b"", "not an OPML file: "),
])
def test_bad_and_hostile_opml_is_a_one_line_error(data, reason):
    with pytest.raises(ArticleError) as err:
        parse_opml(data)
    assert isinstance(err.value, OpmlError)
    assert reason in str(err.value) and "\n" not in str(err.value)


def test_empty_body_and_outline_variants():
    assert parse_opml(b"<opml version='1.0'><body/></opml>") == []
    data = b"""<opml version="1.1"><body><outline xmlurl="http://a.example/f" text="lower"/>
    <outline xmlUrl="  " text="blank"/><outline xmlUrl="http://b.example/f"/></body></opml>"""
    assert parse_opml(data) == [Subscription("http://a.example/f", "lower"),
                                Subscription("http://b.example/f", None)]


OPML = Path(__file__).resolve().parent / "fixtures" / "opml"


def test_real_world_opml_with_raw_ampersands_entities_and_feed_urls():
    from reader.sources.opml import read_opml, split_folders

    found = read_opml((OPML / "real_world.opml").read_bytes())
    assert found.mended
    assert [(s.url, s.title, split_folders(s.folder)) for s in found.subscriptions] == [
        ("https://ml.example/feed.xml", "Papers & Models", ["Tech & Science", "AI/ML"]),
        ("http://robots.example/rss", "Café Robotics", ["Tech & Science", "AI/ML"]),
        ("https://space.example/atom.xml?a=1&b=2", "Space News", ["Tech & Science"]),
        ("https://garden.example/feed/", "Gardening Q&A", []),
    ]
    assert found.skipped == [
        "Old podcast: not an http(s) feed URL (ftp)",
        "Broken entry: a feed outline without an xmlUrl",
        "Gardening again: listed twice (https://garden.example/feed/)",
    ]


def test_folder_names_with_a_slash_stay_whole_through_export():
    from reader.sources.opml import join_folders, read_opml, split_folders

    path = join_folders(["AI/ML", "back\\slash", "Deep"])
    assert split_folders(path) == ["AI/ML", "back\\slash", "Deep"]
    text = to_opml([Subscription("https://ml.example/feed.xml", "ML", join_folders(["AI/ML"]))])
    assert '<outline text="AI/ML">' in text
    (back,) = read_opml(text.encode()).subscriptions
    assert split_folders(back.folder) == ["AI/ML"]


def test_deeply_nested_outlines_are_one_line_and_the_others_go_on():
    from reader.sources.opml import read_opml

    deep = "".join(f'<outline text="f{i}">' for i in range(5000)) + \
        '<outline type="rss" text="Deep" xmlUrl="https://deep.example/rss"/>' + "</outline>" * 5000
    data = (f'<opml version="2.0"><body><outline type="rss" text="Top" '
            f'xmlUrl="https://top.example/rss"/>{deep}</body></opml>').encode()
    found = read_opml(data)
    assert [s.url for s in found.subscriptions] == ["https://top.example/rss"]
    assert found.skipped == ["4951 outlines nested more than 50 levels deep: not read"]
