"""How an article looks outside the TUI: Rich renderables for a terminal,
plain text for pipes. Article text only ever enters `Text` objects, never a
markup string, so `[bold]` or `[@click=...]` in an article is shown as written.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import PurePath

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from reader.model import Article, ArticleSummary, Caption, Heading, KeyPoints, Paragraph, Quote
from reader.text import clean_line

WORDS_PER_MINUTE = 230
MEASURE = 100
"""Widest line `show` prints on a terminal: long lines are hard to read."""

STYLE_TITLE = "bold"
STYLE_META = "dim"
STYLE_CAPTION = "italic"
STYLE_CREDIT = "bold dim"
STYLE_DESCRIPTION = "dim italic"
STYLE_HEADING = "bold"
STYLE_KEY_POINTS = "yellow"
STYLE_QUOTE = "italic"


def reading_minutes(article: Article) -> int:
    return max(1, math.ceil(article.word_count() / WORDS_PER_MINUTE))


def source_label(source: str) -> str:
    """A file's name, or a URL as given; cleaned for display (a file name is
    untrusted text: it may carry escape sequences)."""
    if "://" in source:
        return clean_line(source)
    return clean_line(PurePath(source).name or source)


def source_shown(source: str) -> str:
    """A source's full path or URL as shown: cleaned, on one line."""
    return clean_line(source)


def row_date(summary: ArticleSummary, now: datetime) -> str:
    """A list row's date: the time (local) for today, the weekday within the
    last week, the date otherwise; an undated article shows its file name.
    `now` is an aware local datetime."""
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
        return source_label(summary.source)
    days = (now.date() - when).days
    if days == 0:
        return clock or "today"
    if 0 < days < 7:
        return when.strftime("%a")
    return summary.published or when.isoformat()


def meta_line(article: Article, short: bool = False) -> str:
    """Source (a file's full path, or only its name when `short`), date, reading time."""
    source = article.link or article.source
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


def rich_blocks(article: Article) -> Iterator[RenderableType]:
    yield Text(article.title, style=STYLE_TITLE)
    yield Text(meta_line(article), style=STYLE_META)
    for block in article.blocks:
        yield Text("")
        if isinstance(block, Caption):
            caption = Text.assemble(("▌ ", "dim"))
            caption.append(block.text, style=STYLE_CAPTION)
            parts: list[RenderableType] = [caption]
            if block.credit:
                parts.append(Text(f"— {block.credit}", style=STYLE_CREDIT, justify="right"))
            if block.description:
                parts.append(Padding(Text(block.description, style=STYLE_DESCRIPTION), (0, 0, 0, 2)))
            yield Group(*parts)
        elif isinstance(block, KeyPoints):
            items = [Text.assemble(("• ", "bold"), item) for item in block.items]
            yield Panel(Group(*items), title="Key points", title_align="left",
                        border_style=STYLE_KEY_POINTS, style="on grey11", padding=(0, 1))
        elif isinstance(block, Heading):
            yield Text(block.text, style=STYLE_HEADING)
        elif isinstance(block, Quote):
            yield Padding(Text(block.text, style=STYLE_QUOTE), (0, 0, 0, 4))
        elif isinstance(block, Paragraph):
            yield Text(block.text)
    for line in enclosure_lines(article):
        yield Text("")
        yield Text(f"▶ {line}", style=STYLE_META)


def plain_lines(article: Article) -> Iterator[str]:
    """Readable plain text, one paragraph a line, for pipes and files."""
    yield article.title
    yield "=" * min(len(article.title), 78)
    yield meta_line(article)
    for block in article.blocks:
        yield ""
        if isinstance(block, Caption):
            yield f"[Photo] {block.text}"
            if block.credit:
                yield f"        Credit: {block.credit}"
            if block.description:
                yield f"        ({block.description})"
        elif isinstance(block, KeyPoints):
            yield "Key points:"
            yield from (f"  • {item}" for item in block.items)
        elif isinstance(block, Heading):
            yield block.text
            yield "-" * min(len(block.text), 78)
        elif isinstance(block, Quote):
            yield f"> {block.text}"
        elif isinstance(block, Paragraph):
            yield block.text
    for line in enclosure_lines(article):
        yield ""
        yield f"▶ {line}"
