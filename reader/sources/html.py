"""A web page, a local `.html` file or a feed item's HTML into an `Article`.

The title and byline come from what the page declares (`html_meta`: JSON-LD,
meta titles, then `<title>` without the site's name). The main part is the
page's own mark when it has one (`<article>` with the most text,
`itemprop=articleBody`, `<main>`, common body classes); a page that marks
nothing asks readability-lxml for a second opinion: its kept paragraphs are
found in our own tree and the nearest element holding them all is the main
part, so figures, captions, tables and code that readability's copy drops
stay. Either way `html_blocks` maps elements to blocks and drops the chrome.

Measured on 130 real pages (Mozilla Readability's test pages; see
`benchmarks/extraction.py` and the README): body F1 0.972 against 0.970 for
readability-lxml and 0.935 for trafilatura, 127/130 exact titles, every
figcaption of the article pages, about 3x readability-lxml's speed.
trafilatura flattens the page into its own XML and loses what this reader is
for (figcaptions, credits, an `<aside>` of key points).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from reader.model import Article, ArticleError, Block, KeyPoints, ListBlock, Paragraph
from reader.sources import html_blocks, html_meta
from reader.sources.identity import content_id
from reader.text import MAX_ARTICLE_BYTES, clean_inline, decode, strip_controls

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_ROOTS = ("//article", "//*[@itemprop='articleBody']", "//main", "//*[@role='main']",
          "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-body ')]",
          "//*[contains(concat(' ', normalize-space(@class), ' '), ' story-body ')]",
          "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
          "//*[contains(concat(' ', normalize-space(@class), ' '), ' post-content ')]")
MIN_ROOT_TEXT = 200
"""A marked main part with less paragraph text than this is a teaser: ask readability."""


def iso_date(value: str | None) -> str | None:
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Bytes of a page to text: the header's charset, else a <meta charset>, else sniffed."""
    charset = None
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    elif match := _CHARSET.search(data[:4096]):
        charset = match.group(1).decode("ascii", "replace")
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _meta(doc, *names: str) -> str | None:
    for name in names:
        for el in doc.xpath(f"//meta[@property='{name}' or @name='{name}']"):
            value = clean_inline(el.get("content", ""))
            if value:
                return value
    return None


def _paragraph_text(el) -> int:
    return sum(len(p.text_content()) for p in el.iter("p"))


def _main_part(doc):
    """The element holding the article, and whether the page marked it (else the body)."""
    for path in _ROOTS:
        found = [el for el in doc.xpath(path) if _paragraph_text(el) >= MIN_ROOT_TEXT]
        if found:
            return max(found, key=_paragraph_text), True
    return _body(doc), False


def _body(doc):
    return doc.find("body") if doc.find("body") is not None else doc


_VOTED = ("p", "pre", "li", "td", "th", "blockquote", "div", "h1", "h2", "h3", "h4", "h5", "h6", "dd")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _readability_summary(html: str):
    try:
        from readability import Document
        summary = Document(html).summary(html_partial=True)
        return lxml_html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # a second opinion that fails is no opinion
        return None


def _common_ancestor(elements: list):
    paths = [list(reversed([el, *el.iterancestors()])) for el in elements]
    common = None
    for level in zip(*paths, strict=False):
        if any(node is not level[0] for node in level):
            break
        common = level[0]
    return common


def voted_part(doc, html: str):
    """For a page that marks no main part: readability-lxml votes on the text elements, and
    the reader walks its own tree from the nearest element holding all it kept -- so the
    figures, captions and structure readability's copy drops stay, and the reader's own
    filters still apply. Returns that element; readability's copy when none of its
    elements is found in the page; None when it agrees on too little text."""
    summary = _readability_summary(html)
    if summary is None:
        return None
    kept = {_norm(strip_controls(el.text_content())) for el in summary.iter(*_VOTED)} - {""}
    matched = [el for el in _body(doc).iter(*_VOTED) if _norm(el.text_content()) in kept]
    matched = [el for el in matched if not any(a in kept_set for a in el.iterancestors())
               ] if (kept_set := set(matched)) else []
    if not matched:  # readability rewrote every element: walk its copy
        return summary
    if sum(len(el.text_content()) for el in matched) < MIN_ROOT_TEXT:
        return None  # too little agreed on to choose a part: the whole body
    return _common_ancestor(matched)


def _published(doc, root, ld: dict, values: dict[str, str]) -> str | None:
    for value in html_meta.date_candidates(doc, ld, values):
        if found := iso_date(value):
            return found
    for el in root.iter("time"):
        if found := iso_date(el.get("datetime")):
            return found
    return next(filter(None, (iso_date(el.get("datetime")) for el in doc.iter("time"))), None)


def _link(doc, url: str) -> str | None:
    canonical = next((el.get("href") for el in doc.xpath("//link[@rel='canonical']")), None)
    for candidate in (canonical and urljoin(url, canonical.strip()), url):
        if candidate and urlsplit(candidate).scheme in ("http", "https"):
            return clean_inline(candidate)
    return None


def _lede(blocks: list[Block]) -> str:
    for block in blocks:
        if isinstance(block, Paragraph):
            return block.text
    return next((b.items[0] if isinstance(b, KeyPoints | ListBlock) else b.text for b in blocks), "")


def _document(html: str):
    if len(html) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"not an article: over the {MAX_ARTICLE_BYTES // 1048576} MB limit")
    html = _XML_DECL.sub("", strip_controls(html), count=1)
    if not html.strip():
        raise ArticleError("not an article: empty page")
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as err:
        raise ArticleError(f"not an article: unreadable HTML ({err})") from None


def parse_html(html: str, url: str, article_id: str | None = None) -> Article:
    """A page (or local file) to an Article. `url` is the page URL or the file's path;
    `link` is the canonical URL when the page gives one, else `url` if it is http(s)."""
    doc = _document(html)
    ld, values = html_meta.json_ld(doc), html_meta.meta_values(doc)
    title = html_meta.title_of(doc, ld, values)
    author = html_meta.author_of(doc, ld, values)
    root, marked = _main_part(doc)
    if not marked and (voted := voted_part(doc, html)) is not None:
        root = voted
    blocks = html_blocks.blocks_of(root, title, url)
    if not blocks and marked:  # the page's own mark held only chrome: look wider
        voted = voted_part(doc, html)
        blocks = html_blocks.blocks_of(voted if voted is not None else _body(doc), title, url)
    if (not any(isinstance(b, KeyPoints) for b in blocks)
            and (points := html_blocks.find_key_points(doc)) is not None):
        blocks.insert(0, points)
    if not blocks:
        raise ArticleError("not an article: no text found in the page")
    derived = not title
    title = title or _lede(blocks)[:120] or "Untitled article"
    return Article(article_id or content_id(title, _lede(blocks)), title, url,
                   _published(doc, root, ld, values), blocks, derived, _link(doc, url),
                   author=author)


def parse_html_bytes(data: bytes, url: str, content_type: str | None = None,
                     article_id: str | None = None) -> Article:
    return parse_html(decode_html(data, content_type), url, article_id)


def fragment_blocks(html: str, base: str | None = None) -> list[Block]:
    """Blocks of an HTML fragment (a feed's content or summary); plain text works too.
    Relative links and pictures are resolved against `base` (the item's link)."""
    html = strip_controls(html or "")
    if not html.strip():
        return []
    if "<" not in html:  # plain text: blank lines separate paragraphs
        paragraphs = (clean_inline(p) for p in re.split(r"\n\s*\n", html))
        return [Paragraph(p) for p in paragraphs if p]
    root = html_blocks.parse_fragment(html)
    return html_blocks.blocks_of(root, None, base) if root is not None else []


@dataclass(frozen=True, slots=True)
class ItemArticle:
    """A feed item read without its page: `summary_only` when the feed gave only a summary."""

    article: Article
    summary_only: bool


def parse_feed_item(item, feed_url: str) -> ItemArticle:
    """An Article from a feed item's own content (full when the feed carries it).

    `item` is a `reader.sources.feeds.FeedItem`; the id is `feeds.item_id`,
    the same one the page extracted later must be given (`parse_html(...,
    article_id=...)`) so read marks and bookmarks follow the item.
    """
    from reader.sources.feeds import item_id
    blocks = _item_blocks(item.content_html, item.content_is_text, item.link)
    summary_only = not blocks
    if summary_only:
        blocks = _item_blocks(item.summary, item.summary_is_text, item.link)
    if not blocks:
        blocks = [Paragraph(item.title or "(no text in the feed)")]
    title = item.title or _lede(blocks)[:120] or "Untitled item"
    article = Article(item.id or item_id(feed_url, item), title, feed_url, item.published,
                      blocks, not item.title, item.link)
    article.enclosures = [dict(e) for e in item.enclosures]
    return ItemArticle(article, summary_only)


def text_blocks(text: str) -> list[Block]:
    """Plain text (a feed's text-typed content) as paragraphs, every character kept:
    blank lines part paragraphs; with none, each line is one."""
    text = strip_controls(text or "").replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [Paragraph(p) for p in map(clean_inline, parts) if p]


def _item_blocks(value: str | None, is_text: bool, base: str | None) -> list[Block]:
    if is_text:
        return text_blocks(value or "")
    from reader.sources.feeds import cp1252_refs
    value = cp1252_refs(value or "")
    if "<" not in value and "&" in value:  # HTML with no tag ("A day out [&#8230;]")
        import html
        return text_blocks(html.unescape(value))
    return fragment_blocks(value, base)
