"""What lighting a search's matches costs in the reading pane, in one run.

    python benchmarks/search_highlight.py [--repeat 20]

In-process (Pilot, 120x40), for an ordinary article, 100,000 key points and one
4 MB paragraph, with the one-letter search "o" (the worst case: matches everywhere):
- floor: drawing the pane's first screen (40 lines) with no search, from no cached line;
- the same screen drawn with the search lit (the search set: every wrapped text told);
- the same at the end of the article (after `G`);
- `n`: from the top, the cursor to the next passage that contains the search.
Medians of --repeat; ratios against each article's floor.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.big_article import articles

QUERY = "o"


def draw(pane) -> None:
    for y in range(pane.size.height):
        pane.render_line(y)


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


async def measure(article, repeat: int) -> dict[str, float]:
    from reader.app import NewsReader
    from tests.app_helpers import MemoryLibrary, MemoryStore

    app = NewsReader(["/news"], MemoryStore(), MemoryLibrary([]), background_writes=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.reader
        reader.show_article(article)
        reader.pane.focus()
        await pilot.pause()
        pane, session = reader.pane, app.session

        def plain() -> None:
            session.query = ""
            pane._light_matches()
            pane._layout.lines.highlight(None)  # no cached line
            draw(pane)

        def lit() -> None:
            session.query = ""
            pane._light_matches()
            session.query = QUERY
            pane._light_matches()
            draw(pane)

        def next_match() -> None:
            session.move_cursor(0)
            pane.action_next_match()

        floor = timed(plain, repeat)
        top = timed(lit, repeat)
        session.query = QUERY
        n = timed(next_match, repeat)
        pane.to_end()
        end = timed(lit, repeat)
        session.query = ""
    return {"floor": floor, "lit": top, "end": end, "n": n}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"{'article':<22} {'floor':>9} {'lit':>9} {'× floor':>8} {'lit at end':>11} "
          f"{'× floor':>8} {'n':>9}")
    for name, article in articles().items():
        r = asyncio.run(measure(article, args.repeat))
        print(f"{name:<22} {r['floor']:6.1f} ms {r['lit']:6.1f} ms {r['lit'] / r['floor']:7.1f}x "
              f"{r['end']:8.1f} ms {r['end'] / r['floor']:7.1f}x {r['n']:6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
