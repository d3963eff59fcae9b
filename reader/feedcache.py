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
from reader.model import Article, Block, Caption, Heading, KeyPoints, Paragraph, Quote

SCHEMA = 1
_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True, slots=True)
class CachedArticle:
    article: Article
    summary_only: bool      # the page could not be fetched: this is the feed's summary
    cached_at: str          # ISO datetime (UTC)


def block_from_dict(data: dict) -> Block:
    kind = data.get("kind")
    if kind == "caption":
        return Caption(str(data["text"]), _opt(data.get("credit")), _opt(data.get("description")))
    if kind == "key_points":
        items = data["items"]
        if not isinstance(items, list):
            raise ValueError("key_points items must be a list")
        return KeyPoints(tuple(str(item) for item in items))
    if kind in ("paragraph", "quote", "heading"):
        return {"paragraph": Paragraph, "quote": Quote, "heading": Heading}[kind](str(data["text"]))
    raise ValueError(f"unknown block kind {kind!r}")


def _opt(value) -> str | None:
    return None if value is None else str(value)


def article_from_dict(data: dict) -> Article:
    """The inverse of `Article.to_dict()`; ValueError/KeyError/TypeError on a bad dict."""
    return Article(
        id=str(data["id"]), title=str(data["title"]), source=str(data["source"]),
        published=_opt(data.get("published")),
        blocks=[block_from_dict(b) for b in data["blocks"]],
        title_derived=bool(data.get("title_derived", False)), link=_opt(data.get("link")),
        summary_only=bool(data.get("summary_only", False)))


def articles_dir() -> Path:
    return paths.cache_dir() / "articles"


def _path(article_id: str) -> Path:
    if not _ID.fullmatch(article_id):  # ids are 16 hex: nothing can escape the folder
        raise ValueError(f"not an article id: {article_id!r}")
    return articles_dir() / f"{article_id}.json"


def load_entry(article_id: str) -> CachedArticle | None:
    try:
        with open(_path(article_id), encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("schema") != SCHEMA:
            return None
        article = article_from_dict(data["article"])
        if article.id != article_id:
            return None
        article.summary_only = bool(data.get("summary_only"))
        return CachedArticle(article, article.summary_only, str(data.get("cached_at")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def load_cached(article_id: str) -> Article | None:
    entry = load_entry(article_id)
    return entry.article if entry else None


def save_cached(article: Article, summary_only: bool = False, durable: bool = True) -> Path:
    """Write the article's entry atomically; returns its path. OSError on a failed write.

    `summary_only` (or the article's own flag) marks a feed item kept as its summary.
    `durable=False` skips the fsyncs, for many entries that a server can send again."""
    summary_only = summary_only or article.summary_only
    target = _path(article.id)
    payload = {"schema": SCHEMA, "summary_only": summary_only,
               "cached_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "article": article.to_dict()}
    write_atomic(target, json.dumps(payload, ensure_ascii=False).encode(), durable=durable)
    return target


def drop_cached(article_id: str) -> None:
    try:
        _path(article_id).unlink()
    except (OSError, ValueError):
        pass
