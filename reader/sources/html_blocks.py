"""An HTML element tree (lxml) to the article's blocks, dropping page chrome.

The mapping, element by element:
- `<figure>` with a `<figcaption>` (inside, or right after it), and WordPress /
  MediaWiki / `*caption*` elements next to a picture -> Caption, the credit
  split out (see `html_captions`); the image's alt text is the description.
  A credit alone in the element after a figure joins that figure's caption.
- a picture outside any captioned figure -> Image (alt text and URL).
- a key-points container (`key-points`, `highlights`, `takeaways`,
  `summary-list` in class/id, or an aria-label/title saying "Key points",
  "Highlights", "Summary"...) -> KeyPoints with the items of its first list;
  so is a list right after such a heading (only that list: the rest of a
  container that opens with such a heading is walked as usual).
- `h1`-`h6` -> Heading (an `h1` repeating the title is skipped), `<p>` and
  loose inline text -> Paragraph, `<blockquote>` -> Quote, `<ul>`/`<ol>` ->
  List (ordered, from its `start`), `<pre>` -> Code (line breaks kept), a data
  `<table>` -> Table (rows of cells; a layout table is walked as a container).
- links (`<a href>`, http/https/mailto, resolved against the page's address)
  are kept with the passage that holds them.
- an inline element (`<span>`, `<font>`...) that wraps paragraphs is walked as
  a container, so its paragraphs stay apart.
- dropped: scripts, styles, forms, nav, footers, iframes, hidden elements
  (`hidden`, `aria-hidden`, `display:none`, `visibility:hidden`), comments,
  and anything whose class/id/role says ad, share, social, related,
  newsletter, comments, cookie, menu, sidebar, tags, byline... unless it holds
  most of the text of the part being walked (a layout wrapper named
  `sidebar`, Drupal's `field-label-hidden`, a `paywall` around the story).
Every string passes `clean_inline` (code: `clean_lines`), so control
characters and escape sequences never reach the model and markup like
`[bold]` stays literal text.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from reader.model import (
    Block,
    Caption,
    Code,
    Heading,
    Image,
    KeyPoints,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Table,
)
from reader.sources.conventions import is_credit_line, is_key_points_label
from reader.sources.html_captions import caption_of, is_caption_element
from reader.text import clean_inline, clean_lines

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "footer", "form", "iframe", "svg",
    "button", "input", "select", "textarea", "canvas", "object", "embed", "video", "audio",
    "menu", "dialog", "link", "meta", "head", "title", "img", "picture", "source",
})
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    "del", "ins", "font", "label", "big", "tt", "strike", "nobr",
})
BLOCK_TAGS = ("p", "div", "section", "article", "ul", "ol", "table", "figure", "blockquote",
              "pre", "h1", "h2", "h3", "h4", "h5", "h6", "main", "aside", "dl", "header")
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
_HIDDEN_STYLE = re.compile(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden")
_KEY_CLASS = re.compile(r"(?i)key[-_ ]?(?:points|facts|takeaways)|highlights|takeaways"
                        r"|summary[-_ ]?(?:list|box|points)|tl-?dr|at-a-glance")
_END_LABEL = re.compile(
    r"(?i)\s*(?:(?:you\s+)?(?:may|might)\s+also\s+(?:like|enjoy)|related(?:\s+(?:stories|articles|news|posts"
    r"|content|coverage|links|reading|topics))?|recommended(?:\s+(?:for\s+you|stories|articles|reading"
    r"|related\s+news))?|more\s+(?:stories|from\s+.{1,40}|on\s+this\s+(?:story|topic)|like\s+this"
    r"|news|articles|to\s+read)|read\s+(?:more|next|also)|like\s+this|share\s+this(?:\s+(?:article"
    r"|story|post))?|(?:most\s+)?(?:popular|read|viewed|trending)(?:\s+(?:now|stories|articles))?"
    r"|(?:\d+\s+)?comments?|leave\s+a\s+(?:reply|comment)|join\s+the\s+(?:discussion|conversation)"
    r"|sponsored(?:\s+(?:stories|content|links))?|around\s+the\s+web|trending\s+now)\s*[:.!?]?\s*")
"""A heading that opens the page's tail (teasers, comments, sharing): the story has ended."""
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight-source)-([\w+#.-]+)")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = frozenset({"ul", "ol"})
_LINK_SCHEMES = ("http", "https", "mailto")
MAJORITY = 0.5
"""A chrome-named element holding this share of the walked part's paragraph text is kept."""
KEY_POINTS_BOX = 2
"""A key-points container with this many times its list's text around the list is a
content wrapper: only the list is the key points, the rest is walked as the story."""
CODE_TAB = 4
LINK_DENSITY = 0.5
"""A container (not a list inside a paragraph's flow) whose text is mostly link words is a
block of teasers, tags or related links; one with many commas is prose, and kept."""
PROSE_COMMAS = 10
ALL_LINKS = 0.8
"""Nearly all link words: teasers whatever their punctuation."""


def link_density(el) -> float:
    text = len(el.text_content().strip())
    if not text:
        return 0.0
    return sum(len(a.text_content().strip()) for a in el.iter("a")) / text


def is_teasers(el) -> bool:
    """Link-dense furniture: related stories, tag clouds, link menus; not prose."""
    links = sum(1 for _ in el.iter("a"))
    if links >= 2:
        density = link_density(el)
        if density > ALL_LINKS or (density > LINK_DENSITY
                                   and el.text_content().count(",") < PROSE_COMMAS):
            return True
    return False


def _attr_text(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def text_of(el) -> str:
    """The element's visible text on one clean line (dropped tags skipped)."""
    parts: list[str] = []
    _gather(el, parts, None, None)
    return clean_inline("".join(parts))


def text_and_links(el, base: str | None) -> tuple[str, tuple[Link, ...]]:
    parts: list[str] = []
    links: list[Link] = []
    _gather(el, parts, links, base)
    return clean_inline("".join(parts)), _unique(links)


def _unique(links: list[Link]) -> tuple[Link, ...]:
    return tuple(dict.fromkeys(links))


def link_of(el, base: str | None) -> Link | None:
    href = (el.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:")):
        return None
    url = urljoin(base, href) if base else href
    if urlsplit(url).scheme.lower() not in _LINK_SCHEMES:
        return None
    text = text_of(el)
    return Link(text, clean_inline(url)) if text else None


def _gather(el, parts: list[str], links: list[Link] | None, base: str | None,
            skip: frozenset[str] = frozenset()) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            tag = child.tag.lower()
            if tag == "br":
                parts.append(" ")
            elif _is_hidden(child) or tag in skip:
                pass
            elif tag not in DROP_TAGS or tag in ("img", "picture"):
                if links is not None and tag == "a" and (link := link_of(child, base)):
                    links.append(link)
                _gather(child, parts, links, base)
        if child.tail:
            parts.append(child.tail)


def _is_hidden(el) -> bool:
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style") or "")))


def paragraph_text(el) -> int:
    return sum(len(p.text_content()) for p in el.iter("p", "pre", "li", "td"))


def is_chrome(el, keep_above: int | None = None) -> bool:
    """Page furniture, not story: by tag, by being hidden, by role, or by a chrome word in
    its class/id -- the last unless it holds more than `keep_above` characters of text."""
    tag = el.tag.lower()
    if tag in DROP_TAGS or _is_hidden(el):
        return True
    if tag == "header" and next(el.iterancestors("article"), None) is None:
        return True
    if tag == "aside" and not is_key_points(el):
        return True
    if (el.get("role") or "").lower() in _CHROME_ROLES and not is_key_points(el):
        return True
    tokens = set(_TOKEN_SPLIT.split(_attr_text(el).lower())) - {""}
    if not tokens & _CHROME_TOKENS or is_key_points(el):
        return False
    if _id_is_its_title(el):  # "sharing-with-a-team": a section named after its heading
        tokens = set(_TOKEN_SPLIT.split((el.get("class") or "").lower())) - {""}
        if not tokens & _CHROME_TOKENS:
            return False
    return keep_above is None or paragraph_text(el) <= keep_above


def _slug(text: str) -> str:
    return "-".join(re.findall(r"\w+", text.lower()))


def _id_is_its_title(el) -> bool:
    """The element's id is made from its own first heading, as documentation tools do."""
    ident = el.get("id")
    if not ident:
        return False
    heading = next(el.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
    return heading is not None and _slug(ident) == _slug(text_of(heading))[:len(_slug(ident))] != ""


def _labelled(el) -> bool:
    first = next((c for c in el if isinstance(c.tag, str)), None)
    return (first is not None and first.tag.lower() in _HEADINGS | {"p", "strong", "summary"}
            and is_key_points_label(text_of(first)))


def is_key_points(el) -> bool:
    """A container that holds the key points: named so, and holding a list."""
    if el.tag.lower() not in ("aside", "section", "div", "ul", "ol", "details", "article"):
        return False
    named = (_KEY_CLASS.search(_attr_text(el))
             or is_key_points_label(el.get("aria-label", "") or el.get("title", ""))
             or _labelled(el))
    return bool(named) and _first_list(el) is not None


def _first_list(el):
    if el.tag.lower() in ("ul", "ol"):
        return el
    return next(el.iter("ul", "ol"), None)


def _items(list_el) -> tuple[str, ...]:
    items = (text_of(li) for li in list_el.iter("li"))
    return tuple(item for item in items if item)


def _is_box(el) -> bool:
    """A key-points container that is really the story's wrapper (much text beside the list)."""
    if el.tag.lower() in ("ul", "ol"):
        return False
    list_text = len(_first_list(el).text_content())
    return len(el.text_content()) > KEY_POINTS_BOX * list_text + 200


def _image_url(img, base: str | None) -> str | None:
    for attr in ("src", "data-src", "data-original", "data-lazy-src"):
        src = (img.get(attr) or "").strip()
        if src and not src.startswith("data:"):
            url = urljoin(base, src) if base else src
            return clean_inline(url) if urlsplit(url).scheme in ("http", "https", "") else None
    return None


def _is_pixel(img) -> bool:
    return any((img.get(side) or "").strip() in ("0", "1", "2") for side in ("width", "height"))


def _code_text(el) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag.lower() == "br":
                    parts.append("\n")
                elif child.tag.lower() not in ("script", "style", "button"):
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = [line.expandtabs(CODE_TAB).rstrip() for line in "".join(parts).split("\n")]
    lines = [line.rstrip() for line in clean_lines("\n".join(lines))]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _language(el) -> str | None:
    for node in (el, *el.iter("code")):
        match = _LANGUAGE.search(node.get("class") or "")
        if match:
            return clean_inline(match.group(1))[:30] or None
    return None


class BlockWalker:
    """Walks a content root in document order, collecting blocks."""

    def __init__(self, title: str | None = None, base: str | None = None) -> None:
        self.blocks: list[Block] = []
        self.title = (title or "").casefold()
        self.base = base
        self._key_points_heading = False
        self._keep_above: int | None = None
        self._ended = False  # a heading opened the page's tail: nothing after it is story
        self._taken: set = set()  # lists already taken as key points

    def walk(self, root) -> list[Block]:
        self._keep_above = int(paragraph_text(root) * MAJORITY)
        self._container(root)
        return self.blocks

    def _add(self, block: Block) -> None:
        self.blocks.append(block)

    def _text_block(self, text: str, links: tuple[Link, ...] = ()) -> None:
        """Loose text or a <p>: a credit line right after a caption joins it."""
        if not text:
            return
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, Caption) and last.credit is None and is_credit_line(text):
            self.blocks[-1] = Caption(last.text, text, last.description)
            return
        self._key_points_heading = is_key_points_label(text)
        if not self._key_points_heading:
            self._add(Paragraph(text, links))

    def _chrome(self, el) -> bool:
        return is_chrome(el, self._keep_above)

    def _container(self, el) -> None:
        inline: list[str] = [el.text or ""]
        links: list[Link] = []
        for child in el:
            if not isinstance(child.tag, str):  # comments, processing instructions
                inline.append(child.tail or "")
                continue
            tag = child.tag.lower()
            if tag == "br":
                inline.append(" ")
            elif tag in INLINE_TAGS and self._inline(child):
                if tag == "a" and (link := link_of(child, self.base)):
                    links.append(link)
                _gather(child, inline, links, self.base)
            else:
                self._text_block(clean_inline("".join(inline)), _unique(links))
                inline, links = [], []
                self._element(child, tag)
                if self._ended:  # the rest of this container is the page's tail
                    self._ended = False
                    return
            inline.append(child.tail or "")
        self._text_block(clean_inline("".join(inline)), _unique(links))

    def _inline(self, el) -> bool:
        """Inline text, not a wrapper of paragraphs (walked as a container) nor a bare picture."""
        if self._chrome(el) or next(el.iter(*BLOCK_TAGS), None) is not None:
            return False
        return next(el.iter("img"), None) is None or bool(text_of(el))

    def _element(self, el, tag: str) -> None:
        if el in self._taken:
            self._key_points_heading = False  # its label was for the list already taken
            return
        if is_key_points(el):
            if _is_box(el):
                self._key_points_box(el)
            else:
                items = _items(_first_list(el))
                if items:
                    self._add(KeyPoints(items))
                self._key_points_heading = False
            return
        if tag in _HEADINGS and self.blocks and _END_LABEL.fullmatch(text_of(el)):
            self._ended = True  # even when the heading itself is named as chrome
            return
        if self._chrome(el) and tag not in ("img", "picture"):
            return
        if tag in ("div", "section", "ul", "ol", "dl") and is_teasers(el):
            return
        after_label, self._key_points_heading = self._key_points_heading, False
        if tag in _HEADINGS:
            text = text_of(el)
            if is_key_points_label(text):
                self._key_points_heading = True
            elif text and not (tag == "h1" and text.casefold() == self.title):
                self._add(Heading(text))
        elif tag == "p":
            text, links = text_and_links(el, self.base)
            if is_caption_element(el) and self._caption_after_image(el):
                return
            if text:
                self._text_block(text, links)
            else:
                self._images(el)
        elif tag == "blockquote":
            text, links = text_and_links(el, self.base)
            if text:
                self._add(Quote(text, links))
        elif tag == "figure":
            self._figure(el)
        elif tag in ("ul", "ol"):
            self._list(el, tag, after_label)
        elif tag == "pre":
            text = _code_text(el)
            if text:
                self._add(Code(text, _language(el)))
        elif tag == "table":
            self._table(el)
        elif tag in ("img", "picture"):
            self._images(el)
        elif tag == "address":
            self._text_block(*text_and_links(el, self.base))
        elif tag == "figcaption" or (is_caption_element(el) and next(el.iter("img"), None) is None
                                     and len(text_of(el)) < 600):
            self._caption_after_image(el)
        else:
            self._key_points_heading = after_label  # "Key points" then <div><ul>
            self._container(el)

    def _key_points_box(self, el) -> None:
        """A container named as key points that holds the story too: its first list is the
        key points, the rest is walked as usual (its label heading dropped)."""
        first = _first_list(el)
        items = _items(first)
        if items:
            self._add(KeyPoints(items))
        self._taken.add(first)
        self._container(el)

    def _caption_after_image(self, el) -> bool:
        """A caption element standing outside its figure: it captions the picture before it."""
        last = self.blocks[-1] if self.blocks else None
        alt = last.alt if isinstance(last, Image) else ""
        caption = caption_of(el, text_of, alt=alt)
        if caption is None:
            return False
        if isinstance(last, Image):
            self.blocks[-1] = caption
        elif isinstance(last, Caption) and el.tag == "figcaption" and not last.credit \
                and caption.text == caption.credit:
            return True
        else:
            self._add(caption)
        return True

    def _figure(self, el) -> None:
        if next(el.iter("table", "pre", "blockquote", "ol", "ul"), None) is not None:
            self._container(el)  # a figure of a table, code or a quote: the content is the point
            return
        img = next(el.iter("img"), None)
        alt = clean_inline(img.get("alt", "")) if img is not None else ""
        caption_el = next((c for c in el.iter() if isinstance(c.tag, str) and c is not el
                           and is_caption_element(c)), None)
        caption = caption_of(caption_el, text_of, el, alt) if caption_el is not None else None
        if caption is not None:
            self._add(caption)
        elif img is not None:
            self._images(el)
        else:
            self._container(el)

    def _images(self, el) -> None:
        for img in el.iter("img"):
            if _is_pixel(img) or _is_hidden(img):
                continue
            alt = clean_inline(img.get("alt", ""))
            url = _image_url(img, self.base)
            if alt or url:
                self._add(Image(alt, url))

    def _list(self, el, tag: str, after_label: bool) -> None:
        items: list[str] = []
        links: list[tuple[Link, ...]] = []
        self._list_items(el, items, links)
        if not items:
            return
        if after_label:
            self._add(KeyPoints(tuple(items)))
            return
        try:
            start = int(el.get("start", "1"))
        except ValueError:
            start = 1
        self._add(ListBlock(tuple(items), tag == "ol", start,
                            tuple(links) if any(links) else ()))

    def _list_items(self, el, items: list[str], links: list[tuple[Link, ...]]) -> None:
        for li in el:
            if not isinstance(li.tag, str) or self._chrome(li):
                continue
            if li.tag.lower() != "li":
                if li.tag.lower() in ("ul", "ol"):
                    self._list_items(li, items, links)
                continue
            nested = [c for c in li if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
            parts: list[str] = []
            found_links: list[Link] = []
            _gather(li, parts, found_links, self.base, _LISTS)  # the item's own text first
            text, found = clean_inline("".join(parts)), _unique(found_links)
            if text:
                items.append(text)
                links.append(found)
            for child in nested:
                self._list_items(child, items, links)

    def _table(self, el) -> None:
        rows = [tr for tr in el.iter("tr") if next(tr.iterancestors("table")) is el]
        cells_of = [[c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
                    for tr in rows]
        if (next(el.iter("table", "pre"), el) is not el or el.get("role") == "presentation"
                or self._layout(cells_of)):
            for cells in cells_of:
                for cell in cells:
                    self._container(cell)
            return
        out: list[tuple[str, ...]] = []
        links: list[Link] = []
        for cells in cells_of:
            row = []
            for cell in cells:
                text, found = text_and_links(cell, self.base)
                row.append(text)
                links.extend(found)
            if any(row):
                out.append(tuple(row))
        if not out:
            return
        first = cells_of[0] if cells_of else []
        header = bool(first) and (all(c.tag.lower() == "th" for c in first)
                                  or first[0].getparent().getparent().tag == "thead")
        caption_el = next((c for c in el if isinstance(c.tag, str) and c.tag.lower() == "caption"),
                          None)
        caption = text_of(caption_el) if caption_el is not None else None
        self._add(Table(tuple(out), header, caption or None, _unique(links)))

    @staticmethod
    def _layout(cells_of: list[list]) -> bool:
        """A table used to lay out a page: a cell holds paragraphs, headings or much text."""
        for cells in cells_of:
            for cell in cells:
                if next(cell.iter("p", "div", "h1", "h2", "h3", "ul", "ol", "figure", "blockquote"),
                        None) is not None and len(cell.text_content()) > 200:
                    return True
                if len(cell.text_content()) > 1000:
                    return True
        return False


def blocks_of(root, title: str | None = None, base: str | None = None) -> list[Block]:
    """The blocks of an element tree (an article, a page's main part, a feed's content)."""
    return BlockWalker(title, base).walk(root)


def find_key_points(doc) -> KeyPoints | None:
    """The first key-points container anywhere in a page (for lists outside the main part)."""
    for el in doc.iter("aside", "section", "div", "ul", "ol", "details"):
        if is_key_points(el) and not _is_box(el):
            items = _items(_first_list(el))
            if items:
                return KeyPoints(items)
    return None


def parse_fragment(html: str):
    """An HTML fragment (a feed item's content) as an element to walk."""
    from lxml import html as lxml_html
    try:
        return lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None

