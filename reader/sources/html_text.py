"""Text out of lxml elements: visible words on one clean line, links, pictures, code.

Hidden elements (`hidden`, `aria-hidden`, `display:none`, `visibility:hidden`) and
dropped tags (scripts, forms, media...) give no text. Every string passes
`clean_inline` (code: `clean_lines`), so control characters and escape sequences never
reach the model and markup like `[bold]` stays literal text.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from reader.model import Link
from reader.text import clean_inline, clean_lines

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "footer", "form", "iframe", "svg",
    "button", "input", "select", "textarea", "canvas", "object", "embed", "video", "audio",
    "menu", "dialog", "link", "meta", "head", "title", "img", "picture", "source",
})
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    "del", "ins", "font", "label", "big", "tt", "strike", "nobr",
})
BLOCK_TAGS = ("p", "div", "section", "article", "ul", "ol", "table", "figure", "blockquote",
              "pre", "h1", "h2", "h3", "h4", "h5", "h6", "main", "aside", "dl", "header")
_HIDDEN_STYLE = re.compile(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden")
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight-source)-([\w+#.-]+)")
_LINK_SCHEMES = ("http", "https", "mailto")
CODE_TAB = 4


def text_of(el) -> str:
    """The element's visible text on one clean line (dropped tags skipped)."""
    parts: list[str] = []
    gather(el, parts, None, None)
    return clean_inline("".join(parts))


def text_and_links(el, base: str | None) -> tuple[str, tuple[Link, ...]]:
    parts: list[str] = []
    links: list[Link] = []
    gather(el, parts, links, base)
    return clean_inline("".join(parts)), unique(links)


def unique(links: list[Link]) -> tuple[Link, ...]:
    return tuple(dict.fromkeys(links))


def link_of(el, base: str | None) -> Link | None:
    href = (el.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:")):
        return None
    url = urljoin(base, href) if base else href
    if urlsplit(url).scheme.lower() not in _LINK_SCHEMES:
        return None
    text = text_of(el)
    return Link(text, clean_inline(url)) if text else None


def gather(el, parts: list[str], links: list[Link] | None, base: str | None,
            skip: frozenset[str] = frozenset()) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            tag = child.tag.lower()
            if tag == "br":
                parts.append(" ")
            elif is_hidden(child) or tag in skip:
                pass
            elif tag not in DROP_TAGS or tag in ("img", "picture"):
                if links is not None and tag == "a" and (link := link_of(child, base)):
                    links.append(link)
                gather(child, parts, links, base)
        if child.tail:
            parts.append(child.tail)


def is_hidden(el) -> bool:
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style") or "")))


def image_url(img, base: str | None) -> str | None:
    for attr in ("src", "data-src", "data-original", "data-lazy-src"):
        src = (img.get(attr) or "").strip()
        if src and not src.startswith("data:"):
            url = urljoin(base, src) if base else src
            return clean_inline(url) if urlsplit(url).scheme in ("http", "https", "") else None
    return None


def image_srcset(img, base: str | None) -> tuple[tuple[str, int], ...]:
    """The `srcset` (or lazy-loading `data-srcset`) candidates that say their width
    (`photo-480.jpg 480w`), resolved against the page; density ones (`2x`) are left
    out: they say nothing of the width without the page's layout."""
    raw = (img.get("srcset") or img.get("data-srcset") or "").strip()
    out: list[tuple[str, int]] = []
    for url, descriptor in _srcset_candidates(raw):
        if not descriptor.endswith("w") or not descriptor[:-1].isdigit() or url.startswith("data:"):
            continue
        url = urljoin(base, url) if base else url
        if urlsplit(url).scheme in ("http", "https"):
            out.append((clean_inline(url), int(descriptor[:-1])))
    return tuple(dict.fromkeys(out))[:16]


def _srcset_candidates(raw: str):
    """(url, descriptor) pairs of a srcset, as the HTML standard splits them: a URL is
    a run without spaces (commas at its end separate candidates), the descriptor runs
    to the next comma."""
    i, n = 0, len(raw)
    while i < n:
        while i < n and (raw[i].isspace() or raw[i] == ","):
            i += 1
        start = i
        while i < n and not raw[i].isspace():
            i += 1
        url = raw[start:i]
        if not url:
            break
        if url.endswith(","):
            yield url.rstrip(","), ""
            continue
        start = i
        while i < n and raw[i] != ",":
            i += 1
        yield url, raw[start:i].strip().lower()


def is_pixel(img) -> bool:
    return any((img.get(side) or "").strip() in ("0", "1", "2") for side in ("width", "height"))


def code_text(el) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag.lower() == "br":
                    parts.append("\n")
                elif child.tag.lower() not in ("script", "style", "button"):
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = [line.expandtabs(CODE_TAB).rstrip() for line in "".join(parts).split("\n")]
    lines = [line.rstrip() for line in clean_lines("\n".join(lines))]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def language(el) -> str | None:
    for node in (el, *el.iter("code")):
        match = _LANGUAGE.search(node.get("class") or "")
        if match:
            return clean_inline(match.group(1))[:30] or None
    return None
