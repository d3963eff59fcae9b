"""Turning untrusted bytes into clean text, once, where it enters the model.

After `clean()` a string holds no C0 control character but newline and tab,
no DEL and no C1 control: no ANSI/OSC escape sequence can survive, so no
surface that shows the text can be driven by it.
"""

from __future__ import annotations

import codecs
import re

from reader.model import ArticleError

MAX_ARTICLE_BYTES = 4 * 1024 * 1024
"""Files larger than this are not exported articles (the longest real ones are ~100 KB)."""

# A whole escape sequence goes, not only its ESC, so no "[31m" debris is left:
# CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS strings (ended by BEL or ST), and
# two-character escapes. The C1 forms (0x9B CSI, 0x9D OSC) are handled alike.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Unicode spaces that are not line breaks become a plain space.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters; keep newline and tab."""
    if not _CONTROLS.search(text):
        return text
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def _clean_one(line: str) -> str:
    line = _LINE_SEPARATORS.sub("\n", line)
    line = _SURROGATES.sub("\ufffd", line)  # an undecodable file name's bytes
    line = strip_controls(line)
    line = _INVISIBLE.sub("", line)
    return _SPACES.sub(" ", line)


def clean_lines(text: str) -> list[str]:
    """The document's lines with line endings, control characters, escape
    sequences, invisible characters and odd spaces dealt with.

    `str.isprintable()` is false for every character any of that touches, and
    it runs at C speed, so the common clean line costs one scan and no regex.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if all(map(str.isprintable, lines)):
        return lines
    lines = [line if line.isprintable() else _clean_one(line) for line in lines]
    if any("\n" in line for line in lines):  # U+2028/2029 and NEL break lines too
        lines = "\n".join(lines).split("\n")
    return lines


def clean(text: str) -> str:
    """Normalise a whole document: line endings, control characters, odd spaces."""
    return "\n".join(clean_lines(text))


def collapse(text: str) -> str:
    """One line of text: every run of whitespace becomes one space."""
    return " ".join(text.split())


def clean_inline(text: str) -> str:
    """Clean a short field (a feed title, a URL's text) into one safe line."""
    return collapse(clean(text))


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: "1 article", "1,204 articles",
    "0 feeds". `plural` when adding an "s" is wrong ("1 entry", "3 entries")."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def clean_line(text: object) -> str:
    """Any string from outside, made safe to show on one line: a file or folder
    name, a path, a config value, an error message.

    The same cleaning as `clean` (escape sequences and control characters go
    whole), and line breaks become spaces so one notice stays one line. Other
    spacing is kept, so a path shown is the path as written. The real string
    stays with the caller for I/O; only what is shown passes through here.
    A name that is not valid Unicode (undecodable bytes kept by the OS as
    lone surrogates) shows U+FFFD in their place.
    """
    text = str(text)
    if text.isprintable():
        return text
    return " ".join(clean_lines(text))


# Control bytes a text file rarely holds (not tab, line breaks, form feed, or
# ESC: hostile articles may carry escapes, which cleaning removes).
_CONTROL_BYTES = bytes((*range(0, 9), 11, *range(14, 27), *range(28, 32)))
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
BINARY_SHARE = 20
"""More than one byte in this many a control byte (and more than
`BINARY_FEW` of them) marks binary data. Random bytes carry about one in ten."""
BINARY_FEW = 32


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or a high share of control bytes: an image or archive in a
    text codec's clothing. A few stray controls (a BEL, a backspace) are text:
    cleaning drops them when the article is read."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _OTHER_BYTES))
    return controls > BINARY_FEW and controls * BINARY_SHARE > len(sample)


def decode(data: bytes) -> str:
    """Bytes of an exported article to text: UTF-8 (BOM or not), UTF-16 with a
    BOM, else cp1252, else latin-1. Binary data is refused with ArticleError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError("not an article: undecodable UTF-16 text") from None
    if looks_binary(data):
        raise ArticleError("not an article: binary data")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
