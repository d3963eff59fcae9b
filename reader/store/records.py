"""The records the store hands out: `Bookmark`, and `StoreNotice` for the user."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path


def utc_now() -> str:
    """ISO 8601 UTC with microseconds, so bookmarks made in one second still sort."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A passage the reader marked, with enough saved to outlive the article's text."""

    id: str
    article_id: str
    article_title: str
    source: str
    text: str
    passage_index: int
    context_before: str
    context_after: str
    created: str
    note: str | None = None
    detached: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Bookmark:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("article_title", "source", "context_before", "context_after"):
            values[name] = values.get(name) or ""
        return cls(**values)

    def moved(self, passage_index: int | None) -> Bookmark:
        """This bookmark re-attached at `passage_index`, or detached when None."""
        if passage_index is None:
            return replace(self, detached=True)
        return replace(self, passage_index=passage_index, detached=False)


def newest_first(bookmarks: list[Bookmark]) -> list[Bookmark]:
    return sorted(bookmarks, key=lambda b: (b.created, b.id), reverse=True)


class StoreNotice(str):
    """One line for the user about something the store did on its own.

    A `str`, so it can be printed as is; `kept` lists the files set aside.
    """

    kept: tuple[Path, ...]

    def __new__(cls, message: str, kept: tuple[Path, ...] = ()) -> StoreNotice:
        notice = super().__new__(cls, message)
        notice.kept = kept
        return notice
