"""`show` on a terminal and the reading pane lay an article out alike: one description
(`reader.present`) of each block's marks, order, hanging indents and measure."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style

from reader import present
from reader.model import Article, Caption, Code, Heading, KeyPoints, Link, ListBlock, Paragraph, Quote, Table
from reader.widgets.render import PaneStyles, layout_article

LONG_POINT = "The council approved the floating panels after a year of trials on the reservoir"


def article() -> Article:
    return Article("0123456789abcdef", "Floating solar on the old reservoir", "https://news.example/s",
                   "2025-01-02", [
                       Paragraph("Read the report before the vote.", (Link("the report", "https://news.example/r"),)),
                       KeyPoints((LONG_POINT, "Short one.", "Another point long enough to wrap at forty columns")),
                       Caption("Panels float on the reservoir near the dam at dawn, seen from the bank.",
                               "Ann Lee for The Daily Example, a long credit line",
                               "A wide photo of dark panels on calm water"),
                       Heading("Background"),
                       ListBlock(("One", "Two, with words enough to wrap onto a second line here"), True, 9),
                       Quote("We waited a long time for this, and it shows in every panel on the water."),
                       Code("def f():\n    return " + "1 + " * 30 + "1", "python"),
                       Table((("Line", "Fare"), ("N1", "4.50")), True),
                   ], author="Ann Lee")


def pane_lines(width: int) -> list[str]:
    layout = layout_article(article(), width, PaneStyles(*([Style()] * 9)), Console(width=200))
    return ["".join(seg.text for seg in strip).rstrip() for strip in layout.lines]


def show_lines(width: int) -> list[str]:
    console = Console(width=min(width, present.MEASURE), record=True, color_system=None)
    for part in present.rich_blocks(article()):
        console.print(part)
    return [line.rstrip() for line in console.export_text().splitlines()]


def trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


def test_show_and_the_pane_draw_the_same_lines():
    for width in (40, 60):
        assert trimmed(pane_lines(width)) == trimmed(show_lines(width))


def test_the_shared_layout_is_the_one_described():
    lines = show_lines(40)
    text = "\n".join(lines)
    # A figure: the photo's description, the caption under it, the credit set apart.
    description = text.index("▣ A wide photo")
    caption = text.index("  Panels float")
    credit = text.index("\n  Ann Lee for The")
    assert description < caption < credit
    # Key points: a label, then items whose wrapped lines hang under their text.
    at = lines.index(" • The council approved the floating")
    assert lines[at - 1] == " Key points"
    assert lines[at + 1].startswith("   ") and lines[at + 1].strip()
    assert " ".join(line.strip().lstrip("• ") for line in lines[at:at + 3]).startswith(LONG_POINT)
    # Lists and quotes hang too; markers line up.
    item = lines.index(" 10. Two, with words enough to wrap onto")
    assert lines[item - 1] == "  9. One" and lines[item + 1].startswith("     ")
    quote = next(i for i, line in enumerate(lines) if line.startswith("│ We waited"))
    assert lines[quote + 1].startswith("  ") and not lines[quote + 1].startswith("   ")


def test_one_measure_for_both():
    assert layout_article(article(), 300, PaneStyles(*([Style()] * 9)), Console(width=300)).width \
        == present.MEASURE
    assert max(len(line) for line in show_lines(300)) <= present.MEASURE
    assert max(len(line) for line in pane_lines(300)) <= present.MEASURE
