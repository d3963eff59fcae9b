"""Bookmarks that survive edits: exact, then fuzzy re-anchoring, else detached."""

from __future__ import annotations

import pytest

from reader.model import Article, Paragraph
from reader.store import Store
from reader.store.anchors import locate

A = "00aa11bb22cc33dd"
TEXTS = [
    "The council met on Tuesday to discuss the budget.",
    "Residents queued for hours to speak about the new bus routes through the old town.",
    "The mayor said the plan would be revised before the spring vote.",
    "Opponents promised to keep campaigning.",
]


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.open(tmp_path / "store")


def article(texts: list[str]) -> Article:
    return Article(A, "Bus routes", "/news/bus.txt", None, [Paragraph(t) for t in texts])


def test_exact_match_after_passages_are_inserted_before(store):
    mark = store.add_bookmark(article(TEXTS), article(TEXTS).passages()[2])
    edited = article(["A new lede.", "Update: corrected figures.", *TEXTS])
    [moved] = store.reanchor(edited)
    assert (moved.id, moved.passage_index, moved.detached) == (mark.id, 4, False)
    assert store.bookmarks(A) == [moved]  # persisted
    assert store.find_bookmark(A, 4) == moved


def test_fuzzy_match_after_a_small_edit(store):
    store.add_bookmark(article(TEXTS), article(TEXTS).passages()[1])
    edited = list(TEXTS)
    edited[1] = "Residents queued for hours to speak about the new bus routes through the town."
    edited.insert(0, "Editor's note: this story was updated.")
    [moved] = store.reanchor(article(edited))
    assert moved.passage_index == 2 and not moved.detached
    assert moved.text == TEXTS[1]  # the text you saved is never rewritten


def test_detached_when_the_passage_is_gone_and_text_kept(store):
    mark = store.add_bookmark(article(TEXTS), article(TEXTS).passages()[2])
    gone = [TEXTS[0], TEXTS[1], TEXTS[3]]
    [detached] = store.reanchor(article(gone))
    assert detached.detached and detached.text == TEXTS[2] and detached.id == mark.id
    assert store.find_bookmark(A, 2) is None
    assert Store.open(store.path).bookmarks(A)[0].detached
    [back] = store.reanchor(article(TEXTS))  # the passage returns: re-attached
    assert not back.detached and back.passage_index == 2


def test_unchanged_article_writes_nothing(store):
    store.add_bookmark(article(TEXTS), article(TEXTS).passages()[0])
    shard = store.path / "bookmarks" / "00.json"
    before = shard.stat().st_mtime_ns, shard.stat().st_ino
    store.reanchor(article(TEXTS))
    assert (shard.stat().st_mtime_ns, shard.stat().st_ino) == before


def test_duplicate_passages_prefer_matching_context():
    texts = ["Intro.", "Same line.", "Middle A.", "Same line.", "Middle B."]
    arts = article(texts).passages()
    # The bookmark was on the second "Same line." (index 3), between "Middle A." and "Middle B."
    moved = article(["New.", *texts]).passages()
    assert locate(moved, "Same line.", 3, "Middle A.", "Middle B.") == 4
    assert locate(arts, "Same line.", 1, "Intro.", "Middle A.") == 1


def test_whitespace_changes_still_count_as_exact():
    passages = article(["  The council  met\non Tuesday. "]).passages()
    assert locate(passages, "The council met on Tuesday.", 5) == 0


def test_unrelated_text_does_not_match():
    passages = article(TEXTS).passages()
    assert locate(passages, "Completely different words about football results.", 0) is None
    assert locate(passages, "", 0) is None


def test_removing_the_articles_file_keeps_its_bookmarks(store, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "bus.txt").write_text("\n\n".join(TEXTS))
    store.add_source(folder)
    mark = store.add_bookmark(article(TEXTS), article(TEXTS).passages()[1])
    (folder / "bus.txt").unlink()
    assert store.remove_source(folder)
    again = Store.open(store.path)
    assert again.bookmarks() == [mark] and again.bookmark_counts() == {A: 1}


def test_reanchor_of_an_article_without_bookmarks(store):
    assert store.reanchor(article(TEXTS)) == []
    assert not store.path.exists()
