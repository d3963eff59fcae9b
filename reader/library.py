"""What the user reads: files and folders turned into an ordered article index.

- `iter_files(sources)`: every candidate file under the given files/folders.
- `scan(sources)`: the light pass, yielding `ArticleSummary` or `Skipped`,
  through an index cache so unchanged files are not read again.
- `load(summary)`: the full article of a summary, by its kind (a file, a feed
  item, a page), or of a path or page URL (raises `ArticleError`).
- `order(summaries, sort)`: the sidebar order, which `newsreader list` shares.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from reader import paths
from reader.index_cache import IndexCache
from reader.model import Article, ArticleError, ArticleSummary, Skipped
from reader.sources import read_article, read_summary
from reader.text import clean_line

_DIGITS = re.compile(r"(\d+)")


def natural_key(path: str) -> tuple:
    """`a2.txt` before `a10.txt`; case-insensitive."""
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return tuple(int(part) if part.isdecimal() else part.casefold() for part in _DIGITS.split(path))


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def _feed_items(url: str) -> Iterator[ArticleSummary]:
    """A subscription's items as the last refresh left them (no network here)."""
    from reader.subscriptions import load_state

    yield from load_state(url).summaries()


def iter_files(sources: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Files named directly, and every regular file under folders (recursively,
    in natural order, hidden files and folders left out). A source that does
    not exist comes back as `Skipped(missing=True)`.

    Each folder is visited once, known by (device, inode): a symbolic link
    back to a folder being walked is a loop, reported once as `Skipped`, and
    a second way into a folder already walked adds nothing.
    """
    visited: set[tuple[int, int]] = set()
    for source in sources:
        path = Path(source).expanduser()
        if path.is_dir():
            yield from _walk(path.absolute(), visited)
        elif path.exists():
            yield path.absolute()  # a pipe or device is refused when read, with a reason
        else:
            yield Skipped(str(path.absolute()), "no such file or folder", missing=True)


def _walk(top: Path, visited: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    """Depth first in natural order, with a stack of its own (a tree deeper
    than Python's recursion limit is walked too)."""
    # Each frame: (the folder's key, its entries not yet seen, reversed).
    stack: list[tuple[tuple[int, int], list[os.DirEntry]]] = []
    pending: Path | None = top
    while True:
        if pending is not None:
            frame = _enter(pending, visited, stack)
            pending = None
            if isinstance(frame, Skipped):
                yield frame
            elif frame is not None:
                stack.append(frame)
        if not stack:
            return
        entries = stack[-1][1]
        if not entries:
            stack.pop()
            continue
        entry = entries.pop()
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                pending = Path(entry.path)
            elif entry.is_file():
                yield Path(entry.path)
        except OSError:
            continue


def _enter(folder: Path, visited: set[tuple[int, int]], stack: list):
    """The stack frame for `folder`, or None (unreadable, or already walked),
    or a `Skipped` for a link back to a folder above it (one on `stack`)."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    key = (st.st_dev, st.st_ino)
    if key in visited:
        if any(key == above for above, _ in stack):
            return Skipped(str(folder), "a link back to a folder above it (a loop); not followed")
        return None
    visited.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: natural_key(e.name), reverse=True)
    except OSError:
        return None  # an unreadable sub-folder is not fatal; the rest still loads
    return key, entries


def scan(sources: Iterable[str | Path], *, cache: bool = True) -> Iterator[ArticleSummary | Skipped]:
    """The light pass over every file of `sources`, in file order.

    A second article with the id of one already seen (the same article in two
    places) is skipped with a note. The index cache under the user cache
    directory is read once and written back when something changed.
    """
    sources = list(sources)
    index = IndexCache.load(paths.cache_dir() / "index.json") if cache else None
    seen: dict[str, str] = {}
    items = [s for s in sources if is_url(s)]
    files = [s for s in sources if not is_url(s)]
    try:
        for item in chain(iter_files(files), *(_feed_items(url) for url in items)):
            if isinstance(item, ArticleSummary):
                if item.id not in seen:
                    seen[item.id] = item.source
                    yield item
                continue
            if isinstance(item, Skipped):
                yield item
                continue
            result = index.lookup(item) if index else None
            if result is None:
                try:
                    result = read_summary(item)
                except ArticleError as err:
                    result = Skipped(str(item), clean_line(err))  # a reason is for display
                if index:
                    index.store(item, result)
            if isinstance(result, ArticleSummary):
                if result.id in seen:
                    yield Skipped(result.source, f"same article as {clean_line(seen[result.id])}")
                    continue
                seen[result.id] = result.source
            yield result
    finally:
        if index:
            index.save()


def load(source: ArticleSummary | str | Path) -> Article:
    """The full article of a summary (by its kind), or of a file or page URL:
    a file is parsed; a feed item comes from the offline cache, else its page is
    fetched; a page URL comes from the cache or, failing that, is fetched now."""
    if isinstance(source, ArticleSummary):
        if source.kind == "file":
            return read_article(source.source)
        if source.kind == "item":
            from reader import feedcache

            cached = feedcache.load_cached(source.id)
            if cached is not None:
                return cached
            if not is_url(source.source) or source.feed and source.source.startswith(source.feed + "#"):
                raise ArticleError("this feed item is not in the offline cache: refresh its feed")
        return fetch_page(source.source)
    if not is_url(source):
        return read_article(source)
    return fetch_page(source)


def fetch_page(url: str) -> Article:
    """Fetch a web page, extract its article and keep it for offline reading."""
    from reader import feedcache
    from reader.fetch import FetchError, fetch
    from reader.sources.html import parse_html_bytes
    from reader.sources.identity import url_id

    cached = feedcache.load_cached(url_id(url))
    if cached:
        return cached
    try:
        result = fetch(url)
    except FetchError as err:
        raise ArticleError(str(err)) from None
    kind = (result.content_type or "").lower()
    if "xml" in kind or "rss" in kind or "atom" in kind or "feed+json" in kind:
        raise ArticleError("this is a feed, not a page: subscribe with `newsreader add URL`")
    article = parse_html_bytes(result.content or b"", result.final_url, result.content_type,
                               article_id=url_id(url))
    feedcache.save_cached(article)
    return article


SORTS = ("newest", "oldest")


def order(summaries: Iterable[ArticleSummary], sort: str = "newest") -> list[ArticleSummary]:
    """By full timestamp (a date alone counts as the start of its day), newest
    first (`sort="oldest"`: oldest first); undated articles after the dated ones,
    in natural order of their path (export order)."""
    items = list(summaries)
    dated = sorted((s for s in items if s.sort_key), key=lambda s: natural_key(s.source))
    dated.sort(key=lambda s: s.sort_key, reverse=sort != "oldest")
    undated = sorted((s for s in items if not s.sort_key), key=lambda s: natural_key(s.source))
    return dated + undated


def default_sources(store=None) -> list[str]:
    """The user's library (folders, files, then feeds), or the bundled samples while it is empty."""
    if store is not None:
        saved = [*store.sources(), *(feed["url"] for feed in store.feeds())]
        if saved:
            return saved
    return [str(paths.samples_dir())]
