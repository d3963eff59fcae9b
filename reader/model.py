"""The article model: plain value classes shared by the CLI, the store and the TUI.

Nothing here imports the UI. Text stored in these objects has already been
cleaned by the source that built them (see `reader.text.clean`), so every
surface that renders it is safe by construction.
"""

from __future__ import annotations

import os
from dataclasses import FrozenInstanceError, dataclass, field
from typing import ClassVar, Literal

BlockKind = Literal["caption", "key_points", "paragraph", "quote", "heading",
                    "list", "table", "code", "image"]


_set = object.__setattr__  # how a frozen value sets its fields, once, in __init__


class Frozen:
    """What the model's small values share: equality and hashing by their fields,
    a repr, `replace`, and no change once made.

    Written by hand, not with `@dataclass(frozen=True, slots=True)`: making a
    dataclass generates and compiles its methods, and the twelve classes here
    took 5 ms of every launch. Each class lists its fields (its `__init__`
    parameters, in order) in `_fields`; a block's `kind` is a class constant."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self):
        return self.__class__, self._values()

    def replace(self, **changes):
        """A copy with `changes` (field names to new values)."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return self.__class__(**values)


class ArticleError(Exception):
    """A source that is not an article. `str(err)` is a one-line reason for the user."""


class Link(Frozen):
    """A link inside a passage: its words and where it points (http, https or mailto)."""

    __slots__ = _fields = ("text", "url")
    text: str
    url: str

    def __init__(self, text: str, url: str) -> None:
        _set(self, "text", text)
        _set(self, "url", url)

    def to_dict(self) -> dict:
        return {"text": self.text, "url": self.url}


def _with_links(data: dict, links: tuple[Link, ...]) -> dict:
    """`links` appears in a block's dict only when it has some, so link-less shapes stay as they were."""
    if links:
        data["links"] = [link.to_dict() for link in links]
    return data


class Caption(Frozen):
    """A figure: the site's caption, its photo credit, and the photo's own description.

    `image` is the figure's picture (its address, alt text and sizes), when the
    page gives one; the reading pane draws it above the caption."""

    __slots__ = _fields = ("text", "credit", "description", "image")
    kind: ClassVar[BlockKind] = "caption"
    text: str
    credit: str | None
    description: str | None
    image: Image | None

    def __init__(self, text: str, credit: str | None = None, description: str | None = None,
                 image: Image | None = None) -> None:
        _set(self, "text", text)
        _set(self, "credit", credit)
        _set(self, "description", description)
        _set(self, "image", image)

    def to_dict(self) -> dict:
        data = {"kind": self.kind, "text": self.text, "credit": self.credit,
                "description": self.description}
        if self.image is not None:  # only when there is one: image-less shapes stay as they were
            data["image"] = self.image.picture_dict()
        return data


class KeyPoints(Frozen):
    __slots__ = _fields = ("items",)
    kind: ClassVar[BlockKind] = "key_points"
    items: tuple[str, ...]

    def __init__(self, items: tuple[str, ...]) -> None:
        _set(self, "items", items)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "items": list(self.items)}


class Paragraph(Frozen):
    __slots__ = _fields = ("text", "links")
    kind: ClassVar[BlockKind] = "paragraph"
    text: str
    links: tuple[Link, ...]

    def __init__(self, text: str, links: tuple[Link, ...] = ()) -> None:
        _set(self, "text", text)
        _set(self, "links", links)

    def to_dict(self) -> dict:
        return _with_links({"kind": self.kind, "text": self.text}, self.links)


class Quote(Frozen):
    __slots__ = _fields = ("text", "links")
    kind: ClassVar[BlockKind] = "quote"
    text: str
    links: tuple[Link, ...]

    def __init__(self, text: str, links: tuple[Link, ...] = ()) -> None:
        _set(self, "text", text)
        _set(self, "links", links)

    def to_dict(self) -> dict:
        return _with_links({"kind": self.kind, "text": self.text}, self.links)


class Heading(Frozen):
    __slots__ = _fields = ("text",)
    kind: ClassVar[BlockKind] = "heading"
    text: str

    def __init__(self, text: str) -> None:
        _set(self, "text", text)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text}


class ListBlock(Frozen):
    """A list kept as a list: each item is a passage; `start` numbers an ordered one."""

    __slots__ = _fields = ("items", "ordered", "start", "links")
    kind: ClassVar[BlockKind] = "list"
    items: tuple[str, ...]
    ordered: bool
    start: int
    links: tuple[tuple[Link, ...], ...]  # per item, when any item has links

    def __init__(self, items: tuple[str, ...], ordered: bool = False, start: int = 1,
                 links: tuple[tuple[Link, ...], ...] = ()) -> None:
        _set(self, "items", items)
        _set(self, "ordered", ordered)
        _set(self, "start", start)
        _set(self, "links", links)

    def item_links(self, i: int) -> tuple[Link, ...]:
        return self.links[i] if i < len(self.links) else ()

    def marker(self, i: int) -> str:
        return f"{self.start + i}." if self.ordered else "•"

    def to_dict(self) -> dict:
        data = {"kind": self.kind, "ordered": self.ordered, "start": self.start,
                "items": list(self.items)}
        if any(self.links):
            data["links"] = [[link.to_dict() for link in item] for item in self.links]
        return data


class Table(Frozen):
    """Rows of cells (the first row is the header when `header`); one passage."""

    __slots__ = _fields = ("rows", "header", "caption", "links")
    kind: ClassVar[BlockKind] = "table"
    rows: tuple[tuple[str, ...], ...]
    header: bool
    caption: str | None
    links: tuple[Link, ...]

    def __init__(self, rows: tuple[tuple[str, ...], ...], header: bool = False,
                 caption: str | None = None, links: tuple[Link, ...] = ()) -> None:
        _set(self, "rows", rows)
        _set(self, "header", header)
        _set(self, "caption", caption)
        _set(self, "links", links)

    @property
    def text(self) -> str:
        lines = [self.caption] if self.caption else []
        lines += [" | ".join(row) for row in self.rows]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return _with_links({"kind": self.kind, "header": self.header, "caption": self.caption,
                            "rows": [list(row) for row in self.rows]}, self.links)


class Code(Frozen):
    """A code block: its lines as written (never re-wrapped), and its language if named."""

    __slots__ = _fields = ("text", "language")
    kind: ClassVar[BlockKind] = "code"
    text: str
    language: str | None

    def __init__(self, text: str, language: str | None = None) -> None:
        _set(self, "text", text)
        _set(self, "language", language)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "language": self.language}


class Image(Frozen):
    """A picture outside a figure (and a figure's own picture, in `Caption.image`):
    its alt text, where it is, and the other sizes the page offers (`srcset`:
    (url, width in pixels) for each candidate that says its width)."""

    __slots__ = _fields = ("alt", "url", "srcset")
    kind: ClassVar[BlockKind] = "image"
    alt: str
    url: str | None
    srcset: tuple[tuple[str, int], ...]

    def __init__(self, alt: str, url: str | None = None,
                 srcset: tuple[tuple[str, int], ...] = ()) -> None:
        _set(self, "alt", alt)
        _set(self, "url", url)
        _set(self, "srcset", srcset)

    @property
    def text(self) -> str:
        return self.alt or "(image)"

    @property
    def drawable(self) -> bool:
        """The picture can be fetched: an http(s) address (a local file's relative
        path is not)."""
        return any(url.startswith(("http://", "https://"))
                   for url in (self.url or "", *(c[0] for c in self.srcset)))

    def best_url(self, pixels: int) -> str | None:
        """The address to draw `pixels` wide from: the narrowest candidate at least that
        wide, else the widest; `url` when the page offers no sizes."""
        if not self.srcset:
            return self.url
        wide_enough = [c for c in self.srcset if c[1] >= pixels]
        if wide_enough:
            return min(wide_enough, key=lambda c: c[1])[0]
        return max(self.srcset, key=lambda c: c[1])[0]

    def picture_dict(self) -> dict:
        data: dict = {"alt": self.alt, "url": self.url}
        if self.srcset:
            data["srcset"] = [{"url": url, "width": width} for url, width in self.srcset]
        return data

    def to_dict(self) -> dict:
        return {"kind": self.kind, **self.picture_dict()}


Block = Caption | KeyPoints | Paragraph | Quote | Heading | ListBlock | Table | Code | Image


class Passage(Frozen):
    """A unit a reader can point at and bookmark.

    Each caption, each key point, each paragraph, each quote, each list item,
    each table (whole), each code block and each image is a passage; headings
    are not. `index` counts passages in reading order; `block` is the index of
    the block in `Article.blocks` and `item` the key point's or list item's
    index. `links` are the links inside the passage, in order.
    """

    __slots__ = _fields = ("index", "block", "item", "kind", "text", "links")
    index: int
    block: int
    item: int | None
    kind: BlockKind
    text: str
    links: tuple[Link, ...]

    def __init__(self, index: int, block: int, item: int | None, kind: BlockKind, text: str,
                 links: tuple[Link, ...] = ()) -> None:
        _set(self, "index", index)
        _set(self, "block", block)
        _set(self, "item", item)
        _set(self, "kind", kind)
        _set(self, "text", text)
        _set(self, "links", links)


class Skipped(Frozen):
    """A file or source that yielded no article, with a one-line reason."""

    __slots__ = _fields = ("source", "reason", "missing")
    source: str
    reason: str
    missing: bool  # the source itself does not exist (a typo, not a bad file)

    def __init__(self, source: str, reason: str, missing: bool = False) -> None:
        _set(self, "source", source)
        _set(self, "reason", reason)
        _set(self, "missing", missing)


SummaryKind = Literal["file", "item", "page"]


_FOLDERS: dict[str, str] = {}  # one string per folder, however many files it holds
DISTINCT_FOLDERS = 50000
"""Folders kept for sharing; past this many, a summary keeps its own copy."""


def interned(table: dict[str, str], text: str, limit: int) -> str:
    """The one string `table` keeps for `text` (kept while it holds fewer than
    `limit`), so equal strings of many rows take the memory of one."""
    kept = table.get(text)
    if kept is not None:
        return kept
    if len(table) < limit:
        table[text] = text
    return text


def intern_folder(folder: str) -> str:
    """The one string kept for this folder (with its trailing separator)."""
    return interned(_FOLDERS, folder, DISTINCT_FOLDERS)


def split_path(path: str) -> tuple[str, str]:
    """A file's path as (its folder, shared, with the separator; its name)."""
    cut = path.rfind(os.sep) + 1
    if not cut:
        return "", path
    folder = path[:cut]
    return _FOLDERS.get(folder) or intern_folder(folder), path[cut:]


class ArticleSummary:
    """What the sidebar needs, computed by the light pass without a full parse.

    `kind` says where the article comes from, as data: a local `file` (its
    path in `source`), a feed `item` (`feed` is the feed's URL; `source` is the
    item's link, or the feed URL with the id as fragment) or a web `page`
    (`source` is its URL). `published_at` is the full UTC timestamp
    (`YYYY-MM-DDTHH:MM:SSZ`) when the source gives one, for ordering.

    A library holds one per article (100,000 of them for a large one), so it is
    kept small: a file's path is its folder, one string shared by every file in
    it, and its name (`source` joins them when asked). A plain file (no feed,
    no timestamp) has that folder string in `_folder`; anything else has there
    the tuple (kind, feed, published_at, folder) instead, so five slots serve
    every kind. Read-only by convention, compared and hashed by value, like the
    frozen record it was.
    """

    __slots__ = ("id", "title", "published", "_folder", "_name")

    id: str
    title: str
    published: str | None

    def __init__(self, id: str, title: str, source: str, published: str | None,
                 kind: SummaryKind = "file", feed: str | None = None,
                 published_at: str | None = None) -> None:
        self.id = id
        self.title = title
        self.published = published
        if kind == "file":
            folder, self._name = split_path(source)
            self._folder = folder if feed is None and published_at is None else (
                kind, feed, published_at, folder)
        else:
            self._folder, self._name = (kind, feed, published_at, ""), source

    @classmethod
    def of_file(cls, id: str, title: str, folder: str, name: str,
                published: str | None) -> ArticleSummary:
        """A file's summary from its folder (as `split_path` gives it) and name."""
        summary = cls.__new__(cls)
        summary.id, summary.title, summary.published = id, title, published
        summary._folder, summary._name = folder, name
        return summary

    @property
    def source(self) -> str:
        folder = self._folder
        if folder.__class__ is not str:
            folder = folder[3]
        return folder + self._name  # a URL's folder is "": the very string, no copy

    def has_source(self, source: str) -> bool:
        """`self.source == source`, without joining the two parts."""
        folder, name = self._folder, self._name
        if folder.__class__ is not str:
            folder = folder[3]
        return (len(source) == len(folder) + len(name) and source.endswith(name)
                and source.startswith(folder))

    @property
    def path_parts(self) -> tuple[str, str]:
        """(folder, name) as `split_path` gives them for a file; ("", source) otherwise."""
        folder = self._folder
        return (folder if folder.__class__ is str else folder[3]), self._name

    @property
    def kind(self) -> SummaryKind:
        folder = self._folder
        return "file" if folder.__class__ is str else folder[0]

    @property
    def feed(self) -> str | None:
        folder = self._folder
        return None if folder.__class__ is str else folder[1]

    @property
    def published_at(self) -> str | None:
        folder = self._folder
        return None if folder.__class__ is str else folder[2]

    def _fields(self) -> tuple:
        return (self.id, self.title, self.source, self.published, self.kind, self.feed,
                self.published_at)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.id == other.id and self.title == other.title
                and self.published == other.published and self._name == other._name
                and self._folder == other._folder)

    def __hash__(self) -> int:
        return hash((self.id, self.title, self.published, self._folder, self._name))

    def __repr__(self) -> str:
        names = ("id", "title", "source", "published", "kind", "feed", "published_at")
        return "ArticleSummary(" + ", ".join(
            f"{n}={v!r}" for n, v in zip(names, self._fields(), strict=True)) + ")"

    def __reduce__(self):
        return ArticleSummary, self._fields()

    def replace(self, **changes) -> ArticleSummary:
        """A copy with some fields changed (by their constructor names)."""
        names = ("id", "title", "source", "published", "kind", "feed", "published_at")
        values = dict(zip(names, self._fields(), strict=True))
        values.update(changes)
        return ArticleSummary(**values)

    @property
    def sort_key(self) -> str:
        """Newest-first key: the full timestamp, else the date (a dated day sorts
        below that day's timed articles), else empty."""
        folder = self._folder
        return (folder.__class__ is not str and folder[2]) or self.published or ""

    @property
    def is_local(self) -> bool:
        folder = self._folder
        return folder.__class__ is str or folder[0] == "file"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "source": self.source,
                "published": self.published, "published_at": self.published_at,
                "kind": self.kind, "feed": self.feed}

    @classmethod
    def from_dict(cls, data: dict) -> ArticleSummary:
        """The inverse of `to_dict` (raises KeyError/TypeError on a wrong shape)."""
        kind = data.get("kind", "file")
        if kind not in ("file", "item", "page"):
            raise TypeError(f"unknown summary kind {kind!r}")
        fields = (data["id"], data["title"], data["source"])
        if not all(isinstance(f, str) for f in fields):
            raise TypeError("summary fields must be strings")
        return cls(*fields, data.get("published"), kind, data.get("feed"),
                   data.get("published_at"))


def sort_keys(summaries: list[ArticleSummary]) -> list[str | None]:
    """Each summary's `sort_key` (None for an undated plain file), in one pass
    (100,000 summaries are spread over memory: each pass is a cache miss per row)."""
    return [s.published if s._folder.__class__ is str else s.sort_key for s in summaries]


def sorting_paths(summaries: list[ArticleSummary]) -> list[str]:
    """Texts to sort `summaries` in the natural order of their sources: the file
    names alone when all are files of one folder (the same order: the folder is
    common to all and ends in a separator), else the sources."""
    folder = summaries[0]._folder if summaries else ""
    if folder and folder.__class__ is str:
        names = [s._name if s._folder is folder else None for s in summaries]
        if None not in names:
            return names
    return [s.source for s in summaries]


@dataclass(slots=True)
class Article:
    id: str
    title: str
    source: str
    published: str | None
    blocks: list[Block]
    title_derived: bool = False
    link: str | None = None
    summary_only: bool = False  # a feed item whose page could not be fetched: its summary
    # Podcast episodes, videos, images a feed item carries: {"url", "type", "length"}
    # (type and length may be None). Shown after the text, never fetched by the reader.
    enclosures: list[dict] = field(default_factory=list)
    author: str | None = None  # the byline the page or file declares
    # The passages, worked out once per state of `blocks` (a huge article asks often).
    _passages: tuple = field(default=(None, None), init=False, repr=False, compare=False)

    def passages(self) -> list[Passage]:
        """The passages in reading order. Kept while `blocks` is the same list with
        the same length and last block, so callers must treat the list as read-only."""
        blocks = self.blocks
        key = (id(blocks), len(blocks), id(blocks[-1]) if blocks else None)
        if self._passages[0] == key:
            return self._passages[1]
        out = self._compute_passages()
        self._passages = (key, out)
        return out

    def _compute_passages(self) -> list[Passage]:
        out: list[Passage] = []
        for b, block in enumerate(self.blocks):
            if isinstance(block, KeyPoints):
                for i, item in enumerate(block.items):
                    out.append(Passage(len(out), b, i, "key_points", item))
            elif isinstance(block, ListBlock):
                for i, item in enumerate(block.items):
                    out.append(Passage(len(out), b, i, "list", item, block.item_links(i)))
            elif isinstance(block, Caption):
                text = f"{block.text} {block.credit}" if block.credit else block.text
                out.append(Passage(len(out), b, None, "caption", text.strip()))
            elif isinstance(block, Paragraph | Quote | Table):
                out.append(Passage(len(out), b, None, block.kind, block.text, block.links))
            elif not isinstance(block, Heading):
                out.append(Passage(len(out), b, None, block.kind, block.text))
        return out

    def summary(self, kind: SummaryKind = "file", feed: str | None = None,
                published_at: str | None = None) -> ArticleSummary:
        return ArticleSummary(self.id, self.title, self.source, self.published, kind, feed,
                              published_at)

    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.passages() if p.kind not in ("code", "image"))

    def links(self) -> list[tuple[int, Link]]:
        """Every link with the index of its passage, numbered in reading order from 1."""
        return [(p.index, link) for p in self.passages() for link in p.links]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "title_derived": self.title_derived,
            "source": self.source,
            "published": self.published,
            "link": self.link,
            "summary_only": self.summary_only,
            "author": self.author,
            "blocks": [b.to_dict() for b in self.blocks],
            "enclosures": [dict(e) for e in self.enclosures],
        }

    def pictures(self) -> list[tuple[int, Image]]:
        """The pictures that can be drawn, each with the index of its passage (a figure's
        picture belongs to its caption's passage), in reading order."""
        out = []
        for passage in self.passages():
            block = self.blocks[passage.block]
            image = block.image if isinstance(block, Caption) else block
            if isinstance(image, Image) and image.drawable:
                out.append((passage.index, image))
        return out
