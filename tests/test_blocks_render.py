"""The new block kinds through every surface: passages, the cache, show, the reading pane."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style

from reader import feedcache, present
from reader.model import (
    Article,
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
from reader.widgets.render import PaneStyles, layout_article

LINK_A = Link("the report", "https://news.example/report")
LINK_B = Link("map", "https://news.example/map")
LONG = "x = " + "1 + " * 40 + "1"


def article() -> Article:
    return Article("0123456789abcdef", "Structure", "https://news.example/s", "2025-01-02", [
        Paragraph("Read the report first.", (LINK_A,)),
        ListBlock(("One", "Two, see the map"), True, 9, ((), (LINK_B,))),
        Table((("Line", "Fare"), ("N1", "4.50 for a very long description of the fare rules")), True),
        Code(f"def f():\n    return 1\n{LONG}", "python"),
        Image("A map of the river", "https://news.example/m.png"),
        Quote("Said so."),
    ], author="Ann Lee")


def test_passages_of_new_kinds_and_their_links():
    passages = article().passages()
    assert [(p.kind, p.item) for p in passages] == [
        ("paragraph", None), ("list", 0), ("list", 1), ("table", None), ("code", None),
        ("image", None), ("quote", None)]
    assert passages[2].links == (LINK_B,) and passages[0].links == (LINK_A,)
    assert passages[3].text == "Line | Fare\nN1 | 4.50 for a very long description of the fare rules"
    assert article().links() == [(0, LINK_A), (2, LINK_B)]


def test_passage_numbering_of_old_kinds_is_unchanged():
    old = Article("0123456789abcdef", "T", "s", None, [
        Caption("Cap", "AFP"), KeyPoints(("a", "b")), Heading("H"), Paragraph("p"), Quote("q")])
    assert [(p.index, p.block, p.item, p.kind, p.text) for p in old.passages()] == [
        (0, 0, None, "caption", "Cap AFP"), (1, 1, 0, "key_points", "a"),
        (2, 1, 1, "key_points", "b"), (3, 3, None, "paragraph", "p"), (4, 4, None, "quote", "q")]
    assert Paragraph("p").to_dict() == {"kind": "paragraph", "text": "p"}


def test_cache_round_trip_keeps_every_kind():
    original = article()
    data = original.to_dict()
    assert data["author"] == "Ann Lee"
    assert data["blocks"][0]["links"] == [{"text": "the report", "url": LINK_A.url}]
    assert data["blocks"][1] == {"kind": "list", "ordered": True, "start": 9, "items": ["One", "Two, see the map"],
                                 "links": [[], [{"text": "map", "url": LINK_B.url}]]}
    assert data["blocks"][4] == {"kind": "image", "alt": "A map of the river",
                                 "url": "https://news.example/m.png"}
    again = feedcache.article_from_dict(data)
    assert again.blocks == original.blocks and again.author == "Ann Lee"


def test_show_plain_prints_structure_and_footnotes():
    lines = list(present.plain_lines(article()))
    text = "\n".join(lines)
    assert "By Ann Lee" in lines
    assert "Read the report[1] first." in lines
    assert "  9. One" in lines and "  10. Two, see the map[2]" in lines
    assert "| Line | Fare |" in lines and "|---|---|" in lines
    assert "    def f():" in lines and "        return 1" in lines
    assert "[Image] A map of the river <https://news.example/m.png>" in lines
    assert text.endswith("Links:\n[1] the report: https://news.example/report\n"
                         "[2] map: https://news.example/map")


def test_show_terminal_fits_tables_and_clips_code():
    console = Console(width=40, record=True, color_system=None)
    for part in present.rich_blocks(article()):
        console.print(part)
    out = console.export_text()
    assert all(len(line) <= 40 for line in out.splitlines())
    assert "4.50 for a very long description" in out and "of the fare rules" in out  # wrapped
    assert "x = 1 + 1 +" in out and "…" in out and "+ 1\n" not in out  # code clipped
    assert "[1] the report" in out and "[2] map https://news.example/map" in out


def test_marker_follows_the_link_words_or_goes_to_the_end():
    runs = present.marked_runs("See a and b.", (Link("a", "u"), Link("b", "v")), 3)
    assert "".join(r for r, _ in runs) == "See a[3] and b[4]."
    runs = present.marked_runs("Other words.", (Link("gone", "u"),), 1)
    assert "".join(r for r, _ in runs) == "Other words. [1]"


def pane_text(width: int = 40):
    styles = PaneStyles(*([Style()] * 9))
    layout = layout_article(article(), width, styles, Console(width=120))
    lines = ["".join(seg.text for seg in strip) for strip in layout.lines]
    return layout, lines


def test_pane_lays_out_new_kinds_with_passages():
    layout, lines = pane_text()
    assert all(len(line) <= 40 for line in lines) and "By Ann Lee" in lines[:4]
    assert len(layout.passage_lines) == len(article().passages())
    first, end = layout.passage_lines[2]  # the list's second item
    assert lines[first].startswith(" 10. Two, see the map[2]")
    table_start, table_end = layout.passage_lines[3]
    table = "\n".join(lines[table_start:table_end])
    assert "Fare" in table and "description" in table
    code_start, code_end = layout.passage_lines[4]
    assert lines[code_start:code_end][1] == "      return 1"
    assert lines[code_end - 1].endswith("…") and len(lines[code_end - 1]) == 40
    assert any(line.startswith("[2] map https://news.example/map") for line in lines)
    assert all(layout.line_passage[i] is None for i, line in enumerate(lines) if line.startswith("[1] "))


def test_a_table_without_header_or_rows_still_draws():
    for table in (Table((("a", "b"), ("c",))), Table(())):
        console = Console(width=30, record=True, color_system=None)
        console.print(present.table_renderable(table))
        assert all(len(line) <= 30 for line in console.export_text().splitlines())
    assert "| a | b |" in present.plain_lines(Article("0" * 16, "T", "s", None, [Table((("a", "b"),))]))
