"""An article laid out as lines for the reading pane.

The pane does not mount a widget per block: the whole article is wrapped once
per width into a list of Strips, and each line remembers which passage it
belongs to, so the pane can paint the passage cursor and bookmarked passages
and scroll to a passage. Text only ever goes through `rich.text.Text`, never
through a markup parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from reader.model import Article, Caption, Heading, KeyPoints, Quote
from reader.present import enclosure_lines, meta_line

MAX_MEASURE = 88  # the longest line of text, for readability on wide terminals


@dataclass(frozen=True)
class PaneStyles:
    """Rich styles for each kind of block, read from the pane's component classes."""

    title: Style
    meta: Style
    heading: Style
    caption: Style
    credit: Style
    key_points: Style
    key_points_label: Style
    quote: Style
    paragraph: Style


@dataclass
class ArticleLayout:
    """The article wrapped at one width."""

    width: int
    lines: list[Strip] = field(default_factory=list)
    line_passage: list[int | None] = field(default_factory=list)
    passage_lines: list[tuple[int, int]] = field(default_factory=list)  # [start, end)

    def add(self, strips: list[Strip], passage: int | None) -> None:
        self.lines.extend(strips)
        self.line_passage.extend([passage] * len(strips))

    def blank(self) -> None:
        self.add([Strip.blank(self.width)], None)


def _text(text: str, style: Style) -> Text:
    """Text styled by a span (a base style would be lost when wrapping)."""
    out = Text(text, end="")
    out.stylize(style)
    return out


def _wrap(console: Console, text: Text, width: int, fill: Style | None = None) -> list[Strip]:
    lines = text.wrap(console, width, overflow="fold")
    strips = []
    for line in lines:
        segments = list(line.render(console))
        strip = Strip(segments).extend_cell_length(width, fill) if fill else Strip(segments)
        strips.append(strip)
    return strips or [Strip.blank(width, fill)]


def _prefixed(console: Console, prefix: str, text: Text, width: int, prefix_style: Style,
              fill: Style | None = None) -> list[Strip]:
    """Wrap `text` with `prefix` on its first line and spaces under it after."""
    inner = _wrap(console, text, max(1, width - len(prefix)), fill)
    out = []
    for n, strip in enumerate(inner):
        lead = prefix if n == 0 else " " * len(prefix)
        lead_style = prefix_style + fill if fill else prefix_style
        out.append(Strip.join([Strip([Segment(lead, lead_style)]), strip]))
    return out


def layout_article(article: Article, width: int, styles: PaneStyles,
                   console: Console) -> ArticleLayout:
    """Wrap the article to `width` cells (the text column, gutter excluded)."""
    width = max(1, min(width, MAX_MEASURE))
    layout = ArticleLayout(width)
    layout.add(_wrap(console, _text(article.title, styles.title), width), None)
    layout.add(_wrap(console, _text(meta_line(article, short=True), styles.meta), width), None)
    passages = iter(article.passages())
    for block in article.blocks:
        layout.blank()
        if isinstance(block, Heading):
            layout.add(_wrap(console, _text(block.text, styles.heading), width), None)
        elif isinstance(block, KeyPoints):
            fill = styles.key_points
            label = _text(" Key points", styles.key_points_label + fill)
            layout.add(_wrap(console, label, width, fill), None)
            for _item in block.items:
                passage = next(passages)
                start = len(layout.lines)
                text = _text(passage.text, styles.key_points)
                layout.add(_prefixed(console, " • ", text, width, fill, fill), passage.index)
                layout.passage_lines.append((start, len(layout.lines)))
        else:
            passage = next(passages)
            start = len(layout.lines)
            if isinstance(block, Caption):
                _add_caption(layout, block, styles, console, passage.index)
            elif isinstance(block, Quote):
                text = _text(block.text, styles.quote)
                layout.add(_prefixed(console, "│ ", text, width, styles.credit), passage.index)
            else:
                layout.add(_wrap(console, _text(block.text, styles.paragraph), width),
                           passage.index)
            layout.passage_lines.append((start, len(layout.lines)))
    for line in enclosure_lines(article):  # a podcast's audio, a video: after the text
        layout.blank()
        layout.add(_wrap(console, _text(f"▶ {line}", styles.meta), width), None)
    layout.blank()
    return layout


def _add_caption(layout: ArticleLayout, block: Caption, styles: PaneStyles,
                 console: Console, index: int) -> None:
    width = layout.width
    if block.description:
        text = _text(block.description, styles.credit)
        layout.add(_prefixed(console, "▣ ", text, width, styles.credit), index)
    text = _text(block.text, styles.caption)
    layout.add(_prefixed(console, "  " if block.description else "▣ ", text, width,
                         styles.caption), index)
    if block.credit:
        layout.add(_wrap(console, _text(f"  {block.credit}", styles.credit), width), index)
