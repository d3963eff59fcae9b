"""Photos in the reading pane: what they cost when moving between articles, in-process.

    python benchmarks/images.py [--repeat 15] [--photos 100]

Pilot at 120x40, image_rows 16, one article with three figures whose photos
(1600x900 JPEGs, ~200 KB each) are in the disk cache already (seen before).
Times the UI thread's work of moving to the article: `show_article` (the
layout) and drawing the pane's first screen of lines:
- floor: the same article with `images = "off"`;
- photos seen this session (decoded photos on the shelf): the photo is drawn
  in that first screen;
- photos on disk only (a new session, or offline): the first screen holds the
  placeholder; then, end to end, until the worker has read and decoded them and
  the photo is on screen (the event loop's turns included).
Medians of --repeat; ratios against the floor (target: at most 1.5x).

Then the same move with the photos drawn in pixels (`images = "kitty"` and
`"sixel"`, photos seen this session, so encoded already): the layout, a screen
of lines and the bytes written for the terminal after the frame, against
`images = "off"`.

Then memory: --photos photos seen one article after another (three a time),
with a disk cache limit smaller than they take: the cache stays under its
limit, and the process grows by no more than the decoded photos kept.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def jpeg(seed: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.effect_noise((1600, 900), 60).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(30):
        x, y = rng.randrange(1600), rng.randrange(900)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(50, 400), y + rng.randrange(50, 300)), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(2))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def article(n: int, photos: list[str] | None):
    from reader.model import Article, Caption, Image, Paragraph

    words = "Words of the story, plainly told, one after another. " * 8
    blocks = [Paragraph(f"Article {n} opens. {words}")]
    for i in range(3):
        image = Image(f"Photo {i} of article {n}", photos[i]) if photos else None
        blocks += [Caption(f"Caption {i} of article {n}.", "Photo: Agency", image=image),
                   Paragraph(f"Paragraph {i}. {words}")]
    return Article(f"{n:016x}", f"Article {n} with photos", f"/news/{n}.txt", "2026-01-01",
                   blocks)


def urls(n: int) -> list[str]:
    return [f"http://127.0.0.1:9/photos/{n}-{i}.jpg" for i in range(3)]


def rss_kb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


async def _until(pilot, done, limit: float = 30.0) -> None:
    deadline = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > deadline:
            raise RuntimeError("timed out")
        await pilot.pause(0.001)


async def in_pixels(repeat: int, cached: dict[str, bytes]) -> dict[str, list[float]]:
    """Next article with its 3 photos seen this session, drawn in pixels (Kitty, Sixel:
    encoded on the pane's shelf) against images off: the UI thread's work of laying
    out, drawing a screen of lines and making the bytes for the terminal."""
    from reader.app import NewsReader
    from reader.config import Config
    from reader.images import ImageCache
    from tests.app_helpers import MemoryLibrary, MemoryStore

    cache = ImageCache()
    for url, data in cached.items():
        cache.put(url, data)
    out: dict[str, list[float]] = {"off": [], "kitty": [], "sixel": [], "kitty disk": [],
                                   "sixel disk": [], "kitty disk drawn": [],
                                   "sixel disk drawn": []}
    sent: dict[str, int] = {}
    for r in range(repeat):
        modes = ("off", "kitty", "sixel", "kitty disk", "sixel disk")
        for mode in modes[r % 5:] + modes[:r % 5]:
            protocol, disk = mode.split()[0], mode.endswith("disk")
            config = Config(images=protocol, image_rows=16)
            app = NewsReader(["/news"], MemoryStore(), MemoryLibrary([]), config=config,
                             background_writes=False)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                reader = app.reader
                pane = reader.pane
                shown = article(r, urls(0))
                if mode != "off" and not disk:  # seen this session: encoded, then another
                    reader.show_article(shown)
                    await _until(pilot, lambda p=pane: p.text_on_screen() is not None
                                 and p.placements())
                    reader.show_article(article(10_000 + r, None))
                    await pilot.pause()
                started = time.perf_counter()
                reader.show_article(shown)
                screen = [pane.render_line(y) for y in range(pane.size.height)]
                data = pane.graphics_after_display(True)
                out[mode].append(time.perf_counter() - started)
                assert shown.title in "".join(line.text for line in screen)
                if disk:  # the photos' placeholders first; then until they are in pixels
                    await _until(pilot, lambda p=pane: p.text_on_screen() is not None
                                 and p.placements())
                    out[mode + " drawn"].append(time.perf_counter() - started)
                elif mode != "off":
                    assert ("a=p" if mode == "kitty" else "\x1bP") in data
                    sent[mode] = len(data)
                await pilot.pause()
    print(f"bytes for the terminal on showing it: kitty {sent.get('kitty', 0) / 1024:.1f} KB "
          f"(placements; the images were sent once before), "
          f"sixel {sent.get('sixel', 0) / 1024:.0f} KB (the rows in view)")
    return out


async def timings(repeat: int, cached: dict[str, bytes]) -> dict[str, list[float]]:
    from reader.app import NewsReader
    from reader.config import Config
    from reader.images import ImageCache
    from tests.app_helpers import MemoryLibrary, MemoryStore

    cache = ImageCache()
    for url, data in cached.items():
        cache.put(url, data)
    out: dict[str, list[float]] = {"off": [], "shelf": [], "disk: first frame": [],
                                   "disk: photo drawn": []}
    for r in range(repeat):
        modes = ("off", "disk", "shelf")
        for mode in modes[r % 3:] + modes[:r % 3]:  # each first in turn: no order effect
            config = Config(images="off" if mode == "off" else "halfblocks", image_rows=16)
            app = NewsReader(["/news"], MemoryStore(), MemoryLibrary([]), config=config,
                             background_writes=False)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                reader = app.reader
                shown = article(r, urls(0))
                if mode == "shelf":  # seen this session: show it once, let the photos arrive
                    reader.show_article(shown)
                    await _until(pilot, lambda r=reader: "▀" in r.pane.text_on_screen())
                    reader.show_article(article(10_000 + r, None))
                    await pilot.pause()
                pane = reader.pane
                started = time.perf_counter()
                reader.show_article(shown)  # the UI thread's work: lay out, draw a screen
                screen = [pane.render_line(y) for y in range(pane.size.height)]
                first = time.perf_counter() - started
                text = "".join(line.text for line in screen)
                assert shown.title in text
                if mode == "off":
                    out["off"].append(first)
                elif mode == "shelf":
                    assert "▀" in text
                    out["shelf"].append(first)
                else:
                    assert "photo loading" in text
                    out["disk: first frame"].append(first)
                    await _until(pilot, lambda r=reader: "▀" in r.pane.text_on_screen())
                    out["disk: photo drawn"].append(time.perf_counter() - started)
                await pilot.pause()
    return out


async def memory(photos: int, limit_mb: float) -> None:
    from reader.app import NewsReader
    from reader.config import Config
    from reader.images import ImageCache
    from tests.app_helpers import MemoryLibrary, MemoryStore

    count = (photos + 2) // 3
    articles = [article(n, urls(1000 + n)) for n in range(count)]
    cache = ImageCache(limit=int(limit_mb * 1024 * 1024))
    config = Config(image_rows=16, image_cache_mb=limit_mb)
    app = NewsReader(["/news"], MemoryStore(), MemoryLibrary([]), config=config,
                     background_writes=False)
    photos_of = {n: [jpeg(n * 3 + i) for i in range(3)] for n in range(count + 1)}
    sizes = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.reader
        # one article with photos first, so the baseline has Pillow and the HTTP client loaded
        for url, data in zip(urls(999), photos_of[count], strict=True):
            cache.put(url, data)
        warm = article(999 - 1000, urls(999))
        reader.show_article(warm)
        await _until(pilot, lambda: all(u in reader.pane.photo_shelf for u in urls(999)))
        before = rss_kb()
        for n, shown in enumerate(articles):
            for url, data in zip(urls(1000 + n), photos_of[n], strict=True):
                sizes.append(len(data))  # as the worker's download would: into the cache
                cache.put(url, data)
            reader.show_article(shown)
            shelf = reader.pane.photo_shelf
            await _until(pilot, lambda s=shown, f=shelf: all(u in f for u in urls(1000 + int(s.id, 16))))
        await pilot.pause()
        grown = rss_kb() - before
        kept = len(reader.pane.photo_shelf)
        decoded = sum(len(item.tobytes()) for item in reader.pane.photo_shelf._items.values()
                      if hasattr(item, "tobytes"))
    print(f"\n{len(sizes)} photos seen ({sum(sizes) / 1048576:.1f} MB encoded), "
          f"disk cache limit {limit_mb:g} MB")
    print(f"  disk cache now: {cache.size() / 1048576:.1f} MB in {len(cache.entries())} files "
          f"(within the limit: {cache.size() <= cache.limit})")
    print(f"  decoded photos kept in memory: {kept} ({decoded / 1024:.0f} KB of pixels)")
    print(f"  process memory grew by {grown / 1024:.1f} MB while seeing them "
          f"(RSS; the disk cache is not in memory)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--photos", type=int, default=100)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="newsreader-bench-")
    os.environ["XDG_CACHE_HOME"] = home  # the photo cache of this run only
    cached = {url: jpeg(i) for i, url in enumerate(urls(0))}
    print(f"3 photos of {statistics.mean(map(len, cached.values())) / 1024:.0f} KB each, "
          f"1600x900, in the disk cache")
    results = asyncio.run(timings(args.repeat, cached))
    floor = statistics.median(results["off"])
    print(f"{'next article':<40} {'median':>10} {'× floor':>8}")
    for name, label in (("off", "without photos (floor)"), ("shelf", "photos seen this session"),
                        ("disk: first frame", "photos on disk: first screen"),
                        ("disk: photo drawn", "photos on disk: until the photo is drawn")):
        value = statistics.median(results[name])
        print(f"{label:<40} {value * 1000:8.1f} ms {value / floor:7.2f}x")
    results = asyncio.run(in_pixels(args.repeat, cached))
    floor = statistics.median(results["off"])
    print(f"\n{'next article, photos seen, in pixels':<40} {'median':>10} {'× floor':>8}")
    for name, label in (("off", "without photos (floor)"), ("kitty", "Kitty, photos seen"),
                        ("sixel", "Sixel, photos seen"),
                        ("kitty disk", "Kitty, photos on disk: first screen"),
                        ("sixel disk", "Sixel, photos on disk: first screen"),
                        ("kitty disk drawn", "Kitty, on disk: until in pixels"),
                        ("sixel disk drawn", "Sixel, on disk: until in pixels")):
        value = statistics.median(results[name])
        print(f"{label:<40} {value * 1000:8.1f} ms {value / floor:7.2f}x")
    asyncio.run(memory(args.photos, limit_mb=10))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
