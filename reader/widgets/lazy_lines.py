"""Wrapped text whose lines are counted at once and drawn only when shown.

An article with 100,000 key points, or one 4 MB paragraph, must open in well
under a second, and `G` must be instant. Wrapping everything with Rich first
costs seconds; counting the lines does not: a short ASCII line is one line,
and anything else is measured with Rich's own line breaker (`divide_line`),
without building any segment. A line is drawn (`Text` slice, segments, Strip)
the first time it is painted, exactly as `Text.wrap` would have drawn it.

`Wrapped` and `Prefixed` are sequences of Strips; `Lines` joins many of them
into the lines of an article, with the passage of each.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache

from rich._wrap import divide_line
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


class Wrapped(Sequence):
    """`text` wrapped at `width` cells (overflow folded), as `Text.wrap` wraps it."""

    __slots__ = ("_console", "_text", "_width", "_fill", "_parts", "_starts", "_cache", "_count",
                 "_highlight")

    def __init__(self, console: Console, text: Text | tuple[str, Style], width: int,
                 fill: Style | None = None):
        """`text` may be (plain, style): the Text is then made on the first draw
        (making 100,000 of them up front is most of the cost of a huge article)."""
        plain = text[0] if isinstance(text, tuple) else text.plain
        if "\t" in plain:
            text = styled(*text) if isinstance(text, tuple) else text.copy()
            text.expand_tabs(8)  # as Text.wrap does, line by line (tab_size 8)
            plain = text.plain
        self._console = console
        self._text = text
        self._width = width = max(1, width)
        self._fill = fill
        self._cache: dict[int, Strip] | None = None
        self._highlight: Highlight | None = None
        if "\n" not in plain and len(plain) <= width and plain.isascii():
            self._parts = ((0, len(plain), ()),)  # one short line: the common case, no search
            self._starts = (0,)
            self._count = 1
            return
        # Per line of the text (split at "\n"): where it starts, its length, its break offsets.
        self._parts: list[tuple[int, int, list[int]]] = []
        self._starts: list[int] = []  # index of each part's first wrapped line
        count = 0
        position = 0
        for part in plain.split("\n"):
            if part.isascii() and len(part) <= self._width:
                offsets: list[int] = []
            else:
                offsets = divide_line(part, self._width, fold=True)
            self._parts.append((position, len(part), offsets))
            self._starts.append(count)
            count += len(offsets) + 1
            position += len(part) + 1
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if self._cache is None:
            self._cache = {}
        strip = self._cache.get(index)
        if strip is None:
            strip = self._draw(index)
            self._cache[index] = strip
        return strip

    def highlight(self, highlight: Highlight | None) -> None:
        """Lay `highlight`'s style over every match of its pattern, from the next draw."""
        self._highlight = highlight
        self._cache = None

    def _draw(self, index: int) -> Strip:
        part_no = bisect_right(self._starts, index) - 1
        start, length, offsets = self._parts[part_no]
        line_no = index - self._starts[part_no]
        bounds = [0, *offsets, length]
        if isinstance(self._text, tuple):
            self._text = styled(*self._text)
        first, end = start + bounds[line_no], start + bounds[line_no + 1]
        line = self._text[first:end]
        if self._highlight is not None:
            self._highlight.over(line, self._text.plain, first, end)
        line.rstrip_end(self._width)
        line.truncate(self._width, overflow="fold")
        strip = Strip(list(line.render(self._console)))
        if self._fill is not None:
            strip = strip.extend_cell_length(self._width, self._fill)
        return strip


class Highlight:
    """Matches of a search, to lay over drawn lines: a style over each match's span."""

    __slots__ = ("pattern", "style", "_reach")

    def __init__(self, query: str, style: Style) -> None:
        self.pattern = re.compile(re.escape(query), re.IGNORECASE)
        self.style = style
        self._reach = 2 * len(query)  # how far a match can start before a line and end after

    def over(self, line: Text, plain: str, first: int, end: int) -> None:
        """Style the parts of `line` (`plain[first:end]`) inside a match: the text around
        the line is searched too, so a match cut by a wrap is lit on both lines. Only the
        line is searched, never the whole text: a one-letter search in a 4 MB paragraph
        costs each drawn line its own length."""
        window = max(0, first - self._reach)
        for match in self.pattern.finditer(plain, window, end + self._reach):
            lit_start, lit_end = max(match.start(), first), min(match.end(), end)
            if lit_start < lit_end:
                line.stylize(self.style, lit_start - first, lit_end - first)


def styled(plain: str, style: Style) -> Text:
    """Text styled by a span (a base style would be lost when wrapping)."""
    out = Text(plain, end="")
    out.stylize(style)
    return out


@cache
def _leads(prefix: str, style: Style) -> tuple[Strip, Strip]:
    return Strip([Segment(prefix, style)]), Strip([Segment(" " * len(prefix), style)])


class Prefixed(Sequence):
    """Wrapped lines with `prefix` before the first and spaces before the rest."""

    __slots__ = ("_inner", "_lead", "_rest")

    def __init__(self, inner: Wrapped, prefix: str, style: Style):
        self._inner = inner
        self._lead, self._rest = _leads(prefix, style)

    def __len__(self) -> int:
        return len(self._inner)

    def highlight(self, highlight: Highlight | None) -> None:
        self._inner.highlight(highlight)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return Strip.join([self._lead if index == 0 else self._rest, self._inner[index]])


class Lines(Sequence):
    """The lines of an article: chunks of strips (lists or lazy sequences) end to end."""

    def __init__(self) -> None:
        self.chunks: list[Sequence[Strip]] = []
        self.passages: list[int | None] = []
        self.starts: list[int] = []
        self._count = 0

    def add(self, strips: Sequence[Strip], passage: int | None) -> None:
        if not len(strips):
            return
        self.chunks.append(strips)
        self.passages.append(passage)
        self.starts.append(self._count)
        self._count += len(strips)

    def __len__(self) -> int:
        return self._count

    def _chunk(self, index: int) -> int:
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return bisect_right(self.starts, index) - 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        chunk = self._chunk(index)
        return self.chunks[chunk][index - self.starts[chunk]]

    def highlight(self, highlight: Highlight | None) -> None:
        """Light the matches of a search in every wrapped text (not in tables or code,
        which are drawn whole); None puts the lines back as laid out."""
        for chunk in self.chunks:
            if isinstance(chunk, (Wrapped, Prefixed)):
                chunk.highlight(highlight)

    def passage_at(self, index: int) -> int | None:
        return self.passages[self._chunk(index)]


class LinePassages(Sequence):
    """`lines.passage_at` as a sequence: the passage of each line (None outside passages)."""

    def __init__(self, lines: Lines) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._lines.passage_at(index)
