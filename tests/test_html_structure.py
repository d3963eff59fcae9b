"""Pages: each extraction rule on a fixture of its own -- structure kept, captions found,
the main part chosen by its text, chrome dropped only when it is chrome."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import (
    ArticleError,
    Caption,
    Code,
    Heading,
    Image,
    KeyPoints,
    Link,
    ListBlock,
    Paragraph,
    Table,
)
from reader.sources.html import parse_html
from reader.sources.html_captions import web_credit

BASE = "https://news.example/world/story.html"
WORLD = "https://news.example/world"
PARA = "The council met on Tuesday and agreed, after a long debate, to reopen the old bridge. "


def blocks(body: str, head: str = "<title>A test story about the bridge</title>"):
    return parse_html(f"<html><head>{head}</head><body>{body}</body></html>", BASE).blocks


def story(inner: str) -> str:
    return f"<article>{inner}<p>{PARA * 3}</p></article>"


# -- structure kept ---------------------------------------------------------------------

def test_lists_keep_order_numbers_and_links():
    found = blocks(story('<ol start="4"><li>Fourth <a href="/a">step</a></li><li>Fifth'
                        '<ul><li>a detail</li></ul></li></ol><ul><li>Loose</li></ul>'))
    assert found[0] == ListBlock(("Fourth step", "Fifth", "a detail"), True, 4,
                                 ((Link("step", "https://news.example/a"),), (), ()))
    assert found[1] == ListBlock(("Loose",))
    assert found[0].marker(0) == "4." and found[1].marker(0) == "•"


def test_data_table_kept_layout_table_walked():
    found = blocks(story("<table><caption>Fares</caption><thead><tr><th>Line</th><th>Fare</th></tr>"
                         "</thead><tbody><tr><td>N1</td><td>4.50</td></tr>"
                         "<tr><td><a href='https://x.example/n2'>N2</a></td><td>5</td></tr></tbody></table>"))
    assert found[0] == Table((("Line", "Fare"), ("N1", "4.50"), ("N2", "5")), True, "Fares",
                             (Link("N2", "https://x.example/n2"),))
    layout = blocks(f"<article><table><tr><td><p>{PARA * 4}</p><h2>Later</h2><p>{PARA}</p>"
                    "</td></tr></table></article>")
    assert [type(b) for b in layout] == [Paragraph, Heading, Paragraph]


def test_code_keeps_line_breaks_and_language():
    found = blocks(story('<pre class="language-python"><code>def f():\n\treturn 1<br>x = 2\n\n</code></pre>'))
    assert found[0] == Code("def f():\n    return 1\nx = 2", "python")


def test_pictures_outside_figures_and_links_per_paragraph():
    found = blocks(story('<p><img src="/map.png" alt="A map of the river"></p>'
                         '<img src="/pixel.gif" width="1" height="1">'
                         '<p>Read <a href="/report">the report</a> or <a href="#top">top</a> or '
                         '<a href="javascript:x()">this</a> or <a href="mailto:desk@news.example">'
                         'write</a>.</p>'))
    assert found[0] == Image("A map of the river", "https://news.example/map.png")
    assert found[1] == Paragraph("Read the report or top or this or write.",
                                 (Link("the report", "https://news.example/report"),
                                  Link("write", "mailto:desk@news.example")))


def test_span_wrapping_paragraphs_is_walked():
    found = blocks(f"<article><span class='body'><p>{PARA}</p><p>Second {PARA}</p></span></article>")
    assert found == [Paragraph(PARA.strip()), Paragraph("Second " + PARA.strip())]


# -- captions ----------------------------------------------------------------------------

@pytest.mark.parametrize("line, caption, credit", [
    ("Smoke over the port. AFP / Ann LEE", "Smoke over the port.", "AFP / Ann LEE"),
    ("Smoke over the port. (AFP)", "Smoke over the port.", "AFP"),
    ("Smoke over the port. Photo: Ann Lee / Getty Images", "Smoke over the port.",
     "Photo: Ann Lee / Getty Images"),
    ("Smoke over the port. Credit: Ann Lee for The Times", "Smoke over the port.",
     "Credit: Ann Lee for The Times"),
    ("Smoke over the port. Photograph: Ann Lee/Reuters", "Smoke over the port.",
     "Photograph: Ann Lee/Reuters"),
    ("Smoke over the port (Photo by Ann Lee/Getty Images)", "Smoke over the port",
     "Photo by Ann Lee/Getty Images"),
    ("Smoke over the port. Ann Lee/Reuters", "Smoke over the port.", "Ann Lee/Reuters"),
    ("The port, as reported by Reuters", "The port, as reported by Reuters", None),
    ("Harbour (left) and town", "Harbour (left) and town", None),
])
def test_web_credit_forms(line, caption, credit):
    assert web_credit(line) == (caption, credit)


def test_caption_forms_wherever_pages_put_them():
    found = blocks(story(
        '<figure><img src="a.jpg" alt="Boats"><figcaption>Boats at dawn. '
        '<span class="credit">Ann Lee</span></figcaption></figure>'
        '<figure><img src="b.jpg" alt="Quay"></figure><figcaption>The new quay. (AFP)</figcaption>'
        '<div class="wp-caption"><img src="c.jpg" alt="Crane"><p class="wp-caption-text">'
        'A crane lifts a barge. Photo: Getty Images</p></div>'
        '<div class="thumb"><div class="thumbinner"><img src="d.jpg" alt="">'
        '<div class="thumbcaption">The river in 1900</div></div></div>'
        '<figure><img src="e.jpg"><figcaption>Nets <!-- a comment --> drying<small>Bo Chen</small>'
        '</figcaption></figure>'))
    assert found[:5] == [
        Caption("Boats at dawn.", "Ann Lee", "Boats", Image("Boats", f"{WORLD}/a.jpg")),
        Caption("The new quay.", "AFP", "Quay", Image("Quay", f"{WORLD}/b.jpg")),
        Caption("A crane lifts a barge.", "Photo: Getty Images", "Crane",
                Image("Crane", f"{WORLD}/c.jpg")),
        Caption("The river in 1900", image=Image("", f"{WORLD}/d.jpg")),
        Caption("Nets drying", "Bo Chen", image=Image("", f"{WORLD}/e.jpg")),
    ]


# -- the main part -----------------------------------------------------------------------

def test_chrome_named_wrapper_holding_the_story_is_kept():
    page = (f"<div class='layout-sidebar-right field-label-hidden'><article><p>{PARA * 3}</p>"
            "<div class='sidebar'><p>SIDEBAR_TEXT teaser</p></div></article></div>")
    text = json.dumps([b.to_dict() for b in blocks(page)])
    assert PARA.strip() in text and "SIDEBAR_TEXT" not in text
    paywalled = blocks(f"<article><div class='paywall'><p>{PARA * 3}</p></div></article>")
    assert paywalled == [Paragraph((PARA * 3).strip())]


def test_hidden_elements_and_comments_are_skipped():
    found = blocks(story("<p style='display: none'>HIDDEN_A</p><div hidden><p>HIDDEN_B</p></div>"
                         "<!-- <p>HIDDEN_C</p> --><p>Shown <span style='visibility:hidden'>"
                         "HIDDEN_D</span>text.</p>"))
    text = json.dumps([b.to_dict() for b in found])
    assert "HIDDEN" not in text and found[0] == Paragraph("Shown text.")


def test_article_with_most_text_wins():
    page = (f"<article><p>Teaser: {PARA}</p></article><article><h2>Body</h2><p>{PARA * 4}</p>"
            "</article>")
    found = blocks(page)
    assert found[0] == Heading("Body") and len(found) == 2


def test_key_points_box_is_only_the_list_under_its_heading():
    page = (f"<article><div class='article-content'><h2>Highlights</h2><ul><li>One point</li>"
            f"<li>Two points</li></ul><p>{PARA * 3}</p><h2>Later</h2><p>{PARA}</p></div></article>")
    assert blocks(page) == [KeyPoints(("One point", "Two points")), Paragraph((PARA * 3).strip()),
                            Heading("Later"), Paragraph(PARA.strip())]
    named = (f"<article><div class='highlights'><ul><li>One</li></ul><p>{PARA * 3}</p></div>"
             "</article>")
    assert blocks(named) == [KeyPoints(("One",)), Paragraph((PARA * 3).strip())]


def test_teasers_and_the_page_tail_are_dropped():
    page = (f"<article><p>{PARA * 3}</p>"
            "<div class='x'><a href='/1'>First teaser story</a> <a href='/2'>Second teaser</a></div>"
            f"<p>{PARA}</p><div><h3 class='internal_related'>Related coverage</h3><p>TAIL_TEXT</p>"
            "</div></article>")
    text = json.dumps([b.to_dict() for b in blocks(page)])
    assert "teaser" not in text and "TAIL_TEXT" not in text and text.count("council") == 4
    prose = f"<article><p>{PARA}</p><div><a href='/1'>linked</a>, {'a, ' * 12} prose</div></article>"
    assert "linked" in json.dumps([b.to_dict() for b in blocks(prose)])


def test_section_named_after_its_heading_is_not_chrome():
    page = (f"<article><p>{PARA * 3}</p><div class='section' id='sharing-with-a-team'>"
            f"<h2>Sharing with a team</h2><p>Team {PARA}</p></div></article>")
    assert Heading("Sharing with a team") in blocks(page)


def test_unmarked_page_keeps_figures_readability_drops():
    page = (f"<div id='page'><div class='nav'><a href='/'>Home</a></div><div class='story'>"
            f"<p>{PARA * 3}</p><figure><img src='x.jpg' alt='Bridge'><figcaption>The old bridge. "
            f"(AFP)</figcaption></figure><p>{PARA * 2}</p><p>{PARA * 2}</p></div></div>")
    found = blocks(page)
    assert Caption("The old bridge.", "AFP", "Bridge", Image("Bridge", f"{WORLD}/x.jpg")) in found
    assert sum(isinstance(b, Paragraph) for b in found) == 3


# -- no crash, no empty result -------------------------------------------------------------

TAGS = st.sampled_from(["<p>", "</p>", "<div class='ad'>", "</div>", "<figure>", "<figcaption>",
                        "</figcaption>", "<!-- c -->", "<table><tr><td>", "</td></tr></table>",
                        "<ul><li>", "</li></ul>", "<pre>", "</pre>", "<img src=x alt=y>",
                        "<a href='/x'>", "</a>", "<span>", "</span>", "<article>", "</article>",
                        "<script>", "</script>", "<h2>", "</h2>", "word ", "Photo: AFP "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(TAGS, st.text(max_size=12)), max_size=40).map("".join))
def test_any_page_gives_an_article_or_a_one_line_reason(html):
    try:
        article = parse_html(html, BASE)
    except ArticleError as err:
        assert "\n" not in str(err) and str(err).startswith("not an article")
        return
    assert article.blocks and article.title
    json.dumps(article.to_dict())


def test_a_mark_holding_only_chrome_is_not_an_empty_article():
    page = (f"<main><nav><p>{PARA * 3}</p></nav></main>"
            f"<div class='story'><p>{PARA * 3}</p><p>{PARA * 2}</p></div>")
    found = blocks(page)
    assert found and all(isinstance(b, Paragraph) for b in found)
