"""OPML subscription lists: read (any nesting, as people write it) and write (OPML 2.0).

Reading goes through defusedxml, so entity expansion (billion laughs),
external entities and DTD tricks are refused rather than followed: an OPML
file from the web fetches nothing and cannot blow up memory.

Files as exported by real readers are often not well-formed XML. When the
strict parse fails, the usual malformations are mended and the file read
again: a raw `&` in an attribute ("Tips & Tricks"), an HTML entity
(`&eacute;`, `&nbsp;`) XML does not know. `xmlURL`/`xmlurl` spellings,
`feed://host/...` and `feed:https://...` URLs are read too. Each outline
that is not imported is reported with its reason (`OpmlImport.skipped`).

Folder paths are stored as one string, nested names joined with "/"; a "/"
inside a name ("AI/ML") is written "\\/" so the name stays whole
(`join_folders` / `split_folders`).
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from reader.folders import join_folders, split_folders
from reader.model import ArticleError
from reader.text import clean_inline

MAX_OPML_BYTES = 5 * 1024 * 1024
MAX_OPML_DEPTH = 50  # folders in folders; deeper outlines are skipped, one line for all


class OpmlError(ArticleError):
    """A file that is not a usable OPML list. `str(err)` is a one-line reason."""


@dataclass(frozen=True, slots=True)
class Subscription:
    url: str
    title: str | None = None
    folder: str | None = None  # the enclosing outlines' texts, "News/Regional" when nested


@dataclass(slots=True)
class OpmlImport:
    subscriptions: list[Subscription] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: what and why
    mended: bool = False  # the file was not well-formed XML and was repaired to be read


def feed_url(value: str) -> str:
    """An outline's URL as a fetchable one: feed://host/x and feed:https://host/x are
    the http(s) URLs they stand for."""
    low = value.lower()
    if low.startswith("feed:"):
        rest = value[5:]
        if rest.lower().startswith(("http://", "https://")):
            return rest
        if rest.startswith("//"):
            return "http:" + rest
    return value


def _outline_url(outline: Element) -> str:
    for key, value in outline.attrib.items():
        if key.lower() == "xmlurl" and value.strip():
            return clean_inline(value)
    return ""


def _walk(body: Element, result: OpmlImport) -> None:
    """Depth-first, in document order, without recursion (a 5,000-deep file is a loop)."""
    seen: set[str] = set()
    stack = [(iter(body), ())]
    too_deep = 0
    while stack:
        children, folders = stack[-1]
        outline = next(children, None)
        if outline is None:
            stack.pop()
            continue
        if not isinstance(outline.tag, str) or outline.tag.rsplit("}", 1)[-1].lower() != "outline":
            continue
        raw_url = _outline_url(outline)
        label = clean_inline(outline.get("title") or outline.get("text") or "") or None
        shown = label or raw_url or "an outline"
        if raw_url:
            url = feed_url(raw_url)
            if not url.lower().startswith(("http://", "https://")):
                scheme = url.split(":", 1)[0][:20] if ":" in url else "no scheme"
                result.skipped.append(f"{shown}: not an http(s) feed URL ({scheme})")
            elif url in seen:
                result.skipped.append(f"{shown}: listed twice ({url})")
            else:
                seen.add(url)
                result.subscriptions.append(Subscription(url, label, join_folders(folders)))
        elif not len(outline) and (outline.get("type") or "").lower() in ("rss", "atom", "feed"):
            result.skipped.append(f"{shown}: a feed outline without an xmlUrl")
        if len(outline):
            if len(stack) >= MAX_OPML_DEPTH:
                too_deep += sum(1 for _ in outline.iter()) - 1
                continue
            inner = folders + (label,) if (label and not raw_url) else folders
            stack.append((iter(outline), inner))
    if too_deep:
        result.skipped.append(f"{too_deep} outline{'s' if too_deep != 1 else ''} nested more "
                              f"than {MAX_OPML_DEPTH} levels deep: not read")


_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_AMP = re.compile(rb"&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)?")


def _mend(data: bytes) -> bytes:
    """A raw `&` becomes `&amp;`; an HTML entity XML lacks becomes its character's number."""
    def fix(match: re.Match) -> bytes:
        ref = match[1]
        if ref is None:
            return b"&amp;"
        if ref.startswith(b"#"):
            return match[0]
        name = ref[:-1].decode("ascii")
        if name in _XML_ENTITIES:
            return match[0]
        code = html.entities.name2codepoint.get(name)
        return f"&#{code};".encode() if code else b"&amp;" + ref
    return _AMP.sub(fix, data)


def _root(data: bytes) -> tuple[Element, bool]:
    try:
        return fromstring(data, forbid_dtd=True), False
    except DefusedXmlException:
        raise OpmlError("not an OPML file: it uses forbidden XML entities or a DTD") from None
    except (ParseError, ValueError) as err:
        first = err
    mended = _mend(data)
    if mended != data:
        try:
            return fromstring(mended, forbid_dtd=True), True
        except (DefusedXmlException, ParseError, ValueError):
            pass
    raise OpmlError(f"not an OPML file: {clean_inline(str(first))[:100]}") from None


def read_opml(data: bytes) -> OpmlImport:
    """Every http(s) feed in the file, in document order, duplicates dropped, with a line
    for each outline left out; OpmlError when the file is not OPML at all."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"not an OPML file: over the {MAX_OPML_BYTES // 1048576} MB limit")
    root, mended = _root(data)
    if root.tag.rsplit("}", 1)[-1].lower() != "opml":
        raise OpmlError(f"not an OPML file: the root element is <{clean_inline(root.tag)[:40]}>")
    body = next((c for c in root if str(c.tag).rsplit("}", 1)[-1].lower() == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file: no <body>")
    result = OpmlImport(mended=mended)
    _walk(body, result)
    return result


def parse_opml(data: bytes) -> list[Subscription]:
    """Every http(s) feed in the file, in document order, duplicates dropped."""
    return read_opml(data).subscriptions


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
        for name in split_folders(getattr(sub, "folder", None)):
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
