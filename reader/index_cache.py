"""The index of light-pass results, kept in the user cache directory.

A cache, not state: losing it costs one re-scan. Entries are keyed by
absolute path and trusted only while the file's size and mtime are those
recorded. The file is replaced atomically; one that fails to load is ignored.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from reader import __version__
from reader.atomic import write_atomic
from reader.model import ArticleSummary, Skipped
from reader.sources import PAGES_REVISION, plaintext

# Entries from another version or parser revision are dropped.
FORMAT = f"1:{__version__}:{plaintext.REVISION}:{PAGES_REVISION}"


class IndexCache:
    def __init__(self, path: Path, entries: dict[str, list]):
        self.path = path
        self.entries = entries
        self.dirty = False

    @classmethod
    def load(cls, path: Path) -> IndexCache:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("format") == FORMAT and isinstance(data.get("entries"), dict):
                return cls(path, data["entries"])
        except (OSError, ValueError, AttributeError):
            pass
        return cls(path, {})

    def lookup(self, path: Path):
        """The cached `ArticleSummary` or `Skipped` for an unchanged file, else None."""
        entry = self.entries.get(str(path))
        if entry is None:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
            return None
        if entry[2] is None:
            return Skipped(str(path), entry[3])
        return ArticleSummary(entry[2], entry[3], str(path), entry[4])

    def store(self, path: Path, result) -> None:
        try:
            stat = os.stat(path)
        except OSError:
            return
        if isinstance(result, ArticleSummary):
            entry = [stat.st_size, stat.st_mtime_ns, result.id, result.title, result.published]
        else:
            entry = [stat.st_size, stat.st_mtime_ns, None, result.reason]
        self.entries[str(path)] = entry
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        data = json.dumps({"format": FORMAT, "entries": self.entries}, ensure_ascii=False,
                          separators=(",", ":"))
        try:
            write_atomic(self.path, data.encode(), durable=False)
            self.dirty = False
        except OSError:
            pass  # a cache we cannot write only costs a re-scan next time
