"""The article model: plain dataclasses shared by the CLI, the store and the TUI.

Nothing here imports the UI. Text stored in these objects has already been
cleaned by the source that built them (see `reader.text.clean`), so every
surface that renders it is safe by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["caption", "key_points", "paragraph", "quote", "heading"]


class ArticleError(Exception):
    """A source that is not an article. `str(err)` is a one-line reason for the user."""


@dataclass(frozen=True, slots=True)
class Caption:
    """A figure: the site's caption, its photo credit, and the photo's own description."""

    text: str
    credit: str | None = None
    description: str | None = None
    kind: BlockKind = field(default="caption", init=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "credit": self.credit,
                "description": self.description}


@dataclass(frozen=True, slots=True)
class KeyPoints:
    items: tuple[str, ...]
    kind: BlockKind = field(default="key_points", init=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "items": list(self.items)}


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind: BlockKind = field(default="paragraph", init=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    kind: BlockKind = field(default="quote", init=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    kind: BlockKind = field(default="heading", init=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text}


Block = Caption | KeyPoints | Paragraph | Quote | Heading


@dataclass(frozen=True, slots=True)
class Passage:
    """A unit a reader can point at and bookmark.

    Each caption, each key point, each paragraph and each quote is a passage;
    headings are not. `index` counts passages in reading order; `block` is the
    index of the block in `Article.blocks` and `item` the key point's index.
    """

    index: int
    block: int
    item: int | None
    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or source that yielded no article, with a one-line reason."""

    source: str
    reason: str
    missing: bool = False  # the source itself does not exist (a typo, not a bad file)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the sidebar needs, computed by the light pass without a full parse."""

    id: str
    title: str
    source: str
    published: str | None

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "source": self.source,
                "published": self.published}


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
    author: str | None = None  # the byline the page or file declares

    def passages(self) -> list[Passage]:
        out: list[Passage] = []
        for b, block in enumerate(self.blocks):
            if isinstance(block, KeyPoints):
                for i, item in enumerate(block.items):
                    out.append(Passage(len(out), b, i, "key_points", item))
            elif isinstance(block, Caption):
                text = f"{block.text} {block.credit}" if block.credit else block.text
                out.append(Passage(len(out), b, None, "caption", text.strip()))
            elif not isinstance(block, Heading):
                out.append(Passage(len(out), b, None, block.kind, block.text))
        return out

    def summary(self) -> ArticleSummary:
        return ArticleSummary(self.id, self.title, self.source, self.published)

    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.passages())

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
        }
