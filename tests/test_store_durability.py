"""The store never loses anything: bad files, crashes, failed writes, other processes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.model import Article, Paragraph
from reader.store import Store, StoreError
from reader.store import storage as storage_module

A = "0123456789abcdef"
B = "01ffffffffffffff"  # same shard as A
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "store"


def article(article_id: str = A) -> Article:
    return Article(article_id, "T", "/s.txt", None, [Paragraph("one"), Paragraph("two")])


def seeded(root: Path) -> Store:
    store = Store.open(root)
    store.mark_read(A)
    store.add_bookmark(article(), article().passages()[1])
    store.add_source("/news")
    return store


def kept_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


# Files that will not load -----------------------------------------------------

BAD_SHARDS = {
    "garbage": b"\x00\xff\xfe not json at all \x1b[31m",
    "empty": b"",
    "list": b"[1, 2, 3]",
    "table not an object": b'{"read": []}',
    "bad position": b'{"read": {"0123456789abcdef": {"pos": "seven"}}}',
    "negative position": b'{"read": {"0123456789abcdef": {"pos": -1}}}',
    "deep nesting": b"[" * 100_000,
}


@pytest.mark.parametrize("content", BAD_SHARDS.values(), ids=BAD_SHARDS.keys())
def test_bad_shard_is_kept_aside_byte_for_byte(root, content):
    seeded(root)
    shard = root / "read" / "01.json"
    shard.write_bytes(content)
    store = Store.open(root)
    [kept] = kept_files(shard)
    assert kept.read_bytes() == content
    assert store.notice and str(kept) in store.notice and "\n" not in store.notice
    assert not store.is_read(A)
    assert len(store.bookmarks()) == 1 and store.sources() == ["/news"]  # others untouched
    store.mark_read(A)
    assert Store.open(root).is_read(A) and Store.open(root).notice is None
    assert kept.read_bytes() == content


@pytest.mark.parametrize("record", [
    {"id": "01aaaaaa"},
    {"id": "01aaaaaa", "article_id": A, "text": "t", "created": "c", "passage_index": "1"},
    {"id": "01aaaaaa", "article_id": A, "text": "t", "created": "c", "passage_index": 1,
     "note": 5},
])
def test_bad_bookmark_file_is_kept_aside(root, record):
    seeded(root)
    shard = root / "bookmarks" / "01.json"
    content = json.dumps({"bookmarks": {"01aaaaaa": record}}).encode()
    shard.write_bytes(content)
    store = Store.open(root)
    assert kept_files(shard)[0].read_bytes() == content and "bookmark" in store.notice
    assert store.bookmarks() == [] and store.is_read(A)


def test_truncated_store_json_is_kept_and_the_reader_starts(root):
    seeded(root)
    meta = root / "store.json"
    whole = meta.read_bytes()
    meta.write_bytes(whole[: len(whole) // 2])
    store = Store.open(root)
    [kept] = kept_files(meta)
    assert kept.read_bytes() == whole[: len(whole) // 2]
    assert "unreadable" in store.notice and str(kept) in store.notice
    assert store.sources() == [] and store.is_read(A)
    assert store.add_source("/again")
    assert Store.open(root).sources() == ["/again"]


def test_every_file_cut_in_half(root):
    seeded(root)
    files = [root / "store.json", *sorted(root.glob("*/*.json"))]
    for f in files:
        f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
    store = Store.open(root)
    assert len(store.notice.kept) == len(files)
    assert f"{len(files)} store files were unreadable" in store.notice
    store.mark_read(A)


def test_file_corrupted_while_running_is_noticed_on_next_read(root):
    store = seeded(root)
    assert store.notice is None
    shard = root / "bookmarks" / "01.json"
    shard.write_bytes(b"{oops")
    assert store.bookmarks() == []
    assert store.notice and kept_files(shard)[0].read_bytes() == b"{oops"


def test_corrupt_target_of_a_write_is_kept_not_overwritten(root):
    store = seeded(root)
    shard = root / "read" / "01.json"
    shard.write_bytes(b"garbage")
    store.mark_read(B)  # the write finds the bad file under the lock
    assert kept_files(shard)[0].read_bytes() == b"garbage"
    assert Store.open(root).read_ids() == {B}


def test_two_corruptions_in_one_second_keep_both(root):
    seeded(root)
    shard = root / "read" / "01.json"
    for content in (b"first bad", b"second bad"):
        shard.write_bytes(content)
        Store.open(root)
    assert sorted(p.read_bytes() for p in kept_files(shard)) == [b"first bad", b"second bad"]


def test_unreadable_disk_is_a_store_error_not_a_set_aside(root):
    seeded(root)
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    shard = root / "read" / "01.json"
    shard.chmod(0)
    with pytest.raises(StoreError):
        Store.open(root)


# Failed and interrupted writes ------------------------------------------------

def test_failed_write_leaves_file_and_memory_as_they_were(root, monkeypatch):
    store = seeded(root)
    shard = root / "read" / "01.json"
    before = shard.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_module.os, "fsync", broken_fsync)
    with pytest.raises(StoreError, match="No space left"):
        store.mark_read(B)
    monkeypatch.undo()
    assert shard.read_bytes() == before
    assert not [p for p in shard.parent.iterdir() if p.name.endswith(".tmp")]
    assert store.read_ids() == {A}  # memory reloaded from disk, not the failed change
    store.mark_read(B)
    assert Store.open(root).read_ids() == {A, B}


def test_stale_temporary_files_are_cleaned_up(root):
    seeded(root)
    stale = root / "read" / ".01.json.abc123.tmp"
    stale.write_bytes(b'{"half":')
    store = Store.open(root)
    assert not stale.exists() and store.notice is None and store.is_read(A)


# Other processes: SIGKILL and concurrency -------------------------------------

WRITER = r"""
import random, sys
from reader.model import Article, Paragraph
from reader.store import Store

root, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
store = Store.open(root)
mine = [b.id for b in store.bookmarks()]
print("ready", flush=True)
n = 0
while True:
    n += 1
    aid = f"{rng.getrandbits(64):016x}"
    op = rng.randrange(6)
    if op == 0:
        store.mark_read(aid); print("R", aid, flush=True)
    elif op == 1:
        store.set_position(aid, n); print("P", aid, n, flush=True)
    elif op == 2:
        art = Article(aid, f"T{n}", f"/s/{n}", None, [Paragraph(f"a{n}"), Paragraph(f"b{n}")])
        mark = store.add_bookmark(art, art.passages()[1]); mine.append(mark.id)
        print("B", mark.id, flush=True)
    elif op == 3:
        ids = [f"{rng.getrandbits(64):016x}" for _ in range(3)]
        store.mark_all_read(ids); print("R", *ids, flush=True)
    elif op == 4 and mine:
        victim = mine.pop(rng.randrange(len(mine)))
        print("x", victim, flush=True)  # about to remove: it may or may not be gone
        store.remove_bookmark(victim); print("X", victim, flush=True)
    elif op == 5:
        store.add_source(f"/lib/{aid}"); print("S", f"/lib/{aid}", flush=True)
"""


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


def all_files_parse(root: Path) -> None:
    for f in [root / "store.json", *root.glob("*/*.json")]:
        if f.exists():
            json.loads(f.read_bytes())


def test_sigkill_at_random_moments_never_loses_a_returned_write(root):
    rng = random.Random(1234)
    read, positions, marks, sources = set(), {}, set(), set()
    removed, maybe_removed = set(), set()
    for round_ in range(30):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(round_)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), text=True)
        assert child.stdout.readline() == "ready\n", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.12))
        child.send_signal(signal.SIGKILL)
        # Read through the same buffered pipe as readline() (communicate() would skip
        # what readline() had already buffered).
        out, err = child.stdout.read(), child.stderr.read()
        assert child.wait() == -signal.SIGKILL, err
        acks = out.splitlines(keepends=True)
        for line in acks:
            if not line.endswith("\n"):
                continue  # half printed: not a complete ack
            kind, *rest = line.split()
            if kind == "R":
                read.update(rest)
            elif kind == "P":
                positions[rest[0]] = int(rest[1])
            elif kind == "B":
                marks.add(rest[0])
            elif kind == "x":
                maybe_removed.add(rest[0])
            elif kind == "X":
                removed.add(rest[0])
            elif kind == "S":
                sources.add(rest[0])

        all_files_parse(root)
        store = Store.open(root)
        assert store.notice is None
        assert read <= store.read_ids()
        assert all(store.position(a) == p for a, p in positions.items())
        present = {b.id for b in store.bookmarks()}
        assert marks - maybe_removed <= present
        assert not removed & present
        assert sources <= set(store.sources())
    assert len(read) > 30 and len(marks) > 10  # the children really did work


CONCURRENT = r"""
import sys
from reader.model import Article, Paragraph
from reader.store import Store

root, me, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = Store.open(root)
print("ready", flush=True)
sys.stdin.readline()  # start together
for i in range(count):
    shared = f"ab{i:014x}"  # every process writes this shard too
    own = f"{me:02x}{i:014x}"
    texts = [Paragraph(f"p{me}-{j}") for j in range(count)]
    art = Article(shared, "Shared", "/shared", None, texts)
    store.add_bookmark(art, art.passages()[i])
    store.mark_read(own)
    store.mark_all_read([f"{me:02x}ff{i:012x}", shared])
    store.set_position(own, i + 1)
    store.add_source(f"/lib/{me}/{i}")
print("done", flush=True)
"""


@pytest.mark.parametrize("processes", [2, 4])
def test_concurrent_processes_lose_nothing(root, processes):
    count = 25
    children = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT, str(root), str(me), str(count)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=child_env(), text=True)
        for me in range(processes)
    ]
    for child in children:
        assert child.stdout.readline() == "ready\n", child.stderr.read()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        out, err = child.stdout.read(), child.stderr.read()
        assert child.wait(timeout=120) == 0 and out == "done\n", err

    store = Store.open(root)
    assert store.notice is None
    marks = store.bookmarks()
    assert len(marks) == processes * count
    texts = {f"p{me}-{i}" for me in range(processes) for i in range(count)}
    assert {b.text for b in marks} == texts
    expected_read = {f"{me:02x}{i:014x}" for me in range(processes) for i in range(count)}
    expected_read |= {f"{me:02x}ff{i:012x}" for me in range(processes) for i in range(count)}
    expected_read |= {f"ab{i:014x}" for i in range(count)}
    assert store.read_ids() == expected_read
    assert all(store.position(f"{me:02x}{i:014x}") == i + 1
               for me in range(processes) for i in range(count))
    assert len(store.sources()) == processes * count
