"""A server's item (Google Reader JSON) to the model's `Article`, cleaned where it enters.

Every string the server sends (title, link, content, feed and folder names)
passes the project's cleaning (`reader.text`, and `fragment_blocks` for HTML)
here, once. The article id is derived from the API URL, the user and the server's item id,
so it is the same on every sync and read marks, positions and bookmarks stay.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from reader.model import Article, Paragraph
from reader.sources.html import fragment_blocks
from reader.sources.identity import key_id, normal_url
from reader.text import clean_inline, strip_controls

_TAG = re.compile(r"<[^>]*>")


def article_id(api: str, item_hex: str, user: str = "") -> str:
    """Stable for one user of one server (servers such as FreshRSS number items per user)."""
    return key_id("greader", normal_url(api), user, item_hex)


def line(value: object) -> str:
    """A server's short text (title, name) as one clean line; tags and entities resolved."""
    if not isinstance(value, str):
        return ""
    text = strip_controls(value)
    if "<" in text:
        text = _TAG.sub(" ", text)
    return clean_inline(html.unescape(text))


def _link(item: dict) -> str | None:
    for key in ("canonical", "alternate"):
        refs = item.get(key)
        if isinstance(refs, list):
            for ref in refs:
                href = ref.get("href") if isinstance(ref, dict) else None
                if isinstance(href, str) and href.lower().startswith(("http://", "https://")):
                    return clean_inline(href)
    return None


def published_at(item: dict) -> str | None:
    """The item's full UTC timestamp (`YYYY-MM-DDTHH:MM:SSZ`), which orders the list."""
    for key in ("published", "updated"):
        try:
            stamp = int(item.get(key))
            if stamp > 0:
                return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (TypeError, ValueError, OverflowError, OSError):
            continue
    return None


def _published(item: dict) -> str | None:
    for key in ("published", "updated"):
        value = item.get(key)
        try:
            stamp = int(value)
        except (TypeError, ValueError):
            continue
        if stamp > 0:
            try:
                return datetime.fromtimestamp(stamp, UTC).date().isoformat()
            except (OverflowError, OSError, ValueError):
                continue
    return None


def _content(item: dict) -> str:
    for key in ("content", "summary"):
        part = item.get(key)
        if isinstance(part, dict) and isinstance(part.get("content"), str) and part["content"].strip():
            return part["content"]
    return ""


def item_hex_of(item: dict) -> str:
    """The item's id as 16 hex; ValueError when it has none."""
    from reader.sync.api import item_hex

    return item_hex(item.get("id", ""))


def crawl_seconds(item: dict) -> int | None:
    for key, scale in (("timestampUsec", 1_000_000), ("crawlTimeMsec", 1000)):
        try:
            return int(item[key]) // scale
        except (KeyError, TypeError, ValueError):
            continue
    return None


def categories(item: dict) -> set[str]:
    found = item.get("categories")
    return {c for c in found if isinstance(c, str)} if isinstance(found, list) else set()


def to_article(item: dict, item_hex: str, api: str, feed_url: str, user: str = "") -> Article:
    """The item's article (its id stable across syncs)."""
    title = line(item.get("title"))
    blocks = fragment_blocks(_content(item))
    summary_only = not blocks
    if not blocks:
        blocks = [Paragraph(title or "(no text on the server)")]
    return Article(article_id(api, item_hex, user), title or "Untitled item", feed_url, _published(item),
                   blocks, title_derived=not title, link=_link(item), summary_only=summary_only)
