"""The top of the sidebar from the last session, shown while the scan runs.

A scan of 100,000 files takes a second or more even with the index cache warm
(the folder listing and the cache must be read whole before the first row is
known). The reader keeps the first rows of the last finished scan of the same
sources here (or, when a first scan was cut short by quitting, of the rows it had
found) and shows them at once; the scan then replaces them. A cache:
losing or corrupting it costs only speed.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader import paths
from reader.atomic import write_atomic
from reader.files import read_regular
from reader.model import ArticleSummary
from reader.text import clean_line

HEAD_ROWS = 200
VERSION = 2  # 2: rows carry kind, feed and published_at


def head_path() -> Path:
    return paths.cache_dir() / "sidebar-head.json"


def read_head(sources: list[str], path: Path | None = None) -> list[ArticleSummary]:
    """The saved first rows for exactly these sources, or nothing (a missing,
    damaged or wrong-shaped file is passed over; the scan rewrites it)."""
    path = head_path() if path is None else path
    try:
        data = json.loads(read_regular(path))
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(data, dict) or data.get("version") != VERSION \
            or data.get("sources") != list(sources) or not isinstance(data.get("rows"), list):
        return []
    rows = data["rows"][:HEAD_ROWS]
    try:
        summaries = [ArticleSummary.from_dict(row) for row in rows]
    except (KeyError, TypeError, AttributeError):
        return []
    if not all(_sound(s) for s in summaries):
        return []
    return [s.replace(title=clean_line(s.title)) for s in summaries]


def _sound(summary: ArticleSummary) -> bool:
    return all(isinstance(value, str | None) for value in
               (summary.published, summary.published_at, summary.feed))


def write_head(sources: list[str], rows: list[ArticleSummary], path: Path | None = None) -> None:
    """Save the first rows; failures are ignored (it is only a cache)."""
    path = head_path() if path is None else path
    data = {"version": VERSION, "sources": list(sources),
            "rows": [r.to_dict() for r in rows[:HEAD_ROWS]]}
    try:
        try:
            raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # an undecodable file name: \u escapes read back the same
            raw = json.dumps(data).encode("ascii")
        write_atomic(path, raw, durable=False)
    except OSError:
        pass
