"""A Markdown article (`.md`) into an `Article`; hand-written, for the forms articles use.

- optional front matter (`---` ... `---`) with `title:` and `date:`;
- `# Title` (the first level-one heading), then an optional date line;
- `##`..`######` -> Heading; a "Key points"/"Highlights"/"Summary" heading
  followed by a list -> KeyPoints (the heading itself is not kept);
- `> ...` lines -> Quote; other lists -> one Paragraph per item;
- `![alt](src)` with an italic line after it (`*Caption. AFP / Ann LEE*`)
  -> Caption with the credit split off and the alt text as description;
- other text -> Paragraph, lines of a paragraph joined, inline markup
  (emphasis, links, code) reduced to its text.
"""

from __future__ import annotations

import re

from reader.model import Article, ArticleError, Block, Caption, Heading, KeyPoints, Paragraph, Quote
from reader.sources.conventions import is_key_points_label, parse_date, split_credit
from reader.sources.identity import content_id
from reader.text import clean_inline, clean_lines

_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)(?:\s+\"([^\"]*)\")?\)\s*(.*)$")
_ITALIC = re.compile(r"^(\*|_)(?!\1)(.+?)\1$")
_BULLET = re.compile(r"\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<![\w*_~`])(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1(?![\w*_~`])")
_FRONT_KEY = re.compile(r"(title|date)\s*:\s*(.*)", re.I)


def inline_text(text: str) -> str:
    """Markdown inline markup to plain text: links keep their words, emphasis goes."""
    text = _LINK.sub(r"\1", text)
    for _ in range(3):
        text = _EMPHASIS.sub(r"\2", text)
    return clean_inline(text)


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


def _groups(lines: list[str]) -> list[list[str]]:
    """Blank-line separated groups; a heading line is a group of its own."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or _HEADING.match(line):
            if current:
                groups.append(current)
            current = [line] if line.strip() else []
            if current:
                groups.append(current)
                current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    return groups


def _figure(group: list[str]) -> Caption | None:
    match = _IMAGE.match(group[0].strip())
    if not match:
        return None
    alt = clean_inline(match.group(1)) or None
    rest = " ".join([match.group(4), *group[1:]]).strip()
    italic = _ITALIC.match(rest)
    caption = inline_text(italic.group(2) if italic else rest) or clean_inline(match.group(3) or "")
    if not caption:
        return Caption(alt) if alt else None
    text, credit = split_credit(caption)
    if not text:
        text, credit = caption, None
    return Caption(text, credit, alt if alt != text else None)


def _blocks(groups: list[list[str]]) -> tuple[str | None, str | None, list[Block]]:
    title = published = None
    blocks: list[Block] = []
    key_points_next = False
    for group in groups:
        first = group[0].strip()
        heading = _HEADING.match(first)
        if heading:
            text = inline_text(heading.group(2))
            if len(heading.group(1)) == 1 and title is None and not blocks:
                title = text
            elif is_key_points_label(text):
                key_points_next = True
                continue
            elif text:
                blocks.append(Heading(text))
            key_points_next = False
            continue
        if (title is not None and not blocks and published is None and len(group) == 1
                and (found := parse_date(inline_text(first)))):
            published = found
            continue
        bullets = [_BULLET.fullmatch(line) for line in group]
        if all(bullets):
            items = tuple(filter(None, (inline_text(b.group(1)) for b in bullets)))
            if key_points_next:
                blocks.append(KeyPoints(items))
            else:
                blocks.extend(Paragraph(item) for item in items)
        elif all(line.lstrip().startswith(">") for line in group):
            text = inline_text(" ".join(line.lstrip()[1:].strip() for line in group))
            if text:
                blocks.append(Quote(text))
        elif (caption := _figure(group)) is not None:
            blocks.append(caption)
        else:
            text = inline_text(" ".join(line.strip() for line in group))
            if text:
                blocks.append(Paragraph(text))
        key_points_next = False
    return title, published, blocks


def parse_markdown(text: str, source: str) -> Article:
    fields, lines = _front_matter(clean_lines(text))
    title, published, blocks = _blocks(_groups(lines))
    title = inline_text(fields.get("title", "")) or title
    published = parse_date(fields.get("date", "")[:10]) or published
    if not blocks:
        if not title:
            raise ArticleError("not an article: no text (empty or whitespace only)")
        blocks = [Paragraph(title)]
    lede = next((b.text for b in blocks if isinstance(b, Paragraph | Quote)), "")
    derived = not title
    if derived:
        title = (lede or blocks[0].to_dict().get("text") or "Untitled article")[:120]
    return Article(content_id(title, lede), title, source, published, blocks, derived)
