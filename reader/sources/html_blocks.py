"""An HTML element tree (lxml) to the article's blocks, dropping page chrome.

The mapping, element by element:
- `<figure>` with a `<figcaption>` -> Caption: the credit is the text of a
  `.credit`/`.copyright`/`<small>`/`<cite>` inside the caption, else whatever
  `split_credit` finds at its end; the image's alt text is the description.
  A credit alone in the element after a figure joins that figure's caption.
- a key-points container (`key-points`, `highlights`, `takeaways`,
  `summary-list` in class/id, or an aria-label/title/heading saying "Key
  points", "Highlights", "Summary", "Key takeaways"...) -> KeyPoints with the
  items of its first list; so is a list right after such a heading.
- `h1`-`h6` -> Heading (an `h1` repeating the title is skipped), `<p>` and
  loose inline text -> Paragraph, `<blockquote>` -> Quote, items of other
  lists -> one Paragraph each.
- dropped: scripts, styles, forms, nav, footers, iframes, tables, hidden
  elements, and anything whose class/id/role says ad, share, social,
  related, newsletter, comments, cookie, menu, sidebar, tags, byline...
Every string passes `clean_inline`, so control characters and escape
sequences never reach the model and markup like `[bold]` stays literal text.
"""

from __future__ import annotations

import re

from lxml import etree

from reader.model import Block, Caption, Heading, KeyPoints, Paragraph, Quote
from reader.sources.conventions import is_credit_line, split_credit
from reader.text import clean_inline

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "footer", "form", "iframe", "svg",
    "button", "input", "select", "textarea", "canvas", "object", "embed", "video", "audio",
    "table", "menu", "dialog", "link", "meta", "head", "title", "img", "picture", "source",
})
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    "del", "ins", "font", "label",
})
_CHROME_TOKENS = frozenset({
    "ad", "ads", "adv", "advert", "advertisement", "advertising", "banner", "sponsor",
    "sponsored", "promo", "promotion", "share", "sharing", "sharebar", "social", "related",
    "newsletter", "subscribe", "subscription", "signup", "comment", "comments", "cookie",
    "cookies", "consent", "breadcrumb", "breadcrumbs", "menu", "navbar", "nav", "navigation",
    "sidebar", "footer", "masthead", "tags", "tag", "byline", "meta", "popup", "modal",
    "paywall", "outbrain", "taboola", "recirculation", "trending", "mostread", "most",
    "toolbar", "print", "skip", "hidden", "visually", "sr",
})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                           "menu", "menubar", "dialog", "alert"})
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_KEY_CLASS = re.compile(r"(?i)key[-_ ]?(?:points|facts|takeaways)|highlights|takeaways"
                        r"|summary[-_ ]?(?:list|box|points)|tl-?dr|at-a-glance")
_KEY_LABEL = re.compile(r"(?i)\s*(?:the\s+)?(?:key\s+(?:points|facts|takeaways)|highlights|summary"
                        r"|in\s+brief|at\s+a\s+glance|tl;?dr|what\s+you\s+need\s+to\s+know)\s*:?\s*")
_CREDIT_CLASS = re.compile(r"(?i)credit|copyright|byline|source|photographer|author")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _attr_text(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def text_of(el) -> str:
    """The element's visible text on one clean line (dropped tags skipped)."""
    parts: list[str] = []
    _gather(el, parts)
    return clean_inline("".join(parts))


def _gather(el, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            tag = child.tag.lower()
            if tag == "br":
                parts.append(" ")
            elif tag not in DROP_TAGS or tag in ("img", "picture"):
                _gather(child, parts)
        if child.tail:
            parts.append(child.tail)


def is_chrome(el) -> bool:
    tag = el.tag.lower()
    if tag in DROP_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if tag == "header" and next(el.iterancestors("article"), None) is None:
        return True
    if tag == "aside" and not is_key_points(el):
        return True
    if (el.get("role") or "").lower() in _CHROME_ROLES and not is_key_points(el):
        return True
    tokens = set(_TOKEN_SPLIT.split(_attr_text(el).lower())) - {""}
    return bool(tokens & _CHROME_TOKENS) and not is_key_points(el)


def is_key_points_label(text: str) -> bool:
    return bool(text) and len(text) < 40 and _KEY_LABEL.fullmatch(text) is not None


def is_key_points(el) -> bool:
    """A container that holds the key points: named so, and holding a list."""
    if el.tag.lower() not in ("aside", "section", "div", "ul", "ol", "details", "article"):
        return False
    named = (_KEY_CLASS.search(_attr_text(el))
             or is_key_points_label(el.get("aria-label", "") or el.get("title", "")))
    if not named:
        first = next((c for c in el if isinstance(c.tag, str)), None)
        named = first is not None and first.tag.lower() in _HEADINGS | {"p", "strong", "summary"} \
            and is_key_points_label(text_of(first))
    return bool(named) and _first_list(el) is not None


def _first_list(el):
    if el.tag.lower() in ("ul", "ol"):
        return el
    return next(el.iter("ul", "ol"), None)


def _items(list_el) -> tuple[str, ...]:
    items = (text_of(li) for li in list_el.iter("li"))
    return tuple(item for item in items if item)


def figure_caption(fig) -> Caption | None:
    caption_el = next(fig.iter("figcaption"), None)
    if caption_el is None:
        return None
    credit_el = next((el for el in caption_el.iter() if el is not caption_el and (
        el.tag in ("small", "cite") or _CREDIT_CLASS.search(el.get("class", "")))), None)
    credit = text_of(credit_el) if credit_el is not None else None
    if credit_el is not None:
        tail, credit_el.tail = credit_el.tail, None
        credit_el.getparent().remove(credit_el)
        text = text_of(caption_el) + (" " + clean_inline(tail) if tail else "")
        text = clean_inline(text)
    else:
        text, credit = split_credit(text_of(caption_el))
    if not text and credit:
        text, credit = credit, None  # a credit with no caption: still the figure's line
    if not text:
        return None
    img = next(fig.iter("img"), None)
    alt = clean_inline(img.get("alt", "")) if img is not None else ""
    return Caption(text, credit or None, alt if alt and alt != text else None)


class BlockWalker:
    """Walks a content root in document order, collecting blocks."""

    def __init__(self, title: str | None = None) -> None:
        self.blocks: list[Block] = []
        self.title = (title or "").casefold()
        self._key_points_heading = False

    def walk(self, root) -> list[Block]:
        self._container(root)
        return self.blocks

    def _add(self, block: Block) -> None:
        self.blocks.append(block)

    def _text_block(self, text: str) -> None:
        """Loose text or a <p>: a credit line right after a caption joins it."""
        if not text:
            return
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, Caption) and last.credit is None and is_credit_line(text):
            self.blocks[-1] = Caption(last.text, text, last.description)
            return
        self._key_points_heading = is_key_points_label(text)
        if not self._key_points_heading:
            self._add(Paragraph(text))

    def _container(self, el) -> None:
        inline: list[str] = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str):  # comments, processing instructions
                inline.append(child.tail or "")
                continue
            tag = child.tag.lower()
            if tag in INLINE_TAGS and not is_chrome(child):
                inline.append(text_of(child) if tag != "br" else " ")
            elif tag == "br":
                inline.append(" ")
            else:
                self._text_block(clean_inline(" ".join(inline)))
                inline = []
                self._element(child, tag)
            inline.append(child.tail or "")
        self._text_block(clean_inline(" ".join(inline)))

    def _element(self, el, tag: str) -> None:
        if is_key_points(el):
            items = _items(_first_list(el))
            if items:
                self._add(KeyPoints(items))
            self._key_points_heading = False
            return
        if is_chrome(el):
            return
        after_label, self._key_points_heading = self._key_points_heading, False
        if tag in _HEADINGS:
            text = text_of(el)
            if is_key_points_label(text):
                self._key_points_heading = True
            elif text and not (tag == "h1" and text.casefold() == self.title):
                self._add(Heading(text))
        elif tag == "p":
            self._text_block(text_of(el))
        elif tag == "blockquote":
            text = text_of(el)
            if text:
                self._add(Quote(text))
        elif tag == "figure":
            caption = figure_caption(el)
            if caption is not None:
                self._add(caption)
        elif tag in ("ul", "ol"):
            items = _items(el)
            if after_label and items:
                self._add(KeyPoints(items))
            else:
                self.blocks.extend(Paragraph(item) for item in items)
        elif tag in ("pre", "address"):
            self._text_block(text_of(el))
        elif tag == "figcaption":  # a caption outside any figure
            text, credit = split_credit(text_of(el))
            if text:
                self._add(Caption(text, credit))
        else:
            self._key_points_heading = after_label  # "Key points" then <div><ul>
            self._container(el)


def blocks_of(root, title: str | None = None) -> list[Block]:
    """The blocks of an element tree (an article, a page's main part, a feed's content)."""
    return BlockWalker(title).walk(root)


def find_key_points(doc) -> KeyPoints | None:
    """The first key-points container anywhere in a page (for lists outside the main part)."""
    for el in doc.iter("aside", "section", "div", "ul", "ol", "details"):
        if is_key_points(el):
            items = _items(_first_list(el))
            if items:
                return KeyPoints(items)
    return None


def parse_fragment(html: str):
    """An HTML fragment (a feed item's content) as an element to walk."""
    from lxml import html as lxml_html
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    # libxml2 does not know <embed> is empty and files the text after it inside it,
    # where it would be dropped with the embed: lift that text back out.
    for embed in list(root.iter("embed")):
        if len(embed) or embed.text:
            embed.drop_tag()
    return root
