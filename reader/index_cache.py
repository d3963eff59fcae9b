"""The index of light-pass results, kept in the user cache directory.

A cache, not state: losing it costs one re-scan. Entries are keyed by
absolute path and trusted only while the file's size and mtime are those
recorded.

On disk it is a base file (`index.json`) and, while a scan runs, parts
beside it (`index.json.<stamp>.part`): every `flush` writes the entries found
since the last one as a new part, atomically, so quitting or a crash in the
middle of a long first scan keeps what was read and the next scan resumes
from there. A scan that ends folds base and parts into a new base (a first
scan, whose parts hold every row in order, by copying their lines). Each file
is a header line, then lines of at most CHUNK entries each (a JSON object
per line), so neither reading nor writing ever holds the whole index as one
string. A file that fails to load (or is not a regular file), and any entry of the
wrong shape, is ignored and rewritten by a later scan.

Looking a file up needs no table from path to row while the scan runs: the
walk meets the files in the order the last scan stored them, so each lookup
first tries the row after the last one found; only a file out of that order
(new, moved, or named twice) is searched for, in the rows sorted by name
(made the first time one is needed).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import time
from array import array
from bisect import bisect_left
from itertools import islice
from pathlib import Path

from reader import __version__
from reader.files import open_regular
from reader.model import ArticleSummary, Skipped, interned, split_path
from reader.sources import PAGES_REVISION, plaintext
from reader.text import clean_line

# Entries from another version or parser revision are dropped.
FORMAT = f"3:{__version__}:{plaintext.REVISION}:{PAGES_REVISION}"
CHUNK = 5000  # entries per line of a cache file
_COLUMNS = ("p", "s", "m", "i", "t", "d")  # path, size, mtime_ns, id, title or reason, date
HEADER = (json.dumps({"format": FORMAT}) + "\n").encode("utf-8")  # every file's first line


class _Unusable:
    """An entry of the wrong shape (a hand-edited or foreign file): kept as read
    and written back until the file is read again, never handed out."""

    __slots__ = ("source", "id", "title", "date")

    def __init__(self, source: str, id_, title, date) -> None:
        self.source, self.id, self.title, self.date = source, id_, title, date


def _name_of(result) -> str:
    if result.__class__ is ArticleSummary:
        return result.path_parts[1]
    return split_path(result.source)[1]


def _folder_of(result) -> str:
    if result.__class__ is ArticleSummary:
        return result.path_parts[0]
    return split_path(result.source)[0]


class IndexCache:
    """In memory the index is, per file, what a lookup hands out (the very
    `ArticleSummary`, whose path is its shared folder and its name, or the
    `Skipped`) and two arrays for size and mtime: no column per field, and no
    object a lookup must make. The dict from path to row that loading parts
    builds (the later of two entries for a path wins) is dropped once the files
    are read: at 100,000 files it would be 7 MB, held at the scan's peak."""

    def __init__(self, path: Path):
        self.path = path
        self.rows: dict[str, int] = {}  # path to row, while parts load
        self.results: list = []  # ArticleSummary, Skipped or _Unusable per row
        self.sizes = array("q")
        self.mtimes = array("q")
        self.dirty = False
        self.fresh: list[int] = []  # rows stored since the last flush
        self.parts: list[Path] = []  # parts this cache has read or written
        self.loaded = 0  # rows read from disk: the rows lookups can find
        self._next = 0  # the row the next lookup tries first
        self._sorted: array | None = None  # loaded rows in order of name, once needed
        self._stale: dict[str, int] = {}  # path to row, for files found changed
        self.replaced = False  # a row was replaced in place (see `save`)

    @property
    def entries(self) -> dict[str, int]:
        """Path to row, for every file the index knows (made on request)."""
        return {self.path_of(row): row for row in range(len(self.results))}

    def path_of(self, row: int) -> str:
        return self.results[row].source

    @classmethod
    def load(cls, path: Path) -> IndexCache:
        cache = cls(path)
        # The base file was written from one table of rows: it needs no check for
        # a path seen before (and no dict from path to row while it loads).
        cache._read(path, indexed=False)
        for part in sorted(path.parent.glob(f"{path.name}.*.part")):
            if not cache.rows:
                cache.rows = {cache.path_of(row): row for row in range(len(cache.results))}
            if cache._read(part):
                cache.parts.append(part)
        cache.loaded = len(cache.results)
        cache.rows = {}  # the files are read (each path once, its later entry kept)
        return cache

    def _read(self, path: Path, indexed: bool = True) -> bool:
        """Merge one cache file's entries in; False when it is missing or not ours."""
        try:
            with open_regular(path) as raw, io.TextIOWrapper(raw, encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                if not isinstance(header, dict) or header.get("format") != FORMAT:
                    return False
                for line in handle:
                    chunk = json.loads(line)
                    if not isinstance(chunk, dict):
                        continue
                    columns = [chunk.get(c) for c in _COLUMNS]
                    if not all(isinstance(c, list) for c in columns):
                        continue
                    if len({len(c) for c in columns}) != 1:
                        continue
                    for source, size, mtime, id_, title, date in zip(*columns, strict=True):
                        if (isinstance(source, str) and isinstance(size, int)
                                and isinstance(mtime, int)):
                            self._put(source, _entry(source, id_, title, date), size, mtime,
                                      indexed=indexed)
        except (OSError, ValueError, UnicodeDecodeError, TypeError, OverflowError, RecursionError):
            return False
        return True

    def _put(self, source: str, result, size: int, mtime: int, *, indexed: bool = True,
             row: int | None = None) -> int:
        """Add or replace (`row`, or the row read for the same path) the file's
        entry. `indexed=False` (what a scan learns) does not add a new path to
        `rows`: only entries read from disk are looked up. A path stored twice in
        one scan (named directly and inside a folder) is then written twice;
        the later entry wins when read back."""
        if indexed:
            row = self.rows.get(source)
        if row is None:
            row = len(self.results)
            if indexed:
                self.rows[source] = row
            self.results.append(result)
            self.sizes.append(size)
            self.mtimes.append(mtime)
        else:
            self.results[row] = result
            self.sizes[row], self.mtimes[row] = size, mtime
            self.replaced = True
        return row

    def _row(self, source: str) -> int | None:
        """The row read from disk for `source`, or None."""
        row = self._next
        if row < self.loaded:
            result = self.results[row]
            if (result.has_source(source) if result.__class__ is ArticleSummary
                    else result.source == source):
                self._next = row + 1
                return row
        if not self.loaded:
            return None
        results = self.results
        if self._sorted is None:
            # By name: a summary's own string, nothing made per row (a full path
            # per row would be 10 MB at 100,000 files, the moment a new file shows).
            names = [_name_of(result) for result in results[:self.loaded]]
            self._sorted = array("q", sorted(range(self.loaded), key=names.__getitem__))
            del names
        folder, name = split_path(source)

        def name_at(at: int) -> str:
            return _name_of(results[at])

        at = bisect_left(self._sorted, name, key=name_at)
        found = None
        while at < len(self._sorted) and name_at(row := self._sorted[at]) == name:
            if _folder_of(results[row]) == folder:
                found = row  # the later of a path stored twice (rows of a name keep their order)
            at += 1
        if found is not None:
            self._next = found + 1
        return found

    def lookup(self, path: Path | str, stat: os.stat_result | None = None):
        """The cached `ArticleSummary` or `Skipped` for an unchanged file, else None.

        `stat` is the file's stat when the caller has it already.
        """
        source = str(path)
        row = self._row(source)
        if row is None:
            return None
        if stat is None:
            try:
                stat = os.stat(source)
            except OSError:
                self._stale[source] = row
                return None
        result = self.results[row]
        if (self.sizes[row] != stat.st_size or self.mtimes[row] != stat.st_mtime_ns
                or result.__class__ is _Unusable):
            self._stale[source] = row  # read again: `store` replaces this row
            return None
        return result

    def store(self, path: Path | str, result, key: tuple[int, int] | None = None) -> None:
        """Remember `result` for the file; `key` is its (size, mtime_ns) when the
        caller took it before reading the file (else the file is stat'ed now)."""
        source = str(path)
        if key is None:
            try:
                stat = os.stat(source)
            except OSError:
                return
            key = (stat.st_size, stat.st_mtime_ns)
        stale = self._stale.pop(source, None)  # the file changed: its row is replaced
        if not isinstance(result, Skipped) and not result.is_local:
            return  # only files are indexed
        self.fresh.append(self._put(source, result, key[0], key[1], indexed=False, row=stale))
        self.dirty = True

    def flush(self) -> None:
        """Write the entries stored since the last flush as a new part (atomically)."""
        if not self.fresh:
            return
        part = self.path.with_name(f"{self.path.name}.{time.time_ns():020d}-{os.getpid()}.part")
        if self._write(part, self.fresh):
            self.parts.append(part)
            self.fresh = []

    def save(self) -> None:
        """Fold everything into the base file and drop the parts (a scan has ended).

        After a first scan (nothing read from disk, no row replaced) the parts
        this cache wrote hold every row, in order: the base is their lines
        copied after one header, not every row encoded again (a tenth of a
        second at 100,000 files, at the end of the scan)."""
        if not self.dirty and not self.parts:
            return
        saved = False
        if not self.loaded and not self.replaced and self.parts:
            self.flush()
            saved = not self.fresh and self._replace(self.path, self._copy_parts)
        if saved or self._write(self.path, range(len(self.results))):
            self.dirty = False
            self.fresh = []
            for part in self.parts:
                try:
                    part.unlink()
                except OSError:
                    pass
            self.parts = []

    def _copy_parts(self, handle) -> None:
        handle.write(HEADER)
        for part in self.parts:
            with open_regular(part) as source:
                source.readline()  # the part's header: the same format, written here
                shutil.copyfileobj(source, handle, 1 << 20)

    def _write(self, path: Path, rows) -> bool:
        """Replace `path` with a header and `rows` in chunks; False when the disk refuses."""
        results, sizes, mtimes = self.results, self.sizes, self.mtimes

        def write(handle) -> None:
            handle.write(HEADER)
            remaining = iter(rows)
            while chunk := list(islice(remaining, CHUNK)):
                data = {"p": [], "s": [sizes[r] for r in chunk],
                        "m": [mtimes[r] for r in chunk], "i": [], "t": [], "d": []}
                for r in chunk:
                    _columns_of(results[r], data)
                handle.write(_encode(data))
                handle.write(b"\n")

        return self._replace(path, write)

    @staticmethod
    def _replace(path: Path, write) -> bool:
        """Replace `path` atomically with what `write(binary handle)` writes;
        False when the disk refuses."""
        folder = path.parent
        temp = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "wb") as handle:
                write(handle)
            os.replace(temp, path)
            return True
        except OSError:
            if temp:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
            return False  # a cache we cannot write only costs a re-scan next time


def _entry(source: str, id_, title, date):
    """What a lookup hands out for an entry read from disk (a hand-edited title
    reaches the screen cleaned), or `_Unusable` for one of the wrong shape."""
    if isinstance(title, str):
        if not title.isprintable():
            title = clean_line(title)
        if id_ is None:
            return Skipped(source, title)
        if isinstance(id_, str):
            folder, name = split_path(source)
            date = intern_date(date) if isinstance(date, str) else None
            return ArticleSummary.of_file(id_, title, folder, name, date)
    return _Unusable(source, id_, title, date)


def _columns_of(result, data: dict) -> None:
    """Append `result`'s path, id, title (or reason) and date to the chunk's columns."""
    data["p"].append(result.source)
    if result.__class__ is ArticleSummary:
        data["i"].append(result.id)
        data["t"].append(result.title)
        data["d"].append(result.published)
    elif result.__class__ is Skipped:
        data["i"].append(None)
        data["t"].append(result.reason)
        data["d"].append(None)
    else:
        data["i"].append(result.id)
        data["t"].append(result.title)
        data["d"].append(result.date)


_DATES: dict[str, str] = {}  # one string per distinct date, however many articles share it
DISTINCT_DATES = 20000
"""Dates kept for sharing (55 years of days). An archive of articles that each have
a day of their own gains nothing from sharing, and would hold one more entry per article."""


def intern_date(date: str) -> str:
    """The one string kept for this date, while there are not too many distinct ones."""
    return interned(_DATES, date, DISTINCT_DATES)


def _encode(data: dict) -> bytes:
    """Compact JSON in UTF-8. A path that is not valid Unicode (a file name's
    undecodable bytes, kept by Python as lone surrogates) is written as \\u
    escapes, which read back as the same path."""
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, separators=(",", ":")).encode("ascii")
