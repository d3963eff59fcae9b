"""The compact forms that keep a large library small in memory."""

from __future__ import annotations

import json
import platform
import sys

import pytest

from reader import heap, index_cache, library, paths
from reader.index_cache import IndexCache
from reader.sources import read_summary


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


@pytest.fixture
def counted(monkeypatch):
    calls: list[str] = []

    def counting(path):
        calls.append(str(path))
        return read_summary(path)

    monkeypatch.setattr(library, "read_summary", counting)
    return calls


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
        return json.dumps(data)

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
