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
import sys
import time
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain, compress, islice
from operator import eq, not_
from pathlib import Path

from reader import heap, paths
from reader.index_cache import IndexCache, intern_date
from reader.model import (
    Article,
    ArticleError,
    ArticleSummary,
    Skipped,
    sort_keys,
    sorting_paths,
)
from reader.sources import light_summary, read_article, read_rows
from reader.text import clean_line

_DIGITS = re.compile(r"(\d+)")


def natural_key(path: str) -> tuple:
    """`a2.txt` before `a10.txt`; case-insensitive."""
    parts = _DIGITS.split(path.casefold())
    parts[1::2] = map(int, parts[1::2])  # the digit runs (the pattern captures them)
    return tuple(parts)


# Digits moved below every other character a file name can hold, so that a
# name with a number where another has text sorts first, as in natural order
# ("a1" before "a-b").
_LOW_DIGITS = str.maketrans({str(d): chr(1 + d) for d in range(10)})
_LOW_CHARS = re.compile(r"[\x01-\x0a]")  # what the moved digits would meet


def natural_sort(names: list[str]) -> None:
    """Sort `names` in place in the order of `natural_key`, cheaply when it can.

    A folder of exported articles usually numbers its files with runs of digits
    of one width (`story-000123.txt`). Then comparing the casefolded names with
    digits moved below every other character gives the natural order (equal
    widths compare as numbers do), at C speed: at 100,000 names that is a
    few tens of milliseconds, where a tuple key per name costs several
    hundred. Names with digit runs of different widths, digits other than
    0-9, or characters the moved digits would meet take the tuple key.
    """
    if len(names) < 2:
        return
    keys = _fast_natural_keys(names)
    if keys is None:
        names.sort(key=natural_key)
        return
    order = sorted(range(len(names)), key=keys.__getitem__)
    names[:] = [names[i] for i in order]


def _fast_natural_keys(texts: list[str]) -> list[str] | None:
    """Keys that sort `texts` as `natural_key` does, made at C speed, or None
    when the texts are not of that simple kind. What all of them start with
    (short of a digit run it may end in) is left out: paths under one folder
    share it, and its digits would otherwise count as runs of another width."""
    prefix = os.path.commonprefix([min(texts), max(texts)])  # common to all of them
    cut = len(prefix)
    while cut and prefix[cut - 1].isdecimal():
        cut -= 1
    folded = "\0".join([t[cut:] for t in texts] if cut else texts).casefold()  # no path holds a NUL
    runs = _DIGITS.findall(folded)
    if len(set(map(len, runs))) > 1 or not "".join(runs).isascii() or _LOW_CHARS.search(folded):
        return None  # widths differ, digits other than 0-9, or control characters
    keys = folded.translate(_LOW_DIGITS).split("\0")
    return keys if len(keys) == len(texts) else None  # else a NUL after all


def _natural_sorted(summaries: list[ArticleSummary]) -> list[ArticleSummary]:
    """`summaries` in natural order of their sources."""
    if len(summaries) < 2:
        return list(summaries)
    keys = _fast_natural_keys(sorting_paths(summaries))
    if keys is None:
        return sorted(summaries, key=_path_key)
    return [summaries[i] for i in sorted(range(len(summaries)), key=keys.__getitem__)]


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def _feed_items(url: str) -> Iterator[ArticleSummary]:
    """A subscription's items as the last refresh left them (no network here)."""
    from reader.subscriptions import load_state

    yield from load_state(url).summaries()


def iter_files(sources: Iterable[str | Path]) -> Iterator[str | Skipped]:
    """The absolute paths of files named directly, and of every regular file
    under folders (recursively, in natural order, hidden files and folders left
    out). A source that does not exist comes back as `Skipped(missing=True)`.
    Paths are strings: a `Path` per file costs more than reading a small one.

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
            yield str(path.absolute())  # a pipe or device is refused when read, with a reason
        else:
            yield Skipped(str(path.absolute()), "no such file or folder", missing=True)


def _walk(top: Path, visited: set[tuple[int, int]]) -> Iterator[str | Skipped]:
    """Depth first in natural order, with a stack of its own (a tree deeper than
    Python's recursion limit is walked too). Each folder's frame holds names
    only (and which are folders): a DirEntry per file, held while the scan
    runs, would be ~30 MB at 100,000 files."""
    # Each frame: (the folder's key, its path with a separator, names not yet
    # seen, the names that are folders).
    stack: list[tuple[tuple[int, int], str, _Names, set[str]]] = []
    pending: str | None = str(top)
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
        _key, prefix, names, folders = stack[-1]
        if not names:
            stack.pop()
            continue
        name = names.pop()  # popped, so each name is freed once used
        if name in folders:
            pending = prefix + name
        else:
            yield prefix + name


def _enter(folder: str, visited: set[tuple[int, int]], stack: list):
    """The stack frame for `folder`, or None (unreadable, or already walked),
    or a `Skipped` for a link back to a folder above it (one on `stack`)."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    key = (st.st_dev, st.st_ino)
    if key in visited:
        if any(key == frame[0] for frame in stack):
            return Skipped(folder, "a link back to a folder above it (a loop); not followed")
        return None
    visited.add(key)
    names: list[str] = []
    folders: set[str] = set()
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                kind = _kind(entry)
                if kind and not entry.name.startswith("."):
                    names.append(entry.name)
                    if kind == "dir":
                        folders.add(entry.name)
    except OSError:
        return None  # an unreadable sub-folder is not fatal; the rest still loads
    natural_sort(names)
    return key, os.path.join(folder, ""), _Names(names), folders


NAME_BLOCK = 1000  # names per packed block of a folder still to walk


class _Names:
    """A folder's names not yet walked, in order, packed in blocks of NAME_BLOCK
    (one string each, split when reached). A list of 100,000 names popped one
    by one frees its strings one by one, scattered over the allocator's pages,
    so they stay taken until nearly the end; packed, the folder holds 2 MB
    instead of 7 MB while its files are read."""

    __slots__ = ("blocks", "current")

    def __init__(self, names: list[str]) -> None:
        self.blocks = ["\0".join(names[i:i + NAME_BLOCK])  # no name holds a NUL
                       for i in range(0, len(names), NAME_BLOCK)]
        self.blocks.reverse()
        self.current: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.current or self.blocks)

    def pop(self) -> str:
        if not self.current:
            self.current = self.blocks.pop().split("\0")
            self.current.reverse()
        return self.current.pop()


def _kind(entry: os.DirEntry) -> str | None:
    try:
        if entry.is_dir():
            return "dir"
        if entry.is_file():
            return "file"
    except OSError:
        pass
    return None


POOL_AFTER = 3000
"""New files known to be waiting (the walk looks this far ahead) before the
rest go to a pool of worker processes, one per core: starting them costs
about as much as reading a thousand files, so a small library or a few
changed files never pay for it."""
CHUNK_FILES = 500  # files per task a worker gets
FIRST_CHUNK = 64  # files read before the first rows go out
FLUSH_ROWS = 2000  # new index entries between two writes of the index cache
FLUSH_SECONDS = 1.0  # ... or this long, whichever comes first


def scan(sources: Iterable[str | Path], *, cache: bool = True,
         workers: int | None = None) -> Iterator[ArticleSummary | Skipped]:
    """The light pass over every file of `sources`, in file order.

    A second article with the id of one already seen (the same article in two
    places) is skipped with a note. The index cache under the user cache
    directory is read once; what the scan reads is added to it as it goes (see
    `IndexCache.flush`), so a scan cut short resumes where it stopped.

    `workers`: processes for the light pass; None means one per core once
    more than POOL_AFTER files need reading, 0 means this process only.
    """
    heap.keep_big_blocks_apart()  # the scan's big blocks are freed back, not kept
    sources = list(sources)
    items = [s for s in sources if is_url(s)]
    files = [s for s in sources if not is_url(s)]
    entries = iter_files(files)
    # The first folder is listed (its sort keys made and freed) before the
    # index is read, so the two never take memory at the same time.
    first = next(entries, None)
    if first is not None:
        entries = chain([first], entries)
    index = IndexCache.load(paths.cache_dir() / "index.json") if cache else None
    seen: dict[str, ArticleSummary] = {}
    if workers is None:
        workers = os.cpu_count() or 1
        workers = workers if workers > 1 else 0
    complete = False
    try:
        for item in chain(_light_pass(entries, index, workers),
                          *(_feed_items(url) for url in items)):
            if isinstance(item, ArticleSummary):
                if item.id in seen:
                    if item.kind == "file":
                        first = seen[item.id].source
                        yield Skipped(item.source, f"same article as {clean_line(first)}")
                    continue
                seen[item.id] = item  # not its source: a file's is made on each request
            yield item
        seen.clear()  # before the index is saved: the two need not take memory at once
        complete = True
    finally:
        if index:
            if complete:
                index.save()
            else:
                index.flush()


def _read_chunk(files: list[str]) -> list[tuple]:
    """The light pass over a chunk of files in this process: the rows a worker
    sends back (see `read_rows`)."""
    return read_rows(files, light_summary)


def _result(source: str, row: tuple) -> ArticleSummary | Skipped:
    if row[1] is None:
        return Skipped(source, row[2])
    published = row[3]
    if published is not None:  # one string per distinct date, not one per article
        published = intern_date(published)
    return ArticleSummary(row[1], row[2], source, published)


def _start_pool(workers: int):
    """A pool of `workers` fresh processes, or None when the system refuses one.

    Not forked from this process, which may run threads (a fork would copy
    them mid-flight): forked from a fork server, a process of its own started
    once with the light pass imported, so each worker costs a fork rather than
    an interpreter's start and imports (about 0.1 s of CPU each). Where there
    is no fork server, spawned."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import resource_tracker

    stderr = sys.stderr
    try:
        # The tracker process (and the fork server) are handed our stderr by
        # file descriptor; a full-screen app replaces sys.stderr with an object
        # whose descriptor is not a real one, so hand them the process's own.
        sys.stderr = sys.__stderr__ or stderr
        resource_tracker.ensure_running()
        try:
            context = multiprocessing.get_context("forkserver")
            # The server imports the light pass once (and the main module,
            # where this Python hands it over); each worker inherits them.
            context.set_forkserver_preload(["__main__", "reader.sources"])
            from multiprocessing import forkserver

            forkserver.ensure_running()
        except (OSError, ValueError, ImportError):
            context = multiprocessing.get_context("spawn")
        sys.stderr = stderr
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker)
    except (OSError, ValueError, ImportError, NotImplementedError):
        return None
    finally:
        sys.stderr = stderr


def _quiet_worker() -> None:
    """A worker never writes to the terminal the reader is drawing on."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _light_pass(entries: Iterable[str | Skipped], index: IndexCache | None,
                workers: int) -> Iterator[ArticleSummary | Skipped]:
    """Each file's summary, in file order: from the index cache when the file is
    unchanged, else read here or, once POOL_AFTER files are known to need
    reading, by a pool of workers.

    Files go out in chunks; results come back in the order the chunks were
    sent (equal chunks finish in about that order, so little waits), and at
    most a few chunks per worker are in flight, so memory stays flat. Until
    the workers' first chunks come back, this process reads the chunks after
    theirs instead of waiting (the first chunk sent waits for the fork server).
    """
    from collections import deque

    pool = executor = None  # pool turns False when it is not to be used
    pending: deque = deque()  # (sources, results, rows read here or None, future or None)
    in_flight = 4 * max(workers, 1)
    futures = 0  # of `pending`, the chunks sent to the pool
    warm = False  # a worker has answered: the pool is running
    unflushed = 0
    last_flush = time.monotonic()
    ahead: deque = deque()  # (source, cached result or None), walked but not yet in a chunk
    entries = iter(entries)
    lookup = index.lookup if index is not None else None

    def walked() -> Iterator[tuple[str, object]]:
        """(source, cached result or None) of every entry, `ahead` first."""
        while True:
            while ahead:
                yield ahead.popleft()
            for entry in entries:
                if isinstance(entry, Skipped):
                    yield entry.source, entry
                else:
                    yield entry, lookup(entry) if lookup is not None else None
                if ahead:
                    break  # new_files_ahead walked on: take those first
            else:
                if not ahead:
                    return

    def new_files_ahead(enough: int) -> int | None:
        """New files waiting in `ahead`, walking on until `enough` of them, or
        8 * `enough` entries (a library the index knows is not held in `ahead`
        to find a few changed files), or the end; None when it stopped short."""
        waiting = sum(1 for _, cached in ahead if cached is None)
        for entry in entries:
            if isinstance(entry, Skipped):
                ahead.append((entry.source, entry))
            else:
                ahead.append((entry, cached := lookup(entry) if lookup is not None else None))
                waiting += cached is None
                if waiting >= enough:
                    return waiting
            if len(ahead) >= 8 * enough:
                return None
        return waiting

    def chunks() -> Iterator[tuple[list, list]]:
        sources: list = []
        results: list = []
        misses = 0
        size = FIRST_CHUNK  # the first rows go out soon, for the first frame
        for source, cached in walked():
            sources.append(source)
            results.append(cached)
            misses += cached is None
            if misses >= size or len(sources) >= 4 * CHUNK_FILES:
                yield sources, results
                sources, results, misses = [], [], 0
                size = CHUNK_FILES
        if sources:
            yield sources, results

    def finish(batch) -> Iterator[ArticleSummary | Skipped]:
        nonlocal pool, unflushed, last_flush, futures, warm
        sources, results, rows, future = batch
        if future is not None:
            futures -= 1
            try:
                rows = future.result()
                warm = True
            except Exception:  # a worker died (killed, out of memory): go on here
                pool = False
        if rows is None:
            rows = _read_chunk([s for s, r in zip(sources, results, strict=True) if r is None])
        rows = iter(rows)
        for i, result in enumerate(results):
            if result is None:
                row = next(rows)
                results[i] = result = _result(sources[i], row)
                if index is not None and row[0] is not None:
                    index.store(sources[i], result, row[0])
                    unflushed += 1
        # The whole chunk is in the index before any of it goes out: what was
        # read is kept even if the caller stops here.
        if index is not None and unflushed and (
                unflushed >= FLUSH_ROWS or time.monotonic() - last_flush >= FLUSH_SECONDS):
            index.flush()
            unflushed = 0
            last_flush = time.monotonic()
        yield from results

    def ready(batch) -> bool:
        return batch[3] is None or batch[3].done()

    try:
        first = True
        for sources, results in chunks():
            misses = results.count(None)
            future = rows = None
            if misses and workers and pool is None and not first and not ahead:
                # After the first rows: is there enough left to pay for workers?
                # Asked again once what was looked at is read, until it is.
                waiting = new_files_ahead(POOL_AFTER)
                if waiting is not None:
                    pool = executor = (waiting >= POOL_AFTER and _start_pool(workers)) or False
            first = False
            todo = [s for s, r in zip(sources, results, strict=True) if r is None] if misses else []
            if pool and todo and (futures < in_flight or warm):
                future = pool.submit(read_rows, todo)
                futures += 1
            elif todo:
                rows = _read_chunk(todo)  # here, or while the workers start
            pending.append((sources, results, rows, future))
            # Results leave in order; a chunk read here is ready at once. Once
            # the workers run, wait on them rather than send them more.
            while pending and (ready(pending[0]) or (warm and futures >= in_flight)):
                yield from finish(pending.popleft())
        while pending:
            yield from finish(pending.popleft())
    finally:
        if executor:
            executor.shutdown(wait=False, cancel_futures=True)


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


def order(summaries: Iterable[ArticleSummary], sort: str = "newest") -> list[ArticleSummary]:
    """By full timestamp (a date alone counts as the start of its day), newest
    first (`sort="oldest"`: oldest first); undated articles after the dated ones,
    in natural order of their path (export order)."""
    items = summaries if isinstance(summaries, list) else list(summaries)  # only read
    # The scan orders its growing list a dozen times: the keys are taken once
    # and the sorting, and the search for ties, run on them at C speed, with no
    # object per row beyond the lists (a list of row numbers was 3 MB more).
    keys = sort_keys(items)
    dated = list(compress(items, keys))
    ranked_keys = list(filter(None, keys))
    # Each row's key in turn: a sort asks for every key once, in list order.
    dated.sort(key=partial(next, iter(ranked_keys)), reverse=sort != "oldest")
    ranked_keys.sort(reverse=sort != "oldest")  # now the key of each row of `dated`
    # Ties (articles of the same day) in natural order of their path. The path
    # keys are made one run of equal dates at a time: for all 100,000 rows at
    # once they would take tens of MB.
    ties = compress(range(1, len(dated)), map(eq, ranked_keys, islice(ranked_keys, 1, None)))
    run_end = 0
    for at in ties:  # `at` equals the row before it
        if at < run_end:
            continue  # inside a run already sorted
        start = end = at - 1
        while end < len(dated) and ranked_keys[end] == ranked_keys[start]:
            end += 1
        dated[start:end] = _natural_sorted(dated[start:end])
        run_end = end
    del ranked_keys
    if len(dated) == len(items):
        return dated
    undated = _natural_sorted(list(compress(items, map(not_, keys))))
    return dated + undated


def _sort_key(summary: ArticleSummary) -> str:
    return summary.sort_key


def _path_key(summary: ArticleSummary) -> tuple:
    return natural_key(summary.source)


def default_sources(store=None) -> list[str]:
    """The user's library (folders, files, then feeds), or the bundled samples while it is empty."""
    if store is not None:
        saved = [*store.sources(), *(feed["url"] for feed in store.feeds())]
        if saved:
            return saved
    return [str(paths.samples_dir())]
