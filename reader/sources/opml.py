"""OPML subscription lists: read (any nesting) and write (OPML 2.0).

Reading goes through defusedxml, so entity expansion (billion laughs),
external entities and DTD tricks are refused rather than followed: an OPML
file from the web fetches nothing and cannot blow up memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from reader.model import ArticleError
from reader.text import clean_inline

MAX_OPML_BYTES = 5 * 1024 * 1024


class OpmlError(ArticleError):
    """A file that is not a usable OPML list. `str(err)` is a one-line reason."""


@dataclass(frozen=True, slots=True)
class Subscription:
    url: str
    title: str | None = None
    folder: str | None = None  # the enclosing outline's text, "News/Regional" when nested


def _walk(node: Element, folders: tuple[str, ...], out: list[Subscription], seen: set[str]) -> None:
    for outline in node:
        if not isinstance(outline.tag, str) or outline.tag.rsplit("}", 1)[-1] != "outline":
            continue
        url = clean_inline(outline.get("xmlUrl") or outline.get("xmlurl") or "")
        label = clean_inline(outline.get("title") or outline.get("text") or "") or None
        if url and url.lower().startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            out.append(Subscription(url, label, "/".join(folders) or None))
        _walk(outline, folders + (label,) if (label and not url) else folders, out, seen)


def parse_opml(data: bytes) -> list[Subscription]:
    """Every http(s) feed in the file, in document order, duplicates dropped."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"not an OPML file: over the {MAX_OPML_BYTES // 1048576} MB limit")
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise OpmlError("not an OPML file: it uses forbidden XML entities or a DTD") from None
    except (ParseError, ValueError) as err:
        raise OpmlError(f"not an OPML file: {' '.join(str(err).split())[:100]}") from None
    if root.tag.rsplit("}", 1)[-1].lower() != "opml":
        raise OpmlError(f"not an OPML file: the root element is <{root.tag}>")
    body = next((c for c in root if str(c.tag).rsplit("}", 1)[-1] == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file: no <body>")
    out: list[Subscription] = []
    _walk(body, (), out, set())
    return out


def to_opml(subscriptions, title: str = "newsreader subscriptions",
            now: datetime | None = None) -> str:
    """OPML 2.0 text; every attribute value escaped (quotes, <, &, newlines)."""
    stamp = format_datetime(now or datetime.now(UTC), usegmt=True)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', "  <head>",
             f"    <title>{_text(title)}</title>", f"    <dateCreated>{stamp}</dateCreated>",
             "  </head>", "  <body>"]
    tree: dict = {}
    for sub in subscriptions:
        node = tree
        for name in filter(None, (getattr(sub, "folder", None) or "").split("/")):
            node = node.setdefault(("folder", name), {})
        node.setdefault(("feeds", None), []).append(sub)
    _write(tree, 2, lines)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _write(node: dict, depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    for sub in node.get(("feeds", None), []):
        label = quoteattr(_attr(sub.title or sub.url))
        lines.append(f'{indent}<outline type="rss" text={label} title={label} '
                     f"xmlUrl={quoteattr(_attr(sub.url))}/>")
    for (kind, name), child in node.items():
        if kind == "folder":
            lines.append(f"{indent}<outline text={quoteattr(_attr(name))}>")
            _write(child, depth + 1, lines)
            lines.append(f"{indent}</outline>")


def _attr(value: str) -> str:
    """One clean line; quoteattr then escapes &, <, > and the quotes."""
    return clean_inline(value)


def _text(value: str) -> str:
    return clean_inline(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
