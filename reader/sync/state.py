"""What a sync remembers between runs: `data_dir()/sync/state.json`.

For each synced item (by the server's id, 16 hex) a row: its article id, feed,
the read and starred states the server gave last time (the base for the next
merge), and title, link and date (to rebuild the library's view of a feed if
the cache is deleted); the feeds' stream ids; `ot` for the next sync; the time
the last complete sync began. Written atomically once per sync; a missing or
damaged file only makes the next sync a first sync again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from reader.atomic import write_atomic
from reader.sync.account import sync_dir

STATE_VERSION = 1
# An item in the state: [article id, feed url, read, starred, title, link, published,
# published_at] (rows written before the full timestamp was kept have 7 fields)
A, FEED, R, S, TITLE, LINK, PUB, PUB_AT = range(8)


@dataclass
class SyncState:
    api: str | None = None                           # "user@api URL" it belongs to
    since: int = 0                                   # `ot` for the next sync
    last_sync: str = ""                              # start time of the last complete sync
    feeds: dict[str, str] = field(default_factory=dict)   # feed url -> stream id
    items: dict[str, list] = field(default_factory=dict)  # item hex -> item row

    @classmethod
    def load(cls) -> SyncState:
        try:
            data = json.loads(_state_path().read_bytes())
            if data.get("version") == STATE_VERSION:
                return cls(data.get("api"), int(data.get("since") or 0), str(data.get("last_sync") or ""),
                           dict(data.get("feeds") or {}), dict(data.get("items") or {}))
        except (OSError, ValueError, TypeError, AttributeError):
            pass  # missing or damaged: the next sync is a first sync again (idempotent)
        return cls()

    def save(self) -> None:
        data = {"version": STATE_VERSION, "api": self.api, "since": self.since,
                "last_sync": self.last_sync, "feeds": self.feeds, "items": self.items}
        write_atomic(_state_path(), json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                     .encode(), durable=True)


def _state_path() -> Path:
    return sync_dir() / "state.json"


def forget_state() -> None:
    try:
        _state_path().unlink()
    except FileNotFoundError:
        pass
