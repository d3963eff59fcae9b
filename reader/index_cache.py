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
string. A file that fails to load is ignored.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from itertools import islice
from pathlib import Path

from reader import __version__
from reader.model import ArticleSummary, Skipped
from reader.sources import plaintext

# Entries from another version or parser revision are dropped.
FORMAT = f"2:{__version__}:{plaintext.REVISION}"
CHUNK = 5000  # entries per line of a cache file


class IndexCache:
    def __init__(self, path: Path, entries: dict[str, list]):
        self.path = path
        self.entries = entries
        self.dirty = False
        self.fresh: list[str] = []  # paths stored since the last flush
        self.parts: list[Path] = []  # parts this cache has read or written

    @classmethod
    def load(cls, path: Path) -> IndexCache:
        cache = cls(path, {})
        cache._read(path)
        for part in sorted(path.parent.glob(f"{path.name}.*.part")):
            if cache._read(part):
                cache.parts.append(part)
        return cache

    def _read(self, path: Path) -> bool:
        """Merge one cache file's entries in; False when it is missing or not ours."""
        try:
            with open(path, encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                if not isinstance(header, dict) or header.get("format") != FORMAT:
                    return False
                for line in handle:
                    chunk = json.loads(line)
                    if isinstance(chunk, dict):
                        self.entries.update(chunk)
        except (OSError, ValueError, UnicodeDecodeError):
            return False
        return True

    def lookup(self, path: Path | str, stat: os.stat_result | None = None):
        """The cached `ArticleSummary` or `Skipped` for an unchanged file, else None.

        `stat` is the file's stat when the caller has it already.
        """
        source = str(path)
        entry = self.entries.get(source)
        if entry is None:
            return None
        if stat is None:
            try:
                stat = os.stat(source)
            except OSError:
                return None
        try:
            if entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
                return None
            if entry[2] is None:
                return Skipped(source, str(entry[3]))
            if not all(isinstance(f, str) for f in entry[2:4]):
                return None
            return ArticleSummary(entry[2], entry[3], source, _date(entry[4]))
        except (IndexError, TypeError):
            return None  # a hand-edited or foreign entry: read the file again

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
        if isinstance(result, ArticleSummary):
            entry = [key[0], key[1], result.id, result.title, result.published]
        else:
            entry = [key[0], key[1], None, result.reason]
        self.entries[source] = entry
        self.fresh.append(source)
        self.dirty = True

    def flush(self) -> None:
        """Write the entries stored since the last flush as a new part (atomically)."""
        if not self.fresh:
            return
        part = self.path.with_name(f"{self.path.name}.{time.time_ns():020d}-{os.getpid()}.part")
        entries = self.entries
        if self._write(part, ((p, entries[p]) for p in self.fresh)):
            self.parts.append(part)
            self.fresh = []

    def save(self) -> None:
        """Fold everything into the base file and drop the parts (a scan has ended)."""
        if not self.dirty and not self.parts:
            return
        if self._write(self.path, iter(self.entries.items())):
            self.dirty = False
            self.fresh = []
            for part in self.parts:
                try:
                    part.unlink()
                except OSError:
                    pass
            self.parts = []

    def _write(self, path: Path, items) -> bool:
        """Replace `path` with a header and `items` in chunks; False when the disk refuses."""
        folder = path.parent
        temp = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps({"format": FORMAT}) + "\n")
                while chunk := dict(islice(items, CHUNK)):
                    handle.write(json.dumps(chunk, ensure_ascii=False, separators=(",", ":")))
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


_DATES: dict[str, str] = {}


def _date(value):
    """One string object per distinct date, however many articles share it."""
    if not isinstance(value, str):
        return None
    return _DATES.setdefault(value, value)
