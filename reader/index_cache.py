"""The index of light-pass results, kept in the user cache directory.

A cache, not state: losing it costs one re-scan. Entries are keyed by
absolute path and trusted only while the file's size and mtime are those
recorded.

On disk it is a base file (`index.json`) and, while a scan runs, parts
beside it (`index.json.<stamp>.part`): every `flush` writes the entries found
since the last one as a new part, atomically, so quitting or a crash in the
middle of a long first scan keeps what was read and the next scan resumes
from there. A scan that ends folds base and parts into a new base. Each file
is a header line, then lines of at most CHUNK entries each (a JSON object
per line), so neither reading nor writing ever holds the whole index as one
string. A file that fails to load (or is not a regular file), and any entry of the
wrong shape, is ignored and rewritten by a later scan.

Looking a file up needs no table from path to row while the scan runs: the
walk meets the files in the order the last scan stored them, so each lookup
first tries the row after the last one found; only a file out of that order
(new, moved, or named twice) is searched for, in the rows sorted by path
(made the first time one is needed).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import time
from array import array
from bisect import bisect_left
from itertools import islice
from pathlib import Path

from reader import __version__
from reader.files import open_regular
from reader.model import ArticleSummary, Skipped, split_path
from reader.sources import PAGES_REVISION, plaintext
from reader.text import clean_line

# Entries from another version or parser revision are dropped.
FORMAT = f"3:{__version__}:{plaintext.REVISION}:{PAGES_REVISION}"
CHUNK = 5000  # entries per line of a cache file
_COLUMNS = ("p", "s", "m", "i", "t", "d")  # path, size, mtime_ns, id, title or reason, date


class IndexCache:
    """In memory the index is columns (a list or array per field), not an object
    per file: at 100,000 files that is tens of MB less, and the strings are the
    very ones the summaries it returns hold. A path is kept as its folder (one
    string per folder, shared with the summaries) and its name. The dict from
    path to row that loading builds (the later of two entries for a path wins)
    is dropped once the files are read: at 100,000 files it is 7 MB, which the
    scan would hold at its peak."""

    def __init__(self, path: Path):
        self.path = path
        self.rows: dict[str, dict[str, int]] = {}  # folder, name to row, while loading
        self.folders: list[str] = []  # each row's folder (see `split_path`)
        self.names: list[str] = []
        self.sizes = array("q")
        self.mtimes = array("q")
        self.ids: list = []  # None for a file that is not an article
        self.titles: list = []  # or the reason it is not
        self.dates: list = []
        self.dirty = False
        self.fresh: list[int] = []  # rows stored since the last flush
        self.parts: list[Path] = []  # parts this cache has read or written
        self.loaded = 0  # rows read from disk: the rows lookups can find
        self._next = 0  # the row the next lookup tries first
        self._sorted: array | None = None  # loaded rows in order of name, once needed
        self._stale: dict[str, int] = {}  # path to row, for files found changed

    @property
    def entries(self) -> dict[str, int]:
        """Path to row, for every file the index knows (made on request)."""
        return {self.path_of(row): row for row in range(len(self.names))}

    def path_of(self, row: int) -> str:
        return self.folders[row] + self.names[row]

    @classmethod
    def load(cls, path: Path) -> IndexCache:
        cache = cls(path)
        # The base file was written from one table of rows: it needs no check for
        # a path seen before (and no dict from path to row while it loads).
        cache._read(path, indexed=False)
        for part in sorted(path.parent.glob(f"{path.name}.*.part")):
            if not cache.rows:
                for row in range(len(cache.names)):
                    cache.rows.setdefault(cache.folders[row], {})[cache.names[row]] = row
            if cache._read(part):
                cache.parts.append(part)
        cache.loaded = len(cache.names)
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
                            date = intern_date(date) if isinstance(date, str) else None
                            self._put(*split_path(source), size, mtime, id_, title, date,
                                      indexed=indexed)
        except (OSError, ValueError, UnicodeDecodeError, TypeError, OverflowError, RecursionError):
            return False
        return True

    def _put(self, folder: str, name: str, size: int, mtime: int, id_, title, date, *,
             indexed: bool = True, row: int | None = None) -> int:
        """Add or replace (`row`, or the row read for the same path) the file's
        entry. `indexed=False` (what a scan learns) does not add a new path to
        `rows`: only entries read from disk are looked up. A path stored twice in
        one scan (named directly and inside a folder) is then written twice;
        the later entry wins when read back."""
        if indexed:
            named = self.rows.get(folder)
            if named is None:
                named = self.rows[folder] = {}
            row = named.get(name)
        if row is None:
            row = len(self.names)
            if indexed:
                named[name] = row
            self.folders.append(folder)
            self.names.append(name)
            self.sizes.append(size)
            self.mtimes.append(mtime)
            self.ids.append(id_)
            self.titles.append(title)
            self.dates.append(date)
        else:
            self.sizes[row], self.mtimes[row] = size, mtime
            self.ids[row], self.titles[row], self.dates[row] = id_, title, date
        return row

    def _row(self, source: str) -> int | None:
        """The live row read from disk for `source`, or None."""
        row = self._next
        if row < self.loaded:
            folder, name = self.folders[row], self.names[row]
            if (len(source) == len(folder) + len(name) and source.endswith(name)
                    and source.startswith(folder)):
                self._next = row + 1
                return row
        if not self.loaded:
            return None
        names, folders = self.names, self.folders
        if self._sorted is None:
            # By name: the index's own strings, nothing made per row (a full path
            # per row would be 10 MB at 100,000 files, the moment a new file shows).
            self._sorted = array("q", sorted(range(self.loaded), key=names.__getitem__))
        folder, name = split_path(source)
        at = bisect_left(self._sorted, name, key=names.__getitem__)
        found = None
        while at < len(self._sorted) and names[row := self._sorted[at]] == name:
            if folders[row] == folder:
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
        if self.sizes[row] != stat.st_size or self.mtimes[row] != stat.st_mtime_ns:
            self._stale[source] = row  # read again: `store` replaces this row
            return None
        id_, title = self.ids[row], self.titles[row]
        if not isinstance(title, str):
            return None  # a hand-edited or foreign entry: read the file again
        if not title.isprintable():
            title = clean_line(title)  # a hand-edited cache reaches the screen cleaned
        if id_ is None:
            return Skipped(source, title)
        if not isinstance(id_, str):
            return None
        # The index's folder and name: the summary shares them.
        return ArticleSummary.of_file(id_, title, self.folders[row], self.names[row],
                                      self.dates[row])

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
        if isinstance(result, ArticleSummary) and result.is_local:
            folder, name = result.path_parts  # shared with the summary
            row = self._put(folder, name, key[0], key[1], result.id, result.title,
                            result.published, indexed=False, row=stale)
        else:
            row = self._put(*split_path(source), key[0], key[1], None, result.reason, None,
                            indexed=False, row=stale)
        self.fresh.append(row)
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
        """Fold everything into the base file and drop the parts (a scan has ended)."""
        if not self.dirty and not self.parts:
            return
        if self._write(self.path, range(len(self.names))):
            self.dirty = False
            self.fresh = []
            for part in self.parts:
                try:
                    part.unlink()
                except OSError:
                    pass
            self.parts = []

    def _write(self, path: Path, rows) -> bool:
        """Replace `path` with a header and `rows` in chunks; False when the disk refuses."""
        folder = path.parent
        temp = None
        folders, names = self.folders, self.names
        columns = (self.sizes, self.mtimes, self.ids, self.titles, self.dates)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps({"format": FORMAT}) + "\n")
                rows = iter(rows)
                while chunk := list(islice(rows, CHUNK)):
                    data = {"p": [folders[r] + names[r] for r in chunk]}
                    data.update((key, [column[r] for r in chunk])
                                for key, column in zip(_COLUMNS[1:], columns, strict=True))
                    handle.write(_encode(data))
                    handle.write("\n")
            os.replace(temp, path)
            return True
        except OSError:
            if temp:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
            return False  # a cache we cannot write only costs a re-scan next time


_DATES: dict[str, str] = {}  # one string per distinct date, however many articles share it
DISTINCT_DATES = 20000
"""Dates kept for sharing (55 years of days). An archive of articles that each have
a day of their own gains nothing from sharing, and would hold one more entry per article."""


def intern_date(date: str) -> str:
    """The one string kept for this date, while there are not too many distinct ones."""
    kept = _DATES.get(date)
    if kept is not None:
        return kept
    if len(_DATES) < DISTINCT_DATES:
        _DATES[date] = date
    return date


def _encode(data: dict) -> str:
    """Compact JSON. A path that is not valid Unicode (a file name's undecodable
    bytes, kept by Python as lone surrogates) is written as \\u escapes, which
    read back as the same path."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, separators=(",", ":"))
    return text
