"""Captions of web pages, with the photo credit split out as the text format splits it.

Where a page puts a caption:
- `<figcaption>` inside its `<figure>`, or right after it (a sibling);
- WordPress's `wp-caption-text`, MediaWiki's `thumbcaption`, and any element
  whose class names a caption (`caption`, `image-caption`, `media__caption`...),
  next to the picture it describes.
Where it puts the credit (kept apart from the caption's text, as written):
- an element in the caption or figure whose tag is `<small>`/`<cite>` or whose
  class says credit, copyright, source, photographer, author;
- at the caption's end: `AGENCY / Name` (the text format's form),
  `Name/AGENCY`, `Photo: ...`, `Photograph: ...`, `Credit: ...`, `Image: ...`,
  `Photo by ...`, or a closing `(AFP)` / `(Photo: ...)` parenthesis.
"""

from __future__ import annotations

import re

from reader.model import Caption
from reader.sources.conventions import AGENCIES, split_credit
from reader.text import clean_inline

CREDIT_CLASS = re.compile(r"(?i)credit|copyright|byline|source|photographer|author|attribution")
CAPTION_CLASS = re.compile(r"(?i)(?:^|[\s_-])(?:wp-caption-text|thumbcaption|caption|figcaption"
                           r"|image-caption|img-caption|photo-caption|media-caption)(?:$|[\s_-])"
                           r"|caption(?:text|_text|-text)")
_AGENCY_WORDS = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_KEYWORD_CREDIT = re.compile(
    r"(?:(?<=[.!?…\"”’)])\s+|^|\s+[-–—|]\s+)"
    r"((?:Photo(?:graph)?s?|Picture|Image|Illustration|Credit|Photo credit|Source|Foto)\s*:\s*\S.{0,80}"
    r"|(?:Photo|Photograph|Picture|Image|Illustration)s?\s+by\s+[A-Z].{0,80})$")
_PAREN_CREDIT = re.compile(
    rf"\s*\(((?:(?:Photo|Photograph|Picture|Image|Credit|Illustration)s?(?:\s*:|\s+by)\s*[^()]+)"
    rf"|(?:{_AGENCY_WORDS})(?:\s*/\s*[^()]+)?|[^()]+/\s*(?:{_AGENCY_WORDS}))\)\s*$", re.I)
_NAME_AGENCY = re.compile(
    rf"(?:(?<=[.!?…\"”’)])\s+|^)((?:[A-Z][\w'’.-]*\s){{0,4}}[A-Z][\w'’.-]*\s?/\s?(?i:{_AGENCY_WORDS}))$")


def web_credit(line: str) -> tuple[str, str | None]:
    """Split a caption line into (caption, credit); the credit is None when there is none."""
    line = clean_inline(line)
    text, credit = split_credit(line)
    if credit:
        return text, credit
    for pattern in (_PAREN_CREDIT, _KEYWORD_CREDIT, _NAME_AGENCY):
        match = pattern.search(line)
        if match:
            return line[:match.start()].rstrip(" -–—|"), clean_inline(match.group(1))
    return line, None


def is_caption_element(el) -> bool:
    """A caption by its class (WordPress, MediaWiki, and the many `*caption*` names)."""
    return el.tag == "figcaption" or bool(CAPTION_CLASS.search(el.get("class") or ""))


def _is_credit(el) -> bool:
    return el.tag in ("small", "cite") or bool(CREDIT_CLASS.search(el.get("class") or ""))


def caption_of(caption_el, text_of, figure=None, alt: str = "") -> Caption | None:
    """The Caption of a caption element (and of the figure around it, for a credit there)."""
    credit_el = next((el for el in caption_el.iter() if el is not caption_el
                      and isinstance(el.tag, str) and _is_credit(el)), None)
    if credit_el is None and figure is not None:
        credit_el = next((el for el in figure.iter() if isinstance(el.tag, str)
                          and el is not caption_el and _is_credit(el)
                          and caption_el not in el.iterancestors()
                          and el not in caption_el.iterancestors()), None)
    credit = text_of(credit_el) if credit_el is not None else ""
    if credit and caption_el in credit_el.iterancestors():
        text = clean_inline(_text_without(caption_el, credit_el, text_of))
    else:
        text = text_of(caption_el)
    if not credit:
        text, credit = web_credit(text)
    if not text and credit:
        text, credit = credit, None  # a credit with no caption: still the figure's line
    if not text:
        return None
    return Caption(text, credit or None, alt if alt and alt != text else None)


def _text_without(caption_el, credit_el, text_of) -> str:
    """The caption's text with the credit element left out (the tree is not changed)."""
    parts: list[str] = []

    def walk(el) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if child is credit_el:
                parts.append(" ")
            elif isinstance(child.tag, str):
                if any(el is credit_el for el in child.iter()):
                    walk(child)
                else:
                    parts.append(text_of(child))
            if child.tail:
                parts.append(child.tail)

    walk(caption_el)
    return "".join(parts)
