"""Markdown articles: title, date, headings, key points, figures, quotes, hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import (
    ArticleError,
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
from reader.sources.markdown import inline_text, parse_markdown

WEB = Path(__file__).resolve().parent / "fixtures" / "web"


def test_fixture_article_structure():
    article = parse_markdown((WEB / "article.md").read_text(), "article.md")
    assert article.title == "Night trains return to the northern line"
    assert article.published == "2025-03-12" and not article.title_derived
    assert article.source == "article.md" and len(article.id) == 16
    assert article.blocks == [
        KeyPoints(("Sleeper cars run three nights a week.", "Tickets go on sale on Friday.")),
        Paragraph("The first night train in twenty years left the capital on Sunday, its eight "
                  "sleeper cars full.", (Link("night train", "https://example.org/trains"),)),
        Caption("A sleeper car waits at the platform.", "AFP / Ann LEE",
                "A sleeper car at the platform"),
        Heading("A long absence"),
        Quote("We slept all the way to the coast. It was like the old days."),
        Paragraph("The operator says demand is [bold]strong[/bold] and \\x1b[31mnot red\\x1b[0m."),
    ]


def test_id_is_stable_across_rewrapping():
    text = (WEB / "article.md").read_text()
    rewrapped = text.replace("capital on Sunday,\nits", "capital on Sunday, its")
    assert parse_markdown(rewrapped, "b.md").id == parse_markdown(text, "a.md").id


def test_front_matter_other_lists_and_pictures_without_caption():
    text = ("---\ntitle: \"Front title\"\ndate: 2024-05-06\nauthor: Ann Lee\n---\n\n"
            "- plain item\n- second *item*\n\n![Alt only](x.png)\n\n"
            "![Alt](y.png) _Harbour at night. Photo: Getty Images_\n\n### Sub\n\nEnd.\n")
    article = parse_markdown(text, "f.md")
    assert article.title == "Front title" and article.published == "2024-05-06"
    assert article.author == "Ann Lee"
    assert article.blocks == [ListBlock(("plain item", "second item")),
                              Image("Alt only", "x.png"),
                              Caption("Harbour at night.", "Photo: Getty Images", "Alt"),
                              Heading("Sub"), Paragraph("End.")]


def test_hostile_text_is_literal_with_controls_gone():
    text = ("# \x1b]8;;http://evil.example\x07Title\x1b]8;;\x07 [@click=app.quit]x[/]\n\n"
            "Body \x1b[31mred\x1b[0m [bold]b[/bold] \x9b2J end.\n")
    article = parse_markdown(text, "h.md")
    assert article.title == "Title [@click=app.quit]x[/]"
    assert article.blocks == [Paragraph("Body red [bold]b[/bold] end.")]


def test_untitled_and_empty():
    article = parse_markdown("Just one paragraph here.\n", "u.md")
    assert article.title_derived and article.title == "Just one paragraph here."
    assert parse_markdown("# Only a title\n", "t.md").blocks == [Paragraph("Only a title")]
    with pytest.raises(ArticleError, match="^not an article: no text"):
        parse_markdown(" \n\n", "e.md")


def test_inline_markup_reduced_to_text():
    assert inline_text("A **bold** _em_ `code` [link](http://x) ~~gone~~ word") == \
        "A bold em code link gone word"
    assert inline_text("snake_case_name and 2 * 3 * 4") == "snake_case_name and 2 * 3 * 4"


def test_structure_kept_lists_tables_code_links():
    text = ("# Notes on the timetable\n\n"
            "3. third stop\n4. fourth, see [the map](https://example.org/map)\n"
            "   - a sub-point\n\n"
            "| Train | Leaves |\n|---|---|\n| N1 | 21:40 |\n| N3 | [late](https://example.org/n3) |\n\n"
            "```python\ndef late(train):\n\treturn train.delay > 5\n\n```\n\n"
            "    indented code\n\n"
            "Write to [us](mailto:desk@example.org) or [here](javascript:alert(1)) or [there](/rel).\n")
    article = parse_markdown(text, "n.md")
    assert article.blocks == [
        ListBlock(("third stop", "fourth, see the map", "a sub-point"), True, 3,
                  ((), (Link("the map", "https://example.org/map"),), ())),
        Table((("Train", "Leaves"), ("N1", "21:40"), ("N3", "late")), True, None,
              (Link("late", "https://example.org/n3"),)),
        Code("def late(train):\n    return train.delay > 5", "python"),
        Code("indented code"),
        Paragraph("Write to us or [here](javascript:alert(1)) or there.", (Link("us", "mailto:desk@example.org"),)),
    ]
    passages = article.passages()
    assert [p.kind for p in passages] == ["list", "list", "list", "table", "code", "code", "paragraph"]
    assert passages[1].links == (Link("the map", "https://example.org/map"),)
    assert passages[3].text == "Train | Leaves\nN1 | 21:40\nN3 | late"


def test_markdown_source_does_not_import_lxml():
    import subprocess
    import sys
    code = ("import sys; from reader.sources.markdown import parse_markdown; "
            "parse_markdown('# T\\n\\n- a\\n', 'x.md'); "
            "print('lxml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
