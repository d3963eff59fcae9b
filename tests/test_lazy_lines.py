"""Lazily wrapped lines are the lines Rich's `Text.wrap` makes, counted without drawing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from reader.widgets.lazy_lines import Lines, Prefixed, Wrapped

CONSOLE = Console(width=120)
WORDS = st.sampled_from(["a", "hello", "world", "平和", "x" * 70, "tab\there", "\n", "  ",
                         "العربية", "한국어", "", "é", "—"])


def eager(text: Text, width: int) -> list[str]:
    return [Strip(list(line.render(CONSOLE))).text
            for line in text.wrap(CONSOLE, width, overflow="fold")]


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40), st.integers(1, 60), st.integers(0, 100))
def test_wrapped_equals_rich_wrap(words, width, bold_until):
    plain = " ".join(words)
    text = Text(plain, end="")
    text.stylize(Style(bold=True), 0, bold_until)
    lazy = Wrapped(CONSOLE, text, width)
    expected = eager(text, width)
    assert len(lazy) == max(1, len(expected))
    assert [s.text for s in lazy][:len(expected)] == expected
    if expected:  # styles too, segment by segment
        wrapped = text.wrap(CONSOLE, width, overflow="fold")
        assert list(lazy[len(expected) - 1]) == list(Strip(list(wrapped[-1].render(CONSOLE))))


def test_a_huge_paragraph_is_counted_without_drawing_and_draws_one_line():
    text = Text("word " * 200_000, end="")
    lazy = Wrapped(CONSOLE, text, 80)
    assert len(lazy) == 12_500
    assert not lazy._cache
    assert lazy[-1].text.strip() == ("word " * 16).strip()
    assert len(lazy._cache) == 1


def test_lines_join_chunks_with_their_passages():
    lines = Lines()
    lines.add([Strip.blank(5)], None)
    lines.add(Prefixed(Wrapped(CONSOLE, Text("one two three four", end=""), 6), "• ", Style()), 0)
    lines.add([Strip.blank(5)] * 2, 1)
    assert len(lines) == 1 + 4 + 2
    assert lines[1].text.startswith("• one") and lines[2].text.startswith("  two")
    assert [lines.passage_at(i) for i in range(len(lines))] == [None, 0, 0, 0, 0, 1, 1]
