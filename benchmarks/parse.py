"""Parser and scan throughput against the raw read of the same files, in the same run.

    python benchmarks/parse.py [--sizes 1000 10000 100000] [--repeat 5]

Generates articles of ~4 KB in the plain-text format (headline or not, figures,
key points, hard-wrapped paragraphs, a sub-heading) in a temporary folder, then
times, for each size, the median of --repeat runs:
  raw read     open + read the bytes of every file (the floor)
  light        reader.sources.read_summary in one process (the sidebar's pass)
  full         reader.sources.read_article: the whole structure (sizes <= 10k)
  list, 1 core   the whole list known: library.scan with an empty index cache,
               then library.order, in this process only
  list, cold   the same with the worker processes scan uses past 1,000 files
  list, resumed  the same after a first scan stopped half way (what a
               relaunch after quitting mid-scan does)
  list, warm   the same with the index cache warm (a second launch)
and prints articles/s, MB/s and each pass's cost as a ratio to the raw read.
With --rss it also runs the cold and the warm whole-list scan of the largest
size in a fresh process each and prints its peak RSS (VmHWM).
Targets: light <= 3x raw read; whole list <= 3x raw read; full >= 5,000
articles/s; peak RSS at 100,000 articles <= 100 MB.
The machine may be shared: medians, and every ratio is against a floor
measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
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


def whole_list(folder: Path, workers: int | None = None) -> None:
    found = [s for s in library.scan([folder], workers=workers)
             if isinstance(s, library.ArticleSummary)]
    library.order(found)


def drop_cache() -> None:
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]), ignore_errors=True)


def cut_short(folder: Path, count: int) -> None:
    """A first scan that stops (the user quits) half way through the folder."""
    scan = library.scan([folder])
    for _ in range(count // 2):
        next(scan)
    scan.close()


def restart_cut(folder: Path, count: int) -> None:
    drop_cache()
    cut_short(folder, count)


def median(fn, repeat: int, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss(folder: Path, warm: bool) -> int:
    """VmHWM in kB of a fresh process that scans `folder` and orders the list."""
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import parse; "
            f"parse.whole_list(parse.Path({str(folder)!r})); "
            "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])")
    if not warm:
        drop_cache()
    else:
        whole_list(folder)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rss", action="store_true", help="peak RSS of the largest size")
    args = parser.parse_args()
    print(f"{'articles':>9} {'pass':<15} {'seconds':>8} {'articles/s':>11} {'MB/s':>7} "
          f"{'x raw read':>10}   (median of {args.repeat})")
    with tempfile.TemporaryDirectory() as tmp:
        # The index cache goes to a throwaway folder, never the user's.
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            files = generate(folder, size)
            megabytes = sum(p.stat().st_size for p in files) / 1e6
            raw_read(files)  # warm the page cache
            floor = median(partial(raw_read, files), args.repeat)
            repeat = args.repeat
            passes = [
                ("raw read", None, None),
                ("light", partial(light, files), None),
                ("full", partial(full, files), None) if size <= 10000 else None,
                ("list, 1 core", partial(whole_list, folder, workers=0), drop_cache),
                ("list, cold", partial(whole_list, folder), drop_cache),
                ("list, resumed", partial(whole_list, folder), partial(restart_cut, folder, size)),
                ("list, warm", partial(whole_list, folder), None),
            ]
            for entry in filter(None, passes):
                name, fn, before = entry
                seconds = floor if fn is None else median(fn, repeat, before)
                print(f"{size:>9} {name:<15} {seconds:>8.3f} {size / seconds:>11,.0f} "
                      f"{megabytes / seconds:>7.1f} {seconds / floor:>10.1f}", flush=True)
            print(f"{'':>9} (mean article size {megabytes * 1e6 / size / 1024:.1f} KB)")
        if args.rss:
            folder = Path(tmp) / str(max(args.sizes))
            print(f"peak RSS, whole list of {max(args.sizes):,} articles: "
                  f"cold {peak_rss(folder, warm=False) / 1024:.0f} MB, "
                  f"warm {peak_rss(folder, warm=True) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
