"""Article photos: fetched through the one HTTP client, kept on disk, decoded small.

- `ImageCache`: the encoded bytes under `cache_dir()/images/`, one file per
  address, least recently used first out once the folder is over its size
  limit (reading a photo touches its file), so offline reading shows what was
  seen.
- `PhotoLoader.load(url)`: the cache, else a download (image types only, at most
  `MAX_ENCODED` bytes, the one client's limits), then `decode`. Blocking: the
  app calls it from a thread worker, never from the UI thread.
- `decode`: Pillow, with a pixel limit checked on the header before any pixel
  is decoded (a decompression bomb is refused, not allocated), reduced to the
  few pixels a terminal draws (`FIT`).
- `Shelf`: the decoded photos in memory, a small LRU shared by the worker and
  the pane (thread-safe).
- `halfblock_lines`: a decoded photo as rows of Unicode half blocks (`▀`, the
  upper pixel in the foreground, the lower one in the background), Rich
  Segments that any truecolor terminal and tmux draw.

Every failure is an `ImageError` with a one-line reason. Pillow and the HTTP
client are imported on first use (in the worker): launching the reader pays
for neither.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

from reader import paths
from reader.atomic import write_atomic

MAX_ENCODED = 5 * 1024 * 1024  # bytes of one photo as downloaded
MAX_PIXELS = 50_000_000  # width x height in the header: more is a decompression bomb
DEFAULT_CACHE_MB = 200
# The most pixels kept of a decoded photo: the widest reading measure (88 cells,
# one pixel each) by the tallest photo (60 rows, two pixels each).
FIT = (88, 120)
SHELF_SIZE = 48  # decoded photos kept in memory (~40 KB each at most)
DRAWN_SIZE = 12  # photos kept drawn as half-block lines (~0.3 MB each at the widest)
ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,image/*;q=0.8"


class ImageError(Exception):
    """A photo that cannot be shown; `str(err)` is a one-line reason."""


def image_cache_dir() -> Path:
    return paths.cache_dir() / "images"


class ImageCache:
    """Encoded photos on disk, evicted least recently used first past `limit` bytes."""

    def __init__(self, root: Path | None = None, limit: int = DEFAULT_CACHE_MB * 1024 * 1024) -> None:
        self.root = root or image_cache_dir()
        self.limit = limit
        self._lock = threading.Lock()

    def path_for(self, url: str) -> Path:
        return self.root / hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()[:40]

    def get(self, url: str) -> bytes | None:
        path = self.path_for(url)
        try:
            data = path.read_bytes()
            os.utime(path)  # used now: the last to go
        except OSError:
            return None
        return data

    def has(self, url: str) -> bool:
        return self.path_for(url).is_file()

    def put(self, url: str, data: bytes) -> None:
        """Keep `data`; a disk that refuses is no error (the photo is only not kept)."""
        if self.limit <= 0 or len(data) > self.limit:
            return
        try:
            write_atomic(self.path_for(url), data, durable=False)
        except OSError:
            return
        self.evict()

    def entries(self) -> list[tuple[float, int, Path]]:
        """(last used, size, path) of each cached photo."""
        out = []
        try:
            with os.scandir(self.root) as found:
                for entry in found:
                    if entry.name.startswith("."):
                        continue  # a write in progress
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    out.append((stat.st_mtime, stat.st_size, Path(entry.path)))
        except OSError:
            return []
        return out

    def size(self) -> int:
        return sum(size for _, size, _ in self.entries())

    def evict(self) -> None:
        with self._lock:
            entries = sorted(self.entries())
            total = sum(size for _, size, _ in entries)
            for _, size, path in entries:
                if total <= self.limit:
                    break
                try:
                    path.unlink()
                except OSError:
                    continue
                total -= size


def decode(data: bytes, fit: tuple[int, int] = FIT, max_pixels: int = MAX_PIXELS):
    """The photo in `data` as a small RGBA Pillow image fitting `fit` pixels.

    The header's size is checked before decoding, so a decompression bomb costs
    nothing; anything Pillow cannot read is an ImageError, never a traceback."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(data))
            width, height = image.size
            if width * height > max_pixels:
                raise ImageError(_bomb(width * height, max_pixels))
            image.draft("RGB", fit)  # JPEG: decode at a fraction of the size, much faster
            image.load()
            image = image.convert("RGBA")
            image.thumbnail(fit, PILImage.Resampling.BICUBIC)
            return image
    except ImageError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as err:
        # Pillow refuses past twice its own limit before we see the size: its message has it.
        found = re.search(r"\((\d+) pixels\)", str(err))
        raise ImageError(_bomb(int(found.group(1)) if found else None, max_pixels)) from None
    except UnidentifiedImageError:
        raise ImageError("not an image the reader can read") from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as err:
        raise ImageError(f"a broken image ({' '.join(str(err).split())[:80] or type(err).__name__})"
                         ) from None


def _bomb(pixels: int | None, limit: int) -> str:
    size = f"{pixels:,} pixels" if pixels else "too many pixels"
    return f"refused: {size}, over the limit of {limit:,} (a decompression bomb?)"


class PhotoLoader:
    """Cache first, then the network; thread-safe (one client, one cache)."""

    def __init__(self, cache: ImageCache | None = None, timeout: float = 30.0,
                 fetcher=None) -> None:
        from reader.fetch import Fetcher, Limits

        self.cache = cache or ImageCache()
        self.fetcher = fetcher or Fetcher(Limits(max_bytes=MAX_ENCODED, total_timeout=timeout),
                                          accept=ACCEPT, content_types=("image/",))

    def encoded(self, url: str) -> bytes:
        from reader.fetch import FetchError

        data = self.cache.get(url)
        if data is not None:
            return data
        try:
            data = self.fetcher.fetch(url).content or b""
        except FetchError as err:
            raise ImageError(err.reason) from None
        self.cache.put(url, data)
        return data

    def load(self, url: str):
        """The decoded photo at `url` (see `decode`); ImageError with a one-line reason."""
        return decode(self.encoded(url))

    def prefetch(self, urls: Iterable[str]) -> None:
        """Bring photos into the disk cache only (the next article's); failures are quiet."""
        for url in urls:
            if not self.cache.has(url):
                try:
                    self.encoded(url)
                except ImageError:
                    pass

    def close(self) -> None:
        self.fetcher.close()


@dataclass(frozen=True, slots=True)
class Failed:
    reason: str


class LRU:
    """A small least-recently-used table, safe across threads: `get` counts as a use,
    `put` drops the oldest entries past `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key, item) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        return len(self._items)


class Shelf(LRU):
    """Decoded photos (or why one failed) by address: a small LRU, safe across threads;
    and a smaller one of photos drawn at a size (`lines`), so the worker can draw a
    photo before the pane asks and a photo seen again costs the UI thread nothing.
    `get(url)`: the decoded photo, a `Failed`, or None (not loaded yet)."""

    def __init__(self, size: int = SHELF_SIZE, drawn: int = DRAWN_SIZE) -> None:
        super().__init__(size)
        self._drawn = LRU(drawn)

    def lines(self, url: str, image, width: int, rows: int, base: Style | None = None
              ) -> list[list[Segment]]:
        """`halfblock_lines` of the decoded `image` at `url`, drawn once per size and style."""
        key = (url, id(image), width, rows, base)
        found = self._drawn.get(key)
        if found is None:
            found = halfblock_lines(image, width, rows, base)  # outside any lock: a few ms
            self._drawn.put(key, found)
        return found


def photo_url(image, pixels: int = FIT[0]) -> str | None:
    """The address a photo is drawn from (`model.Image`): the size nearest the widest
    measure, so one download serves every width (`pixels`: drawn in a terminal's
    pixels, the measure's width in them)."""
    return image.best_url(pixels)


class HalfblockPhoto:
    """A decoded photo as a Rich renderable: half-block lines at most `rows` high, fitted
    to the width it is given (for `show` on a terminal)."""

    def __init__(self, image, rows: int) -> None:
        self.image = image
        self.rows = rows

    def __rich_console__(self, console, options):
        width = max(1, options.max_width)
        height = fitted(self.image, width, self.rows)[1]
        for line in halfblock_lines(self.image, width, (height + 1) // 2):
            yield from line
            yield Segment.line()


def photo_renderables(article, loader: PhotoLoader, rows: int, warn=None) -> dict[int, object]:
    """For `show`: {id(block): HalfblockPhoto} of the article's pictures that load;
    `warn(line)` is told, in one line, why one did not."""
    from reader.model import Caption

    out: dict[int, object] = {}
    for block in article.blocks:
        image = block.image if isinstance(block, Caption) else block
        url = photo_url(image) if getattr(image, "drawable", False) else None
        if url is None:
            continue
        try:
            out[id(block)] = HalfblockPhoto(loader.load(url), rows)
        except ImageError as err:
            if warn is not None:
                warn(f"photo not shown: {url}: {err}")
    return out


def fitted(image, width: int, rows: int) -> tuple[int, int]:
    """The photo's size in pixels fitted to `width` cells by `rows` rows of half blocks."""
    w, h = image.size
    scale = min(width / w, rows * 2 / h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def halfblock_lines(image, width: int, rows: int, base: Style | None = None
                    ) -> list[list[Segment]]:
    """`rows` lines of `width` cells: the photo fitted in, centred across, sitting on
    the bottom line (against its caption); transparent pixels and the room around
    show `base` (the pane's style), so the lines need no further styling."""
    from PIL import Image as PILImage

    w, h = fitted(image, width, rows)
    small = image.resize((w, h), PILImage.Resampling.BICUBIC) if (w, h) != image.size else image
    if h % 2:  # an odd height: a transparent pixel row on top
        padded = PILImage.new("RGBA", (w, h + 1), (0, 0, 0, 0))
        padded.paste(small, (0, 1))
        small, h = padded, h + 1
    pixels = small.load()
    cells: dict[tuple, Segment] = {}

    def cell(upper, lower) -> Segment:
        key = (upper, lower)
        found = cells.get(key)
        if found is None:
            top = None if upper[3] < 128 else Color.from_rgb(*upper[:3])
            bottom = None if lower[3] < 128 else Color.from_rgb(*lower[:3])
            if top is None and bottom is None:
                found = Segment(" ", base)
            elif top is None:
                found = Segment("▄", base + Style(color=bottom) if base else Style(color=bottom))
            else:
                found = Segment("▀", Style(color=top, bgcolor=bottom))
            cells[key] = found
        return found

    left = (width - w) // 2
    lines = [[Segment(" " * width, base)] for _ in range(rows - h // 2)]
    for y in range(0, h, 2):
        line = [Segment(" " * left, base)] if left else []
        line += [cell(pixels[x, y], pixels[x, y + 1]) for x in range(w)]
        if width - left - w:
            line.append(Segment(" " * (width - left - w), base))
        lines.append(list(Segment.simplify(line)))
    return lines
