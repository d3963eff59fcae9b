"""A page's metadata: title, byline and date, from what the page declares about itself.

The title, in this order (the order publishers' own tools read them in):
1. the JSON-LD article's `headline`/`name` (of an Article/NewsArticle/BlogPosting...
   object, at the top, in a list or in an `@graph`); when both are given and
   differ, the one that resembles the `<title>` wins;
2. the meta titles: `dc:title`, `og:title`, `title`, `twitter:title`...;
3. the `<title>` with the site's name cut: the part before the last " | ",
   " - ", " — ", " » "... separator (the part after the first when that leaves
   fewer than three words), or after a colon when no heading repeats the
   whole; a `<title>` too short or too long gives way to a single `<h1>`.
A short result (four words or fewer) that lost more than the site's name
falls back to the whole `<title>`.

The byline: JSON-LD `author` names, else `author`/`dc:creator`/`article:author`
meta (not a URL), else a `rel=author`/`itemprop=author`/byline element.
The date: JSON-LD `datePublished`, `article:published_time` and its kin, a
`<time datetime>` in the main part, then anywhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from reader.text import clean_inline

_ARTICLE_TYPES = re.compile(
    r"^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle"
    r"|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report"
    r"|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting"
    r"|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$")
_SCHEMA_ORG = re.compile(r"^https?://schema\.org/?$")
_CDATA = re.compile(r"^\s*<!\[CDATA\[|\]\]>\s*$")
_SEPARATOR = re.compile(r"\s[|\-–—\\/>»]\s")
_HIERARCHY = re.compile(r"\s[\\/>»]\s")
_LEADING_PART = re.compile(r"^[^|\-–—\\/>»]*[|\-–—\\/>»]")
# meta names, in the order they are trusted; keys are lower-cased, dots read as colons
_TITLE_KEYS = ("dc:title", "dcterm:title", "og:title", "weibo:article:title",
               "weibo:webpage:title", "title", "twitter:title", "parsely-title")
_AUTHOR_KEYS = ("dc:creator", "dcterm:creator", "author", "parsely-author", "article:author")
_DATE_KEYS = ("article:published_time", "parsely-pub-date", "datepublished", "date", "pubdate",
              "dc:date", "dc:date:issued", "og:published_time", "sailthru:date")
_PROPERTY = re.compile(r"\s*(article|dc|dcterm|og|twitter)\s*:\s*"
                       r"(author|creator|description|published_time|title|site_name)\s*", re.I)
_NAME = re.compile(r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-.:]\s*)?"
                   r"(author|creator|pub-date|description|title|site_name|date|pubdate"
                   r"|datepublished|published_time)\s*$", re.I)


def _words(text: str) -> int:
    return len(text.split())


def _similarity(a: str, b: str) -> float:
    """How much of `b`'s words `a` leaves out, inverted: 1 when `b` holds nothing new."""
    wa = set(re.findall(r"\w+", a.lower()))
    wb = re.findall(r"\w+", b.lower())
    if not wa or not wb:
        return 0.0
    extra = " ".join(w for w in wb if w not in wa)
    return 1 - len(extra) / len(" ".join(wb))


def _articles_in(data) -> Iterator[dict]:
    """The JSON-LD objects of an article type, wherever the block nests them."""
    if isinstance(data, list):
        for item in data:
            yield from _articles_in(item)
        return
    if not isinstance(data, dict):
        return
    kind = data.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    if any(isinstance(k, str) and _ARTICLE_TYPES.match(k) for k in kinds):
        yield data
    graph = data.get("@graph")
    if isinstance(graph, list):
        yield from _articles_in(graph)


def _schema_org(data) -> bool:
    context = data.get("@context") if isinstance(data, dict) else None
    if isinstance(context, dict):
        context = context.get("@vocab")
    return isinstance(context, str) and _SCHEMA_ORG.match(context) is not None


def json_ld(doc) -> dict:
    """The first schema.org article object of the page's JSON-LD, or {}."""
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(_CDATA.sub("", script.text or ""))
        except ValueError:
            continue
        objects = data if isinstance(data, list) else [data]
        for obj in objects:
            if _schema_org(obj) and (found := next(_articles_in(obj), None)) is not None:
                return found
    return {}


def meta_values(doc) -> dict[str, str]:
    """`<meta>` contents by normalised name (`og:title`, `author`, `article:published_time`)."""
    values: dict[str, str] = {}
    for el in doc.iter("meta"):
        content = clean_inline(el.get("content") or "")
        if not content:
            continue
        prop, name = el.get("property") or "", el.get("name") or el.get("itemprop") or ""
        for match in _PROPERTY.finditer(prop):
            values[re.sub(r"\s", "", match.group(0).lower())] = content
        if _NAME.match(name):
            values[re.sub(r"\s", "", name.lower()).replace(".", ":")] = content
    return values


def _document_title(doc) -> str:
    el = doc.find(".//title")
    return clean_inline(el.text_content()) if el is not None else ""


def _headings(doc, *tags: str) -> list[str]:
    return [clean_inline(el.text_content()) for el in doc.iter(*tags)]


def cut_site_name(doc) -> str:
    """The `<title>` without the site's name around it (see the module's docstring)."""
    original = _document_title(doc)
    title = original
    hierarchical = False
    separators = list(_SEPARATOR.finditer(original))
    if separators:
        hierarchical = bool(_HIERARCHY.search(original))
        title = original[:separators[-1].start()]
        if _words(title) < 3:
            title = _LEADING_PART.sub("", original, count=1)
    elif ": " in title:
        if title.strip() not in _headings(doc, "h1", "h2"):
            title = original[original.rfind(":") + 1:]
            if _words(title) < 3:
                title = original[original.find(":") + 1:]
            elif _words(original[:original.find(":")]) > 5:
                title = original
    elif len(title) > 150 or len(title) < 15:
        ones = _headings(doc, "h1")
        if len(ones) == 1 and _words(ones[0]) > _words(title):
            return ones[0]  # a bare "Home" or "x" gives way to the one headline
    title = clean_inline(title)
    count = _words(title)
    if count <= 4 and (not hierarchical
                       or count != _words(_SEPARATOR.sub("", original)) - 1):
        title = original
    return title


def title_of(doc, ld: dict | None = None, values: dict[str, str] | None = None) -> str | None:
    ld = json_ld(doc) if ld is None else ld
    values = meta_values(doc) if values is None else values
    name, headline = ld.get("name"), ld.get("headline")
    name = clean_inline(name) if isinstance(name, str) else ""
    headline = clean_inline(headline) if isinstance(headline, str) else ""
    if name and headline and name != headline:
        page_title = cut_site_name(doc)
        if _similarity(headline, page_title) > 0.75 >= _similarity(name, page_title):
            return headline
        return name
    if name or headline:
        return name or headline
    for key in _TITLE_KEYS:
        if values.get(key):
            return values[key]
    return _confirmed_by_h1(doc, cut_site_name(doc)) or None


def _confirmed_by_h1(doc, title: str) -> str:
    """A `<title>` the site shortened gives way to the `<h1>` that starts with its words."""
    head = _SEPARATOR.split(title)[0].strip().casefold()
    for h1 in _headings(doc, "h1")[:3]:
        if (head and len(h1) <= 150 and len(h1) > len(head)
                and h1.casefold().startswith(head) and _words(h1) > _words(head)):
            return h1
    return title


def _names(author) -> list[str]:
    if isinstance(author, str):
        return [author]
    if isinstance(author, dict):
        return _names(author.get("name"))
    if isinstance(author, list):
        return [name for item in author for name in _names(item)]
    return []


def author_of(doc, ld: dict | None = None, values: dict[str, str] | None = None) -> str | None:
    ld = json_ld(doc) if ld is None else ld
    values = meta_values(doc) if values is None else values
    names = [clean_inline(n) for n in _names(ld.get("author"))]
    if names := [n for n in names if n and "://" not in n]:
        return ", ".join(dict.fromkeys(names))
    for key in _AUTHOR_KEYS:
        value = values.get(key)
        if value and "://" not in value:
            return value
    for el in doc.xpath("//*[@rel='author' or @itemprop='author']"):
        text = clean_inline(el.text_content())
        if text and _words(text) <= 6:
            return text
    return None


def date_candidates(doc, ld: dict | None = None,
                    values: dict[str, str] | None = None) -> Iterator[str]:
    """Date strings in the order they are trusted (JSON-LD, then meta); `<time>` is the caller's."""
    ld = json_ld(doc) if ld is None else ld
    values = meta_values(doc) if values is None else values
    if isinstance(ld.get("datePublished"), str):
        yield ld["datePublished"]
    for key in _DATE_KEYS:
        if values.get(key):
            yield values[key]
