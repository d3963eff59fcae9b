"""A page's title, byline and date: what it declares wins over what it shows."""

from __future__ import annotations

import pytest

from reader.sources.html import parse_html

BODY = "<body><article><h1>{h1}</h1><p>" + "Words of the story go here. " * 12 + "</p></article></body>"
LD = '<script type="application/ld+json">{}</script>'


def page(head: str, h1: str = "A headline shown on the page") -> str:
    return f"<html><head>{head}</head>{BODY.format(h1=h1)}</html>"


def title(head: str, h1: str = "A headline shown on the page") -> str:
    return parse_html(page(head, h1), "https://example.org/a").title


def test_json_ld_headline_comes_first():
    ld = LD.format('{"@context": "https://schema.org", "@type": "NewsArticle", '
                   '"headline": "The declared headline"}')
    assert title(ld + '<meta property="og:title" content="Social title">'
                 "<title>Page - Site</title>") == "The declared headline"


def test_json_ld_in_a_graph_or_list_and_only_from_schema_org():
    graph = LD.format('{"@context": "http://schema.org", "@graph": [{"@type": "WebSite", '
                      '"name": "Site"}, {"@type": ["BlogPosting"], "headline": "From the graph"}]}')
    assert title(graph) == "From the graph"
    listed = LD.format('[{"@context": "https://schema.org", "@type": "Article", "name": "Listed"}]')
    assert title(listed) == "Listed"
    elsewhere = LD.format('{"@type": "NewsArticle", "headline": "No context"}')
    assert title(elsewhere + "<title>The page title of this story</title>") == \
        "The page title of this story"
    broken = LD.format('{"@context": "https://schema.org", "@type": ')
    assert title(broken + '<meta property="og:title" content="Meta wins">') == "Meta wins"


def test_name_and_headline_differing_the_one_like_the_page_title_wins():
    ld = LD.format('{"@context": "https://schema.org", "@type": "NewsArticle", '
                   '"name": "Site Name Daily", "headline": "Old bridge reopens after repairs"}')
    assert title(ld + "<title>Old bridge reopens after repairs | Site Name Daily</title>") == \
        "Old bridge reopens after repairs"


def test_meta_titles_before_the_title_element():
    assert title('<meta name="twitter:title" content="Twitter title">'
                 '<meta property="og:title" content="OG title">'
                 "<title>Page title - Site</title>") == "OG title"
    assert title('<meta name="twitter:title" content="Twitter title">') == "Twitter title"


@pytest.mark.parametrize("raw, expected", [
    ("Council votes to close the old bridge | Valley Courier", "Council votes to close the old bridge"),
    ("Council votes to close the old bridge - Valley Courier", "Council votes to close the old bridge"),
    ("Council votes to close the old bridge — Valley Courier", "Council votes to close the old bridge"),
    ("Courier » Council votes to close the old bridge", "Council votes to close the old bridge"),
    ("Valley: council votes to close the old bridge", "council votes to close the old bridge"),
])
def test_site_name_cut_from_the_title_element(raw, expected):
    assert title(f"<title>{raw}</title>", h1="Something else entirely here") == expected


def test_h1_breaks_ties_for_a_shortened_title():
    # the cut title is too short to trust alone: the h1 that starts with it is the headline
    assert title("<title>Barges return - Courier</title>",
                 h1="Barges return as cargo leaves the roads") == "Barges return as cargo leaves the roads"
    # a one-word title gives way to the single, longer headline
    assert title("<title>Home</title>", h1="Barges return to the river") == "Barges return to the river"


def test_byline_and_date_from_metadata():
    ld = LD.format('{"@context": "https://schema.org", "@type": "Article", "headline": "H", '
                   '"author": [{"@type": "Person", "name": "Ann Lee"}, {"name": "Bo Chen"}], '
                   '"datePublished": "2024-03-05T10:00:00Z"}')
    article = parse_html(page(ld), "https://example.org/a")
    assert article.author == "Ann Lee, Bo Chen" and article.published == "2024-03-05"
    meta = ('<meta name="author" content="Cai Wu">'
            '<meta property="article:published_time" content="2023-11-02">')
    article = parse_html(page(meta), "https://example.org/a")
    assert article.author == "Cai Wu" and article.published == "2023-11-02"
    url_author = '<meta property="article:author" content="https://social.example/cai">'
    assert parse_html(page(url_author), "https://example.org/a").author is None
    timed = page("").replace("<p>", '<p><time datetime="2022-07-08">July 8</time> ')
    assert parse_html(timed, "https://example.org/a").published == "2022-07-08"
    assert parse_html(timed, "https://example.org/a").to_dict()["author"] is None
