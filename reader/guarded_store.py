"""The store as the reader app uses it: a disk that refuses becomes a notice.

`StoreError` (permissions, a full disk, a lock held too long, a store written
by a newer version and so opened read-only) must not end the app with a
traceback. Every store call goes through here; a refused one is reported once
per distinct reason and answers with the same value an empty store would.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.store import StoreError

# What a refused call answers with, by method name; anything else answers None.
_EMPTY = {"read_ids": set, "bookmarks": list, "bookmark_counts": dict, "reanchor": list,
          "sources": list, "feeds": list, "is_read": bool}


class GuardedStore:
    def __init__(self, store, report: Callable[[str], None]) -> None:
        self._store = store
        self._report = report
        self._reported: set[str] = set()

    def __getattr__(self, name: str):
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def guarded(*args, **kwargs):
            try:
                return attribute(*args, **kwargs)
            except StoreError as err:
                if str(err) not in self._reported:
                    self._reported.add(str(err))
                    self._report(f"Not saved: {err}")
                empty = _EMPTY.get(name)
                return empty() if empty else None

        return guarded
