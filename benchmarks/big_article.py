"""Opening huge articles in the reading pane, in-process, in one run.

    python benchmarks/big_article.py [--repeat 3]

Times, with Pilot at 120x40, from asking the reader to show an article until
its first screen is in the pane, then `G` (end of the article) and `g`:
- floor: an ordinary article (8 paragraphs, 2 key points);
- 100,000 key points;
- one 4 MB paragraph.
Medians of --repeat runs; ratios against the floor. Targets: under 1 s to open,
`G` instant (well under a frame).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def articles():
    from reader.model import Article, KeyPoints, Paragraph

    normal = Article("a" * 16, "An ordinary article", "/news/a.txt", "2026-01-01",
                     [KeyPoints(("First point.", "Second point.")),
                      *[Paragraph("Words of the story, plainly told. " * 12) for _ in range(8)]])
    points = Article("b" * 16, "A hundred thousand key points", "/news/b.txt", "2026-01-01",
                     [KeyPoints(tuple(f"Key point {i} says something short." for i in range(100_000)))])
    paragraph = Article("c" * 16, "One paragraph of four megabytes", "/news/c.txt", "2026-01-01",
                        [Paragraph("word " * 800_000)])
    return {"ordinary (floor)": normal, "100,000 key points": points, "4 MB paragraph": paragraph}


async def measure(article, repeat: int) -> tuple[float, float]:
    from reader.app import NewsReader
    from tests.app_helpers import MemoryLibrary, MemoryStore

    opens, ends = [], []
    for _ in range(repeat):
        app = NewsReader(["/news"], MemoryStore(), MemoryLibrary([]), background_writes=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            reader = app.reader
            started = time.perf_counter()
            reader.show_article(article)
            await pilot.pause()
            assert article.title[:20] in reader.pane.text_on_screen()
            opens.append(time.perf_counter() - started)
            reader.pane.focus()
            started = time.perf_counter()
            await pilot.press("G")
            ends.append(time.perf_counter() - started)
            await pilot.press("g")
    return statistics.median(opens), statistics.median(ends)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {name: asyncio.run(measure(a, args.repeat)) for name, a in articles().items()}
    floor_open, floor_end = results["ordinary (floor)"]
    print(f"{'article':<22} {'open':>10} {'× floor':>8} {'G':>10} {'× floor':>8}")
    for name, (opened, end) in results.items():
        print(f"{name:<22} {opened * 1000:8.0f} ms {opened / floor_open:7.1f}x "
              f"{end * 1000:8.1f} ms {end / floor_end:7.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
