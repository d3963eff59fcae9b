"""Feed bytes into items: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.0/1.1 by hand.

feedparser gets the response's real headers (Content-Type with its charset,
Content-Location) and sniffs the encoding itself when the server says nothing
(with chardet, which it uses when installed). A valid feed with no items is a
feed: only bytes that hold no RSS, Atom or JSON Feed are refused, in words.
feedparser is only ever handed bytes, never a URL, so it fetches nothing.

Text follows its declared type (feedparser's `*_detail.type`, Atom `type`,
JSON Feed `content_text` vs `content_html`): text stays text, every `<`
kept; HTML is parsed as HTML, entities decoded (cp1252 numeric references
such as `&#146;` read as Windows-1252, as browsers do), script and style
never text. Titles, authors and links are cleaned to one safe line here;
content stays HTML (or text, marked so), unsanitised: it is never rendered
as HTML, only walked for its text when `reader.sources.html` makes blocks.

Item identity (`item_id`) survives refreshes: it hashes the guid, else the
link, else the title and date, else the content and full timestamp -- never
anything that changes on the next fetch (position, summary, updated time).
Items whose ids would collide inside one feed are told apart by
`assign_ids`, which keeps any id a refresh already knows.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from reader.model import ArticleError
from reader.sources.identity import key_id, normal_url
from reader.text import clean_inline, decode

MAX_FEED_ITEMS = 1000


class FeedError(ArticleError):
    """Bytes that are not a feed. `str(err)` is a one-line reason."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    guid: str | None
    link: str | None
    title: str
    published: str | None           # ISO date, YYYY-MM-DD, in the item's own offset
    summary: str | None             # HTML or plain text, as the feed gives it
    content_html: str | None        # the full content when the feed carries it
    author: str | None = None
    published_at: str | None = None  # ISO datetime in UTC when known, for sorting
    content_is_text: bool = False   # content_html is plain text (Atom type="text", content_text)
    summary_is_text: bool = False
    enclosures: tuple[dict, ...] = ()  # {"url", "type", "length"}: podcasts, attachments
    id: str | None = None           # set by `assign_ids`; else `item_id` computes it


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    link: str | None
    items: list[FeedItem] = field(default_factory=list)


def _digest(item: FeedItem) -> str:
    body = item.content_html or item.summary or ""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def item_id(feed_url: str, item: FeedItem) -> str:
    """A stable 16-hex id. A guid that is a URL/URN is global (the same story in two feeds
    of a site is one article); a bare guid such as "42" and the title+date fallback are
    scoped to the feed; a link is global. An item with none of guid, link and title is
    known by its content and full timestamp. (`item.id`, when `assign_ids` set it, is the
    one to use: it also tells apart items that would share this one.)"""
    return _base_id(feed_url, item)


def _base_id(feed_url: str, item: FeedItem) -> str:
    if item.guid:
        if ":" in item.guid:
            return key_id("guid", item.guid)
        return key_id("guid", normal_url(feed_url), item.guid)
    if item.link:
        return key_id("link", normal_url(item.link))
    if item.title:  # the UTC date, as ids were always made (published is the local one)
        day = item.published_at[:10] if item.published_at else (item.published or "")
        return key_id("title", normal_url(feed_url), item.title.casefold(), day)
    return key_id("content", normal_url(feed_url), _digest(item), item.published_at or "")


def scoped_id(feed_url: str, article_id: str) -> str:
    """The id of a feed's item whose global id (a URL/URN guid) another feed's different
    story already holds: both are kept, each under its own id."""
    return key_id("feed", normal_url(feed_url), article_id)


def _alt_id(feed_url: str, base: str, item: FeedItem) -> str:
    """The id of an item whose base id another item of the same feed also has."""
    return key_id("apart", normal_url(feed_url), base, item.link or "", item.title.casefold(),
                  item.published_at or "", _digest(item))


def assign_ids(feed_url: str, items: list[FeedItem], known=frozenset()) -> list[FeedItem]:
    """Every item with its own id. Items sharing an id (a guid used twice, two untitled
    posts, an item repeated word for word...) are kept apart: the last of them in the
    feed -- feeds list the newest first, so the one that had the id first -- keeps the
    shared id, the others get one of their own; an id in `known` (what the last refresh
    gave) is kept, so ids never swap."""
    bases = [_base_id(feed_url, item) for item in items]
    alts: list[str] = []
    repeats: dict[str, int] = {}
    for base, item in zip(bases, items, strict=True):
        alt = _alt_id(feed_url, base, item)
        n = repeats.get(alt, 0)
        repeats[alt] = n + 1
        alts.append(key_id("repeat", alt, str(n)) if n else alt)  # the same item again
    chosen: list[str | None] = [alt if alt in known else None for alt in alts]
    last: dict[str, int] = {}
    for i, base in enumerate(bases):
        if chosen[i] is None:
            last[base] = i
    for i, base in enumerate(bases):
        if chosen[i] is None:
            chosen[i] = base if last[base] == i else alts[i]
    return [replace(item, id=id_) for item, id_ in zip(items, chosen, strict=True)]


def _line(value) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = clean_inline(str(value))
    return text or None


# Numeric references 128-159 are C1 controls in Unicode, but every browser reads them as
# Windows-1252 (&#146; is a right quote), and so do feeds written on Windows.
_C1_REF = re.compile(r"&#(?:(1[2-5][0-9])|[xX]([89][0-9a-fA-F]));")
_C1 = re.compile(r"[\x80-\x9f]")


def _cp1252_char(code: int) -> str:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


def cp1252_refs(html: str) -> str:
    """HTML with references (and raw characters) in 128-159 read as Windows-1252."""
    if "&#" in html:
        html = _C1_REF.sub(lambda m: _cp1252_char(int(m[1]) if m[1] else int(m[2], 16)), html)
    if _C1.search(html):
        html = _C1.sub(lambda m: _cp1252_char(ord(m[0])), html)
    return html


def html_to_line(value: str | None) -> str | None:
    """A title given as HTML ("Snow <em>closes</em>", "Tom &amp; Jerry") to one line of
    text: entities decoded, script and style dropped, the tails of embeds kept."""
    if not value:
        return None
    value = cp1252_refs(value)
    if "<" not in value and "&" not in value:
        return _line(value)
    from reader.sources.html_blocks import parse_fragment, text_of
    root = parse_fragment(value)
    return text_of(root) or None if root is not None else _line(value)


def _typed_line(value, detail) -> str | None:
    """A title by its declared type: text/plain stays as written, (x)html is parsed."""
    kind = (detail or {}).get("type", "text/html") if isinstance(detail, dict) else "text/html"
    if "html" in kind:
        return html_to_line(value if isinstance(value, str) else None)
    return _line(value)


def _web_link(value) -> str | None:
    text = _line(value)
    if text and text.lower().startswith(("http://", "https://")):
        return text
    return None


def _stamp(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (OverflowError, ValueError, OSError):
        return None


def _own_date(raw, stamp: str | None) -> str | None:
    """The calendar date in the item's own offset (23:30 -0700 on 10 June is 10 June);
    the UTC date when the raw value cannot be read with its offset."""
    if isinstance(raw, str) and raw.strip():
        text = raw.strip()
        for read in (parsedate_to_datetime, lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))):
            try:
                when = read(text)
            except (TypeError, ValueError, IndexError, OverflowError):
                continue
            if when is not None and stamp and abs(
                    when.timestamp() - datetime.fromisoformat(stamp).timestamp()) < 86400 * 2:
                return when.date().isoformat()
    return stamp[:10] if stamp else None


def _enclosure(url, kind, length) -> dict | None:
    link = _web_link(url)
    if not link:
        return None
    size = None
    if isinstance(length, int) and not isinstance(length, bool) and length > 0:
        size = length
    elif isinstance(length, str) and length.strip().isdigit() and int(length.strip()) > 0:
        size = int(length.strip())
    return {"url": link, "type": _line(kind) if isinstance(kind, str) else None, "length": size}


def _enclosures(found) -> tuple[dict, ...]:
    out: list[dict] = []
    for enc in found:
        if enc and enc["url"] not in {o["url"] for o in out}:
            out.append(enc)
    return tuple(out[:50])


def _not_a_feed(data: bytes) -> FeedError:
    head = data[:2048].lstrip().lower()
    if b"<html" in head or b"<!doctype html" in head:
        return FeedError("not a feed: this is a web page (HTML)")
    if head.startswith(b"<"):
        return FeedError("not a feed: XML, but no RSS, Atom or RDF in it")
    return FeedError("not a feed: no RSS, Atom or JSON Feed in it")


def _xml_feed(data: bytes, url: str, content_type: str | None, known, base: str | None) -> Feed:
    import feedparser  # lazily: ~100 ms to import
    # An empty Content-Type tells feedparser the server named no type nor charset, so it
    # sniffs (BOM, XML declaration, chardet); a missing one would make it assume latin-1.
    headers = {"content-location": base or url, "content-type": content_type or ""}
    # No sanitising or URI rewriting inside content: it is never rendered as HTML, only
    # walked for its text by html_blocks (which drops scripts, styles, forms); ~10% faster.
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False,
                                  resolve_relative_uris=False)
    except RecursionError:
        raise FeedError("not a feed: nested too deeply to read") from None
    if not parsed.version and not parsed.entries:
        raise _not_a_feed(data)
    broken = parsed.get("bozo_exception")
    if (not parsed.entries and broken is not None and hasattr(broken, "getLineNumber")
            and not parsed.feed.get("title")):
        # Broken XML and nothing read from it, not even a title: a cut download, not a feed.
        message = " ".join(str(getattr(broken, "getMessage", lambda: "")()).split())[:60]
        raise FeedError(f"not a feed: broken XML at line {broken.getLineNumber()}"
                        + (f" ({message})" if message else ""))
    items = []
    for entry in parsed.entries[:MAX_FEED_ITEMS]:
        contents = [c for c in entry.get("content") or [] if isinstance(c.get("value"), str)]
        chosen = next((c for c in contents if "html" in c.get("type", "")), None)
        chosen = chosen or next(iter(contents), None)
        content = chosen.get("value") if chosen else None
        summary = entry.get("summary") if isinstance(entry.get("summary"), str) else None
        summary_kind = (entry.get("summary_detail") or {}).get("type", "text/html")
        stamp = _stamp(entry.get("published_parsed") or entry.get("updated_parsed"))
        raw_date = entry.get("published") if entry.get("published_parsed") else entry.get("updated")
        encs = [_enclosure(e.get("href"), e.get("type"), e.get("length"))
                for e in entry.get("enclosures") or [] if isinstance(e, dict)]
        items.append(FeedItem(
            guid=_line(entry.get("id")), link=_web_link(entry.get("link")),
            title=_typed_line(entry.get("title"), entry.get("title_detail")) or "",
            published=_own_date(raw_date, stamp),
            summary=summary if summary != content else None, content_html=content,
            author=_line(entry.get("author")), published_at=stamp,
            content_is_text=bool(chosen) and "html" not in chosen.get("type", "text/html"),
            summary_is_text="html" not in summary_kind, enclosures=_enclosures(encs)))
    feed = parsed.feed
    title = _typed_line(feed.get("title"), feed.get("title_detail"))
    return Feed(title or url, _web_link(feed.get("link")), assign_ids(url, items, known))


def _json_date(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return stamp.isoformat()


def _json_author(item: dict) -> str | None:
    authors = item.get("authors")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        return _line(authors[0].get("name"))
    author = item.get("author")  # JSON Feed 1.0
    return _line(author.get("name")) if isinstance(author, dict) else None


MAX_JSON_DEPTH = 64  # JSON Feed needs 4 levels; deeper nesting is refused before parsing


def _json_depth_ok(text: str) -> bool:
    """True when brackets outside strings nest no deeper than MAX_JSON_DEPTH (a linear
    scan, so a 100,000-deep document is refused without recursing into it)."""
    depth = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        ch = token[0]
        if ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _json_feed(data: bytes, url: str, known) -> Feed:
    try:
        text = decode(data)
        if not _json_depth_ok(text):
            raise FeedError(f"not a feed: JSON nested more than {MAX_JSON_DEPTH} levels deep")
        doc = json.loads(text)
    except (ValueError, RecursionError, ArticleError) as err:
        if isinstance(err, FeedError):
            raise
        reason = (str(err).splitlines() or ["unreadable"])[0][:80]
        raise FeedError(f"not a feed: invalid JSON ({reason})") from None
    if not isinstance(doc, dict) or "jsonfeed.org/version/" not in str(doc.get("version", "")):
        raise FeedError("not a feed: JSON without a JSON Feed version")
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise FeedError("not a feed: JSON Feed without items")
    items = []
    for raw in raw_items[:MAX_FEED_ITEMS]:
        if not isinstance(raw, dict):
            continue
        stamp = _json_date(raw.get("date_published") or raw.get("date_modified"))
        content = raw.get("content_html") if isinstance(raw.get("content_html"), str) else None
        text = raw.get("content_text") if isinstance(raw.get("content_text"), str) else None
        summary = raw.get("summary") if isinstance(raw.get("summary"), str) else None
        guid = raw.get("id")
        attachments = raw.get("attachments") if isinstance(raw.get("attachments"), list) else []
        encs = [_enclosure(a.get("url"), a.get("mime_type"), a.get("size_in_bytes"))
                for a in attachments if isinstance(a, dict)]
        items.append(FeedItem(
            guid=_line(guid) if isinstance(guid, str | int) else None,
            link=_web_link(raw.get("url")) or _web_link(raw.get("external_url")),
            title=_line(raw.get("title")) or "",
            published=_own_date(raw.get("date_published") or raw.get("date_modified"), stamp),
            summary=summary, content_html=content or text, author=_json_author(raw),
            published_at=stamp, content_is_text=content is None and text is not None,
            summary_is_text=True, enclosures=_enclosures(encs)))
    return Feed(_line(doc.get("title")) or url, _web_link(doc.get("home_page_url")),
                assign_ids(url, items, known))


def parse_feed(data: bytes, url: str, content_type: str | None = None,
               known=frozenset(), base: str | None = None) -> Feed:
    """Feed bytes (as downloaded from `url`, with the response's Content-Type when known)
    to a Feed; FeedError when they are not one. A feed with no items is a feed.
    `known`: the item ids the last refresh gave, kept (see `assign_ids`). `base`: the
    address the bytes came from after redirects, for relative links (default `url`)."""
    if not data or not data.strip():
        raise FeedError("not a feed: empty response")
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _json_feed(data, url, known)
    return _xml_feed(data, url, content_type, known, base)


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
               "application/json", "application/rdf+xml")


def discover(data: bytes, url: str) -> list[str]:
    """The feeds a web page names (`<link rel="alternate" type="application/rss+xml">`),
    as absolute http(s) URLs, in page order; [] when it names none or is not HTML."""
    from urllib.parse import urljoin

    import lxml.html

    try:
        doc = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return []
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in _FEED_TYPES and href:
            target = clean_inline(urljoin(url, href))  # a page's text: cleaned as it enters
            if target.lower().startswith(("http://", "https://")) and target not in found:
                found.append(target)
    return found
