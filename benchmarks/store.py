"""How much one write to the store costs as it grows, next to a plain json.dump.

    python benchmarks/store.py [--sizes 1000 10000 100000] [--writes 40] [--dir DIR]

For each size N the store holds N read marks (a third with a reading
position) and N bookmarks. It then times, with every guarantee on (lock,
re-read check, temporary file, fsync, os.replace, fsync of the folder):

* one `mark_read` of a new article, and one `add_bookmark`: median and p90
  of --writes calls, each next to one `json.dump` of the same data to one
  file (what TinyDB's stock storage does on every write, minus the fsync);
* loading: `Store.open` (every file read and checked), next to `json.load`
  of that single file.

The ratio column is store / json in the same run, so it means something on
a noisy machine. Nothing here touches the user's real store.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tinydb.table import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.model import Article, Paragraph
from reader.store import Bookmark, Store
from reader.store.schema import BOOKMARKS, READ, shard_of

TARGET_MS = 20.0
WORDS = ("council budget river bridge vote mayor school rain harbour market station "
         "library museum festival tram road winter report plan hearing").split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_bookmark(rng: random.Random, i: int) -> Bookmark:
    article_id = f"{rng.getrandbits(64):016x}"
    return Bookmark(
        id=shard_of(article_id) + f"{i:06x}"[-6:], article_id=article_id,
        article_title=sentence(rng, 8), source=f"/home/me/news/{article_id}.html",
        text=sentence(rng, 35), passage_index=rng.randrange(40),
        context_before=sentence(rng, 12)[-80:], context_after=sentence(rng, 12)[:80],
        created=f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T10:00:00.000000Z",
        note=sentence(rng, 6) if i % 5 == 0 else None,
    )


def seed(store: Store, n: int, rng: random.Random) -> dict:
    """Fill the store with N read marks and N bookmarks; return the same data as one dict.

    Seeding writes each shard file once, straight through the store's own
    transaction: N separate calls would take N fsyncs.
    """
    read = {}
    for i in range(n):
        record = {"read": "2026-11-25T08:30:00.000000Z"}
        if i % 3 == 0:
            record["pos"] = rng.randrange(40)
        read[f"{rng.getrandbits(64):016x}"] = record
    marks = [make_bookmark(rng, i) for i in range(n)]
    shards: dict[tuple[str, str], list[Document]] = {}
    for article_id, record in read.items():
        shards.setdefault((READ, shard_of(article_id)), []).append(
            Document(record, doc_id=article_id))
    for mark in marks:
        shards.setdefault((BOOKMARKS, shard_of(mark.article_id)), []).append(
            Document(mark.to_dict(), doc_id=mark.id))
    names = {f"{kind}/{prefix}": docs for (kind, prefix), docs in shards.items()}
    with store._folder.writing(names) as dbs:
        for name, docs in names.items():
            dbs[name].table(name.split("/")[0]).insert_multiple(docs)
    return {"read": read, "bookmarks": {m.id: m.to_dict() for m in marks}}


def timed(call, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p90(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.9) - 1)]


def measure(n: int, writes: int, base: Path) -> list[tuple]:
    rng = random.Random(n)
    root = base / f"store-{n}"
    store = Store.open(root)
    data = seed(store, n, rng)
    plain = base / f"plain-{n}.json"

    def dump() -> None:
        with open(plain, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)

    def load() -> None:
        with open(plain, encoding="utf-8") as fh:
            json.load(fh)

    json_repeat = 5 if n <= 10_000 else 3
    dump_ms = statistics.median(timed(dump, json_repeat))
    load_ms = statistics.median(timed(load, json_repeat))

    store = Store.open(root)
    ids = iter([f"{rng.getrandbits(64):016x}" for _ in range(writes)])
    mark_read = timed(lambda: store.mark_read(next(ids)), writes)
    articles = iter([
        Article(f"{rng.getrandbits(64):016x}", "Benchmark", "/bench.txt", None,
                [Paragraph(sentence(rng, 30)) for _ in range(5)])
        for _ in range(writes)
    ])

    def bookmark() -> None:
        art = next(articles)
        store.add_bookmark(art, art.passages()[2])

    add_bookmark = timed(bookmark, writes)
    opened = timed(lambda: Store.open(root), 3)
    size = sum(f.stat().st_size for f in root.rglob("*.json"))
    rows = [
        (n, "mark_read", statistics.median(mark_read), p90(mark_read), dump_ms),
        (n, "add_bookmark", statistics.median(add_bookmark), p90(add_bookmark), dump_ms),
        (n, "load (Store.open)", statistics.median(opened), max(opened), load_ms),
    ]
    print(f"{n:>8,} read marks and {n:,} bookmarks: store {size / 1e6:.1f} MB in "
          f"{len(list(root.rglob('*.json')))} files; "
          f"plain JSON {plain.stat().st_size / 1e6:.1f} MB",
          flush=True)
    shutil.rmtree(root)
    plain.unlink()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--writes", type=int, default=40)
    parser.add_argument("--dir", type=Path, help="where to put the stores (default: a temp dir)")
    args = parser.parse_args(argv)

    base = Path(tempfile.mkdtemp(prefix="newsreader-bench-", dir=args.dir))
    started = time.perf_counter()
    try:
        rows = [row for n in args.sizes for row in measure(n, args.writes, base)]
    finally:
        shutil.rmtree(base, ignore_errors=True)

    print(f"{'records':>8}  {'operation':<18} {'median ms':>9} {'p90/max':>8} "
          f"{'json ms':>8} {'ratio':>6}")
    for n, op, median, spread, baseline in rows:
        print(f"{n:>8,}  {op:<18} {median:>9.2f} {spread:>8.2f} {baseline:>8.2f} "
              f"{median / baseline:>6.3g}")
    worst = max(r[2] for r in rows if r[1] != "load (Store.open)" and r[0] == max(args.sizes))
    verdict = "meets" if worst <= TARGET_MS else "MISSES"
    print(f"\nslowest median write at {max(args.sizes):,} records: {worst:.2f} ms "
          f"({verdict} the {TARGET_MS:.0f} ms target); "
          f"whole run {time.perf_counter() - started:.0f} s")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
