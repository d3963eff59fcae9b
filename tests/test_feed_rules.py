"""Real-world feed rules, one fixture each in tests/fixtures/feeds/.

Each XML fixture says what it checks in a leading comment, as feedparser's own corpus
does: `Description:`, an optional `Header: Content-Type: ...` (the HTTP header the
server sends) and `Expect:` lines, each a Python expression over `feed`, `items` (the
parsed items) and `articles` (each item's article) that must be true.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.sources.feeds import FeedError, assign_ids, parse_feed
from reader.sources.html import parse_feed_item
from reader.sources.identity import key_id, normal_url

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
FEED_URL = "https://feeds.example/feed"


def _expectations(data: bytes) -> tuple[str | None, list[str]]:
    head = data[:4096].decode("latin-1")
    header = re.search(r"^Header: Content-Type: (.+)$", head, re.M)
    expects = re.findall(r"^Expect: (.+)$", head, re.M)
    return (header[1].strip() if header else None), expects


def _read(name: str):
    data = (FEEDS / name).read_bytes()
    content_type, expects = _expectations(data)
    feed = parse_feed(data, FEED_URL, content_type)
    articles = [parse_feed_item(item, FEED_URL).article for item in feed.items]
    return feed, articles, expects


@pytest.mark.parametrize("name", sorted(p.name for p in FEEDS.glob("*.xml")))
def test_fixture_expectations(name):
    feed, articles, expects = _read(name)
    assert expects, f"{name} states no expectation"
    scope = {"feed": feed, "items": feed.items, "articles": articles, "key_id": key_id,
             "normal_url": normal_url, "FEED_URL": FEED_URL}
    for expect in expects:
        # non-ASCII text in Expect lines is written as \u escapes (the file is not UTF-8)
        assert eval(expect, scope), expect  # our own fixtures


def test_charset_in_the_http_header_wins_over_a_guess():
    data = (FEEDS / "http_charset.xml").read_bytes()
    assert parse_feed(data, FEED_URL, "application/rss+xml; charset=windows-1251"
                      ).items[0].title == "Мост открыт"


def test_json_feed_text_content_attachments_and_own_date():
    feed = parse_feed((FEEDS / "attachments.json").read_bytes(), FEED_URL)
    (item,) = feed.items
    assert item.title == "Show <1>" and item.published == "2025-06-10"
    assert item.enclosures == ({"url": "https://radio.example/r1.m4a", "type": "audio/x-m4a",
                                "length": 1200000},)  # a file: URL is not an enclosure
    article = parse_feed_item(item, FEED_URL).article
    assert [b.text for b in article.blocks] == ["Para one.", "Para two with <tags>."]
    assert article.to_dict()["enclosures"] == [dict(e) for e in item.enclosures]


def test_an_empty_feed_is_a_feed_and_a_page_is_not():
    empty = parse_feed(b"<rss version='2.0'><channel><title>New</title></channel></rss>", FEED_URL)
    assert empty.title == "New" and empty.items == []
    atom = parse_feed(b"<feed xmlns='http://www.w3.org/2005/Atom'><title>A</title></feed>",
                      FEED_URL)
    assert atom.items == []
    with pytest.raises(FeedError, match=r"^not a feed: this is a web page \(HTML\)$"):
        parse_feed(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>", FEED_URL)
    with pytest.raises(FeedError, match="^not a feed: broken XML at line"):
        parse_feed(b"<rss version='2.0'><channel><title>Cut", FEED_URL)


def test_deep_json_is_one_line_and_no_recursion_error():
    deep = b'{"version": "https://jsonfeed.org/version/1", "items": [], "x": ' + b"[" * 100_000 \
        + b"]" * 100_000 + b"}"
    with pytest.raises(FeedError) as caught:
        parse_feed(deep, FEED_URL)
    assert str(caught.value) == "not a feed: JSON nested more than 64 levels deep"
    # brackets inside strings do not count
    doc = {"version": "https://jsonfeed.org/version/1", "title": "[" * 500,
           "items": [{"id": "1", "content_text": "{" * 500}]}
    assert len(parse_feed(json.dumps(doc).encode(), FEED_URL).items) == 1


def test_ids_of_well_formed_items_are_unchanged():
    """Read marks key on ids: the rules of before, for items that were fine before."""
    feed = parse_feed((FEEDS / "shared_guid.xml").read_bytes(), FEED_URL)
    assert feed.items[3].id == key_id("guid", normal_url(FEED_URL), "unique-1")
    rss = (Path(__file__).resolve().parent / "fixtures" / "web" / "rss2.xml").read_bytes()
    items = parse_feed(rss, FEED_URL).items
    assert items[0].id == key_id("guid", normal_url(FEED_URL), "gazette-1001")
    assert items[2].id == key_id("link", normal_url("https://gazette.example/only-link"))
    assert items[3].id == key_id("title", normal_url(FEED_URL), "neither guid nor link",
                                 (items[3].published_at or "")[:10])


def test_separated_items_keep_their_ids_when_the_twin_leaves():
    feed = parse_feed((FEEDS / "shared_guid.xml").read_bytes(), FEED_URL)
    first, second = feed.items[0], feed.items[1]
    known = {first.id, second.id}
    # next refresh: the first story is gone, the second keeps the id it was given
    (again,) = assign_ids(FEED_URL, [second.__class__(**{
        **{f: getattr(second, f) for f in second.__slots__}, "id": None})], known)
    assert again.id == second.id != first.id


def test_a_new_twin_above_a_known_item_does_not_take_its_id():
    from dataclasses import replace

    old = parse_feed((FEEDS / "shared_guid.xml").read_bytes(), FEED_URL).items[3]
    twin = replace(old, title="A newer story", summary="Other.", id=None)
    known = {old.id}
    newer, kept = assign_ids(FEED_URL, [twin, replace(old, id=None)], known)
    assert kept.id == old.id and newer.id != old.id


def test_relative_links_resolve_against_where_the_feed_came_from():
    data = (b"<rss version='2.0'><channel><title>R</title><item><title>One</title>"
            b"<link>/posts/1</link></item></channel></rss>")
    (item,) = parse_feed(data, FEED_URL, base="https://moved.example/feed/").items
    assert item.link == "https://moved.example/posts/1"
