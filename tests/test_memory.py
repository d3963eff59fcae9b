"""The compact forms that keep a large library small in memory."""

from __future__ import annotations

import json
import os
import pickle
import platform
import sys

import pytest

from reader import heap, index_cache, library, paths
from reader.index_cache import IndexCache
from reader.model import ArticleSummary, sort_keys, sorting_paths


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="glibc's allocator only")
def test_big_blocks_are_kept_apart_on_glibc(monkeypatch):
    monkeypatch.setattr(heap, "_fixed", None)
    assert heap.keep_big_blocks_apart() is True
    assert heap.keep_big_blocks_apart() is True  # once per process, then remembered


def test_elsewhere_the_allocator_is_left_alone(monkeypatch):
    monkeypatch.setattr(heap, "_fixed", None)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert heap.keep_big_blocks_apart() is False


# -- the index cache: no path-to-row table while a scan runs ------------------------

def make_library(folder, count: int):
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"story-{n:04d}.txt").write_text(
            f"Story {n} of the harbour\n\nPublished: 2026-03-{1 + n % 28:02d}\n\n"
            f"The council met about story {n}.\n", encoding="utf-8")
    return folder


def cache_path():
    return paths.cache_dir() / "index.json"


def saved_paths() -> list[str]:
    lines = cache_path().read_text(encoding="utf-8").splitlines()[1:]
    return [p for line in lines for p in json.loads(line)["p"]]


def test_files_met_in_stored_order_need_no_path_table(tmp_path):
    folder = make_library(tmp_path / "lib", 30)
    list(library.scan([folder], workers=0))
    cache = IndexCache.load(cache_path())
    assert cache.rows == {} and cache.loaded == 30
    files = [str(p) for p in sorted(folder.iterdir())]
    assert all(cache.lookup(f).title.startswith("Story") for f in files)
    assert cache._sorted is None  # every lookup was the row after the last one found


def test_files_out_of_stored_order_are_found_by_search(tmp_path):
    folder = make_library(tmp_path / "lib", 30)
    list(library.scan([folder], workers=0))
    cache = IndexCache.load(cache_path())
    files = [str(p) for p in sorted(folder.iterdir())]
    shuffled = files[7::3] + files[::-1]
    found = [cache.lookup(f) for f in shuffled]
    assert [s.source for s in found] == shuffled
    assert cache.lookup(str(folder / "nowhere.txt")) is None
    assert cache.lookup(str(tmp_path / "a.txt")) is None  # sorts before every row
    assert cache.lookup(str(folder / "zzz.txt")) is None  # and after


def test_files_of_the_same_name_in_other_folders_are_told_apart(tmp_path):
    folders = [make_library(tmp_path / name, 4) for name in ("a", "b", "c")]
    list(library.scan(folders, workers=0))
    cache = IndexCache.load(cache_path())
    wanted = [str(folder / "story-0002.txt") for folder in reversed(folders)]
    assert [cache.lookup(path).source for path in wanted] == wanted  # none in stored order
    assert cache.lookup(str(tmp_path / "d" / "story-0002.txt")) is None


def test_a_changed_file_replaces_its_row(tmp_path, counted):
    folder = make_library(tmp_path / "lib", 5)
    list(library.scan([folder], workers=0))
    (folder / "story-0002.txt").write_text("Rewritten story\n\nNew text here.\n", encoding="utf-8")
    counted.clear()
    items = list(library.scan([folder], workers=0))
    assert counted == [str(folder / "story-0002.txt")]
    assert "Rewritten story" in [i.title for i in items]
    assert sorted(saved_paths()) == sorted(str(p) for p in folder.iterdir())  # once each
    counted.clear()
    assert list(library.scan([folder], workers=0)) == items and counted == []


def test_a_path_written_twice_is_found_as_its_later_entry(tmp_path):
    folder = make_library(tmp_path / "lib", 3)
    list(library.scan([folder], workers=0))
    path = cache_path()
    header, chunk = path.read_text(encoding="utf-8").splitlines()
    data = json.loads(chunk)
    later = {k: [v[1]] for k, v in data.items()}  # story-0001 again, with another title
    later["t"] = ["The later entry"]
    path.write_text("\n".join([header, chunk, json.dumps(later)]) + "\n", encoding="utf-8")
    cache = IndexCache.load(path)
    assert len(cache.entries) == 3
    assert cache.lookup(str(folder / "story-0001.txt")).title == "The later entry"
    cache.dirty = True
    cache.save()
    saved = saved_paths()
    assert sorted(set(saved)) == sorted(str(p) for p in folder.iterdir())
    again = IndexCache.load(path)
    again.dirty = True
    again.save()
    assert saved_paths() == saved  # saving again adds nothing
    assert IndexCache.load(path).lookup(str(folder / "story-0001.txt")).title == "The later entry"


def test_a_part_read_after_the_base_replaces_its_entries(tmp_path, monkeypatch, counted):
    monkeypatch.setattr(library, "FLUSH_ROWS", 1)
    monkeypatch.setattr(library, "CHUNK_FILES", 1)
    monkeypatch.setattr(library, "FIRST_CHUNK", 1)
    folder = make_library(tmp_path / "lib", 4)
    list(library.scan([folder], workers=0))  # the base file
    (folder / "story-0001.txt").write_text("Changed story\n\nNew text.\n", encoding="utf-8")
    scan = library.scan([folder], workers=0)
    [next(scan) for _ in range(3)]
    scan.close()  # quit mid-scan: the changed file's entry is in a part
    cache = IndexCache.load(cache_path())
    assert cache.parts and len(cache.entries) == 4
    assert cache.lookup(str(folder / "story-0001.txt")).title == "Changed story"
    counted.clear()
    items = list(library.scan([folder], workers=0))
    assert counted == [] and "Changed story" in [i.title for i in items]
    assert sorted(saved_paths()) == sorted(str(p) for p in folder.iterdir())


def test_a_save_that_fails_midway_leaves_the_previous_index(tmp_path, monkeypatch, counted):
    monkeypatch.setattr(index_cache, "CHUNK", 2)
    folder = make_library(tmp_path / "lib", 7)
    first = list(library.scan([folder], workers=0))
    before = cache_path().read_bytes()
    for n in (7, 8):  # two more files: the next scan saves again
        (folder / f"story-{n:04d}.txt").write_text(f"Story {n}\n\nText {n}.\n", encoding="utf-8")
    written = []
    real = index_cache._encode

    def failing(data):
        written.append(data)
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        return json.dumps(data).encode("utf-8")

    monkeypatch.setattr(index_cache, "_encode", failing)
    assert len(list(library.scan([folder], workers=0))) == 9
    assert len(written) == 3  # it stopped in the middle of the file
    assert cache_path().read_bytes() == before
    assert [p.name for p in paths.cache_dir().iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.setattr(index_cache, "_encode", real)
    cache = IndexCache.load(cache_path())
    assert [cache.lookup(s.source) for s in first] == first
    counted.clear()  # only the two files the lost save had are read again
    assert len(list(library.scan([folder], workers=0))) == 9
    assert sorted(counted) == [str(folder / "story-0007.txt"), str(folder / "story-0008.txt")]


# -- the compact summary -------------------------------------------------------------

FILE = ArticleSummary("a1", "A file", os.path.join(os.sep, "lib", "news", "a.txt"), "2026-01-02")
TIMED_FILE = ArticleSummary("a2", "Timed", os.path.join(os.sep, "lib", "b.txt"), "2026-01-02",
                            published_at="2026-01-02T10:00:00Z")
ITEM = ArticleSummary("i1", "An item", "https://example.org/post", "2026-01-03", "item",
                      "https://example.org/feed.xml", "2026-01-03T08:00:00Z")
FEED_ONLY_ITEM = ArticleSummary("i2", "No link", "https://example.org/feed.xml#i2", None, "item",
                                "https://example.org/feed.xml")
PAGE = ArticleSummary("p1", "A page", "https://example.org/page", None, "page")
BARE_NAME = ArticleSummary("b1", "No folder", "loose.txt", None)
ALL = [FILE, TIMED_FILE, ITEM, FEED_ONLY_ITEM, PAGE, BARE_NAME]


@pytest.mark.parametrize("summary", ALL, ids=lambda s: s.id)
def test_a_summary_reads_back_what_it_was_given(summary):
    data = summary.to_dict()
    assert set(data) == {"id", "title", "source", "published", "published_at", "kind", "feed"}
    again = ArticleSummary.from_dict(data)
    assert again == summary and hash(again) == hash(summary)
    assert again.to_dict() == data
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert summary.replace(title="Other").title == "Other"
    assert summary.replace(title="Other").source == summary.source
    assert summary.replace(title="Other") != summary


def test_each_kind_keeps_its_source_kind_and_feed():
    assert (FILE.source, FILE.kind, FILE.feed, FILE.published_at) == (
        os.path.join(os.sep, "lib", "news", "a.txt"), "file", None, None)
    assert FILE.is_local and FILE.sort_key == "2026-01-02"
    assert TIMED_FILE.kind == "file" and TIMED_FILE.published_at == "2026-01-02T10:00:00Z"
    assert TIMED_FILE.sort_key == "2026-01-02T10:00:00Z"
    assert (ITEM.source, ITEM.kind, ITEM.feed) == (
        "https://example.org/post", "item", "https://example.org/feed.xml")
    assert not ITEM.is_local and ITEM.sort_key == "2026-01-03T08:00:00Z"
    assert PAGE.kind == "page" and PAGE.feed is None and PAGE.sort_key == ""
    assert BARE_NAME.source == "loose.txt" and BARE_NAME.path_parts == ("", "loose.txt")
    assert "source='" + FILE.source + "'" in repr(FILE)
    assert [k or None for k in sort_keys(ALL)] == [s.sort_key or None for s in ALL]


def test_files_of_one_folder_share_its_string():
    folder = os.path.join(os.sep, "lib", "shared", "")
    one = ArticleSummary("x", "t", "".join([folder, "one.txt"]), None)
    two = ArticleSummary("y", "t", "".join([folder, "two.txt"]), None)
    assert one.path_parts[0] is two.path_parts[0]
    assert one.path_parts[1] == "one.txt" and one.source == folder + "one.txt"
    assert ArticleSummary("x", "t", "".join([folder, "one.txt"]), None) == one
    assert one != two and len({one, two, ArticleSummary("x", "t", folder + "one.txt", None)}) == 2


def test_summaries_compare_by_value_not_by_shape():
    assert FILE.replace(published_at="2026-01-02T00:00:00Z") != FILE
    assert ITEM.replace(kind="page", feed=None) != ITEM
    assert FILE != "a1" and FILE.__eq__("a1") is NotImplemented


def test_one_folder_sorts_by_names_and_many_folders_by_paths():
    sep = os.sep
    same = [ArticleSummary(str(n), "t", f"{sep}lib{sep}{name}", None)
            for n, name in enumerate(["b10.txt", "b9.txt", "a.txt"])]
    assert sorting_paths(same) == ["b10.txt", "b9.txt", "a.txt"]
    mixed = same + [ArticleSummary("u", "t", "https://example.org/x", None, "page")]
    assert sorting_paths(mixed) == [s.source for s in mixed]
    nested = [ArticleSummary("1", "t", f"{sep}x{sep}a{sep}z.txt", None),
              ArticleSummary("2", "t", f"{sep}x{sep}a{sep}b{sep}c.txt", None),
              ArticleSummary("3", "t", f"{sep}x{sep}a{sep}b.txt", None)]
    ordered = library.order(nested)
    assert [s.source for s in ordered] == sorted(
        (s.source for s in nested), key=library.natural_key)
    assert [s.source for s in library.order(same)] == [
        f"{sep}lib{sep}a.txt", f"{sep}lib{sep}b9.txt", f"{sep}lib{sep}b10.txt"]


# -- the session's side tables --------------------------------------------------------

def test_the_session_keeps_no_group_per_file_of_the_main_folder(monkeypatch):
    from reader import session as session_module
    from reader.session import ReadingSession
    from reader.views import SOURCE, View
    from tests.app_helpers import MemoryStore

    feed = "https://example.org/feed.xml"
    items = [ArticleSummary(f"i{n}", f"Item {n}", f"{feed}#{n}", "2026-02-01", "item", feed)
             for n in range(5)]
    files = [ArticleSummary(f"f{n}", f"File {n}", f"/lib/big/{n}.txt", "2026-01-01")
             for n in range(200)]
    other = [ArticleSummary(f"o{n}", f"Other {n}", f"/lib/small/{n}.txt", None) for n in range(3)]
    monkeypatch.setattr(session_module, "REGROUP_AT", 20)
    store = MemoryStore()
    store.read.update(["f1", "i0", "o0"])
    session = ReadingSession(store)
    session.load_marks()
    session.set_feeds([{"url": feed, "title": "Feed"}], ["/lib/big", "/lib/small"])
    rows = items + files + other
    for size in (3, 50, len(rows)):  # the newest first: the feed's items lead
        session.set_summaries(rows[:size])
    assert dict(session.unread_by_group) == {feed: 4, "/lib/big": 199, "/lib/small": 2}
    assert session.unread == 205
    assert len(session._group) <= len(items) + len(other)  # no entry per file of the main folder
    session.set_view(View(SOURCE, "/lib/small", "small"))
    assert [s.id for s in session.rows] == ["o0", "o1", "o2"]
    session.open("f2")
    session.open("i1")
    assert dict(session.unread_by_group) == {feed: 3, "/lib/big": 198, "/lib/small": 2}
    session.set_summaries(rows[5:])  # a rescan: the feed's items are gone
    assert dict(session.unread_by_group) == {"/lib/big": 198, "/lib/small": 2}
