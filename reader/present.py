"""How an article looks outside the TUI: Rich renderables for a terminal,
plain text for pipes. Article text only ever enters `Text` objects, never a
markup string, so `[bold]` or `[@click=...]` in an article is shown as written.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text

from reader.citation import SAMPLE, sample_name
from reader.model import (
    Article,
    ArticleSummary,
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
from reader.text import clean_line

WORDS_PER_MINUTE = 230
MEASURE = 88
"""The widest line of text, in `show` on a terminal and in the reading pane alike:
long lines are hard to read."""

STYLE_TITLE = "bold"
STYLE_META = "dim"
STYLE_CAPTION = "italic"
STYLE_CREDIT = "bold dim"
STYLE_DESCRIPTION = "dim italic"
STYLE_HEADING = "bold"
STYLE_KEY_POINTS = "on grey11"
STYLE_KEY_POINTS_LABEL = "bold yellow"
STYLE_QUOTE = "italic"
STYLE_LINK_MARK = "cyan"
STYLE_CODE = "green"
STYLE_CLIP = "bold red"
STYLE_TABLE_HEADER = "bold"
CLIP_MARK = "…"
"""Ends a code line too long for the measure: code is clipped, never re-wrapped."""

# How each block looks, for `show` and the reading pane alike: the marks before the
# text, and the order of a figure's parts. Each surface only picks the styles.
CAPTION_MARK = "▣ "
CREDIT_LEAD = "  "
QUOTE_LEAD = "│ "
CODE_INDENT = "  "
KEY_POINTS_LABEL = " Key points"
KEY_POINT_LEAD = " • "


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a block's text as laid out: `lead` before its first wrapped line and
    as many spaces before the others (a hanging indent); `role` names its style."""

    lead: str
    text: str
    role: str


def caption_pieces(block: Caption) -> list[Piece]:
    """A figure: the photo's own description (where the photo would stand), the
    site's caption under it, then the credit set apart on its own line."""
    pieces = []
    lead = CAPTION_MARK
    if block.description:
        pieces.append(Piece(CAPTION_MARK, block.description, "description"))
        lead = " " * len(CAPTION_MARK)
    pieces.append(Piece(lead, block.text, "caption"))
    if block.credit:
        pieces.append(Piece(CREDIT_LEAD, block.credit, "credit"))
    return pieces


def list_lead(block: ListBlock, i: int) -> str:
    """An item's marker, right-aligned under the widest one (` 9. `, `10. `)."""
    return " " + list_marker(block, i).rjust(len(list_marker(block, len(block.items) - 1)))


def link_lead(n: int) -> str:
    return f"[{n}] "


def marked_runs(text: str, links: tuple[Link, ...], first: int) -> list[tuple[str, bool]]:
    """The passage's text in runs, a ` [n]` marker run after each link's words (newsboat's
    way); `first` numbers the passage's first link. A link whose words are not in the text
    gets its marker at the end."""
    runs: list[tuple[str, bool]] = []
    at = 0
    for n, link in enumerate(links, first):
        found = text.find(link.text, at) if link.text else -1
        if found < 0:  # the words are not in order in the text: every marker at the end
            marks = " ".join(f"[{k}]" for k in range(first, first + len(links)))
            return [(text, False), (" ", False), (marks, True)]
        end = found + len(link.text)
        runs += [(text[at:end], False), (f"[{n}]", True)]
        at = end
    runs.append((text[at:], False))
    return [(run, mark) for run, mark in runs if run]


def clip(line: str, width: int) -> str:
    """A code line cut to `width` cells with the clip mark, or as it is."""
    return line if len(line) <= width else line[:max(0, width - 1)] + CLIP_MARK


def list_marker(block: ListBlock, i: int) -> str:
    return f"{block.marker(i)} "


def image_line(block: Image) -> str:
    return f"[Image] {block.alt}" if block.alt else "[Image]"


def table_renderable(block: Table, width: int | None = None) -> RichTable:
    """A Rich table that wraps its cells to fit the measure: a table is never dropped."""
    table = RichTable(box=box.SIMPLE_HEAD if block.header else box.SIMPLE, show_header=block.header,
                      header_style=STYLE_TABLE_HEADER, title=block.caption, title_justify="left",
                      show_edge=False, pad_edge=False, padding=(0, 1))
    columns = max((len(row) for row in block.rows), default=0) or 1
    rows = [tuple(row) + ("",) * (columns - len(row)) for row in block.rows]
    header = rows[0] if block.header else ("",) * columns
    for cell in header:
        table.add_column(Text(cell), overflow="fold")
    for row in rows[1:] if block.header else rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def reading_minutes(article: Article) -> int:
    return max(1, math.ceil(article.word_count() / WORDS_PER_MINUTE))


def source_label(source: str) -> str:
    """A file's name, or a URL as given; cleaned for display (a file name is
    untrusted text: it may carry escape sequences). A bundled sample says so."""
    if "://" in source:
        return clean_line(source)
    if (sample := sample_name(source)) is not None:
        return SAMPLE + sample
    return clean_line(PurePath(source).name or source)


def source_shown(source: str) -> str:
    """A source's full path or URL as shown: cleaned, on one line."""
    return clean_line(source)


def row_date(summary: ArticleSummary, now: datetime) -> str:
    """A list row's date: the time (local) for today, the weekday within the
    last week, the date otherwise; an undated article says "no date" (its file
    name, cut to the column, read as a date and hid the end of the title's
    column). `now` is an aware local datetime."""
    when: date | None = None
    clock = None
    if summary.published_at:
        try:
            stamp = datetime.fromisoformat(summary.published_at).astimezone(now.tzinfo)
            when, clock = stamp.date(), stamp.strftime("%H:%M")
        except ValueError:
            pass
    if when is None and summary.published:
        try:
            when = date.fromisoformat(summary.published)
        except ValueError:
            return summary.published
    if when is None:
        return "no date"
    days = (now.date() - when).days
    if days == 0:
        return clock or "today"
    if 0 < days < 7:
        return when.strftime("%a")
    return summary.published or when.isoformat()


def meta_line(article: Article, short: bool = False) -> str:
    """Source (a file's full path, or only its name when `short`), date, reading time."""
    source = article.link or article.source
    sample = None if article.link else sample_name(article.source)
    if sample is not None:  # not the path it was installed to
        parts = [SAMPLE + sample]
    else:
        parts = [source_label(source) if short else source_shown(source)]
    if article.published:
        parts.append(article.published)
    parts.append(f"{reading_minutes(article)} min read")
    if article.summary_only:
        parts.append("only the feed's summary: the page could not be fetched")
    return " · ".join(parts)


def _size(length: int | None) -> str | None:
    if not length:
        return None
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if length >= scale:
            return f"{length / scale:.1f} {unit}"
    return f"{length} bytes"


def enclosure_lines(article: Article) -> list[str]:
    """One line per enclosure (a podcast's audio, a video, an image): kind, type, size and
    address, for the end of the article; [] when it has none."""
    lines = []
    for enc in article.enclosures:
        kind = (enc.get("type") or "").split("/")[0]
        label = {"audio": "Audio", "video": "Video", "image": "Image"}.get(kind, "Attachment")
        parts = [label] + [p for p in (enc.get("type"), _size(enc.get("length"))) if p]
        lines.append(f"{' · '.join(parts)}: {enc['url']}")
    return lines


def _marked_text(text: str, links: tuple[Link, ...], first: int, style: str = "") -> Text:
    out = Text()
    for run, mark in marked_runs(text, links, first):
        out.append(run, style=STYLE_LINK_MARK if mark else style)
    return out


class Hanging:
    """Rich renderable: `text` wrapped to the width left after `lead`, the lead before
    the first line and spaces under it after (a hanging indent), each line filled to
    the width with `fill` when given. The reading pane wraps the same way
    (`Text.wrap`, long words folded), so both show the same lines."""

    def __init__(self, lead: str, text: Text, lead_style: str | Style = "",
                 fill: str | Style | None = None) -> None:
        self.lead, self.text, self.lead_style, self.fill = lead, text, lead_style, fill

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lead_width = cell_len(self.lead)
        inner = max(1, width - lead_width)
        fill = Style.parse(self.fill) if isinstance(self.fill, str) else self.fill
        lead_style = Style.parse(self.lead_style) if isinstance(self.lead_style, str) else self.lead_style
        if fill is not None:
            lead_style = fill + lead_style
        text = self.text.copy()
        text.end = ""
        for i, line in enumerate(text.wrap(console, inner, overflow="fold")):
            line.rstrip_end(inner)
            line.truncate(inner, overflow="fold")
            yield Segment(self.lead if i == 0 else " " * lead_width, lead_style)
            segments = list(line.render(console))
            if fill is not None:
                segments = [Segment(t, fill + st if st else fill, c) for t, st, c in segments]
                gap = inner - line.cell_len
                if gap > 0:
                    segments.append(Segment(" " * gap, fill))
            yield from segments
            yield Segment.line()


class CodeLines:
    """Code as written: each line indented and, when wider than the measure, clipped
    with the clip mark; never re-wrapped."""

    def __init__(self, code: str, style: str = STYLE_CODE) -> None:
        self.code, self.style = code, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = max(2, options.max_width - len(CODE_INDENT))
        for line in self.code.split("\n"):
            clipped = cell_len(line) > room
            yield Segment(CODE_INDENT)
            yield Segment(set_cell_size(line, room - 1) if clipped else line, Style.parse(self.style))
            if clipped:
                yield Segment(CLIP_MARK, Style.parse(STYLE_CLIP))
            yield Segment.line()


ROLE_STYLES = {"description": STYLE_DESCRIPTION, "caption": STYLE_CAPTION, "credit": STYLE_CREDIT}


def _styled(text: str, style: str) -> Text:
    """Text styled by a span: a base style would be lost when `Hanging` wraps it."""
    out = Text(text, end="")
    out.stylize(style)
    return out


def rich_blocks(article: Article, cite: str | None = None, before=None) -> Iterator[RenderableType]:
    """The article for a terminal, laid out as the reading pane lays it out (the same
    marks, order and hanging indents); print it at no more than `MEASURE` columns.
    `cite`, the article's citation, ends it. `before(block)`, when given: a renderable
    to print ahead of a block (a figure's photo, see `reader.images.photo_renderables`),
    or None."""
    yield Text(article.title, style=STYLE_TITLE)
    yield Text(meta_line(article), style=STYLE_META)
    if article.author:
        yield Text(f"By {article.author}", style=STYLE_META)
    number = 1
    for block in article.blocks:
        yield Text("")
        if before is not None and (extra := before(block)) is not None:
            yield extra
        if isinstance(block, Caption):
            yield Group(*(Hanging(piece.lead, _styled(piece.text, ROLE_STYLES[piece.role]),
                                  ROLE_STYLES[piece.role]) for piece in caption_pieces(block)))
        elif isinstance(block, KeyPoints):
            label = Hanging("", _styled(KEY_POINTS_LABEL, STYLE_KEY_POINTS_LABEL), fill=STYLE_KEY_POINTS)
            items = [Hanging(KEY_POINT_LEAD, Text(item, end=""), fill=STYLE_KEY_POINTS)
                     for item in block.items]
            yield Group(label, *items)
        elif isinstance(block, ListBlock):
            items = []
            for i, item in enumerate(block.items):
                links = block.item_links(i)
                items.append(Hanging(list_lead(block, i), _marked_text(item, links, number),
                                     STYLE_LINK_MARK))
                number += len(links)
            yield Group(*items)
        elif isinstance(block, Table):
            yield table_renderable(block)
            number += len(block.links)
        elif isinstance(block, Code):
            yield CodeLines(block.text)
        elif isinstance(block, Image):
            line = Text(image_line(block), style=STYLE_DESCRIPTION)
            if block.url:
                line.append(f" {block.url}", style=STYLE_META)
            yield line
        elif isinstance(block, Heading):
            yield Text(block.text, style=STYLE_HEADING)
        elif isinstance(block, Quote):
            yield Hanging(QUOTE_LEAD, _marked_text(block.text, block.links, number, STYLE_QUOTE),
                          STYLE_LINK_MARK)
            number += len(block.links)
        elif isinstance(block, Paragraph):
            yield _marked_text(block.text, block.links, number)
            number += len(block.links)
    for line in enclosure_lines(article):
        yield Text("")
        yield Text(f"▶ {line}", style=STYLE_META)
    links = article.links()
    if links:
        yield Text("")
        yield Text("Links", style=STYLE_HEADING)
        for n, (_, link) in enumerate(links, 1):
            yield Hanging(link_lead(n), Text.assemble(link.text, (f" {link.url}", STYLE_META)),
                          STYLE_LINK_MARK)
    if cite:
        yield Text("")
        yield Text(cite, style=STYLE_META)


def _plain_marked(text: str, links: tuple[Link, ...], first: int) -> str:
    return "".join(run for run, _ in marked_runs(text, links, first))


def plain_lines(article: Article, cite: str | None = None) -> Iterator[str]:
    """Readable plain text, one paragraph a line, for pipes and files: Markdown's
    habits (underlined headings, `>` quotes, code indented four spaces), the blocks
    in the terminal's order."""
    yield article.title
    yield "=" * min(len(article.title), 78)
    yield meta_line(article)
    if article.author:
        yield f"By {article.author}"
    number = 1
    for block in article.blocks:
        yield ""
        if isinstance(block, Caption):  # the terminal's order, in words
            for i, piece in enumerate(caption_pieces(block)):
                lead = "[Photo] " if i == 0 else " " * 8
                yield lead + ("Credit: " if piece.role == "credit" else "") + piece.text
        elif isinstance(block, KeyPoints):
            yield "Key points:"
            yield from (f"  • {item}" for item in block.items)
        elif isinstance(block, ListBlock):
            for i, item in enumerate(block.items):
                links = block.item_links(i)
                yield f"  {list_marker(block, i)}{_plain_marked(item, links, number)}"
                number += len(links)
        elif isinstance(block, Table):
            if block.caption:
                yield block.caption
            for r, row in enumerate(block.rows):
                yield "| " + " | ".join(row) + " |"
                if r == 0 and block.header:
                    yield "|" + "|".join("---" for _ in row) + "|"
            number += len(block.links)
        elif isinstance(block, Code):
            yield from (f"    {line}" for line in block.text.split("\n"))
        elif isinstance(block, Image):
            yield image_line(block) + (f" <{block.url}>" if block.url else "")
        elif isinstance(block, Heading):
            yield block.text
            yield "-" * min(len(block.text), 78)
        elif isinstance(block, Quote):
            yield f"> {_plain_marked(block.text, block.links, number)}"
            number += len(block.links)
        elif isinstance(block, Paragraph):
            yield _plain_marked(block.text, block.links, number)
            number += len(block.links)
    for line in enclosure_lines(article):
        yield ""
        yield f"▶ {line}"
    links = article.links()
    if links:
        yield ""
        yield "Links:"
        yield from (f"[{n}] {link.text}: {link.url}" for n, (_, link) in enumerate(links, 1))
    if cite:
        yield ""
        yield cite
