"""What `b` (bookmark a passage) costs on the UI thread with many bookmarks, in one run.

    python benchmarks/session.py [--bookmarks 5000] [--repeat 30]

A real store in a temporary folder holds N bookmarks spread over N/5 articles;
then, on one article, it times:
- floor: the store's own durable write of one bookmark (`Store.add_bookmark`);
- `b` on the UI thread: `ReadingSession.toggle_bookmark` with the app's kind of
  writer (one background thread, in order), the time the key handler takes;
- `b` until saved: from the key to the ★ applied, the write included;
- the old way: the write followed by re-reading every bookmark's count on the
  UI thread, as the reader did before the session kept counts itself.
Medians over add-then-remove pairs; ratios against the floor.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.model import Article, Paragraph
from reader.session import ReadingSession
from reader.store import Store


def article(n: int) -> Article:
    blocks = [Paragraph(f"Article {n}, passage {p}: words of the story.") for p in range(10)]
    return Article(f"{n:016x}", f"Article {n}", f"/news/{n}.txt", "2026-01-01", blocks)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookmarks", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="newsreader-bench-"))
    store = Store.open(root / "store")
    articles = [article(n) for n in range(max(1, args.bookmarks // 5))]
    started = time.perf_counter()
    for a in articles:
        for passage in a.passages()[:5]:
            store.add_bookmark(a, passage)
    print(f"{args.bookmarks} bookmarks written in {time.perf_counter() - started:.1f}s")
    target = article(10**9)
    passage = target.passages()[3]
    pool = ThreadPoolExecutor(max_workers=1)
    outcomes: queue.Queue = queue.Queue()  # stands for the app's message queue

    def writer(attempt, finish):
        pool.submit(lambda: outcomes.put((finish, attempt())))

    def settle() -> None:
        finish, result = outcomes.get(timeout=30)
        finish(result, None)

    session = ReadingSession(store, writer=writer)
    session.load_marks()
    session.show(target)

    floor, key, saved, old = [], [], [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        mark = store.add_bookmark(target, passage)
        floor.append(time.perf_counter() - t)
        store.remove_bookmark(mark.id)

        t = time.perf_counter()
        session.toggle_bookmark(passage.index)
        key.append(time.perf_counter() - t)
        settle()
        saved.append(time.perf_counter() - t)
        assert passage.index in session.shown_marks
        session.toggle_bookmark(passage.index)
        settle()

        t = time.perf_counter()
        mark = store.add_bookmark(target, passage)
        store.bookmark_counts()
        old.append(time.perf_counter() - t)
        store.remove_bookmark(mark.id)
    pool.shutdown()

    f, k, s, o = median_ms(floor), median_ms(key), median_ms(saved), median_ms(old)
    print(f"floor: one durable bookmark write       {f:7.2f} ms")
    print(f"b on the UI thread                      {k:7.2f} ms  = {k / f:.3f}x the floor")
    print(f"b until saved and shown                 {s:7.2f} ms  = {s / f:.2f}x the floor")
    print(f"old way on the UI thread (write+recount) {o:7.2f} ms  = {o / f:.2f}x the floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
