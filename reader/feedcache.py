"""Extracted articles kept for offline reading: `cache_dir()/articles/<id>.json`.

A cache, not state: deleting it loses no read mark or bookmark (those are
keyed by the article id in the store). Writes are atomic (temporary file in
the same folder, fsync, `os.replace`); an entry that will not load (corrupt,
truncated, another schema) is treated as absent and overwritten next time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader import paths
from reader.atomic import write_atomic
from reader.model import (
    Article,
    Block,
    Caption,
    Code,
    Heading,
    Image,
    KeyPoints,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Table,
)

SCHEMA = 1
_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True, slots=True)
class CachedArticle:
    article: Article
    summary_only: bool      # the page could not be fetched: this is the feed's summary
    cached_at: str          # ISO datetime (UTC)
    feed: str | None = None        # the feed whose item this is (None: not recorded)
    item_title: str | None = None  # the item's title in that feed


def block_from_dict(data: dict) -> Block:
    kind = data.get("kind")
    if kind == "caption":
        picture = data.get("image")
        return Caption(str(data["text"]), _opt(data.get("credit")), _opt(data.get("description")),
                       _image(picture) if isinstance(picture, dict) else None)
    if kind == "key_points":
        items = data["items"]
        if not isinstance(items, list):
            raise ValueError("key_points items must be a list")
        return KeyPoints(tuple(str(item) for item in items))
    if kind in ("paragraph", "quote"):
        cls = Paragraph if kind == "paragraph" else Quote
        return cls(str(data["text"]), _links(data.get("links", [])))
    if kind == "heading":
        return Heading(str(data["text"]))
    if kind == "list":
        links = data.get("links", [])
        return ListBlock(_strings(data["items"]), bool(data.get("ordered")), int(data.get("start", 1)),
                         tuple(_links(item) for item in _list(links)))
    if kind == "table":
        rows = tuple(_strings(row) for row in _list(data["rows"]))
        return Table(rows, bool(data.get("header")), _opt(data.get("caption")),
                     _links(data.get("links", [])))
    if kind == "code":
        return Code(str(data["text"]), _opt(data.get("language")))
    if kind == "image":
        return _image(data)
    raise ValueError(f"unknown block kind {kind!r}")


def _image(data: dict) -> Image:
    srcset = tuple((str(c["url"]), int(c["width"])) for c in _list(data.get("srcset", [])))
    return Image(str(data.get("alt") or ""), _opt(data.get("url")), srcset)


def _list(value) -> list:
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value


def _strings(value) -> tuple[str, ...]:
    return tuple(str(item) for item in _list(value))


def _links(value) -> tuple[Link, ...]:
    return tuple(Link(str(link["text"]), str(link["url"])) for link in _list(value))


def _opt(value) -> str | None:
    return None if value is None else str(value)


def article_from_dict(data: dict) -> Article:
    """The inverse of `Article.to_dict()`; ValueError/KeyError/TypeError on a bad dict."""
    return Article(
        id=str(data["id"]), title=str(data["title"]), source=str(data["source"]),
        published=_opt(data.get("published")),
        blocks=[block_from_dict(b) for b in data["blocks"]],
        title_derived=bool(data.get("title_derived", False)), link=_opt(data.get("link")),
        summary_only=bool(data.get("summary_only", False)),
        enclosures=_enclosures(data.get("enclosures")), author=_opt(data.get("author")))


def _enclosures(value) -> list[dict]:
    if not isinstance(value, list):
        return []
    out = []
    for enc in value:
        if isinstance(enc, dict) and isinstance(enc.get("url"), str):
            length = enc.get("length")
            out.append({"url": enc["url"], "type": _opt(enc.get("type")),
                        "length": length if isinstance(length, int) and length > 0 else None})
    return out


def articles_dir() -> Path:
    return paths.cache_dir() / "articles"


def _path(article_id: str) -> Path:
    if not _ID.fullmatch(article_id):  # ids are 16 hex: nothing can escape the folder
        raise ValueError(f"not an article id: {article_id!r}")
    return articles_dir() / f"{article_id}.json"


def load_entry(article_id: str) -> CachedArticle | None:
    """The cached article, or None when there is none or it will not load
    (unreadable, not JSON, too deep, another schema, fields of the wrong type)."""
    from reader.files import read_regular

    try:
        data = json.loads(read_regular(_path(article_id)))
        if not isinstance(data, dict) or data.get("schema") != SCHEMA \
                or not _sound_article(data.get("article")):
            return None
        article = article_from_dict(data["article"])
        if article.id != article_id:
            return None
        article.summary_only = bool(data.get("summary_only"))
        feed, item_title = data.get("feed"), data.get("item_title")
        return CachedArticle(article, article.summary_only, str(data.get("cached_at")),
                             feed if isinstance(feed, str) else None,
                             item_title if isinstance(item_title, str) else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


_BLOCK_TEXT = {"caption": ("text",), "paragraph": ("text",), "quote": ("text",),
               "heading": ("text",), "key_points": (), "list": (), "table": (),
               "code": ("text",), "image": ()}


def _strs(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _sound_article(data: object) -> bool:
    """`data` is an article as `Article.to_dict()` writes it: strings where
    strings go, blocks of known kinds. (`str()` would turn a list into text.)"""
    if not isinstance(data, dict) or not isinstance(data.get("blocks"), list):
        return False
    if not all(isinstance(data.get(k), str) for k in ("id", "title", "source")):
        return False
    if not all(isinstance(data.get(k), str | None) for k in ("published", "link")):
        return False
    for block in data["blocks"]:
        if not isinstance(block, dict) or block.get("kind") not in _BLOCK_TEXT:
            return False
        if not all(isinstance(block.get(k), str) for k in _BLOCK_TEXT[block["kind"]]):
            return False
        if block["kind"] in ("key_points", "list") and not _strs(block.get("items")):
            return False
        if block["kind"] == "table" and not (
                isinstance(block.get("rows"), list) and all(map(_strs, block["rows"]))):
            return False
        if block["kind"] == "image" and not all(
                isinstance(block.get(k), str | None) for k in ("alt", "url")):
            return False
        if block["kind"] == "caption" and not all(
                isinstance(block.get(k), str | None) for k in ("credit", "description")):
            return False
    return True


def load_cached(article_id: str) -> Article | None:
    entry = load_entry(article_id)
    return entry.article if entry else None


def save_cached(article: Article, summary_only: bool = False, feed: str | None = None,
                item_title: str | None = None, durable: bool = True) -> Path:
    """Write the article's entry atomically; returns its path. OSError on a failed write.

    `summary_only` (or the article's own flag) marks a feed item kept as its summary;
    `feed` and `item_title` record whose item it is, so another feed reusing its guid
    is noticed instead of overwriting it. `durable=False` skips the fsyncs, for many
    entries that a server can send again."""
    summary_only = summary_only or article.summary_only
    target = _path(article.id)
    payload = {"schema": SCHEMA, "summary_only": summary_only,
               "cached_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "article": article.to_dict()}
    if feed:
        payload["feed"] = feed
        payload["item_title"] = item_title
    write_atomic(target, json.dumps(payload, ensure_ascii=False).encode(), durable=durable)
    return target


def drop_cached(article_id: str) -> None:
    try:
        _path(article_id).unlink()
    except (OSError, ValueError):
        pass
