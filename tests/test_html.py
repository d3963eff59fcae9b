"""Pages and HTML fragments to blocks: structure kept, chrome dropped, text made safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import feedcache
from reader.fetch import fetch
from reader.model import ArticleError, Caption, Heading, Image, KeyPoints, ListBlock, Paragraph, Quote
from reader.sources.feeds import item_id, parse_feed
from reader.sources.html import (
    decode_html,
    fragment_blocks,
    parse_feed_item,
    parse_html,
    parse_html_bytes,
)

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
BASE = "http://127.0.0.1:8"


def page(name: str):
    html = (WEB / name).read_text().replace("{{BASE}}", BASE)
    return parse_html(html, f"{BASE}/static/{name}")


def all_text(article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("name", ["solar-page.html", "barges-page.html"])
def test_page_chrome_is_dropped(name):
    text = all_text(page(name))
    assert "MUST_NOT_APPEAR" not in text
    assert "Subscribe" not in text and "LDJSON" not in text


def test_solar_page_structure():
    article = page("solar-page.html")
    assert article.title == "Floating solar farm opens on the reservoir"
    assert article.published == "2025-01-06" and not article.title_derived
    assert article.link == f"{BASE}/static/solar-page.html"
    assert len(article.id) == 16
    assert article.blocks == [
        KeyPoints(("The farm covers a tenth of the reservoir.", "It will power 3,000 homes.",
                   "Fish stocks are monitored every month.")),
        Caption("Panels float on the reservoir near the dam.", "AFP / Ann LEE",
                "Rows of blue panels floating on dark water",
                Image("Rows of blue panels floating on dark water", f"{BASE}/img/solar.jpg")),
        Paragraph("The largest floating solar farm in the region opened on Monday, covering a "
                  "tenth of the reservoir behind the old dam."),
        Paragraph("Engineers anchored 12,000 panels to the lake bed over the summer, working "
                  "from barges between storms."),
        Heading("Power for the town"),
        Paragraph("The farm will power about 3,000 homes, the utility said, and cut the town's "
                  "diesel use by half."),
        Quote("The water keeps the panels cool, so they make more power on hot days."),
        Caption("An engineer checks a cable on the platform.", "REUTERS / Tom Brook",
                "An engineer checks a cable",
                Image("An engineer checks a cable", f"{BASE}/img/engineer.jpg")),
        Heading("What comes next"),
        Paragraph("A second farm is planned on the northern lake if the first year goes well."),
    ]


def test_barges_page_structure_small_and_cite_credits():
    article = page("barges-page.html")
    assert article.title == "River barges return as cargo moves off the roads"
    assert article.published == "2025-02-03"
    kinds = [b.kind for b in article.blocks]
    assert kinds == ["key_points", "paragraph", "caption", "paragraph", "heading", "paragraph",
                     "quote", "caption", "paragraph"]
    assert article.blocks[0] == KeyPoints(("Barge traffic is up 40% on last year.",
                                           "Three new quays open in the spring."))
    assert article.blocks[2] == Caption("A loaded barge passes under the town bridge.",
                                        "Photo: Getty Images", "A loaded barge under the bridge",
                                        Image("A loaded barge under the bridge", f"{BASE}/img/barge.jpg"))
    assert article.blocks[7] == Caption("Workers rebuild the north quay.", "EPA-EFE / Jan Novak",
                                        image=Image("", f"{BASE}/img/quay.jpg"))
    assert article.blocks[-1].text.startswith("The council hopes the new quays will")


@pytest.mark.parametrize("markup", [
    "<h2>Key points</h2><ul><li>One.</li><li>Two.</li></ul>",
    "<h3>Key takeaways:</h3><div><ol><li>One.</li><li>Two.</li></ol></div>",
    "<p><strong>Highlights</strong></p><ul><li>One.</li><li>Two.</li></ul>",
    "<div aria-label='Summary'><ul><li>One.</li><li>Two.</li></ul></div>",
    "<ul class='summary-list'><li>One.</li><li>Two.</li></ul>",
    "<section class='article-highlights'><h4>In brief</h4>"
    "<ul><li>One.</li><li>Two.</li></ul></section>",
])
def test_key_points_forms(markup):
    assert fragment_blocks(markup + "<p>Body.</p>") == [KeyPoints(("One.", "Two.")),
                                                       Paragraph("Body.")]


def test_other_lists_stay_lists_and_loose_text_becomes_paragraphs():
    blocks = fragment_blocks("Loose <em>text</em><br>here<ul><li>A</li><li>B</li></ul>"
                             "<div>In a div<p>In a p</p>tail</div>")
    assert blocks == [Paragraph("Loose text here"), ListBlock(("A", "B")),
                      Paragraph("In a div"), Paragraph("In a p"), Paragraph("tail")]


def test_credit_line_after_a_figure_joins_its_caption_and_plain_text_fragments():
    blocks = fragment_blocks("<figure><img alt=''><figcaption>Smoke over the port."
                             "</figcaption></figure><p>AFP / Ann LEE</p><p>Text.</p>")
    assert blocks == [Caption("Smoke over the port.", "AFP / Ann LEE"), Paragraph("Text.")]
    assert fragment_blocks("First para.\n\nSecond\npara.") == [Paragraph("First para."),
                                                              Paragraph("Second para.")]
    assert fragment_blocks("") == [] and fragment_blocks("   ") == []


def test_page_without_main_markers_uses_readability_and_meta():
    body = "".join(f"<p>Sentence number {i} of a page with no article element at all, "
                   f"long enough to count.</p>" for i in range(8))
    html = (f"<html><head><title>Site title</title><meta property='og:title' content='OG title'>"
            f"<meta property='article:published_time' content='2024-12-31T23:00:00Z'></head>"
            f"<body><div class='menu'><a>Home</a></div><div id='x'>{body}</div>"
            f"<div class='footer'>Footer</div></body></html>")
    article = parse_html(html, "/tmp/page.html")
    assert article.title == "OG title" and article.published == "2024-12-31"
    assert article.link is None and article.source == "/tmp/page.html"
    assert len(article.blocks) == 8 and "Footer" not in all_text(article)


def test_title_falls_back_to_title_element_and_derived_title():
    html = ("<html><head><title>Only &lt;title&gt;</title></head>"
            "<body><p>Hello there.</p></body></html>")
    assert parse_html(html, "x.html").title == "Only <title>"
    derived = parse_html("<p>Just a paragraph of text.</p>", "x.html")
    assert derived.title_derived and derived.title == "Just a paragraph of text."


def test_hostile_markup_and_escapes_in_pages_are_literal_and_gone():
    html = ("<html><head><title>x</title></head><body><article>"
            "<h1>[@click=app.quit]Quit[/] &#27;[31mred&#27;[0m</h1>"
            "<p>[bold]not bold[/bold] \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 "
            "&#x1b;[2J and \x9b31m C1.</p>"
            "<figure><figcaption>[red]cap[/red]\x1b[31m AFP / Ann LEE</figcaption></figure>"
            "</article></body></html>")
    article = parse_html(html, "https://x.example/a")
    assert article.title == "[@click=app.quit]Quit[/] red"
    assert article.blocks[0] == Paragraph("[bold]not bold[/bold] link and C1.")
    assert article.blocks[1] == Caption("[red]cap[/red]", "AFP / Ann LEE")
    text = all_text(article)
    assert not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in text)


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "<script>x()</script>"])
def test_empty_pages_are_one_line_errors(html):
    with pytest.raises(ArticleError) as err:
        parse_html(html, "x.html")
    assert str(err.value).startswith("not an article") and "\n" not in str(err.value)


def test_decoding_by_header_meta_and_sniffing():
    text = "<p>Café</p>"
    assert decode_html(text.encode("latin-1"), "text/html; charset=ISO-8859-1") == text
    meta = b"<meta charset='windows-1252'><p>Caf\xe9</p>"
    assert "Café" in decode_html(meta)
    assert decode_html(text.encode()) == text
    xml_decl = '<?xml version="1.0" encoding="utf-8"?><html><body><p>Hi there.</p></body></html>'
    assert parse_html_bytes(xml_decl.encode(), "x.html").blocks == [Paragraph("Hi there.")]


def test_local_html_file(tmp_path):
    path = tmp_path / "saved.html"
    path.write_text((WEB / "barges-page.html").read_text(), encoding="utf-8")
    article = parse_html(path.read_text(), str(path))
    assert article.source == str(path) and article.link is None
    assert article.blocks[0].kind == "key_points"


def test_summary_only_feed_to_full_article_and_offline_cache(web_server):
    feed_url = web_server.url("/static/summary-only.xml")
    feed = parse_feed(fetch(feed_url).content, feed_url)
    solar, barges, gone = feed.items
    item = parse_feed_item(solar, feed_url)
    assert item.summary_only
    page_result = fetch(solar.link)
    article = parse_html_bytes(page_result.content, page_result.final_url,
                               page_result.content_type, article_id=item.article.id)
    assert article.id == item_id(feed_url, solar)
    assert [b.kind for b in article.blocks].count("caption") == 2
    assert article.blocks[0].kind == "key_points"
    assert "MUST_NOT_APPEAR" not in all_text(article)
    feedcache.save_cached(article)
    assert feedcache.load_cached(article.id) == article
    with pytest.raises(Exception) as err:
        fetch(gone.link)
    assert str(err.value) == "HTTP 404 Not Found"
    fallback = parse_feed_item(gone, feed_url)
    assert fallback.summary_only
    assert fallback.article.blocks == [Paragraph("This summary is all there is.")]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TAGS = st.sampled_from(["p", "div", "figure", "figcaption", "h2", "blockquote", "ul", "li",
                         "aside", "nav", "script", "b", "span", "article"])
_PIECES = st.one_of(st.text(max_size=30), _TAGS.map(lambda t: f"<{t}>"),
                    _TAGS.map(lambda t: f"</{t}>"), st.just("\x1b[31m"), st.just("&#27;"))


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_html_is_an_article_or_a_one_line_error_with_no_controls(html):
    try:
        article = parse_html(html, "x.html")
    except ArticleError as err:
        assert "\n" not in str(err)
        return
    text = json.dumps(article.to_dict(), ensure_ascii=False)
    assert not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in text)
    assert article.blocks and len(article.id) == 16
