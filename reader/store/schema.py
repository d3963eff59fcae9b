"""What the store's files may hold, and how older layouts are brought up to date.

Layout of the store folder (schema 1):

    store.json        tables "meta" ({"schema": {"version": 1}}) and "sources"
    read/XX.json      table "read": read marks and positions of the articles
                      whose id starts with the two hex digits XX
    bookmarks/XX.json table "bookmarks": those articles' bookmarks

A read shard may also hold table "journal": read and star changes not yet sent
to a sync server (reader.store.journal); its read records may carry "star".

Up to 256 small files of each kind, so one write rewrites about 1/256 of one
kind of state, and a read mark never rewrites bookmark text.

A read record is keyed by article id: {"read": "<ISO time>", "pos": 12}, each
field optional; an article with neither has no record. A bookmark record is
keyed by bookmark id and holds `Bookmark`'s fields.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from pathlib import Path

from reader.store.journal import check_entry

SCHEMA_VERSION = 1

#: Upgrades: MIGRATIONS[n] turns a schema-n store folder into schema n+1. It runs
#: once, with the cross-process lock held, before anything else reads the folder.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}

META_FILE = "store.json"
READ, BOOKMARKS, SOURCES = "read", "bookmarks", "sources"
SHARD_KINDS = (READ, BOOKMARKS)  # each is a folder of shard files and the table they hold
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
    return type(value) is int


_BOOKMARK_STR = ("id", "article_id", "text", "created")
_BOOKMARK_OPT_STR = ("article_title", "source", "note", "context_before", "context_after")


def _check_read(doc: dict) -> str | None:
    read, pos = doc.get("read", ""), doc.get("pos", 0)
    if type(read) is not str:
        return "read time is not a string"
    if type(pos) is not int or pos < 0:
        return "position is not a non-negative integer"
    return None


def _check_bookmark(doc: dict) -> str | None:
    # `type(x) is T` rather than isinstance: this runs once per record at load.
    get = doc.get
    for name in _BOOKMARK_STR:
        if type(get(name)) is not str:
            return f"bookmark field {name!r} is missing or not a string"
    for name in _BOOKMARK_OPT_STR:
        value = get(name)
        if value is not None and type(value) is not str:
            return f"bookmark field {name!r} is not a string"
    if type(get("passage_index")) is not int:
        return "bookmark passage_index is not an integer"
    if type(get("detached", False)) is not bool:
        return "bookmark detached is not true/false"
    return None


def validate_shard(data: object) -> str | None:
    """None when `data` is a sound shard file (of either kind), else why not."""
    if problem := _check_tables(data):
        return problem
    assert isinstance(data, dict)
    for doc in data.get(READ, {}).values():
        if problem := _check_read(doc):
            return problem
    for doc in data.get(BOOKMARKS, {}).values():
        if problem := _check_bookmark(doc):
            return problem
    for doc in data.get("journal", {}).values():
        if problem := check_entry(doc):
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
