"""A Markdown article (`.md`) into an `Article`, read with markdown-it-py (CommonMark + tables).

The parser gives the structure; this module maps it to the same blocks as pages:
- optional front matter (`---` ... `---`) with `title:`, `date:` and `author:`;
- `# Title` (the first level-one heading, before any text), then an optional
  date line;
- `##`..`######` -> Heading; a "Key points"/"Highlights"/"Summary" heading
  followed by a list -> KeyPoints (the heading itself is not kept);
- `> ...` -> Quote; other lists -> List (ordered from its first number,
  nested items after their parent); fenced and indented code -> Code (its
  lines as written, the fence's language); a table -> Table;
- `![alt](src)` opening a paragraph, with text after it (an italic line:
  `*Caption. AFP / Ann LEE*`) -> Caption with the credit split off and the
  alt text as description; a picture with no caption -> Image;
- other text -> Paragraph; inline markup (emphasis, code) is reduced to its
  text, and links (http, https, mailto) are kept with their passage.
No HTML parser is involved: raw HTML in the file is read as text without its tags.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from reader.model import (
    Article,
    ArticleError,
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
from reader.sources.conventions import is_key_points_label, parse_date, split_credit
from reader.sources.identity import content_id
from reader.text import clean_inline, clean_lines

_FRONT_KEY = re.compile(r"(title|date|author)\s*:\s*(.*)", re.I)
_TAG = re.compile(r"<[^>]*>")
_LINK_SCHEMES = ("http", "https", "mailto")


@cache
def _parser():
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _Inline:
    """An inline token's text, links and pictures."""

    def __init__(self, token) -> None:
        self.parts: list[str] = []
        self.links: list[Link] = []
        self.images: list[tuple[int, str, str, str]] = []  # (position in parts, alt, src, title)
        self.emphasis_only = True  # every word of the text is inside emphasis
        link: list = []  # [href, start in parts] while inside a link
        depth = 0
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):
                self.parts.append(child.content)
                if depth == 0 and child.content.strip():
                    self.emphasis_only = False
            elif kind in ("softbreak", "hardbreak"):
                self.parts.append(" ")
            elif kind in ("em_open", "strong_open", "s_open"):
                depth += 1
            elif kind in ("em_close", "strong_close", "s_close"):
                depth -= 1
            elif kind == "link_open":
                link = [child.attrGet("href") or "", len(self.parts)]
            elif kind == "link_close" and link:
                text = clean_inline("".join(self.parts[link[1]:]))
                href = clean_inline(str(link[0]))
                if text and urlsplit(href).scheme.lower() in _LINK_SCHEMES:
                    self.links.append(Link(text, href))
                link = []
            elif kind == "image":
                alt = clean_inline("".join(c.content for c in child.children or ()) or child.content)
                self.images.append((len(self.parts), alt, clean_inline(str(child.attrGet("src") or "")),
                                    clean_inline(str(child.attrGet("title") or ""))))
            elif kind == "html_inline":
                continue

    def text(self, start: int = 0) -> str:
        return clean_inline("".join(self.parts[start:]))

    def unique_links(self) -> tuple[Link, ...]:
        return tuple(dict.fromkeys(self.links))


def inline_text(text: str) -> str:
    """Markdown inline markup to plain text: links keep their words, emphasis goes."""
    tokens = _parser().parseInline(text)
    return _Inline(tokens[0]).text() if tokens else ""


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, min(len(lines), 50)):
        if lines[end].strip() in ("---", "..."):
            fields = {}
            for line in lines[1:end]:
                if match := _FRONT_KEY.match(line.strip()):
                    fields[match.group(1).lower()] = match.group(2).strip().strip("\"'")
            return fields, lines[end + 1:]
    return {}, lines


def _close(tokens, i: int) -> int:
    """The index of the token closing the one opened at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


class _Builder:
    def __init__(self) -> None:
        self.title: str | None = None
        self.published: str | None = None
        self.blocks: list[Block] = []
        self.key_points_next = False

    def run(self, tokens) -> None:
        i = 0
        while i < len(tokens):
            i = self._block(tokens, i) + 1

    def _block(self, tokens, i: int) -> int:
        token = tokens[i]
        kind = token.type
        end = _close(tokens, i) if token.nesting == 1 else i
        key_points_next, self.key_points_next = self.key_points_next, False
        if kind == "heading_open":
            self._heading(int(token.tag[1]), _Inline(tokens[i + 1]).text())
        elif kind == "paragraph_open":
            self._paragraph(_Inline(tokens[i + 1]))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self._list(tokens, i, end, key_points_next)
        elif kind == "blockquote_open":
            inlines = [_Inline(t) for t in tokens[i:end] if t.type == "inline"]
            text = clean_inline(" ".join(inline.text() for inline in inlines))
            if text:
                links = tuple(dict.fromkeys(link for inline in inlines for link in inline.links))
                self.blocks.append(Quote(text, links))
        elif kind in ("fence", "code_block"):
            lines = [line.rstrip() for line in token.content.expandtabs(4).split("\n")]
            while lines and not lines[-1]:
                lines.pop()
            if lines:
                language = clean_inline(token.info.split()[0]) if token.info.strip() else None
                self.blocks.append(Code("\n".join(lines), language))
        elif kind == "table_open":
            self._table(tokens, i, end)
        elif kind == "html_block":
            text = clean_inline(_TAG.sub(" ", token.content))
            if text:
                self.blocks.append(Paragraph(text))
        return end

    def _heading(self, level: int, text: str) -> None:
        if level == 1 and self.title is None and not self.blocks:
            self.title = text
        elif is_key_points_label(text):
            self.key_points_next = True
        elif text:
            self.blocks.append(Heading(text))

    def _paragraph(self, inline: _Inline) -> None:
        text = inline.text()
        if (self.title is not None and not self.blocks and self.published is None
                and (found := parse_date(text))):
            self.published = found
            return
        if inline.images and not clean_inline("".join(inline.parts[:inline.images[0][0]])):
            self._figure(inline)
            return
        if text:
            self.blocks.append(Paragraph(text, inline.unique_links()))
        for _, alt, src, _title in inline.images:
            self.blocks.append(Image(alt, src or None))

    def _figure(self, inline: _Inline) -> None:
        """A picture opening a paragraph: the text after it is its caption."""
        at, alt, src, title = inline.images[0]
        caption = inline.text(at) or title
        if not caption:
            self.blocks.append(Image(alt, src or None))
        else:
            text, credit = split_credit(caption)
            if not text:
                text, credit = caption, None
            picture = Image(alt, src) if src.startswith(("http://", "https://")) else None
            self.blocks.append(Caption(text, credit, alt if alt and alt != text else None, picture))
        for _, more_alt, more_src, _title in inline.images[1:]:
            self.blocks.append(Image(more_alt, more_src or None))

    def _list(self, tokens, start: int, end: int, key_points: bool) -> None:
        items: list[str] = []
        links: list[tuple[Link, ...]] = []
        for token in tokens[start:end]:
            if token.type == "inline":  # nested items follow their parent, in order
                inline = _Inline(token)
                if text := inline.text():
                    items.append(text)
                    links.append(inline.unique_links())
        if not items:
            return
        if key_points:
            self.blocks.append(KeyPoints(tuple(items)))
            return
        opener = tokens[start]
        try:
            first = int(opener.attrGet("start") or 1)
        except (TypeError, ValueError):
            first = 1
        self.blocks.append(ListBlock(tuple(items), opener.type == "ordered_list_open", first,
                                     tuple(links) if any(links) else ()))

    def _table(self, tokens, start: int, end: int) -> None:
        rows: list[tuple[str, ...]] = []
        row: list[str] = []
        links: list[Link] = []
        header = False
        for token in tokens[start:end]:
            if token.type == "thead_open":
                header = True
            elif token.type == "tr_open":
                row = []
            elif token.type == "inline":
                inline = _Inline(token)
                row.append(inline.text())
                links.extend(inline.links)
            elif token.type == "tr_close" and any(row):
                rows.append(tuple(row))
        if rows:
            self.blocks.append(Table(tuple(rows), header, None, tuple(dict.fromkeys(links))))


def parse_markdown(text: str, source: str) -> Article:
    fields, lines = _front_matter(clean_lines(text.expandtabs(4)))  # code keeps its indents
    builder = _Builder()
    builder.run(_parser().parse("\n".join(lines)))
    blocks = builder.blocks
    title = inline_text(fields.get("title", "")) or builder.title
    published = parse_date(fields.get("date", "")[:10]) or builder.published
    if not blocks:
        if not title:
            raise ArticleError("not an article: no text (empty or whitespace only)")
        blocks = [Paragraph(title)]
    lede = next((b.text for b in blocks if isinstance(b, Paragraph | Quote)), "")
    derived = not title
    if derived:
        first = blocks[0]
        title = (lede or (first.items[0] if isinstance(first, KeyPoints | ListBlock) else first.text)
                 or "Untitled article")[:120]
    author = inline_text(fields.get("author", "")) or None
    return Article(content_id(title, lede), title, source, published, blocks, derived,
                   author=author)
