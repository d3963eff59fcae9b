"""Feed parsing (RSS 1.0/2.0, Atom, JSON Feed), item identity and hostile text."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reader.fetch import fetch
from reader.model import ArticleError, Caption, Heading, Image, Paragraph, Quote
from reader.sources.feeds import FeedError, FeedItem, item_id, parse_feed
from reader.sources.html import parse_feed_item

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
FEED_URL = "https://feeds.example/feed"


def load(name: str):
    return parse_feed((WEB / name).read_bytes(), FEED_URL)


def test_rss2_items_with_content_and_summary():
    feed = load("rss2.xml")
    assert feed.title == "Harbour Gazette [bold]" and feed.link == "https://gazette.example/"
    first = feed.items[0]
    assert first.guid == "gazette-1001"
    assert first.link == "https://gazette.example/ferry-winter"
    assert first.published == "2025-01-06" and first.published_at.startswith("2025-01-06T08:30")
    assert first.author == "Mara Olsen"
    assert "<b>four</b>" in first.summary and "<figure>" in first.content_html
    assert [i.title for i in feed.items][2:] == ["No guid, only a link", "Neither guid nor link"]


def test_rss1_and_atom_and_json_feed():
    rss1 = load("rss1.rdf")
    assert rss1.title == "Valley Courier"
    assert [(i.title, i.published) for i in rss1.items] == [
        ("The old bridge reopens", "2025-02-03"), ("A new school term", "2025-02-04")]
    atom = load("atom.xml")
    pass_closed = atom.items[0]
    assert pass_closed.title == "Snow closes the pass"  # HTML title reduced to text
    assert pass_closed.guid == "tag:mountain.example,2025:pass-closed"
    assert pass_closed.published == "2025-03-01" and pass_closed.author == "Lena Brandt"
    assert atom.items[1].link == "https://mountain.example/huts"
    assert atom.items[1].published == "2025-02-20"  # updated when no published
    lake = load("feed.json")
    assert lake.title == "Lake Times" and lake.link == "https://lake.example/"
    regatta, fish, hostile = lake.items
    assert regatta.published == "2025-04-05" and regatta.author == "Tom Weir"
    assert regatta.published_at == "2025-04-05T14:00:00+00:00"
    assert fish.content_html.startswith("Scientists")
    assert hostile.guid == "44" and hostile.title == "Clear screen title"


def test_json_feed_1_0_author_and_bad_json():
    doc = {"version": "https://jsonfeed.org/version/1", "title": "Old",
           "items": [{"id": "1", "title": "One", "author": {"name": "Ann"},
                      "content_text": "Body."}, "not an item"]}
    feed = parse_feed(json.dumps(doc).encode(), FEED_URL)
    assert [(i.title, i.author) for i in feed.items] == [("One", "Ann")]
    with pytest.raises(FeedError, match="^not a feed: invalid JSON"):
        parse_feed(b"{not json", FEED_URL)
    with pytest.raises(FeedError, match="^not a feed: JSON without a JSON Feed version"):
        parse_feed(b'{"title": "x"}', FEED_URL)


@pytest.mark.parametrize("data", [(WEB / "malformed.xml").read_bytes(), b"", b"   ",
                                  b"<html><body>hello</body></html>", b"\x00\x01\x02binary"])
def test_malformed_feeds_are_one_line_errors(data):
    with pytest.raises(ArticleError) as err:
        parse_feed(data, FEED_URL)
    assert isinstance(err.value, FeedError)
    assert str(err.value).startswith("not a feed") and "\n" not in str(err.value)


def test_item_ids_are_stable_and_ignore_what_changes():
    items = load("rss2.xml").items
    ids = [item_id(FEED_URL, item) for item in items]
    assert len(set(ids)) == len(ids) and all(len(i) == 16 and int(i, 16) >= 0 for i in ids)
    again = [item_id(FEED_URL, item) for item in load("rss2.xml").items]
    assert ids == again
    changed = replace(items[0], title="Edited title", summary="new", content_html=None,
                      published_at="2030-01-01T00:00:00+00:00")
    assert item_id(FEED_URL, changed) == ids[0]          # guid wins
    no_guid = replace(items[2], title="Retitled", summary="other")
    assert item_id(FEED_URL, no_guid) == ids[2]           # link next
    # a bare guid is scoped to its feed; a link is not
    assert item_id("https://other.example/feed", items[0]) != ids[0]
    assert item_id("https://other.example/feed", items[2]) == ids[2]
    bare = FeedItem(None, None, "Title", "2025-01-07", None, None)
    assert item_id(FEED_URL, bare) != item_id(FEED_URL, replace(bare, published="2025-01-08"))


def test_hostile_titles_and_content_come_out_literal_and_clean():
    feed = load("injection.xml")
    assert feed.title == "Evil Red feed"
    item = feed.items[0]
    assert item.title == "Hyperlinked [@click=app.quit]title[/] red"
    article = parse_feed_item(item, FEED_URL).article
    text = json.dumps(article.to_dict())
    assert "\\u001b" not in text and "\\u0007" not in text
    assert article.blocks == [Paragraph("Body [bold]not bold[/bold] link and clear.")]
    lake = load("feed.json").items[2]
    body = parse_feed_item(lake, FEED_URL).article
    assert body.blocks == [Paragraph("Text with a link and [bold]markup[/bold].")]
    rss2 = load("rss2.xml").items[1]
    assert rss2.title == "[@click=app.quit]Click me[/] and [bold]markup[/bold]"


def test_feed_item_articles_full_content_or_summary():
    items = load("rss2.xml").items
    full = parse_feed_item(items[0], FEED_URL)
    assert not full.summary_only
    assert full.article.id == item_id(FEED_URL, items[0])
    assert full.article.link == "https://gazette.example/ferry-winter"
    assert full.article.published == "2025-01-06"
    assert full.article.blocks == [
        Paragraph("The island ferry will run four times a day from February."),
        Caption("The ferry leaves the quay at dawn.", "AFP / Ann LEE", "The ferry at the quay",
                Image("The ferry at the quay", "https://gazette.example/img/ferry.jpg")),
        Heading("What changes"), Paragraph("The last evening crossing moves to 19:40."),
        Quote("We asked for this for years.")]
    summary = parse_feed_item(items[2], FEED_URL)
    assert summary.summary_only
    assert summary.article.blocks == [Paragraph("Plain text summary, no markup.")]
    empty = parse_feed_item(FeedItem("g", None, "Only a title", None, None, None), FEED_URL)
    assert empty.summary_only and empty.article.blocks == [Paragraph("Only a title")]


def test_feeds_fetched_from_the_local_server(web_server):
    result = fetch(web_server.url("/static/summary-only.xml"))
    feed = parse_feed(result.content, result.final_url)
    assert [i.link for i in feed.items] == [
        web_server.url("/static/solar-page.html"), web_server.url("/static/barges-page.html"),
        web_server.url("/status/404")]
    for name in ("rss2.xml", "rss1.rdf", "atom.xml", "feed.json"):
        result = fetch(web_server.url(f"/static/{name}"))
        assert parse_feed(result.content, result.final_url).items


def test_scripts_and_handlers_in_feed_content_never_reach_the_text():
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{
        "id": "x", "title": "t", "content_html": "<script>alert('SCRIPT')</script>"
        "<style>p{}</style><p onclick=\"evil()\">Hi <img src=x onerror=\"evil()\"> there</p>"
        "<iframe src='http://evil.example'>FRAME</iframe><form>FORM</form>"}]}
    feed = parse_feed(json.dumps(doc).encode(), FEED_URL)
    assert parse_feed_item(feed.items[0], FEED_URL).article.blocks == [Paragraph("Hi there")]
