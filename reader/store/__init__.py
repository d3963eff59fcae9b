"""The store: read marks, positions, bookmarks and the library, kept safe on disk."""

from reader.store.records import Bookmark, StoreNotice
from reader.store.storage import StoreError
from reader.store.store import Store

__all__ = ["Bookmark", "Store", "StoreError", "StoreNotice"]
