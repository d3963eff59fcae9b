"""Sources: one module per input kind. This module reads files and dispatches
by extension: `.html`/`.htm` pages, `.md` Markdown, anything else the
plain-text export format.

Every failure a user can meet (missing file, directory, unreadable, too
large, binary, empty, a pipe or device) becomes an `ArticleError` with a one-line reason.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.files import NotRegularFile, open_regular_stat
from reader.model import Article, ArticleError, ArticleSummary
from reader.sources import plaintext
from reader.text import MAX_ARTICLE_BYTES, clean_line, decode

PAGES_REVISION = 2
"""Bump when what the page or Markdown reader makes of a file changes (titles, dates):
the index cache drops entries written by another revision."""
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def read_text(path: str | Path) -> tuple[str, str]:
    """(decoded text, absolute source path) of an article file."""
    data, source = _read_bytes(path)
    return decode(data), source


def _read_bytes(path: str | Path, stat: list | None = None) -> tuple[bytes, str]:
    """(bytes, absolute source path) of an article file, refused with a one-line
    `ArticleError` when it cannot be one. `stat`, when given, receives the
    file's `os.stat_result`, taken on the open descriptor before the read (so
    it is there even when the file is then refused as empty or too large)."""
    source = os.path.abspath(path)
    try:
        # A file descriptor, not a buffered file object, which costs more than
        # reading a 4 KB article (the light pass reads 100,000 of them); a FIFO
        # or device is refused, not waited on.
        fd, st = open_regular_stat(source)
        try:
            if stat is not None:
                stat.append(st)
            size = st.st_size
            if size > MAX_ARTICLE_BYTES:
                raise ArticleError(
                    f"not an article: {size / 1048576:.1f} MB is over the "
                    f"{MAX_ARTICLE_BYTES // 1048576} MB limit for one article")
            # Not read(MAX + 1): that allocates the whole limit for every small file.
            data = _read_up_to(fd, size + 1 if size else MAX_ARTICLE_BYTES + 1, size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise ArticleError("no such file") from None
    except IsADirectoryError:
        raise ArticleError("is a folder, not an article file") from None
    except PermissionError:
        raise ArticleError("permission denied") from None
    except NotRegularFile as err:
        raise ArticleError(err.strerror) from None
    except OSError as err:
        raise ArticleError(f"cannot read: {err.strerror or err}") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"not an article: over the {MAX_ARTICLE_BYTES // 1048576} MB limit")
    if not data or data.isspace():
        raise ArticleError("not an article: no text (empty or whitespace only)")
    return data, source


def _read_up_to(fd: int, limit: int, expected: int = 0) -> bytes:
    """At most `limit` bytes, until end of file (a read may return less than
    asked), or until the `expected` size (what fstat said) has come: asking
    again only to be told the file ends would cost a system call per file."""
    data = os.read(fd, limit)
    if not data or len(data) >= limit or len(data) == expected:
        return data
    parts = [data]
    while (got := sum(map(len, parts))) < limit and got != expected and (
            more := os.read(fd, limit - got)):
        parts.append(more)
    return b"".join(parts)


def read_article(path: str | Path) -> Article:
    text, source = read_text(path)
    return _parse(text, source)


def _parse(text: str, source: str) -> Article:
    suffix = os.path.splitext(source)[1].lower()
    if suffix in HTML_SUFFIXES:
        from reader.sources.html import parse_html

        return parse_html(text, source)
    if suffix in MARKDOWN_SUFFIXES:
        from reader.sources.markdown import parse_markdown

        return parse_markdown(text, source)
    return plaintext.parse(text, source)


def read_summary(path: str | Path) -> ArticleSummary:
    """The sidebar's light pass; pages and Markdown are small, so they parse whole."""
    data, source = _read_bytes(path)
    return _summarize(data, source)


def light_summary(path: str) -> tuple[tuple[int, int] | None, ArticleSummary | ArticleError]:
    """What `read_summary(path)` returns (or the error it raises), with the
    file's (size, mtime_ns) for the index cache, or None when the file could
    not be opened. The two come from one `fstat` on the open descriptor, taken
    before the read: a change made after it shows as a new mtime next time."""
    stat: list = []
    try:
        data, source = _read_bytes(path, stat)
        result = _summarize(data, source)
    except ArticleError as err:
        result = err
    if not stat:
        return None, result
    return (stat[0].st_size, stat[0].st_mtime_ns), result


def read_rows(files: list[str], summarize=light_summary) -> list[tuple]:
    """The light pass over a chunk of files, as the scan's worker processes
    send it back (they import this module, not the library): per file its
    (size, mtime_ns) for the index cache (None when it could not be opened),
    then (id, title, published) for an article, or (None, reason) with the
    reason made safe to show."""
    out: list[tuple] = []
    append = out.append
    for path in files:
        key, summary = summarize(path)
        if type(summary) is ArticleSummary:
            append((key, summary.id, summary.title, summary.published))
        else:
            append((key, None, clean_line(summary)))
    return out


def _summarize(data: bytes, source: str) -> ArticleSummary:
    if os.path.splitext(source)[1].lower() in HTML_SUFFIXES + MARKDOWN_SUFFIXES:
        return _parse(decode(data), source).summary()
    return plaintext.summarize_bytes(data, source)
