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
