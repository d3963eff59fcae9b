"""Sync throughput against a real FreshRSS, with the time split between the reader and the server.

    python benchmarks/sync.py [--sizes 1000 10000] [--new 100] [--repeat 3]

For each size N: starts FreshRSS (../shared/servers/freshrss/start.sh, needs php) in a
temporary folder, serves N items in feeds of 1,000 from 127.0.0.1 and subscribes the
server to them, then times, with a fresh HOME for the reader:
  first        the first sync: subscriptions, N items' ids and contents, states
  incremental  `--new` new items (a new feed) among N, then a sync (best of --repeat,
               each with a further new feed)
  idle         a sync with nothing new (best of --repeat)
  incr. (read) `--new` new items once the N older ones are read on the server: the
               unread and starred id lists (how the API tells what changed) are then short
  floor        the same API calls as the first sync made with a bare HTTP client,
               with no parsing or writing: what the server alone costs
  cache write  writing the N synced articles to a new, empty article cache, one file
               each, single-threaded: what the disk alone costs
and prints items/s, the share of each sync spent waiting for the server (requests
made while articles are still being written count as waiting), and the first sync's
ratio to the floors. The incremental sync must not grow with N.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.freshrss import FeedServer, FreshRSS, unavailable  # noqa: E402

PER_FEED = 1000


def body(n: int) -> str:
    return (f"<p>Item {n}: the council said on Tuesday that the river barges would run again "
            f"after the floods, and that the night trains would keep their timetable.</p>"
            f"<p>A second paragraph for item {n}, with <a href='https://example.org/{n}'>a link"
            f"</a> and <em>some emphasis</em>.</p>")


def setup(size: int, workdir: Path) -> tuple[FreshRSS, FeedServer, float]:
    server = FreshRSS.start(workdir / "server")
    feeds = FeedServer()
    started = time.perf_counter()
    for f in range(0, size, PER_FEED):
        n = min(PER_FEED, size - f)
        url = feeds.add(f"/feed{f}.xml", f"Feed {f // PER_FEED}",
                        [(f"Story {i}", body(i)) for i in range(f, f + n)], start=f)
        server.subscribe(url, folder=f"Folder {f // (PER_FEED * 3)}")
    return server, feeds, time.perf_counter() - started


def reader_home(workdir: Path, name: str) -> None:
    home = workdir / name
    os.environ["HOME"] = str(home)
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(home / var.lower())
    os.environ["NEWSREADER_KEYRING"] = "file"


def login(server: FreshRSS):
    from reader.fetch import Fetcher
    from reader.store import Store
    from reader.sync.account import Account, save_account, save_token
    from reader.sync.api import discover
    from tests.freshrss import PASSWORD, USER

    with Fetcher() as fetcher:
        api, token = discover(fetcher, server.url, USER, PASSWORD)
    account = Account(server.url, api, USER)
    save_account(account)
    save_token(account, token)
    Store.open().set_journaling(True)
    return account, token


def sync(account, token):
    from reader.store import Store
    from reader.sync.engine import run_sync

    return run_sync(Store.open(), account, token)


def floor(server: FreshRSS, account, token) -> float:
    """The first sync's API calls with a bare client: ids, contents, unread and starred ids."""
    from reader.fetch import Fetcher
    from reader.sync.api import ITEM_PREFIX, READ, READING_LIST, STARRED, GReader
    from reader.sync.http import repeated, request

    with Fetcher() as fetcher:
        api = GReader(account.api, token, fetcher)
        started = time.perf_counter()
        api.subscriptions()
        ids = list(api.item_ids(READING_LIST))
        for start in range(0, len(ids), 1000):
            request(fetcher, "POST", f"{account.api}/reader/api/0/stream/items/contents",
                    data=repeated("i", (ITEM_PREFIX + i for i in ids[start:start + 1000])),
                    token=token)
        list(api.item_ids(READING_LIST, exclude=READ))
        list(api.item_ids(STARRED))
        return time.perf_counter() - started


def cache_write() -> float:
    """Every synced article written again, into a new, empty cache folder as a first sync
    does (read first, so only the writing is timed)."""
    from reader import feedcache

    articles = [feedcache.load_cached(p.stem) for p in feedcache.articles_dir().glob("*.json")]
    saved = os.environ["XDG_CACHE_HOME"]
    with tempfile.TemporaryDirectory(prefix="nr-cache-floor-") as fresh:
        os.environ["XDG_CACHE_HOME"] = fresh
        try:
            started = time.perf_counter()
            for article in articles:
                feedcache.save_cached(article, durable=False)
            return time.perf_counter() - started
        finally:
            os.environ["XDG_CACHE_HOME"] = saved


def line(name: str, report, items: int) -> str:
    rate = items / report.seconds_total if report.seconds_total else 0
    share = report.seconds_server / report.seconds_total if report.seconds_total else 0
    return (f"  {name:<12} {report.seconds_total * 1000:8.0f} ms  {items:6d} items  "
            f"{rate:8.0f} items/s  server {share:4.0%} · reader {1 - share:4.0%}")


def run_size(size: int, new: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="nr-sync-bench-") as tmp:
        workdir = Path(tmp)
        server, feeds, seconds = setup(size, workdir)
        try:
            print(f"{size} items on the server (set up in {seconds:.1f} s)")
            reader_home(workdir, "reader")
            account, token = login(server)
            first = sync(account, token)
            assert first.new_items == size, (first.new_items, size)
            print(line("first", first, first.new_items))
            best_floor = min(floor(server, account, token) for _ in range(repeat))
            print(f"  {'floor':<12} {best_floor * 1000:8.0f} ms  (server alone, bare client); "
                  f"first sync = {first.seconds_total / best_floor:.2f}x floor")
            best_write = min(cache_write() for _ in range(repeat))
            print(f"  {'cache write':<12} {best_write * 1000:8.0f} ms  (disk alone, one thread); "
                  f"first sync = {first.seconds_total / best_write:.2f}x cache write, "
                  f"{first.seconds_total / (best_floor + best_write):.2f}x both floors")
            incs = []
            for r in range(repeat):
                base = 1_000_000 + r * new
                url = feeds.add(f"/new{r}.xml", f"New {r}",
                                [(f"New story {i}", body(i)) for i in range(base, base + new)],
                                start=base)
                server.subscribe(url)
                report = sync(account, token)
                assert report.new_items == new, (report.new_items, new)
                incs.append(report)
            print(line("incremental", min(incs, key=lambda r: r.seconds_total), new))
            idle = min((sync(account, token) for _ in range(repeat)), key=lambda r: r.seconds_total)
            print(line("idle", idle, 0))
            # With the history read, what is left to list is the few unread: the sync's
            # cost no longer depends on N at all.
            server.api_call("POST", "mark-all-as-read",
                            data={"s": "user/-/state/com.google/reading-list", "T": "x"})
            sync(account, token)
            url = feeds.add("/last.xml", "Last", [(f"Last story {i}", body(i))
                                                  for i in range(2_000_000, 2_000_000 + new)],
                            start=2_000_000)
            server.subscribe(url)
            report = sync(account, token)
            print(line("incr. (read)", report, new) + "   history read, 100 new unread")
        finally:
            feeds.close()
            server.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    why = unavailable()
    if why:
        print(f"cannot run: {why}", file=sys.stderr)
        return 1
    for size in args.sizes:
        run_size(size, args.new, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
