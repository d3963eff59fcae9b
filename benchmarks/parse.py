"""Parser throughput against the raw read of the same files, in the same run.

    python benchmarks/parse.py [--sizes 1000 10000] [--repeat 5]

Generates articles of ~4 KB in the plain-text format (headline or not, figures,
key points, hard-wrapped paragraphs, a sub-heading) in a temporary folder, then
times, for each size, best of --repeat:
  raw read   open + read the bytes of every file (the floor)
  light      reader.sources.read_summary: id, title, date (the sidebar's pass)
  full       reader.sources.read_article: the whole structure
  indexed    reader.library.scan with a warm index cache (what a second launch does)
and prints articles/s, MB/s and each pass's cost as a ratio to the raw read.
Targets: light <= 3x raw read; full >= 5,000 articles/s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import library
from reader.sources import read_article, read_summary

WORDS = ("the council minister said on tuesday that border forces would move north after "
         "reports of fighting in the province where officials confirmed thousands of "
         "residents had left their homes and crossed into neighbouring districts while aid "
         "groups warned of shortages of water food and medicine across the region").split()
AGENCIES = ("AFP", "REUTERS", "AP", "EPA-EFE", "Xinhua", "Photo: Getty Images")


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + "."


def wrap(text: str, width: int = 72) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def article(rng: random.Random, i: int) -> str:
    parts = []
    if i % 2:
        parts.append(f"Story {i}: " + " ".join(rng.choices(WORDS, k=8)))
        parts.append(f"Published: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}")
    credit = f"{rng.choice(AGENCIES)} / Name{i} SURNAME"
    parts.append(f"In this photo taken on May 1, 2026 {' '.join(rng.choices(WORDS, k=14))}\n"
                 f"{sentence(rng, 20)} {credit}")
    parts.append("KEY POINTS\n\n" + "\n".join(f"  • {sentence(rng, 14)[:-1]}" for _ in range(3)))
    for p in range(11):
        if p == 6:
            parts.append("BACKGROUND")
        body = " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(3))
        parts.append(wrap(body) if p % 2 else body)
    end = sentence(rng, 18)[:-1]
    parts.append(f"{end}\n{end} {credit}")
    text = "\n\n".join(parts) + "\n"
    return text[:4400]  # keep every article near 4 KB


def generate(folder: Path, count: int) -> list[Path]:
    rng = random.Random(count)
    files = []
    for i in range(count):
        path = folder / f"{i:06d}.txt"
        path.write_text(article(rng, i), encoding="utf-8")
        files.append(path)
    return files


def raw_read(files):
    for path in files:
        with open(path, "rb") as handle:
            handle.read()


def light(files):
    for path in files:
        read_summary(path)


def full(files):
    for path in files:
        read_article(path)


def indexed(files):
    for _ in library.scan([files[0].parent]):
        pass


def best(fn, files, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(files)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'articles':>9} {'pass':<9} {'seconds':>8} {'articles/s':>11} {'MB/s':>7} {'x raw read':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        # The index cache goes to a throwaway folder, never the user's.
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            files = generate(folder, size)
            megabytes = sum(p.stat().st_size for p in files) / 1e6
            raw_read(files)  # warm the page cache
            floor = best(raw_read, files, args.repeat)
            indexed(files)  # fill the index cache
            passes = (("raw read", raw_read), ("light", light), ("full", full), ("indexed", indexed))
            for name, fn in passes:
                seconds = floor if fn is raw_read else best(fn, files, args.repeat)
                print(f"{size:>9} {name:<9} {seconds:>8.3f} {size / seconds:>11,.0f} "
                      f"{megabytes / seconds:>7.1f} {seconds / floor:>10.1f}")
            print(f"{'':>9} (mean article size {megabytes * 1e6 / size / 1024:.1f} KB)")


if __name__ == "__main__":
    main()
