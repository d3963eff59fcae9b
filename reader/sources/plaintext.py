"""The exported plain-text article format (FORMAT.md) into an `Article`.

The text is cut into groups of lines separated by blank lines; each group
becomes a block by the conventions in `conventions.py`. Blocks are produced
lazily so the light pass the sidebar needs (`summarize`) stops as soon as it
knows the title and the lede, and agrees with the full parse by construction.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from reader.model import (
    Article,
    ArticleError,
    ArticleSummary,
    Block,
    Caption,
    Heading,
    KeyPoints,
    Paragraph,
    Quote,
)
from reader.sources import conventions as cv
from reader.sources.identity import content_id
from reader.text import clean_lines, collapse, decode

REVISION = 2
"""Bump when what the parser makes of a file changes (ids, titles, dates): the
index cache drops entries written by another revision."""
TITLE_LIMIT = 120
LIGHT_PREFIX = 2048
"""The light pass first tries this many characters: enough for a headline, a
figure, key points and the lede of nearly every article."""
_SENTENCE_END = re.compile(r"[.!?…](?:[\"”’»)])?(?=\s+[^\w\s]*[A-Z0-9\u0400-\u04ff])")


def _groups(lines: list[str]) -> deque[list[str]]:
    groups: deque[list[str]] = deque()
    current: list[str] = []
    for raw in lines:
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _header(groups: deque[list[str]]) -> tuple[str | None, str | None]:
    """Consume the optional headline and date line at the top, in either order."""
    headline = published = None
    for _ in range(3):
        if len(groups) < 2 or len(groups[0]) != 1:
            break
        line = groups[0][0]
        if published is None and (found := cv.parse_date(line)):
            published = found
        elif headline is None and cv.is_headline(line):
            headline = collapse(line)
        else:
            break
        groups.popleft()
    return headline, published


def _same_sentence(a: str, b: str) -> bool:
    return a.rstrip(".… ").casefold() == b.rstrip(".… ").casefold()


def _is_wrapped(lines: list[str]) -> bool:
    """Caption lines that are one hard-wrapped caption rather than description + caption."""
    if len(lines) < 2 or any(len(line) > 80 for line in lines[:-1]):
        return False
    return len(lines) >= 3 or lines[1][0].islower()


def _join(lines: list[str]) -> str:
    """Stripped lines as one line of text, whitespace collapsed."""
    text = " ".join(lines)
    return collapse(text) if "  " in text else text


def _may_hold_credit(group: list[str]) -> bool:
    """Cheap test: a credit needs a slash or a colon, or is an agency's short name alone."""
    return any("/" in line or ":" in line or len(line) <= cv.LONGEST_AGENCY for line in group)


_UNREAD_CAPTION = Caption("")
"""What the light pass sees of a figure before the lede: that it is one and
where it ends, not its text (which only the full parse shows)."""


def _figure(group: list[str], light: bool = False) -> tuple[Caption, list[str]] | None:
    """A caption block from the group's first figure, and the lines left after
    it (`light`: `_UNREAD_CAPTION` in place of the caption)."""
    if not _may_hold_credit(group):
        return None
    for i, line in enumerate(group):
        # One split_credit per line: `is_credit_line` is an agency alone, or a
        # credit with no caption text before it.
        text, credit = cv.split_credit(line)
        if i and (credit is not None and not text or cv.is_agency(line)):
            lines, credit = group[:i], line
        else:
            if credit is None:
                continue
            lines = group[:i] + ([text] if text else [])
        if not lines:
            return None
        rest = group[i + 1:]
        if light:
            return _UNREAD_CAPTION, rest
        if len(lines) == 1 or _is_wrapped(lines):
            return Caption(_join(lines), credit), rest
        description, caption = _join(lines[:1]), _join(lines[1:])
        if _same_sentence(description, caption):
            description = None
        return Caption(caption, credit, description), rest
    return None


def _key_points(group: list[str], groups: deque[list[str]], light: bool = False) -> KeyPoints | None:
    """Items after a key-points heading, over as many bullet groups as follow it
    (`light`: the first item only, which is all a pass that stops at the lede reads)."""
    items: list[str] = []
    lines = group[1:]
    while True:
        for line in lines:
            marker = cv.bullet_length(line)
            if marker:
                items.append(line[marker:])
            elif items:
                items[-1] += " " + line
            else:
                return None
        if groups and cv.bullet_length(groups[0][0]):
            lines = groups.popleft()
        else:
            break
    if light and items:
        return KeyPoints((collapse(items[0]),))
    return KeyPoints(tuple(collapse(item) for item in items)) if items else None


def _blocks(groups: deque[list[str]], light: bool = False) -> Iterator[Block]:
    """The blocks of `groups`, consumed as they go (`light`: figures as
    `_UNREAD_CAPTION`, for a pass that stops at the lede)."""
    while groups:
        group = groups.popleft()
        first = group[0]
        if cv.is_key_points_heading(first) and (points := _key_points(group, groups, light)):
            yield points
            continue
        if first.startswith(">") and all(line.startswith(">") for line in group):
            yield Quote(_join([line.lstrip("> ") for line in group]))
            continue
        if figure := _figure(group, light):
            caption, rest = figure
            if rest:
                groups.appendleft(rest)
            yield caption
            continue
        if len(group) == 1 and groups and cv.is_subheading(first):
            yield Heading(collapse(first))
            continue
        text = _join(group)
        nxt = groups[0] if groups else None
        if nxt and len(nxt) == 1 and cv.is_credit_line(nxt[0]):
            # A caption whose credit stands alone in the next group.
            groups.popleft()
            yield Caption(text, nxt[0])
            continue
        yield Paragraph(text)


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        if match.end() >= 25:
            return text[: match.end()]
    return text


def _title_from(text: str) -> str:
    title = _first_sentence(text).rstrip(". ")
    if len(title) > TITLE_LIMIT:
        title = title[:TITLE_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title


def _article_id(title: str, lede: str) -> str:
    """Stable across renames, moves, re-encoding and re-wrapping; differs per article.

    It hashes the words of the title and of the opening of the lede, so an
    edit further down (a corrected figure, a fixed typo) keeps the id.
    """
    return content_id(title, lede)


def _lede_of(block: Block) -> str | None:
    if isinstance(block, Paragraph | Quote):
        return block.text
    if isinstance(block, KeyPoints):
        return block.items[0]
    return None


def _identify(headline: str | None, blocks: list[Block]) -> tuple[str, bool, str]:
    """(title, derived, lede) from the blocks seen so far."""
    lede = next(filter(None, map(_lede_of, blocks)), None)
    if lede is None:
        lede = next((b.text for b in blocks if isinstance(b, Caption | Heading) and b.text), "")
    if headline:
        return headline, False, lede
    return (_title_from(lede) if lede else "Untitled article"), True, lede


def _prepare(text: str) -> deque[list[str]]:
    groups = _groups(clean_lines(text))
    if not groups:
        raise ArticleError("not an article: no text (empty or whitespace only)")
    return groups


def parse(text: str, source: str) -> Article:
    groups = _prepare(text)
    headline, published = _header(groups)
    blocks = list(_blocks(groups))
    if not blocks and headline:
        blocks.append(Paragraph(headline))
    title, derived, lede = _identify(headline, blocks)
    return Article(_article_id(title, lede), title, source, published, blocks, derived)


def _summarize(groups: deque[list[str]], source: str, complete: bool) -> ArticleSummary | None:
    headline, published = _header(groups)
    seen: list[Block] = []
    # Short of the whole text the pass ends at a lede or gives up, so a
    # figure's text (wanted only where there is no lede) is never needed.
    for block in _blocks(groups, light=not complete):
        seen.append(block)
        if _lede_of(block):  # an empty lede (a bare ">") is passed over, as `_identify` does
            break
    else:
        if not complete:
            return None  # no lede in the prefix: the whole text decides
    if not complete and not groups:
        # Every decision up to the lede looked ahead at most one group; with a
        # group still unread none of them could see where the prefix was cut.
        return None
    if not seen and headline:
        seen.append(Paragraph(headline))
    title, _derived, lede = _identify(headline, seen)
    return ArticleSummary(_article_id(title, lede), title, source, published)


def summarize(text: str, source: str) -> ArticleSummary:
    """The id, title and date of `parse(text, source)`, reading only as far as needed.

    It first works on the groups that lie wholly inside the first
    `LIGHT_PREFIX` characters (the last group there may be cut, so it is
    dropped), and falls back to the whole text when that is not enough.
    """
    return _summarize_text(text, source, clean_lines)


# What a line of the usual export holds: printable ASCII, and characters
# beyond ASCII (UTF-8 encodes those in bytes of 0x80 and up only).
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _split(text: str) -> list[str]:
    return text.split("\n")


def clean_text(data: bytes) -> str | None:
    """`decode(data)` when it is already clean (`clean_lines` would only split
    it at its line breaks), found at C speed; else None.

    That is: UTF-8 without a BOM, no control character but the line break,
    every character printable. The ASCII bytes are checked with one
    `translate`; what is left is the characters beyond ASCII, in order (a
    UTF-8 sequence never holds an ASCII byte), which are decoded and checked
    on their own. With no control byte, `decode` finds no binary data.
    """
    rest = data.translate(None, _PLAIN_ASCII)
    if not rest:
        return data.decode("ascii")
    if rest.translate(None, _HIGH_BYTES):
        return None  # a control byte (a tab, CR, ESC, NUL...)
    try:
        text = data.decode("utf-8")
        return text if rest.decode("utf-8").isprintable() else None
    except UnicodeDecodeError:
        return None  # cp1252 or latin-1: `decode` decides


def summarize_bytes(data: bytes, source: str) -> ArticleSummary:
    """`summarize(decode(data), source)`, with less work for the usual file,
    whose text needs no cleaning (see `clean_text`)."""
    text = clean_text(data)
    if text is None:
        return summarize(decode(data), source)
    return _summarize_text(text, source, _split)


def _summarize_text(text: str, source: str, lines) -> ArticleSummary:
    cut = text.rfind("\n", 0, LIGHT_PREFIX) if len(text) > LIGHT_PREFIX else -1
    if cut > 0:
        groups = _groups(lines(text[:cut]))
        if groups:
            groups.pop()
        if len(groups) >= 2 and (found := _summarize(groups, source, complete=False)):
            return found
    groups = _groups(lines(text))
    if not groups:
        raise ArticleError("not an article: no text (empty or whitespace only)")
    result = _summarize(groups, source, complete=True)
    assert result is not None
    return result
