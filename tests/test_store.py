"""The store's API: read state, positions, bookmarks, the library, schema and notices."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from reader.model import Article, Heading, KeyPoints, Paragraph
from reader.store import Bookmark, Store, StoreError, StoreNotice
from reader.store import folder as folder_module

A = "0123456789abcdef"
B = "fedcba9876543210"


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "store"


def article(article_id: str = A, *texts: str, title: str = "A title") -> Article:
    blocks = [Paragraph(t) for t in (texts or ("First.", "Second.", "Third."))]
    return Article(article_id, title, f"/news/{article_id}.txt", None, blocks)


def test_open_creates_nothing_until_the_first_write(root):
    store = Store.open(root)
    assert not root.exists()
    assert store.notice is None
    assert store.read_ids() == set() and store.bookmarks() == [] and store.sources() == []
    store.mark_read(A)
    assert root.is_dir()


def test_default_location_is_under_the_user_data_dir(isolated_home):
    store = Store.open()
    assert store.path == isolated_home / "xdg_data_home" / "newsreader" / "store"
    store.mark_read(A)
    assert (store.path / "store.json").is_file()


def test_read_marks_and_positions(root):
    store = Store.open(root)
    store.mark_read(A)
    store.set_position(B, 7)
    assert store.is_read(A) and not store.is_read(B)
    assert store.position(B) == 7 and store.position(A) is None
    assert store.read_ids() == {A}
    store.mark_read(A, read=False)
    assert not store.is_read(A)
    again = Store.open(root)
    assert again.read_ids() == set() and again.position(B) == 7


def test_unread_article_without_position_leaves_no_record(root):
    store = Store.open(root)
    store.mark_read(A)
    store.mark_read(A, read=False)
    shard = json.loads((root / "read" / "01.json").read_text())
    assert shard["read"] == {}


def test_first_read_time_is_kept(root):
    store = Store.open(root)
    store.mark_read(A)
    first = json.loads((root / "read" / "01.json").read_text())["read"][A]["read"]
    store.mark_all_read([A, B])
    assert json.loads((root / "read" / "01.json").read_text())["read"][A]["read"] == first
    assert store.read_ids() == {A, B}


def test_mark_all_read_many_ids_one_call(root):
    ids = [f"{i:016x}" for i in range(0, 5000 * 7919, 7919)]
    store = Store.open(root)
    store.set_position(ids[3], 2)
    store.mark_all_read(ids + ids[:10])
    assert store.read_ids() == set(ids)
    assert store.position(ids[3]) == 2
    assert Store.open(root).read_ids() == set(ids)


def test_set_position_rejects_nonsense(root):
    store = Store.open(root)
    for bad in (-1, True, "3", 1.5):
        with pytest.raises(ValueError):
            store.set_position(A, bad)


def test_non_hex_article_ids_work(root):
    store = Store.open(root)
    odd = "not hex / üñí"
    store.mark_read(odd)
    bookmark = store.add_bookmark(article(odd), article(odd).passages()[0])
    again = Store.open(root)
    assert again.is_read(odd) and again.bookmarks(odd) == [bookmark]
    assert again.remove_bookmark(bookmark.id)


def test_bookmarks_newest_first_with_saved_context(root):
    store = Store.open(root)
    art = article()
    p = art.passages()
    second = store.add_bookmark(art, p[1], note="why")
    first = store.add_bookmark(art, p[0])
    other = store.add_bookmark(article(B), article(B).passages()[2])
    assert [b.id for b in store.bookmarks()] == [other.id, first.id, second.id]
    assert store.bookmarks(A) == [first, second]
    assert second.text == "Second." and second.context_before == "First."
    assert second.context_after == "Third." and second.note == "why"
    assert second.article_title == "A title" and second.source == f"/news/{A}.txt"
    assert second.created.endswith("Z") and not second.detached
    assert second.id.startswith("01") and len(second.id) == 8
    assert store.bookmark_counts() == {A: 2, B: 1}
    assert store.find_bookmark(A, 1) == second and store.find_bookmark(A, 2) is None
    assert Store.open(root).bookmarks() == store.bookmarks()


def test_bookmarking_the_same_passage_twice_gives_one_bookmark(root):
    store = Store.open(root)
    art = article()
    one = store.add_bookmark(art, art.passages()[1])
    two = store.add_bookmark(art, art.passages()[1], note="later thought")
    assert two.id == one.id and two.note == "later thought"
    assert store.bookmarks() == [two]


def test_a_bookmark_note_is_written_durably_and_keeps_the_rest(root):
    store = Store.open(root)
    art = article()
    mark = store.add_bookmark(art, art.passages()[1])
    store.set_bookmark_note(mark.id, "quote this in the essay")
    again = Store.open(root)  # another process, reading the files
    [saved] = again.bookmarks()
    assert saved == Bookmark.from_dict({**mark.to_dict(), "note": "quote this in the essay"})
    again.set_bookmark_note(mark.id, None)
    assert Store.open(root).bookmarks() == [mark]
    assert list(root.rglob("*.tmp*")) == []  # written through a temporary file, then replaced


def test_key_points_and_headings(root):
    art = Article(A, "T", "/s", None, [Heading("H"), KeyPoints(("one", "two")), Paragraph("p")])
    store = Store.open(root)
    mark = store.add_bookmark(art, art.passages()[1])
    assert (mark.text, mark.passage_index, mark.context_before, mark.context_after) == (
        "two", 1, "one", "p")


def test_remove_bookmark(root):
    store = Store.open(root)
    mark = store.add_bookmark(article(), article().passages()[0])
    assert not store.remove_bookmark("nope")
    assert not store.remove_bookmark("01ffffff")
    assert store.remove_bookmark(mark.id)
    assert not store.remove_bookmark(mark.id)
    assert Store.open(root).bookmarks() == []


def test_bookmark_dict_has_the_cli_fields(root):
    mark = Store.open(root).add_bookmark(article(), article().passages()[0])
    data = mark.to_dict()
    assert {"id", "article_id", "article_title", "source", "text", "note", "created"} <= set(data)
    assert Bookmark.from_dict({**data, "future_field": 1}) == mark


def test_library_sources(root, tmp_path, monkeypatch):
    store = Store.open(root)
    folder = tmp_path / "news"
    assert store.add_source(folder)
    assert not store.add_source(str(folder) + "/")
    monkeypatch.chdir(tmp_path)
    assert not store.add_source("news")
    assert store.add_source(tmp_path / "b.txt")
    assert store.sources() == [str(folder), str(tmp_path / "b.txt")]
    assert store.remove_source("news") and not store.remove_source("news")
    assert Store.open(root).sources() == [str(tmp_path / "b.txt")]


def test_two_instances_see_each_others_writes(root):
    one, two = Store.open(root), Store.open(root)
    one.mark_read(A)
    two.mark_read(B)
    mark = two.add_bookmark(article(), article().passages()[0])
    one.add_source("/x")
    assert one.read_ids() == two.read_ids() == {A, B}
    assert one.bookmarks() == [mark]
    assert two.sources() == ["/x"]


def test_threads_sharing_one_store(root):
    store = Store.open(root)
    ids = [[f"{t:02x}{i:014x}" for i in range(30)] for t in range(4)]

    def work(mine):
        for article_id in mine:
            store.mark_read(article_id)

    threads = [threading.Thread(target=work, args=(mine,)) for mine in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.read_ids() == {i for mine in ids for i in mine}


def test_schema_version_is_written(root):
    Store.open(root).mark_read(A)
    meta = json.loads((root / "store.json").read_text())
    assert meta["meta"]["schema"] == {"version": 1}


def test_newer_schema_opens_read_only(root):
    Store.open(root).mark_read(A)
    meta_file = root / "store.json"
    meta_file.write_text(json.dumps({"meta": {"schema": {"version": 99}}}))
    before = meta_file.read_bytes()
    store = Store.open(root)
    assert store.read_only and "newer newsreader" in store.notice
    assert store.is_read(A)
    with pytest.raises(StoreError):
        store.mark_read(B)
    assert meta_file.read_bytes() == before


def test_schema_changed_by_another_process_stops_writes(root):
    store = Store.open(root)
    store.mark_read(A)
    (root / "store.json").write_text(json.dumps({"meta": {"schema": {"version": 2}}}))
    with pytest.raises(StoreError, match="schema 2"):
        store.mark_read(B)
    assert store.read_only and not Store.open(root).is_read(B)


def test_migration_hook_runs_once(root, monkeypatch):
    Store.open(root).mark_read(A)
    calls = []

    def upgrade(path: Path) -> None:
        calls.append(path)
        (path / "upgraded").write_text("yes")

    monkeypatch.setattr(folder_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(folder_module.MIGRATIONS, 1, upgrade)
    store = Store.open(root)
    assert calls == [root] and store.notice is None and store.is_read(A)
    assert json.loads((root / "store.json").read_text())["meta"]["schema"] == {"version": 2}
    store.mark_read(B)
    Store.open(root)
    assert calls == [root]


def test_missing_migration_is_a_clear_error(root, monkeypatch):
    Store.open(root).mark_read(A)
    monkeypatch.setattr(folder_module, "SCHEMA_VERSION", 3)
    with pytest.raises(StoreError, match="no way to upgrade"):
        Store.open(root)


def test_notice_is_a_string_with_the_kept_paths(root):
    Store.open(root).add_source("/x")
    (root / "store.json").write_bytes(b"\x00garbage")
    notice = Store.open(root).notice
    assert isinstance(notice, StoreNotice) and isinstance(notice, str)
    assert len(notice.kept) == 1 and str(notice.kept[0]) in notice
    assert "\n" not in notice


def test_a_file_where_the_folder_should_be_is_a_store_error(root):
    root.write_text("not a folder")
    store = Store.open(root)
    assert store.read_ids() == set()
    with pytest.raises(StoreError, match="cannot use the store"):
        store.mark_read(A)
    assert root.read_text() == "not a folder"


def test_undecodable_file_names_round_trip(root):
    name = "/news/caf\udce9.txt"  # a Latin-1 file name as Python sees it on a UTF-8 system
    store = Store.open(root)
    assert store.add_source(name)
    assert Store.open(root).sources() == [name]
