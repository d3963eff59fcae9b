"""An article laid out as lines for the reading pane.

The pane does not mount a widget per block: the whole article is wrapped once
per width into a list of Strips, and each line remembers which passage it
belongs to, so the pane can paint the passage cursor and bookmarked passages
and scroll to a passage. Text only ever goes through `rich.text.Text`, never
through a markup parser.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from reader.model import Article, Caption, Code, Heading, Image, KeyPoints, Link, ListBlock, Quote, Table
from reader.present import (
    CLIP_MARK,
    CODE_INDENT,
    KEY_POINT_LEAD,
    KEY_POINTS_LABEL,
    MEASURE,
    QUOTE_LEAD,
    caption_pieces,
    enclosure_lines,
    image_line,
    link_lead,
    list_lead,
    marked_runs,
    meta_line,
    table_renderable,
)
from reader.widgets.lazy_lines import LinePassages, Lines, Prefixed, Wrapped, styled

MAX_MEASURE = MEASURE  # the longest line of text, the same as `show`'s
# Lines that draw a picture at a width (see `widgets.photo_lines`); None: no photos.
PhotoSource = Callable[[Image, int], Sequence[Strip]]


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


class ArticleLayout:
    """The article wrapped at one width: lines counted at once, drawn when shown
    (see `lazy_lines`), so a huge article opens and jumps to its end at once."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines = Lines()
        self.line_passage = LinePassages(self.lines)
        self.passage_lines: list[tuple[int, int]] = []  # [start, end) of each passage
        self.photos: list[tuple[int, Sequence[Strip]]] = []  # (first line, lines) of each photo

    def is_photo(self, row: int) -> bool:
        """The line draws a photo (its colours are its own: no tint over it)."""
        return any(start <= row < start + len(lines) for start, lines in self.photos)

    def add(self, strips: Sequence[Strip], passage: int | None) -> None:
        self.lines.add(strips, passage)

    def blank(self) -> None:
        self.add(self._blank, None)

    @cached_property
    def _blank(self) -> list[Strip]:
        return [Strip.blank(self.width)]


def _text(text: str, style: Style) -> tuple[str, Style]:
    """Text styled by a span, made when first drawn (see `lazy_lines.Wrapped`)."""
    return text, style


def _marked(text: str, links: tuple[Link, ...], first: int, style: Style, mark: Style) -> Text:
    """The passage's text with a `[n]` marker after each link's words."""
    out = Text(end="")
    for run, is_mark in marked_runs(text, links, first):
        start = len(out)
        out.append(run)
        out.stylize(mark if is_mark else style, start, len(out))
    return out


def _wrap(console: Console, text: Text | tuple[str, Style], width: int,
          fill: Style | None = None) -> Wrapped:
    return Wrapped(console, text, width, fill)


def _prefixed(console: Console, prefix: str, text: Text | tuple[str, Style], width: int,
              prefix_style: Style,
              fill: Style | None = None) -> Prefixed:
    """Wrap `text` with `prefix` on its first line and spaces under it after."""
    inner = _wrap(console, text, max(1, width - len(prefix)), fill)
    return Prefixed(inner, prefix, prefix_style + fill if fill else prefix_style)


def layout_article(article: Article, width: int, styles: PaneStyles,
                   console: Console, photos: PhotoSource | None = None) -> ArticleLayout:
    """Wrap the article to `width` cells (the text column, gutter excluded); with
    `photos`, each picture's lines go above its caption, in the caption's passage."""
    width = max(1, min(width, MAX_MEASURE))
    layout = ArticleLayout(width)
    layout.add(_wrap(console, _text(article.title, styles.title), width), None)
    layout.add(_wrap(console, _text(meta_line(article, short=True), styles.meta), width), None)
    if article.author:
        layout.add(_wrap(console, _text(f"By {article.author}", styles.meta), width), None)
    passages = iter(article.passages())
    number = 1  # the next link's number
    for block in article.blocks:
        layout.blank()
        if isinstance(block, Heading):
            layout.add(_wrap(console, _text(block.text, styles.heading), width), None)
        elif isinstance(block, KeyPoints):
            fill = styles.key_points
            label = _text(KEY_POINTS_LABEL, styles.key_points_label + fill)
            layout.add(_wrap(console, label, width, fill), None)
            for _item in block.items:
                passage = next(passages)
                start = len(layout.lines)
                text = _text(passage.text, styles.key_points)
                layout.add(_prefixed(console, KEY_POINT_LEAD, text, width, fill, fill), passage.index)
                layout.passage_lines.append((start, len(layout.lines)))
        elif isinstance(block, ListBlock):
            for i in range(len(block.items)):
                passage = next(passages)
                start = len(layout.lines)
                text = _marked(passage.text, passage.links, number, styles.paragraph, styles.credit)
                number += len(passage.links)
                layout.add(_prefixed(console, list_lead(block, i), text, width, styles.credit),
                           passage.index)
                layout.passage_lines.append((start, len(layout.lines)))
        else:
            passage = next(passages)
            start = len(layout.lines)
            if isinstance(block, Caption | Image):
                _add_photo(layout, block, passage.index, photos)
            if isinstance(block, Caption):
                _add_caption(layout, block, styles, console, passage.index)
            elif isinstance(block, Quote):
                text = _marked(block.text, block.links, number, styles.quote, styles.credit)
                layout.add(_prefixed(console, QUOTE_LEAD, text, width, styles.credit), passage.index)
            elif isinstance(block, Table):
                _add_table(layout, block, styles, console, passage.index)
            elif isinstance(block, Code):
                _add_code(layout, block, styles, passage.index)
            elif isinstance(block, Image):
                text = _text(image_line(block), styles.credit)
                layout.add(_wrap(console, text, width), passage.index)
            else:
                text = _marked(block.text, passage.links, number, styles.paragraph, styles.credit)
                layout.add(_wrap(console, text, width), passage.index)
            number += len(passage.links)
            layout.passage_lines.append((start, len(layout.lines)))
    for line in enclosure_lines(article):  # a podcast's audio, a video: after the text
        layout.blank()
        layout.add(_wrap(console, _text(f"▶ {line}", styles.meta), width), None)
    _add_links(layout, article, styles, console)
    layout.blank()
    return layout


def _add_table(layout: ArticleLayout, block: Table, styles: PaneStyles, console: Console,
               index: int) -> None:
    """The table drawn by Rich at the pane's width: cells wrap, columns never spill."""
    options = console.options.update(width=layout.width, max_width=layout.width, no_wrap=False)
    lines = console.render_lines(table_renderable(block), options, style=styles.paragraph, pad=False)
    layout.add([Strip(line).crop(0, layout.width) for line in lines], index)


def _add_code(layout: ArticleLayout, block: Code, styles: PaneStyles, index: int) -> None:
    """Code keeps its lines: a line wider than the pane is clipped with a mark, not wrapped."""
    room = max(2, layout.width - len(CODE_INDENT))
    strips = []
    for line in block.text.split("\n"):
        clipped = cell_len(line) > room
        segments = [Segment(CODE_INDENT), Segment(set_cell_size(line, room - 1) if clipped else line,
                                           styles.quote)]
        if clipped:
            segments.append(Segment(CLIP_MARK, styles.credit))
        strips.append(Strip(segments).crop(0, layout.width))
    layout.add(strips, index)


def _add_links(layout: ArticleLayout, article: Article, styles: PaneStyles,
               console: Console) -> None:
    """The article's links, numbered as their markers are, after the text (as newsboat lists them)."""
    links = article.links()
    if not links:
        return
    layout.blank()
    layout.add(_wrap(console, _text("Links", styles.heading), layout.width), None)
    for n, (_, link) in enumerate(links, 1):
        text = styled(link.text, styles.paragraph)
        text.append(" ")
        url_start = len(text)
        text.append(link.url)
        text.stylize(styles.credit, url_start, len(text))
        layout.add(_prefixed(console, link_lead(n), text, layout.width, styles.credit), None)


def _add_caption(layout: ArticleLayout, block: Caption, styles: PaneStyles,
                 console: Console, index: int) -> None:
    """The figure's parts in `present.caption_pieces`' order, each with a hanging indent."""
    role_styles = {"description": styles.credit, "caption": styles.caption, "credit": styles.credit}
    for piece in caption_pieces(block):
        style = role_styles[piece.role]
        layout.add(_prefixed(console, piece.lead, _text(piece.text, style), layout.width, style),
                   index)


def _add_photo(layout: ArticleLayout, block: Caption | Image, index: int,
               photos: PhotoSource | None) -> None:
    """A figure's picture (or a lone picture) as lines of its passage, before its text."""
    image = block.image if isinstance(block, Caption) else block
    if photos is None or image is None or not image.drawable:
        return
    lines = photos(image, layout.width)
    layout.photos.append((len(layout.lines), lines))
    layout.add(lines, index)
