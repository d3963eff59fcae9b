"""The index of light-pass results, kept in the user cache directory.

A cache, not state: losing it costs one re-scan. Entries are keyed by
absolute path and trusted only while the file's size and mtime are those
recorded. The file is replaced atomically. One that fails to load, and any
entry of the wrong shape, is ignored (and rewritten by the next scan).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from reader import __version__
from reader.atomic import write_atomic
from reader.files import read_regular
from reader.model import ArticleSummary, Skipped
from reader.sources import PAGES_REVISION, plaintext
from reader.text import clean_line

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
            data = json.loads(read_regular(path))
            if isinstance(data, dict) and data.get("format") == FORMAT \
                    and isinstance(data.get("entries"), dict):
                return cls(path, data["entries"])
        except (OSError, ValueError, RecursionError):
            pass  # missing, a pipe, not JSON, nested past reason: start empty
        return cls(path, {})

    def lookup(self, path: Path):
        """The cached `ArticleSummary` or `Skipped` for an unchanged file, else None."""
        entry = self.entries.get(str(path))
        if not _sound(entry):
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
            return None
        text = entry[3] if entry[3].isprintable() else clean_line(entry[3])  # cheap when clean
        if entry[2] is None:
            return Skipped(str(path), text)
        return ArticleSummary(entry[2], text, str(path), entry[4])

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
        """Write the index back if it changed; a disk that refuses costs only a re-scan."""
        if not self.dirty:
            return
        try:
            write_atomic(self.path, _encode({"format": FORMAT, "entries": self.entries}),
                         durable=False)
            self.dirty = False
        except OSError:
            pass  # a cache we cannot write only costs a re-scan next time


def _sound(entry: object) -> bool:
    """An entry as `store` writes it: [size, mtime_ns, id, title, published] for
    an article, [size, mtime_ns, None, reason] for a skipped file."""
    if not isinstance(entry, list) or len(entry) < 4:
        return False
    size, mtime, article_id, text = entry[:4]
    if type(size) is not int or type(mtime) is not int or not isinstance(text, str):
        return False
    if article_id is None:
        return True
    return (isinstance(article_id, str) and len(entry) == 5
            and (entry[4] is None or isinstance(entry[4], str)))


def _encode(data: dict) -> bytes:
    """Compact UTF-8 JSON. A path that is not valid Unicode (a file name's
    undecodable bytes, kept by Python as lone surrogates) is written as \\u
    escapes, which read back as the same path."""
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, separators=(",", ":")).encode("ascii")
