"""The light pass (the sidebar's id, title and date, read from the head of a
file) agrees with the full parse on every input, through each of its fast
paths: bytes that need no cleaning, the first window of the text, the
one-fstat read, and the rows the scan's workers send back."""

from __future__ import annotations

import os
import tempfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader import library
from reader.model import ArticleError, ArticleSummary
from reader.sources import conventions as cv
from reader.sources import identity, light_summary, plaintext, read_article, read_summary
from reader.text import clean_lines, decode

WORDS = ("harbour", "council", "Minister", "said", "the", "on", "Tuesday", "AFP", "Reuters",
         "café", "naïve", "“quoted”", "it’s", "Москва", "港口", "—", "2026", "12", "a", "of")
CLEAN_LINES = [
    "Harbour reopens after the storm", "A short headline", "Published: 2026-01-02",
    "2026-03-04", "Tuesday, March 3, 2026 at 10:15 GMT", "4 March 2026", "KEY POINTS",
    "Highlights:", "BACKGROUND", "> a quoted line", "- a bullet line", "1. Numbered",
    "Caption of a photo. AFP / Ann LEE", "REUTERS", "Photo: Getty Images", "“A quote,” she said",
    "Ends with a stop.", "Ends with a colon:", "x" * 170, "", "   ", "Story 12345: words",
    "   indented line  ", "Café réopens", "¿Qué?",
]
ODD_LINES = ["\t", "Title\u00a0with\u00a0nbsp", "zero\u200bwidth", "\ufeffBOM in the middle",
             "\x1b[31mred\x1b[0m", "soft\u00adhyphen", "private \ue000 use"]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(
    lambda w: " ".join(w).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join)
CLEAN_BLOCK = st.one_of(
    PARAGRAPH,
    PARAGRAPH.map(lambda p: "\n".join(p[i:i + 70] for i in range(0, len(p), 70))),  # wrapped
    st.sampled_from(CLEAN_LINES),
    st.just("KEY POINTS\n\n  • First point of it\n  • Second point"),
    st.just("Key points:\n- One\n- Two"),
    st.just("In this photo taken on May 1 a man walks\nThe caption goes on here. AFP / Name SURNAME"),
    st.just("A caption alone\nREUTERS"),
    st.just(">"),
    st.just("> Quoted lede line\n> and more"),
    # Long blocks, so that a lede (or what comes before it) straddles the first window.
    st.integers(1, 90).map(lambda n: "Filler words go on here. " * n),
    st.integers(1, 90).map(lambda n: "Filler words, wrapped.\n" * n),
    st.integers(1, 90).map(lambda n: "A long caption goes on. " * n + "AFP / Name SURNAME"),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
            max_size=60),
)
BLOCK = st.one_of(CLEAN_BLOCK, st.sampled_from(ODD_LINES), st.text(max_size=60))
# Weighted towards the usual file (UTF-8, plain line breaks), which takes the
# fast paths, with every odd case still drawn often.
SEPARATORS = st.sampled_from(["\n\n"] * 6 + ["\n", "\n \n", "\n\n\n", "\n   \n\n"])
ODD_SEPARATORS = st.sampled_from(["\n\t\n", "\n\u00a0\n", "\n\u3000\n"])


@st.composite
def articles(draw, clean: bool) -> str:
    blocks = draw(st.lists(CLEAN_BLOCK if clean else BLOCK, max_size=14))
    if draw(st.integers(0, 2)):  # long enough to cross the first window, or not
        blocks += draw(st.lists(PARAGRAPH, min_size=3, max_size=12))
    text = ""
    for block in blocks:
        text += block + draw(SEPARATORS if clean else st.one_of(SEPARATORS, ODD_SEPARATORS))
    return text


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
ENDINGS = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85"])


@st.composite
def article_bytes(draw) -> bytes:
    """Half of them the usual file (UTF-8, clean lines, plain line breaks),
    which takes the fast paths; the other half anything an export may hold."""
    if draw(st.booleans()):
        return draw(articles(clean=True)).encode("utf-8")
    text = draw(articles(clean=False)).replace("\n", draw(ENDINGS))
    if draw(st.booleans()):
        position = draw(st.integers(0, len(text)))
        text = text[:position] + draw(st.sampled_from(["\t", "\x00", "\x85", "\x7f", "\x0c"])) \
            + text[position:]
    return text.encode(draw(ENCODINGS), errors="replace")


def full(data: bytes):
    """What the full parse gives for these bytes: a summary or an error."""
    try:
        return plaintext.parse(decode(data), "/x").summary()
    except ArticleError as err:
        return str(err)


def light(data: bytes):
    try:
        return plaintext.summarize_bytes(data, "/x")
    except ArticleError as err:
        return str(err)


SETTINGS = settings(max_examples=600, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(article_bytes())
@example(b"Title\n\nBody text of it.\n")
@example(b"\xef\xbb\xbfTitle\n\nBody text of it.\n")  # a UTF-8 BOM
@example("Caf\u00e9 r\u00e9opens\r\n\r\nThe caf\u00e9 opened.\r\n".encode("cp1252"))
@example(b"Title\n\n" + b"A long paragraph of words. " * 200 + b"\n")
# The first window ends right after a credit line that opens a longer group:
# seen cut, the group would be a credit alone, and the lede a caption.
@example(b"Word of the lede. " * 112 + b"\n\nREUTERS\n" + b"more text " * 10 + b"\n")
def test_the_light_pass_of_any_article_bytes_is_the_full_parse(data):
    assert light(data) == full(data)


@SETTINGS
@given(st.one_of(article_bytes(), st.binary(max_size=300),
                 st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_text_taken_as_clean_is_what_decoding_and_cleaning_give(data):
    text = plaintext.clean_text(data)
    if text is None:
        return
    assert text == decode(data)
    assert clean_lines(text) == text.split("\n")


def test_the_usual_files_take_the_clean_path():
    """The fast path is taken where it should be, or it would go unnoticed."""
    assert plaintext.clean_text(b"Plain ASCII\n\nText.\n") == "Plain ASCII\n\nText.\n"
    assert plaintext.clean_text("“Curly” café • Москва\n".encode()) == "“Curly” café • Москва\n"
    for unclean in (b"Tab\there\n", b"CRLF\r\n", b"\xef\xbb\xbfBOM\n", "nbsp\u00a0\n".encode(),
                    "line\u2028sep\n".encode(), "caf\u00e9".encode("cp1252"), b"NUL\x00",
                    b"\x1b[31mred\n", "zero\u200bwidth".encode(), "c1\x85".encode()):
        assert plaintext.clean_text(unclean) is None, unclean


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_bytes(), st.sampled_from([".txt", ".md", ".html", "", ".TXT", ".Md"]))
def test_a_file_read_by_the_light_pass_is_read_as_the_full_parse_reads_it(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "article" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            expected = read_article(path).summary()
        except ArticleError as err:
            expected = str(err)
        key, result = light_summary(path)
        assert (str(result) if isinstance(result, ArticleError) else result) == expected
        stat = os.stat(path)
        assert key == (stat.st_size, stat.st_mtime_ns)
        if isinstance(result, ArticleSummary):
            assert read_summary(path) == result


def test_a_file_that_cannot_be_opened_has_no_key(tmp_path):
    key, result = light_summary(str(tmp_path / "missing.txt"))
    assert key is None and isinstance(result, ArticleError) and str(result) == "no such file"
    (tmp_path / "empty.txt").write_bytes(b"")
    key, result = light_summary(str(tmp_path / "empty.txt"))
    assert key == (0, os.stat(tmp_path / "empty.txt").st_mtime_ns)
    assert str(result).startswith("not an article: no text")


def test_a_chunk_read_in_a_worker_is_the_chunk_read_here(tmp_path):
    """The rows a worker sends back make the same summaries as a read here."""
    names = []
    for n, text in enumerate(["Title one\n\nBody one.\n", "", "Only a paragraph here.\n",
                              "T\n\n2026-02-03\n\nBody.\n"]):
        (tmp_path / f"{n}.txt").write_text(text, encoding="utf-8")
        names.append(str(tmp_path / f"{n}.txt"))
    rows = library._read_chunk(names)
    results = [library._result(name, row) for name, row in zip(names, rows, strict=True)]
    for name, result in zip(names, results, strict=True):
        try:
            assert result == read_article(name).summary()
        except ArticleError as err:
            assert result.reason == str(err)


# The conventions the light pass leans on, against the plain forms they replace.

def _agency_start_plain(head: str) -> int:
    low = head.lower()
    for length in cv._AGENCY_LENGTHS:
        start = len(head) - length
        if start >= 0 and low[start:] in cv._AGENCY_SET and (start == 0 or head[start - 1].isspace()):
            return start
    return -1


def _with_prefix_plain(line: str, start: int) -> int:
    before = line[max(0, start - 24):start]
    match = cv._PREFIX.search(before)
    return start - len(before) + match.start() if match else start


HEADS = st.lists(st.sampled_from([*cv.AGENCIES, "afp", "Reuters", " ", "  ", "\u00a0", "\t", "/",
                                  "Photo:", "photos :", "Credit:\u2003", "İ", "ß", "x", "Name",
                                  "EPA-EFE", "the ", ":", "image"]), max_size=8).map("".join)


@settings(max_examples=800, deadline=None)
@given(HEADS)
@example("İİ AFP")  # lowering changes the length
def test_the_agency_at_the_end_of_a_caption_is_found_as_before(head):
    assert cv._agency_start(head) == _agency_start_plain(head)
    for start in range(len(head) + 1):
        assert cv._with_prefix(head, start) == _with_prefix_plain(head, start)


@settings(max_examples=800, deadline=None)
@given(st.text(max_size=80), st.text(st.characters(max_codepoint=127), max_size=80))
def test_the_words_hashed_for_an_id_are_the_regex_words(text, ascii_text):
    for sample in (text, ascii_text):
        assert identity._words(sample) == " ".join(identity._WORD.findall(sample)).encode()
