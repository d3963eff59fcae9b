"""The scan of a large folder: the index cache written as it goes (so a scan cut
short resumes), worker processes that agree with the in-process pass, and the
compact summaries it keeps."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reader import index_cache, library, paths
from reader.model import ArticleSummary, Skipped


def article(n: int) -> str:
    day = 1 + n % 28
    return (f"Harbour story number {n}\n\nPublished: 2026-02-{day:02d}\n\n"
            f"The council met on day {day} to talk about story {n}. It voted.\n")


def make_library(folder, count: int):
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"story-{n:04d}.txt").write_text(article(n), encoding="utf-8")
    (folder / "empty.txt").write_text("")
    return folder


def index_files():
    folder = paths.cache_dir()
    return sorted(p.name for p in folder.glob("index.json*")) if folder.is_dir() else []


def test_a_scan_cut_short_resumes_where_it_stopped(tmp_path, monkeypatch, counted):
    monkeypatch.setattr(library, "FLUSH_ROWS", 10)
    monkeypatch.setattr(library, "CHUNK_FILES", 8)
    monkeypatch.setattr(library, "FIRST_CHUNK", 8)
    folder = make_library(tmp_path / "news", 95)
    scan = library.scan([folder], workers=0)
    first = [next(scan) for _ in range(40)]
    scan.close()  # the user quits mid-scan
    assert 40 <= len(counted) < 60
    assert any(name.endswith(".part") for name in index_files())
    read_before = len(set(counted))
    counted.clear()
    again = list(library.scan([folder], workers=0))
    # Only the files the first scan had not read are read again.
    assert len(counted) == 96 - read_before
    assert not set(counted) & {s.source for s in first}
    assert again[:40] == first and len(again) == 96
    # A finished scan folds its parts into one file.
    assert index_files() == ["index.json"]
    counted.clear()
    assert list(library.scan([folder], workers=0)) == again and counted == []


CRASH = """
import os, sys
from reader import library
library.FLUSH_ROWS = 10
library.CHUNK_FILES = library.FIRST_CHUNK = 5
for n, item in enumerate(library.scan([sys.argv[1]], workers=0)):
    if n == 35:
        os._exit(3)  # no cleanup at all, as when the process is killed
"""


def test_a_crash_mid_scan_keeps_every_flushed_part(tmp_path, env, counted):
    folder = make_library(tmp_path / "news", 50)
    done = subprocess.run([sys.executable, "-c", CRASH, str(folder)], env=env, check=False)
    assert done.returncode == 3
    assert "index.json" not in index_files()
    assert any(name.endswith(".part") for name in index_files())
    cached = index_cache.IndexCache.load(paths.cache_dir() / "index.json")
    assert 30 <= len(cached.entries) <= 40  # flushed every 10, read 5 at a time
    items = list(library.scan([folder], workers=0))
    assert len(items) == 51 and len(counted) == 51 - len(cached.entries)


def test_a_changed_file_in_a_part_is_read_again(tmp_path, monkeypatch, counted):
    monkeypatch.setattr(library, "FLUSH_ROWS", 1)
    monkeypatch.setattr(library, "CHUNK_FILES", 1)
    monkeypatch.setattr(library, "FIRST_CHUNK", 1)
    folder = make_library(tmp_path / "news", 3)
    scan = library.scan([folder], workers=0)
    next(scan), next(scan)
    scan.close()
    (folder / "story-0000.txt").write_text(article(7) + "\nMore.\n", encoding="utf-8")
    counted.clear()
    items = list(library.scan([folder], workers=0))
    assert str(folder / "story-0000.txt") in counted
    (changed,) = [i for i in items if i.source == str(folder / "story-0000.txt")]
    assert changed.title == "Harbour story number 7"


def test_a_corrupt_part_is_ignored_and_the_rest_is_used(tmp_path, monkeypatch, counted):
    monkeypatch.setattr(library, "FLUSH_ROWS", 5)
    monkeypatch.setattr(library, "CHUNK_FILES", 5)
    monkeypatch.setattr(library, "FIRST_CHUNK", 5)
    folder = make_library(tmp_path / "news", 20)
    scan = library.scan([folder], workers=0)
    for _ in range(12):
        next(scan)
    scan.close()
    parts = sorted(paths.cache_dir().glob("index.json.*.part"))
    assert len(parts) >= 2
    parts[0].write_bytes(b"\x00{not json")
    counted.clear()
    items = list(library.scan([folder], workers=0))
    assert len(items) == 21
    assert 0 < len(counted) < 21  # the good parts were used, the bad one re-read


def test_workers_agree_with_the_in_process_pass(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "POOL_AFTER", 10)
    monkeypatch.setattr(library, "CHUNK_FILES", 7)
    monkeypatch.setattr(library, "FIRST_CHUNK", 7)
    folder = make_library(tmp_path / "news", 120)
    (folder / "copy.txt").write_text(article(3), encoding="utf-8")  # a duplicate, late in order
    here = list(library.scan([folder], cache=False, workers=0))
    pooled = list(library.scan([folder], cache=False, workers=2))
    assert pooled == here
    skipped = [s for s in pooled if isinstance(s, Skipped)]
    assert {s.reason for s in skipped} >= {"not an article: no text (empty or whitespace only)"}
    assert any(s.reason.startswith("same article as") for s in skipped)
    # What the workers read went into the index cache: the next scan reads nothing.
    list(library.scan([folder], workers=2))
    monkeypatch.setattr(library, "light_summary", lambda p: pytest.fail(f"read {p}"))
    assert list(library.scan([folder], workers=2)) == here


def test_the_index_cache_is_written_in_lines_of_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(index_cache, "CHUNK", 4)
    folder = make_library(tmp_path / "news", 10)
    list(library.scan([folder], workers=0))
    lines = (paths.cache_dir() / "index.json").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"format": index_cache.FORMAT}
    assert [len(json.loads(line)["p"]) for line in lines[1:]] == [4, 4, 3]


def test_an_index_entry_of_the_wrong_shape_is_read_again(tmp_path, counted):
    folder = make_library(tmp_path / "news", 2)
    list(library.scan([folder], workers=0))
    path = paths.cache_dir() / "index.json"
    header, chunk = path.read_text(encoding="utf-8").splitlines()
    data = json.loads(chunk)
    data["i"] = [5] * len(data["i"])
    data["t"] = [["not", "a", "title"]] * len(data["t"])
    path.write_text(header + "\n" + json.dumps(data) + "\n", encoding="utf-8")
    counted.clear()
    items = list(library.scan([folder], workers=0))
    assert len(counted) == 3 and all(isinstance(i.title, str) for i in items
                                     if isinstance(i, ArticleSummary))


def test_a_chunk_with_columns_of_unequal_length_is_dropped(tmp_path, counted):
    folder = make_library(tmp_path / "news", 3)
    list(library.scan([folder], workers=0))
    path = paths.cache_dir() / "index.json"
    header, chunk = path.read_text(encoding="utf-8").splitlines()
    data = json.loads(chunk)
    data["t"] = data["t"][:-1]
    path.write_text(header + "\n" + json.dumps(data) + "\n", encoding="utf-8")
    counted.clear()
    assert len(list(library.scan([folder], workers=0))) == 4 and len(counted) == 4


POOL_UNDER_A_FULL_SCREEN_APP = """
import io, sys
from reader import library

class Captured(io.StringIO):  # what a full-screen app puts in place of stderr
    def fileno(self):
        return -1

started = []
real = library._start_pool
library._start_pool = lambda n: started.append(real(n)) or started[-1]
library.POOL_AFTER = library.CHUNK_FILES = library.FIRST_CHUNK = 5
sys.stderr = Captured()
items = list(library.scan([sys.argv[1]], cache=False, workers=2))
sys.stderr = sys.__stderr__
print(len(items), started[0] is not None)
"""


def test_workers_start_while_stderr_is_captured(tmp_path, env):
    folder = make_library(tmp_path / "news", 30)
    done = subprocess.run([sys.executable, "-c", POOL_UNDER_A_FULL_SCREEN_APP, str(folder)],
                          env=env, capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["31", "True"], done.stderr


NAME_PARTS = ("a", "A", "b", "-", ".", " ", "_", "ß", "é", "Z", "00", "07", "10", "99", "5",
              "123", "\u0663", "\x05")


def test_the_fast_natural_sort_is_the_natural_order(monkeypatch):
    """Folders numbered with digit runs of one width take the fast path; every
    other folder the tuple key; both come out in `natural_key` order."""
    import random

    rng = random.Random(16)
    fast = 0
    key = library.natural_key
    for trial in range(3000):
        parts = NAME_PARTS if trial % 2 else NAME_PARTS[:14]  # widths of two only
        names = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 5)))
                 for _ in range(rng.randint(2, 12))]
        used: list[str] = []
        monkeypatch.setattr(library, "natural_key",
                            lambda p, used=used: used.append(p) or key(p))
        got = list(names)
        library.natural_sort(got)
        monkeypatch.setattr(library, "natural_key", key)
        fast += not used
        assert got == sorted(names, key=key), names
    assert fast > 300  # the fast path was taken, and agreed


def test_the_walk_lists_a_numbered_folder_in_natural_order(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    names = ["story-10.txt", "story-02.txt", "Story-01.txt", "story-01a.txt", "story-.txt",
             "story-99.txt", "story-00.txt"]  # digit runs of one width: the fast path
    for name in names:
        (folder / name).write_text("x")
    walked = [p.rsplit("/", 1)[1] for p in library.iter_files([folder])]
    assert walked == sorted(names, key=library.natural_key)
    assert walked == ["story-00.txt", "Story-01.txt", "story-01a.txt", "story-02.txt",
                      "story-10.txt", "story-99.txt", "story-.txt"]


def test_a_list_handed_over_as_it_grows_counts_as_the_whole_list_at_once():
    """The reader gets the list a dozen times while a scan fills it; the unread
    counts per source (files under a source, files outside every source) come
    out as for the whole list handed over once."""
    from reader.session import ReadingSession
    from tests.app_helpers import MemoryStore

    rows = [ArticleSummary(f"{n:016x}", f"Story {n}", f"/lib/{'a' if n % 3 else 'b'}/{n}.txt",
                           "2026-01-01") for n in range(300)]
    rows += [ArticleSummary("f" * 16, "Stray", "/elsewhere/x.txt", None)]
    store = MemoryStore()
    store.read.update(r.id for r in rows[::7])

    def session():
        made = ReadingSession(store)
        made.load_marks()
        made.set_feeds([], ["/lib/a", "/lib/b"])
        return made

    grown, whole = session(), session()
    for size in (1, 10, 64, 128, 256, len(rows)):
        grown.set_summaries(rows[:size])
    whole.set_summaries(list(rows))
    expected = {"/lib/a": sum(1 for r in rows[1:300] if int(r.id, 16) % 3 and int(r.id, 16) % 7),
                "/lib/b": sum(1 for r in rows[:300] if not int(r.id, 16) % 3 and int(r.id, 16) % 7),
                "": 1}
    assert dict(grown.unread_by_group) == dict(whole.unread_by_group) == expected
    assert grown.unread == whole.unread == sum(expected.values())
    grown.open(rows[1].id)  # a read mark moves one count, as before
    assert grown.unread_by_group["/lib/a"] == expected["/lib/a"] - 1


def plain_order(summaries, sort):
    """The sidebar order spelled out: date (newest first unless `oldest`), then
    the natural order of the path; undated last, by path."""
    dated = [s for s in summaries if s.sort_key]
    by_path = sorted(dated, key=lambda s: library.natural_key(s.source))
    by_path.sort(key=lambda s: s.sort_key, reverse=sort != "oldest")  # stable: paths stay in order
    undated = sorted((s for s in summaries if not s.sort_key),
                     key=lambda s: library.natural_key(s.source))
    return by_path + undated


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_order_is_by_date_then_natural_path_order(sort):
    import random

    rng = random.Random(161)
    for trial in range(1500):
        prefix = rng.choice(["/lib/", "/lib2/story-", "/x/12", "", "/x/1/"])
        parts = NAME_PARTS[:14] if trial % 2 else NAME_PARTS
        rows = [ArticleSummary(str(n), "t", prefix + "".join(rng.choice(parts) for _ in range(3)),
                               rng.choice([None, "2026-01-01", "2026-01-02"]),
                               published_at=rng.choice([None, None, "2026-01-02T10:00:00Z"]))
                for n in range(rng.randint(0, 25))]
        assert library.order(rows, sort) == plain_order(rows, sort), rows


def test_a_file_reached_twice_in_a_first_scan_is_one_entry_when_read_back(tmp_path, counted):
    folder = make_library(tmp_path / "lib", 3)
    twice = folder / "story-0001.txt"
    items = list(library.scan([folder, twice], workers=0))
    assert [i.reason for i in items if isinstance(i, Skipped)][-1].startswith("same article as")
    cached = index_cache.IndexCache.load(paths.cache_dir() / "index.json")
    assert len(cached.entries) == 4  # three stories and the empty file, each once
    assert cached.lookup(str(twice)).title == "Harbour story number 1"
    counted.clear()
    assert list(library.scan([folder, twice], workers=0)) == items and counted == []


def test_dates_are_shared_while_few_are_distinct(monkeypatch):
    monkeypatch.setattr(index_cache, "_DATES", {})
    monkeypatch.setattr(index_cache, "DISTINCT_DATES", 2)
    first = "".join(["2026-01-", "01"])  # built at run time: not one constant object
    again = "".join(["2026-01-", "01"])
    assert again is not first and index_cache.intern_date(first) is first
    assert index_cache.intern_date(again) is first  # the kept string, shared
    index_cache.intern_date("2026-01-02")
    late = "".join(["2026-01-", "03"])
    assert index_cache.intern_date(late) is late and len(index_cache._DATES) == 2  # no more kept


def test_a_library_with_few_new_files_never_starts_the_pool(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "POOL_AFTER", 50)
    monkeypatch.setattr(library, "CHUNK_FILES", 7)
    monkeypatch.setattr(library, "FIRST_CHUNK", 7)
    monkeypatch.setattr(library, "_start_pool", lambda n: pytest.fail("the pool started"))
    folder = make_library(tmp_path / "news", 55)  # 56 files: 7 read first, 49 waiting
    assert len(list(library.scan([folder], cache=False, workers=2))) == 56
    # Files the index already knows are not work: a second scan of more files
    # than POOL_AFTER, most of them known, starts no pool either.
    list(library.scan([folder], workers=2))
    for n in range(55, 100):  # 45 new files beside them
        (folder / f"story-{n:04d}.txt").write_text(article(n), encoding="utf-8")
    assert len(list(library.scan([folder], workers=2))) == 101


def test_this_process_reads_on_while_the_workers_start(tmp_path, monkeypatch):
    """A pool whose first answer comes only after this process has read three
    chunks of its own: the scan goes on meanwhile, and the order holds."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(library, "POOL_AFTER", 10)
    monkeypatch.setattr(library, "CHUNK_FILES", 5)
    monkeypatch.setattr(library, "FIRST_CHUNK", 5)
    folder = make_library(tmp_path / "news", 80)
    here = list(library.scan([folder], cache=False, workers=0))
    read_here, waited = [], []
    started = threading.Event()
    real = library.read_rows

    def read_chunk(files, *args):
        if threading.current_thread() is threading.main_thread():
            read_here.append(files)
            if len(read_here) >= 4:  # the first chunk, then three while waiting
                started.set()
        elif not started.wait(5):
            waited.append(files)  # the scan sat waiting on the workers
        return real(files, *args)

    monkeypatch.setattr(library, "read_rows", read_chunk)
    pools = []

    def start_pool(n):
        pools.append(ThreadPoolExecutor(n))
        return pools[-1]

    monkeypatch.setattr(library, "_start_pool", start_pool)
    pooled = list(library.scan([folder], cache=False, workers=2))
    assert pooled == here and pools
    assert len(read_here) >= 4 and not waited


def test_new_files_far_down_a_known_library_still_go_to_the_pool(tmp_path, monkeypatch):
    """The look-ahead stops after 8 * POOL_AFTER entries the index knows (it
    does not hold the whole library to find a few changes) and looks again
    further on."""
    monkeypatch.setattr(library, "POOL_AFTER", 5)
    monkeypatch.setattr(library, "CHUNK_FILES", 5)
    monkeypatch.setattr(library, "FIRST_CHUNK", 5)
    folder = make_library(tmp_path / "news", 120)
    list(library.scan([folder], workers=0))  # the index knows them all
    for n in range(100, 120):  # the last twenty change
        (folder / f"story-{n:04d}.txt").write_text(article(n) + "\nMore.\n", encoding="utf-8")
    (folder / "story-0025.txt").write_text(article(25) + "\nMore.\n", encoding="utf-8")  # and one early
    started = []
    real = library._start_pool
    monkeypatch.setattr(library, "_start_pool", lambda n: started.append(n) or real(n))
    pulled = []
    real_walk = library.iter_files

    def counted_walk(sources):
        for entry in real_walk(sources):
            pulled.append(entry)
            yield entry

    monkeypatch.setattr(library, "iter_files", counted_walk)
    scan = library.scan([folder], workers=2)
    pooled = [next(scan) for _ in range(30)]
    assert len(pulled) <= 30 + 8 * 5 + 4 * 5  # what went out, the look-ahead, a chunk
    pooled += list(scan)
    assert started == [2]
    assert pooled == list(library.scan([folder], cache=False, workers=0))


def test_a_first_scan_saves_its_index_by_copying_its_parts(tmp_path, monkeypatch):
    """A first scan's parts hold every row, in order: the base is their lines
    copied after one header, nothing encoded again, and it reads back as the
    rows the scan stored. A later scan that changed a row folds as before."""
    monkeypatch.setattr(index_cache, "CHUNK", 3)
    monkeypatch.setattr(library, "FLUSH_ROWS", 4)
    monkeypatch.setattr(library, "FIRST_CHUNK", 2)
    monkeypatch.setattr(library, "CHUNK_FILES", 2)
    folder = make_library(tmp_path / "news", 20)
    base = paths.cache_dir() / "index.json"
    written = []
    real_write = index_cache.IndexCache._write
    monkeypatch.setattr(index_cache.IndexCache, "_write",
                        lambda self, path, rows: written.append(path) or real_write(self, path, rows))
    items = list(library.scan([folder], workers=0))
    assert len(written) >= 3 and base not in written  # parts only: the base was copied
    assert list(paths.cache_dir().glob("index.json.*")) == []  # the parts are gone
    cache = index_cache.IndexCache.load(base)
    assert cache.results == [item for item in items if item.source.startswith(str(folder))]
    stats = [os.stat(item.source) for item in cache.results]
    assert list(cache.sizes) == [s.st_size for s in stats]
    assert list(cache.mtimes) == [s.st_mtime_ns for s in stats]
    assert list(library.scan([folder], workers=0)) == items

    (folder / "story-0003.txt").write_text(article(3) + "\nMore.\n", encoding="utf-8")
    written.clear()
    again = list(library.scan([folder], workers=0))
    assert base in written  # rows read from disk and one replaced: encoded whole
    cache = index_cache.IndexCache.load(base)
    assert cache.results == [item for item in again if item.source.startswith(str(folder))]
