"""What the store's files may hold, and how older layouts are brought up to date.

Layout of the store folder (schema 1):

    store.json        tables "meta" ({"schema": {"version": 1}}) and "sources"
    shards/XX.json    tables "read" and "bookmarks" for articles whose id
                      starts with the two hex digits XX (256 small files, so
                      a write rewrites about 1/256 of the state)

A read record is keyed by article id: {"read": "<ISO time>", "pos": 12}, each
field optional; an article with neither has no record. A bookmark record is
keyed by bookmark id and holds `Bookmark`'s fields.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from pathlib import Path

SCHEMA_VERSION = 1

#: Upgrades: MIGRATIONS[n] turns a schema-n store folder into schema n+1. It runs
#: once, with the cross-process lock held, before anything else reads the folder.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}

META_FILE = "store.json"
SHARD_DIR = "shards"
_HEX2 = re.compile(r"[0-9a-f]{2}")
_SHARD_FILE = re.compile(r"[0-9a-f]{2}\.json")


def shard_of(key: str) -> str:
    """The shard an article id (or a bookmark id, which starts with its shard) lives in."""
    prefix = key[:2].lower()
    if _HEX2.fullmatch(prefix):
        return prefix
    return format(zlib.crc32(key.encode("utf-8")) & 0xFF, "02x")


def is_shard_file(name: str) -> bool:
    return _SHARD_FILE.fullmatch(name) is not None


# Shapes ----------------------------------------------------------------------

def _check_tables(data: object) -> str | None:
    if not isinstance(data, dict):
        return f"top level is {type(data).__name__}, not an object"
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"table {name!r} is not an object"
        for key, doc in table.items():
            if not isinstance(doc, dict):
                return f"record {key!r} in {name!r} is not an object"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_BOOKMARK_STR = ("id", "article_id", "text", "created")
_BOOKMARK_OPT_STR = ("article_title", "source", "note", "context_before", "context_after")


def _check_read(doc: dict) -> str | None:
    if "read" in doc and not isinstance(doc["read"], str):
        return "read time is not a string"
    if "pos" in doc and not (_is_int(doc["pos"]) and doc["pos"] >= 0):
        return "position is not a non-negative integer"
    return None


def _check_bookmark(doc: dict) -> str | None:
    for name in _BOOKMARK_STR:
        if not isinstance(doc.get(name), str):
            return f"bookmark field {name!r} is missing or not a string"
    for name in _BOOKMARK_OPT_STR:
        if doc.get(name) is not None and not isinstance(doc[name], str):
            return f"bookmark field {name!r} is not a string"
    if not _is_int(doc.get("passage_index")):
        return "bookmark passage_index is not an integer"
    if not isinstance(doc.get("detached", False), bool):
        return "bookmark detached is not true/false"
    return None


def validate_shard(data: object) -> str | None:
    """None when `data` is a sound shard file, else why not."""
    if problem := _check_tables(data):
        return problem
    assert isinstance(data, dict)
    for doc in data.get("read", {}).values():
        if problem := _check_read(doc):
            return problem
    for doc in data.get("bookmarks", {}).values():
        if problem := _check_bookmark(doc):
            return problem
    return None


def validate_meta(data: object) -> str | None:
    """None when `data` is a sound store.json, else why not."""
    if problem := _check_tables(data):
        return problem
    assert isinstance(data, dict)
    schema = data.get("meta", {}).get("schema")
    if schema is not None and not _is_int(schema.get("version")):
        return "schema version is not an integer"
    for doc in data.get("sources", {}).values():
        if not isinstance(doc.get("kind", "path"), str):
            return "source kind is not a string"
    return None
