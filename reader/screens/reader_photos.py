"""The reader screen's photos: loaded in a thread worker for the article shown, and
brought into the disk cache for the next one.

A mixin of `ReaderScreen` (it uses the screen's `pane`, `sidebar` and loaded
articles). The worker never touches a widget: it fills the pane's `Shelf`
(a thread-safe LRU of decoded photos) and posts `PhotoLoaded`; the pane then
only redraws. Moving to another article starts a new worker (exclusive: the
old one stops before its next photo); a photo that arrives for an article no
longer shown stays on the shelf and in the cache, and is drawn by no one.

With Kitty or Sixel, the worker also encodes each photo for the terminal at the
pane's size in pixels (`graphics.encode`, onto the pane's `graphics_shelf`),
and after each frame the app calls `photos_displayed`, which writes what the
terminal must change (see `widgets.photo_graphics`); a screen on top clears
them, and the reader's end deletes them.
"""

from __future__ import annotations

import threading

from textual import work
from textual.css.query import NoMatches
from textual.message import Message
from textual.worker import get_current_worker

from reader.images import (
    DEFAULT_CACHE_MB,
    FIT,
    Failed,
    ImageCache,
    ImageError,
    PhotoLoader,
    Shelf,
    decode,
    photo_url,
)
from reader.model import Article
from reader.present import source_shown


class PhotoLoaded(Message):
    """A photo is on the shelf (`reason` is None) or was refused (`reason` says why)."""

    def __init__(self, url: str, reason: str | None) -> None:
        super().__init__()
        self.url = url
        self.reason = reason


_LOADER_LOCK = threading.Lock()


class ReaderPhotos:
    _photo_loader: PhotoLoader | None = None

    def photo_loader(self, megabytes: float, timeout: float) -> PhotoLoader:
        """One loader (one HTTP client, one cache) for the screen's life; made in the
        first photo worker, so launching does not import the HTTP client."""
        with _LOADER_LOCK:
            if self._photo_loader is None:
                self._photo_loader = PhotoLoader(ImageCache(limit=int(megabytes * 1024 * 1024)),
                                                 timeout=timeout)
            return self._photo_loader

    def show_photos(self, article: Article) -> None:
        """Start loading the photos of the article just shown (and the next one's)."""
        if not self.pane.photos_on:
            return
        shelf = self.pane.photo_shelf
        pixels = self.pane.photo_pixels() or FIT[0]
        in_pixels = self.pane.graphics_size()
        encoded = self.pane.graphics_shelf
        urls = list(dict.fromkeys(
            url for _, image in article.pictures()
            if (url := photo_url(image, pixels))
            and (url not in shelf or (in_pixels and (url, *in_pixels[1:], in_pixels[0])
                                      not in encoded))))
        nxt = self._next_loaded()
        later = ([url for _, image in nxt.pictures() if (url := photo_url(image, pixels))]
                 if nxt else [])
        if urls or later:
            config = self.app.config
            self.load_photos(urls, later, shelf, self.pane.photo_size(),
                             (getattr(config, "image_cache_mb", DEFAULT_CACHE_MB),
                              getattr(config, "fetch_timeout", 30.0)),
                             (in_pixels, encoded) if in_pixels else None)

    def _next_loaded(self) -> Article | None:
        """The article after the highlighted row, when it is loaded already."""
        index = self.sidebar.highlighted
        rows = self.sidebar.summaries
        if index is None or index + 1 >= len(rows):
            return None
        return self._articles.get(rows[index + 1].id)

    @work(thread=True, exclusive=True, group="photos", exit_on_error=False)
    def load_photos(self, urls: list[str], later: list[str], shelf: Shelf,
                    size: tuple | None, settings: tuple[float, float],
                    in_pixels: tuple | None = None) -> None:
        """Decode the shown article's photos onto `shelf` (drawn at `size`, the pane's
        (columns, rows, style), so its UI thread only shows them), then bring the next
        one's into the disk cache. `settings`: (cache size in MB, download deadline in s).
        `in_pixels`: ((protocol, columns, rows, cell), shelf): encode them for the terminal."""
        worker = get_current_worker()
        loader = self.photo_loader(*settings)
        big: dict[str, object] = {}  # decoded at the terminal's pixels, to encode next
        for url in urls:
            if worker.is_cancelled:
                return
            try:
                if in_pixels is None:
                    image = loader.load(url)
                else:
                    big[url] = self._decode_for_pixels(loader, url, in_pixels[0])
                    image = big[url].copy()
                    image.thumbnail(FIT)  # as `decode` gives it, for half blocks
                if size is not None:
                    shelf.lines(url, image, *size)
                shelf.put(url, image)
                reason = None
            except ImageError as err:
                reason = str(err)
                shelf.put(url, Failed(reason))
            self.post_message(PhotoLoaded(url, reason))
        # Half blocks first (a few ms each), then the pixels (Sixel takes longer):
        # each photo is shown at once, and sharp when its encoding is ready.
        for url, image in big.items():
            if worker.is_cancelled:
                return
            if self._encode_for_pixels(url, image, *in_pixels):
                self.post_message(PhotoLoaded(url, None))
        if not worker.is_cancelled:
            loader.prefetch(url for url in later if url not in shelf)

    @staticmethod
    def _decode_for_pixels(loader: PhotoLoader, url: str, size: tuple):
        """The photo decoded for the terminal's pixels: (protocol, columns, rows, cell)."""
        _protocol, cols, rows, cell = size
        return decode(loader.encoded(url), (max(FIT[0], cols * cell[0]),
                                            max(FIT[1], rows * cell[1])))

    @staticmethod
    def _encode_for_pixels(url: str, image, size: tuple, encoded) -> bool:
        """Encode onto `encoded` (the pane's GraphicsShelf); False if Pillow could not
        (the photo stays in half blocks)."""
        from reader import graphics

        protocol, cols, rows, cell = size
        try:
            encoded.put((url, cols, rows, cell, protocol),
                        graphics.encode(image, protocol, cols, rows, cell))
        except (OSError, ValueError, MemoryError):
            return False
        return True

    # -- pixels on the terminal (Kitty, Sixel) --------------------------------------------

    def photos_displayed(self) -> None:
        """After each frame (the app's display hook): bring the photos drawn in pixels
        to what the frame shows; with another screen on top, clear them."""
        pane = self._pixels_pane()
        if pane is not None:
            self.write_graphics(pane.graphics_after_display(self.app.screen is self))

    def _pixels_pane(self):
        """The reading pane when photos are drawn in pixels (a cheap look first: this
        runs after every frame)."""
        config = self.app.config
        images = getattr(config, "images", "off")
        if images == "auto":
            images = getattr(config, "image_protocol", None)
        if images not in ("kitty", "sixel"):
            return None
        try:
            return self.pane
        except NoMatches:
            return None

    def write_graphics(self, data: str) -> None:
        if data:
            from reader.widgets.photo_graphics import send

            send(self.app, data)

    def on_screen_suspend(self) -> None:
        pane = self._pixels_pane()
        if pane is not None:
            self.write_graphics(pane.graphics_after_display(False))

    def on_reading_pane_photo_size_changed(self) -> None:
        if self.pane.article is not None:
            self.show_photos(self.pane.article)

    def on_photo_loaded(self, message: PhotoLoaded) -> None:
        self.pane.photo_arrived(message.url)
        if message.reason is not None:
            self.app.notify(f"{source_shown(message.url)}: {message.reason}",
                            title="Photo not shown", severity="warning", toast=False)
