"""What the feeds pane costs with 500 feeds of 200 items (100k articles), in one run.

    python benchmarks/feeds_pane.py [--feeds 500] [--items 200] [--repeat 50]

Floor: ordering the 100k summaries (`library.order`), which every scan does anyway.
Beside it, on the same summaries:
- the session taking the summaries (each article's feed or source, unread counts);
- the session taking the 500 feeds (the pane's entries, counts recounted once);
- one read mark, kept incrementally (what a key press costs), beside a full
  recount (what re-counting per key press would cost);
- choosing one feed (`enter`: the article list's rows of that feed);
- the feed titles read from the refresh cache (500 files, in a background worker);
- in-process (Pilot, 160x40): launch to the feeds pane painted with all 500 feeds,
  and `enter` on a feed to its rows listed;
- with tmux (`--tmux`): the installed `newsreader` at 160x40 on a library of those 500
  subscriptions (their refresh caches written in a temporary HOME), launch to the pane
  and its first folder on screen, and to all 100,000 articles counted; beside a bare
  Textual app's launch (startup.py's), alternated, medians.
Medians; ratios against the floor.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return median_ms(samples)


def make(feeds: int, items: int):
    from reader.model import ArticleSummary

    urls = [f"https://feed{f:03d}.example/rss" for f in range(feeds)]
    summaries = [ArticleSummary(f"{url}#{i}", f"Item {i} of feed {f}", f"{url}/{i}",
                                f"2026-{1 + i % 12:02d}-{1 + f % 28:02d}", "item", url,
                                f"2026-{1 + i % 12:02d}-{1 + f % 28:02d}T{i % 24:02d}:00:00Z")
                 for f, url in enumerate(urls) for i in range(items)]
    subs = [{"url": url, "title": f"Feed number {f}", "folder": f"Folder {f % 20}"}
            for f, url in enumerate(urls)]
    return urls, summaries, subs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--tmux", action="store_true", help="also launch the installed reader")
    parser.add_argument("--launches", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="newsreader-bench-"))
    for key in ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ[key] = str(home / key.lower())

    from reader import library
    from reader.session import ReadingSession
    from tests.app_helpers import MemoryStore

    urls, summaries, subs = make(args.feeds, args.items)
    total = len(summaries)
    few = max(3, args.repeat // 10)
    print(f"{args.feeds} feeds x {args.items} items = {total:,} articles")
    floor = timed(lambda: library.order(summaries), few)
    print(f"floor: order {total:,} summaries             {floor:8.1f} ms")

    store = MemoryStore()
    store.read.update(s.id for s in summaries[::3])
    session = ReadingSession(store)
    session.load_marks()
    session.set_feeds(subs, [])

    def take_summaries():
        session._group.clear()
        session.set_summaries(summaries)

    t_sum = timed(take_summaries, few)
    print(f"session takes the summaries            {t_sum:8.1f} ms  ({t_sum / floor:.2f}x floor)")
    t_feeds = timed(lambda: session.set_feeds(subs, []), few)
    print(f"session takes {args.feeds} feeds (entries, counts) {t_feeds:8.1f} ms  "
          f"({t_feeds / floor:.2f}x floor)")

    ids = [s.id for s in summaries[1::3]][: args.repeat * 2]
    marks = iter(ids)
    t_mark = timed(lambda: session._apply_read([next(marks)], True), args.repeat)
    t_recount = timed(session._recount, few)
    print(f"one read mark, counts kept             {t_mark * 1000:8.1f} µs  "
          f"(a recount per key: {t_recount:.1f} ms, {t_recount / t_mark:,.0f}x)")
    view = next(e.view for e in session.entries if e.view and e.view.key == urls[len(urls) // 2])

    def choose():
        session.set_view(view)
        assert len(session.rows) == args.items

    t_choose = timed(choose, few)
    print(f"choose one feed (its rows)             {t_choose:8.1f} ms  ({t_choose / floor:.2f}x floor)")

    from reader.subscriptions import FeedState, load_state, save_state

    for url in urls:
        save_state(FeedState(url, title=f"Own title of {url}", status="ok",
                             items=[{"id": f"{url}#{i}", "title": f"Item {i}", "link": f"{url}/{i}",
                                     "published": "2026-01-01", "published_at": None,
                                     "summary_only": False} for i in range(args.items)]))
    t_titles = timed(lambda: [load_state(url).title for url in urls], 3)
    print(f"feed titles from the cache (worker)    {t_titles:8.1f} ms  ({t_titles / floor:.2f}x floor)")

    first, chosen, step, list_step = asyncio.run(pilot_times(urls, summaries, subs))
    print(f"launch to the pane painted (Pilot)     {first:8.1f} ms  ({first / floor:.2f}x floor)")
    print(f"j in the article list (Pilot)          {list_step:8.1f} ms  ({list_step / floor:.2f}x floor)")
    print(f"j in the feeds pane (Pilot)            {step:8.1f} ms  ({step / floor:.2f}x floor)")
    print(f"enter on a feed to its rows (Pilot)    {chosen:8.1f} ms  ({chosen / floor:.2f}x floor)")
    if args.tmux:
        tmux_launches(subs, len(summaries), home, args.launches)
    return 0


def tmux_launches(subs, total: int, home: Path, launches: int) -> None:
    import subprocess

    from benchmarks.startup import TMUX, Tmux, bare_script, bench_bare_launch, newsreader_command
    from reader.store import Store

    store = Store.open()
    for sub in subs:
        store.add_feed(sub["url"], sub["title"], sub["folder"])
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    (home / "xdg_config_home" / "newsreader").mkdir(parents=True, exist_ok=True)
    (home / "xdg_config_home" / "newsreader" / "config.toml").write_text("refresh_minutes = 0\n")
    script = bare_script(home)
    pane, counted, bare = [], [], []
    try:
        for _ in range(launches):
            bare.append(bench_bare_launch(script, env))
            term = Tmux(f"{newsreader_command()}; echo EXITED; sleep 30", env, size=(160, 40))
            try:
                pane.append(term.wait_for("Folder 0 "))
                counted.append(term.wait_for(f"{total:,} articles"))
                subprocess.run([*TMUX, "send-keys", "-t", term.name, "q"], check=True)
                term.wait_for("EXITED", timeout=30)
            finally:
                term.close()
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True, check=False)
    b = statistics.median(bare) * 1000
    print(f"tmux: bare Textual app launch          {b:8.1f} ms")
    for label, samples in (("launch to the feeds pane", pane),
                           (f"launch to {total:,} counted", counted)):
        m = statistics.median(samples) * 1000
        print(f"tmux: {label:<32} {m:8.1f} ms  ({m / b:.2f}x bare app; first {samples[0] * 1000:.0f} ms)")


async def pilot_times(urls, summaries, subs) -> tuple[float, float]:
    from reader.app import NewsReader
    from reader.config import Config
    from reader.model import Article, Paragraph
    from reader.screens.feed_refresh import FeedRefresh
    from tests.app_helpers import MemoryStore

    FeedRefresh.start_refreshing = lambda self: None  # no network here

    class Library:
        def scan(self, sources):
            yield from summaries

        def load(self, summary):
            return Article(summary.id, summary.title, summary.source, summary.published,
                           [Paragraph("Text of the item.")])

        @staticmethod
        def order(items, sort="newest"):
            from reader import library

            return library.order(items, sort)

    store = MemoryStore()
    store.subscriptions = subs
    app = NewsReader(urls, store, Library(), Config(refresh_minutes=0), background_writes=False)
    started = time.perf_counter()
    async with app.run_test(size=(160, 40)) as pilot:
        while True:
            await pilot.pause()
            reader = app.reader
            if (reader and not reader.scanning and app.session.total == len(summaries)
                    and reader.feeds_pane.size.width and len(app.session.feeds) == len(urls)):
                break
        first = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        await pilot.press("j")  # in the article list: the key's own cost, as a floor
        await pilot.pause()
        list_step = (time.perf_counter() - started) * 1000
        await pilot.press("f", "j", "j")
        started = time.perf_counter()
        await pilot.press("j")
        await pilot.pause()
        step = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        await pilot.press("enter")
        await pilot.pause()
        chosen = (time.perf_counter() - started) * 1000
        assert app.session.view.kind == "feed"
    return first, chosen, step, list_step


if __name__ == "__main__":
    raise SystemExit(main())
