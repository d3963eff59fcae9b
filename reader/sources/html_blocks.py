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
from reader.sources.html_chrome import (
    MAJORITY,
    first_list,
    is_box,
    is_chrome,
    is_end_label,
    is_key_points,
    is_teasers,
    items_of,
    paragraph_text,
)
from reader.sources.html_text import (
    BLOCK_TAGS,
    INLINE_TAGS,
    code_text,
    gather,
    image_srcset,
    image_url,
    is_hidden,
    is_pixel,
    language,
    link_of,
    text_and_links,
    text_of,
    unique,
)
from reader.text import clean_inline

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = frozenset({"ul", "ol"})


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
            self.blocks[-1] = last.replace(credit=text)
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
                gather(child, inline, links, self.base)
            else:
                self._text_block(clean_inline("".join(inline)), unique(links))
                inline, links = [], []
                self._element(child, tag)
                if self._ended:  # the rest of this container is the page's tail
                    self._ended = False
                    return
            inline.append(child.tail or "")
        self._text_block(clean_inline("".join(inline)), unique(links))

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
            if is_box(el):
                self._key_points_box(el)
            else:
                items = items_of(first_list(el))
                if items:
                    self._add(KeyPoints(items))
                self._key_points_heading = False
            return
        if tag in _HEADINGS and self.blocks and is_end_label(text_of(el)):
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
            text = code_text(el)
            if text:
                self._add(Code(text, language(el)))
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
        first = first_list(el)
        items = items_of(first)
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
            self.blocks[-1] = caption.replace(image=last) if last.drawable else caption
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
            picture = self._picture(img) if img is not None else None
            self._add(caption.replace(image=picture) if picture else caption)
        elif img is not None:
            self._images(el)
        else:
            self._container(el)

    def _picture(self, img) -> Image | None:
        """The picture of an <img>, when it has somewhere to load it from."""
        if is_pixel(img) or is_hidden(img):
            return None
        image = Image(clean_inline(img.get("alt", "")), image_url(img, self.base),
                      image_srcset(img, self.base))
        return image if image.drawable else None

    def _images(self, el) -> None:
        for img in el.iter("img"):
            if is_pixel(img) or is_hidden(img):
                continue
            alt = clean_inline(img.get("alt", ""))
            url = image_url(img, self.base)
            srcset = image_srcset(img, self.base)
            if alt or url or srcset:
                self._add(Image(alt, url, srcset))

    def _list(self, el, tag: str, after_label: bool) -> None:
        items: list[str] = []
        links: list[tuple[Link, ...]] = []
        self._listitems_of(el, items, links)
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

    def _listitems_of(self, el, items: list[str], links: list[tuple[Link, ...]]) -> None:
        for li in el:
            if not isinstance(li.tag, str) or self._chrome(li):
                continue
            if li.tag.lower() != "li":
                if li.tag.lower() in ("ul", "ol"):
                    self._listitems_of(li, items, links)
                continue
            nested = [c for c in li if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
            parts: list[str] = []
            found_links: list[Link] = []
            gather(li, parts, found_links, self.base, _LISTS)  # the item's own text first
            text, found = clean_inline("".join(parts)), unique(found_links)
            if text:
                items.append(text)
                links.append(found)
            for child in nested:
                self._listitems_of(child, items, links)

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
        self._add(Table(tuple(out), header, caption or None, unique(links)))

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
        if is_key_points(el) and not is_box(el):
            items = items_of(first_list(el))
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
