"""The offline cache of extracted articles: round trip, atomic write, corrupt entries."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from reader import feedcache, paths
from reader.feedcache import article_from_dict, load_cached, load_entry, save_cached
from reader.model import Article, Caption, Heading, KeyPoints, Paragraph, Quote


def sample(article_id: str = "0123456789abcdef") -> Article:
    return Article(article_id, "Title [bold]", "https://x.example/feed", "2025-01-02", [
        KeyPoints(("One.", "Two.")), Caption("Cap.", "AFP / Ann LEE", "Alt"), Caption("Bare."),
        Heading("Head"), Paragraph("Para."), Quote("Quote.")], False, "https://x.example/a")


def test_round_trip_of_every_block_kind():
    article = sample()
    assert article_from_dict(json.loads(json.dumps(article.to_dict()))) == article


def test_a_summary_keeps_its_flag_through_the_cache():
    article = replace(sample(), summary_only=True)
    save_cached(article)
    assert load_cached(article.id).summary_only


def test_save_and_load_under_the_cache_dir(isolated_home):
    article = sample()
    path = save_cached(article, summary_only=True)
    assert path == paths.cache_dir() / "articles" / "0123456789abcdef.json"
    assert str(path).startswith(str(isolated_home))
    assert load_cached(article.id) == replace(article, summary_only=True)
    entry = load_entry(article.id)
    assert entry.summary_only and entry.cached_at.startswith("20")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


@pytest.mark.parametrize("content", ["{not json", "", "[]", '{"schema": 1}',
                                     '{"schema": 99, "article": {}}',
                                     '{"schema": 1, "article": {"id": "0123456789abcdef", '
                                     '"title": "t", "source": "s", "blocks": [{"kind": "x"}]}}'])
def test_corrupt_entries_are_ignored_and_overwritten(content):
    folder = paths.ensure(feedcache.articles_dir())
    (folder / "0123456789abcdef.json").write_text(content)
    assert load_cached("0123456789abcdef") is None
    save_cached(sample())
    assert load_cached("0123456789abcdef") == sample()


def test_ids_cannot_escape_the_folder_and_missing_is_none():
    assert load_cached("../../etc/passwd") is None
    assert load_cached("ffffffffffffffff") is None
    with pytest.raises(ValueError):
        save_cached(sample("../evil"))
    feedcache.drop_cached("ffffffffffffffff")  # nothing there: no error


def test_nothing_created_until_a_write():
    assert not paths.cache_dir().exists()
    load_cached("0123456789abcdef")
    assert not paths.cache_dir().exists()
