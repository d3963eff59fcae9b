"""One contract, two stores: the real store and the tests' in-memory store answer
the reader (`reader.protocols.StoreAPI`) the same way, so the UI tests that use
the in-memory one say something true about the real one."""

from __future__ import annotations

import pytest

from reader.protocols import StoreAPI
from reader.store import Store
from tests.app_helpers import MemoryStore, make_article


@pytest.fixture(params=["real", "memory"])
def store(request, tmp_path) -> StoreAPI:
    return Store.open(tmp_path / "store") if request.param == "real" else MemoryStore()


def test_read_marks(store):
    assert store.read_ids() == set()
    store.mark_read("a")
    store.mark_all_read(["b", "c"])
    store.mark_read("c", False)
    assert store.read_ids() == {"a", "b"}


def test_positions(store):
    assert store.position("a") is None
    store.set_position("a", 4)
    assert store.position("a") == 4


def test_bookmarks(store):
    article = make_article(1)
    passages = article.passages()
    first = store.add_bookmark(article, passages[1])
    second = store.add_bookmark(article, passages[3], note="keep")
    assert store.find_bookmark(article.id, 1) == first
    assert store.find_bookmark(article.id, 2) is None
    assert [b.id for b in store.bookmarks(article.id)] == [second.id, first.id]  # newest first
    assert store.bookmark_counts() == {article.id: 2}
    assert second.note == "keep" and second.text == passages[3].text
    assert {b.passage_index for b in store.reanchor(article)} == {1, 3}
    assert store.remove_bookmark(first.id)
    assert not store.remove_bookmark(first.id)
    assert store.bookmark_counts() == {article.id: 1}
    assert store.notice is None


def test_bookmark_notes(store):
    article = make_article(1)
    mark = store.add_bookmark(article, article.passages()[2])
    assert mark.note is None
    noted = store.set_bookmark_note(mark.id, "read again")
    assert noted.note == "read again" and noted.id == mark.id and noted.text == mark.text
    assert store.bookmarks()[0].note == "read again"
    assert store.set_bookmark_note(mark.id, "").note is None  # an empty note removes it
    assert store.bookmarks()[0].note is None
    assert store.set_bookmark_note("no-such-bookmark", "x") is None
    store.remove_bookmark(mark.id)
    assert store.set_bookmark_note(mark.id, "x") is None
