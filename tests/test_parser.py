"""The plain-text format, variant by variant (FORMAT.md), on fixtures of our own."""

from __future__ import annotations

import pytest

from reader.model import ArticleError, Caption, Heading, KeyPoints, Paragraph, Quote
from reader.sources import plaintext, read_article
from reader.text import decode

LEDE = "The council voted on Tuesday to close the old bridge to heavy traffic from next month."
BODY = "Engineers found cracks in two of the piers during an inspection in the spring."


def parse(text: str):
    return plaintext.parse(text, "/tmp/x.txt")


def kinds(article):
    return [b.kind for b in article.blocks]


# --- headlines and titles -----------------------------------------------------------------

def test_headline_is_the_first_line_alone_in_its_block():
    a = parse(f"Old bridge closes to lorries\n\n{LEDE}\n\n{BODY}\n")
    assert a.title == "Old bridge closes to lorries"
    assert not a.title_derived
    assert kinds(a) == ["paragraph", "paragraph"]


def test_first_line_with_a_full_stop_is_the_lede_not_a_headline():
    a = parse(f"{LEDE}\n\n{BODY}\n")
    assert a.title_derived
    assert a.blocks[0] == Paragraph(LEDE)
    assert a.title == LEDE.rstrip(".")


def test_first_line_ending_in_a_credit_is_a_figure_not_a_headline():
    a = parse(f"Lorries queue at the bridge AFP / Jean DUPONT\n\n{LEDE}\n")
    assert a.title_derived
    assert a.blocks[0] == Caption("Lorries queue at the bridge", "AFP / Jean DUPONT")


def test_derived_title_prefers_the_first_key_point():
    a = parse(f"KEY POINTS\n\n  • Bridge closes to lorries\n  • Repairs take a year\n\n{LEDE}\n")
    assert a.title == "Bridge closes to lorries"
    assert a.title_derived


def test_derived_title_from_the_lede_is_its_first_sentence_never_the_photo_description():
    text = (
        "In this file photo taken on May 1, 2020 a lorry crosses the bridge\n"
        "The bridge has carried lorries since 1960. REUTERS / Ann LEE\n\n"
        f"{LEDE} {BODY}\n"
    )
    a = parse(text)
    assert a.title == LEDE.rstrip(".")
    assert "photo" not in a.title.lower()


def test_long_derived_title_is_cut_at_a_word():
    lede = "word " * 60 + "end."
    a = parse(lede)
    assert len(a.title) <= plaintext.TITLE_LIMIT + 1 and a.title.endswith("…")


def test_article_with_only_a_caption_takes_its_title_from_the_caption():
    a = parse("A quiet street at dawn. AFP / Lee KIM\n")
    assert a.title == "A quiet street at dawn"


def test_published_date_forms():
    for line in ("Published: 2026-11-20", "2026-11-20T08:30:00Z", "November 14, 2026",
                 "Updated: 12 November 2026", "Tuesday, 3 March 2026 at 10:15 GMT", "Nov. 3, 2026"):
        a = parse(f"Headline here\n\n{line}\n\n{LEDE}\n")
        assert a.published and a.published.startswith("2026-"), line
        assert a.title == "Headline here"
        assert kinds(a) == ["paragraph"], line


def test_a_date_line_may_stand_before_the_headline():
    a = parse(f"Published: 2026-11-20\n\nOld bridge closes to lorries\n\n{LEDE}\n")
    assert (a.title, a.published, a.title_derived) == ("Old bridge closes to lorries", "2026-11-20", False)
    assert kinds(a) == ["paragraph"]


def test_no_date_gives_null_and_an_impossible_date_is_text():
    assert parse(f"{LEDE}\n").published is None
    a = parse(f"Headline\n\n2026-02-31\n\n{LEDE}\n")
    assert a.published is None
    assert a.blocks[0] == Paragraph("2026-02-31")


# --- figures and credits ----------------------------------------------------------------------

@pytest.mark.parametrize("credit", [
    "AFP / Delil SOULEIMAN", "REUTERS / Anna KOWALSKI", "Reuters / Tom Brown", "AP / Lena VOSS",
    "Getty Images / Marco RINALDI", "EPA / Ivan PETROV", "EPA-EFE / Sergei ILYIN",
    "Xinhua / Li WEI", "TASS / Anatolii STEPANOV", "Anadolu / Emre KAYA", "dpa / Jan WOITAS",
    "ANP / Remko DE WAAL", "Kyodo / Haruki TANAKA", "Yonhap / Kim JIN-SOO",
    "Bloomberg / Jason ALDEN", "Photo: Getty Images / Sean GALLUP", "Photo: AFP",
])
def test_inline_credit_styles(credit):
    a = parse(f"Crowds gather in the square on Sunday. {credit}\n\n{LEDE}\n")
    assert a.blocks[0] == Caption("Crowds gather in the square on Sunday.", credit)


def test_credit_alone_on_the_next_line():
    a = parse(f"{LEDE}\n\nCrowds gather in the square.\nPhoto: Getty Images / Sean GALLUP\n\n{BODY}\n")
    assert a.blocks[1] == Caption("Crowds gather in the square.", "Photo: Getty Images / Sean GALLUP")
    assert kinds(a) == ["paragraph", "caption", "paragraph"]


def test_credit_alone_in_the_next_block_joins_the_caption_before_it():
    a = parse(f"{LEDE}\n\nCrowds gather in the square.\n\nAFP / Lee KIM\n\n{BODY}\n")
    assert a.blocks[1] == Caption("Crowds gather in the square.", "AFP / Lee KIM")


def test_description_and_caption_keep_both_when_they_differ():
    a = parse("In this photo taken on May 1, 2020 a lorry crosses the bridge at night\n"
              "The bridge has carried lorries since 1960. AFP / Ann LEE\n\n" + LEDE)
    cap = a.blocks[0]
    assert cap.text == "The bridge has carried lorries since 1960."
    assert cap.description == "In this photo taken on May 1, 2020 a lorry crosses the bridge at night"
    assert cap.credit == "AFP / Ann LEE"


def test_description_equal_to_caption_is_shown_once():
    s = "With the bridge closed, lorries take a 40 km detour through the hills"
    a = parse(f"{LEDE}\n\n{s}\n{s} AFP / WAKIL KOHSAR\n")
    assert a.blocks[-1] == Caption(s, "AFP / WAKIL KOHSAR", None)


@pytest.mark.parametrize("where", ["top", "middle", "end"])
def test_figure_positions(where):
    fig = "A lorry on the bridge. REUTERS / Ann LEE"
    parts = {"top": [fig, LEDE, BODY], "middle": [LEDE, fig, BODY], "end": [LEDE, BODY, fig]}[where]
    a = parse("\n\n".join(parts))
    assert [b.kind for b in a.blocks] == ["caption" if p is fig else "paragraph" for p in parts]


def test_a_hard_wrapped_caption_is_one_caption():
    a = parse(f"{LEDE}\n\nLorries queue at the bridge on the first\nmorning of the closure, as drivers\nlook for a detour. AFP / Ann LEE\n")
    assert a.blocks[1] == Caption(
        "Lorries queue at the bridge on the first morning of the closure, as drivers look for a detour.",
        "AFP / Ann LEE")


def test_sentence_ending_with_an_agency_name_is_not_a_credit():
    a = parse(f"{LEDE}\n\nThe figures were first reported by Reuters\n\nThe mayor told AP.\n")
    assert all(b.kind != "caption" for b in a.blocks)


def test_lines_after_a_figure_in_the_same_block_are_kept():
    a = parse(f"A lorry on the bridge. AFP / Ann LEE\n{LEDE}\n")
    assert a.blocks == [Caption("A lorry on the bridge.", "AFP / Ann LEE"), Paragraph(LEDE)]


# --- key points -------------------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["KEY POINTS", "Key Points", "Key points:", "Highlights", "Highlights:"])
@pytest.mark.parametrize("bullet", ["•", "-", "*", "–", "1.", "1)"])
def test_key_point_headings_and_bullets(heading, bullet):
    marks = [bullet.replace("1", str(i)) for i in (1, 2, 3)]
    text = f"{heading}\n\n" + "\n".join(f"  {m} Point number {i}" for i, m in enumerate(marks, 1))
    a = parse(text + f"\n\n{LEDE}\n")
    assert a.blocks[0] == KeyPoints(("Point number 1", "Point number 2", "Point number 3"))
    assert a.blocks[1] == Paragraph(LEDE)


def test_key_points_any_indentation_no_blank_line_and_wrapped_items():
    text = "Key points:\n- First point\n        - Second point that is long\n          and wrapped\n\n" + LEDE
    a = parse(text)
    assert a.blocks[0] == KeyPoints(("First point", "Second point that is long and wrapped"))


def test_key_point_items_lose_their_nbsp():
    a = parse("KEY POINTS\n\n  \u2022 Troops advance\u00a0north\n  \u2022 Border\u00a0\n\n" + LEDE)
    assert a.blocks[0].items == ("Troops advance north", "Border")


def test_highlights_followed_by_prose_is_a_sub_heading():
    a = parse(f"{LEDE}\n\nHighlights\n\n{BODY}\n")
    assert a.blocks[1] == Heading("Highlights")


def test_bullets_spread_over_several_groups():
    a = parse("KEY POINTS\n\n• One\n\n• Two\n\n• Three\n\n" + LEDE)
    assert a.blocks[0].items == ("One", "Two", "Three")


# --- body ---------------------------------------------------------------------------------------

def test_hard_wrapped_paragraph_lines_are_joined():
    a = parse("The council voted on Tuesday to close the old bridge to heavy\n"
              "traffic from next month, after engineers found cracks in two\nof the piers.\n")
    assert a.blocks == [Paragraph("The council voted on Tuesday to close the old bridge to heavy "
                                  "traffic from next month, after engineers found cracks in two of the piers.")]


def test_sub_headings():
    a = parse(f"{LEDE}\n\nBACKGROUND\n\n{BODY}\n\nWhat happens next\n\n{LEDE}\n")
    assert kinds(a) == ["paragraph", "heading", "paragraph", "heading", "paragraph"]
    assert a.blocks[1] == Heading("BACKGROUND")


def test_a_final_short_line_is_a_paragraph_not_a_heading():
    a = parse(f"{LEDE}\n\nMore to follow\n")
    assert a.blocks[-1] == Paragraph("More to follow")


def test_only_real_block_quotes_are_quotes():
    a = parse(f"{LEDE}\n\n> We will reopen it\n> as soon as it is safe.\n\n“We will reopen it,” she said.\n")
    assert a.blocks[1] == Quote("We will reopen it as soon as it is safe.")
    assert a.blocks[2] == Paragraph("“We will reopen it,” she said.")


def test_whitespace_is_collapsed_and_nbsp_is_a_space():
    a = parse("Tabs\tand   spaces\u00a0and\u2009thin ones.\n")
    assert a.blocks[0].text == "Tabs and spaces and thin ones."


@pytest.mark.parametrize("text", [
    "Москва продлевает маршруты\n\nНочные трамваи будут ходить по новым маршрутам. TASS / Иван ПЕТРОВ\n\nГородские власти объявили.",
    "港口灯笼节回归\n\n数千人在周六晚上聚集在老港口。 Xinhua / Li WEI\n\n组织者表示明年将继续举办。",
    "مكتبة جديدة في الواحة\n\nافتتحت مكتبة عامة صغيرة هذا الأسبوع. AFP / Karim BENALI\n\nتضم المكتبة اثني عشر ألف كتاب.",
])
def test_non_latin_scripts_including_captions(text):
    a = parse(text)
    assert not a.title_derived
    assert [b.kind for b in a.blocks] == ["caption", "paragraph"]
    assert a.blocks[0].credit


# --- encodings and line endings ----------------------------------------------------------------

def test_crlf_and_lf_give_the_same_article():
    lf = f"Headline\n\nA caption. AFP / Ann LEE\n\n{LEDE}\n"
    assert parse(lf).to_dict() == parse(lf.replace("\n", "\r\n")).to_dict()


def test_decoding_utf8_bom_cp1252_latin1_and_utf16():
    text = "Caf\u00e9 owners \u201cwelcome\u201d the change \u2014 mostly."
    assert decode(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode(text.encode("cp1252")) == text
    assert decode("Caf\u00e9 \x81".encode("latin-1")) == "Caf\u00e9 \x81"
    assert decode(text.encode("utf-16")) == text


def test_files_in_each_encoding(tmp_path):
    text = f"Caf\u00e9 prices\n\n{LEDE}\n"
    ids = set()
    for name, data in {"u8": text.encode(), "bom": b"\xef\xbb\xbf" + text.encode(),
                       "cp": text.encode("cp1252"), "crlf": text.replace("\n", "\r\n").encode()}.items():
        (tmp_path / name).write_bytes(data)
        a = read_article(tmp_path / name)
        assert a.title == "Caf\u00e9 prices"
        ids.add(a.id)
    assert len(ids) == 1


# --- hostile and non-articles ------------------------------------------------------------------

def test_markup_is_kept_as_text_and_escapes_are_removed():
    text = ("[bold red]Breaking[/] \x1b[31mred\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 "
            "bell\x07 back\x08space \x9b31m [@click=app.quit]x[/]\n\nBody. AFP / Ann LEE\n")
    a = parse(text)
    dumped = repr(a.to_dict())
    assert "[bold red]Breaking[/]" in a.title and "[@click=app.quit]x[/]" in a.title
    for ch in ("\x1b", "\x07", "\x08", "\x9b"):
        assert ch not in dumped
    assert "[31m" not in dumped and "red link bell backspace" in a.title


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"), (b"   \n\t\r\n  ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    (bytes(range(256)) * 4, "binary"),
])
def test_not_articles_get_a_one_line_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError) as err:
        read_article(path)
    assert reason in str(err.value) and "\n" not in str(err.value)


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    import reader.sources as sources

    monkeypatch.setattr(sources, "MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text(LEDE * 50)
    with pytest.raises(ArticleError, match="limit"):
        read_article(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="folder"):
        read_article(tmp_path)


# --- identity -----------------------------------------------------------------------------------

def test_id_is_stable_across_renames_and_rewraps_and_differs_between_articles(tmp_path):
    text = f"Bridge closes\n\n{LEDE}\n\n{BODY}\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "renamed.txt").write_text(text.replace("to heavy ", "to heavy\n"))
    edited = text.replace("in the spring", "in April")
    (tmp_path / "edited.txt").write_text(edited)
    other = "Bridge closes\n\nA different lede about a different bridge.\n"
    (tmp_path / "other.txt").write_text(other)
    a, b, c, d = (read_article(tmp_path / p) for p in ("a.txt", "sub/renamed.txt", "edited.txt", "other.txt"))
    assert a.id == b.id == c.id != d.id
    assert len(a.id) == 16 and int(a.id, 16) >= 0


def test_a_bare_quote_mark_before_the_lede_does_not_stop_the_light_pass():
    """A lone ">" is an empty quote: the full parse passes over it for the lede,
    and so must the light pass, or the list shows another title than the pane."""
    text = ">\n\x1b]0;title\x07\nKEY POINTS"
    article = plaintext.parse(text, "/x")
    assert article.title == "KEY POINTS"
    assert plaintext.summarize(text, "/x") == article.summary()
