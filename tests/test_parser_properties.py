"""Property tests: any input gives an article or a clean error, no control
character survives, and no word of the input is silently lost."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.model import Article, ArticleError
from reader.sources import plaintext
from reader.text import clean, decode

_WORD = re.compile(r"\w+")
# Markers the parser consumes: key-point headings and numbered bullets.
_CONSUMED = {"key", "points", "highlights"}

LINES = st.sampled_from([
    "KEY POINTS", "Key points:", "Highlights", "  • First point", "- Second point", "1. Numbered",
    "2) Other", "Caption of a photo. AFP / Ann LEE", "REUTERS / Tom BROWN", "Photo: Getty Images",
    "BACKGROUND", "> quoted line", "A short headline", "Published: 2026-01-02",
    "In this file photo a man walks", "A sentence of the body, with a full stop.", "",
    "[bold]markup[/bold] [@click=app.quit]x", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\u00a0",
    "Москва продлевает маршруты.", "港口灯笼节回归", "مكتبة جديدة",
])
STRUCTURED = st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=30).map("\n".join)
ANY_TEXT = st.one_of(STRUCTURED, st.text(max_size=400))


def output_text(article: Article) -> str:
    parts = [article.title, article.published or ""]
    for block in article.blocks:
        d = block.to_dict()
        parts += [d.get("text") or "", d.get("credit") or "", d.get("description") or ""]
        parts += d.get("items", [])
    return "\n".join(parts)


def has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_any_text_gives_an_article_or_a_clean_error(text):
    try:
        article = plaintext.parse(text, "/x")
    except ArticleError as err:
        assert "\n" not in str(err)
        assert not clean(text).strip()
        return
    out = output_text(article)
    assert not has_control(out)
    assert all("\n" not in line and "\t" not in line for line in out.split("\n"))
    assert plaintext.summarize(text, "/x") == article.summary()


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_no_word_is_silently_lost(text):
    try:
        article = plaintext.parse(text, "/x")
    except ArticleError:
        return
    if article.published:
        return  # a date line becomes the ISO `published` field
    kept = set(_WORD.findall(output_text(article).casefold()))
    for word in _WORD.findall(clean(text).casefold()):
        if word in _CONSUMED or (word.isdigit() and len(word) <= 2):
            continue
        assert word in kept, (word, text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_an_article_or_a_clean_error(data):
    try:
        article = plaintext.parse(decode(data), "/x")
    except ArticleError as err:
        assert "\n" not in str(err)
        return
    assert not has_control(output_text(article))
