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


def test_a_highlight_lights_every_match_even_across_a_wrap_and_can_be_taken_off():
    from reader.widgets.lazy_lines import Highlight

    lit = Style(bgcolor="yellow")
    plain = "the harbour at dawn, the HARBOUR at dusk"
    lines = Lines()
    wrapped = Wrapped(CONSOLE, (plain, Style(bold=True)), 14)
    lines.add(Prefixed(wrapped, "• ", Style()), 0)
    before = [s.text for s in lines]

    def lit_runs() -> list[str]:
        return [seg.text for strip in lines for seg in strip if seg.style and seg.style.bgcolor]

    assert [line.rstrip() for line in before[:2]] == ["• the harbour at", "  dawn, the"]
    lines.highlight(Highlight("harbour", lit))
    assert [s.text for s in lines] == before  # the same lines, only styled
    assert lit_runs() == ["harbour", "HARBOUR"]  # case-blind, drawn as written
    lines.highlight(Highlight("at dawn", lit))
    assert lit_runs() == ["at", "dawn"]  # a match cut by the wrap: lit on both lines
    assert all(seg.style.bold for strip in lines for seg in strip
               if seg.style and seg.style.bgcolor)  # laid over the text's own style
    lines.highlight(Highlight("[a-z]+", lit))  # a query is text, never a pattern
    assert lit_runs() == []
    lines.highlight(None)
    assert lit_runs() == [] and [s.text for s in lines] == before
