"""Finding a bookmarked passage again after the article's text changed.

First by exact text (whitespace-insensitive), then by fuzzy match with
difflib; among equal candidates the one whose neighbours still match the
saved context wins, then the one nearest the old position. No match means the
bookmark is detached: it keeps its saved text and stays in the list.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from reader.model import Passage

#: How similar (difflib ratio) an edited passage must still be to count as the same one.
FUZZY_THRESHOLD = 0.75
#: How much of the neighbouring passages a bookmark remembers, in characters.
CONTEXT_CHARS = 80


def _norm(text: str) -> str:
    return " ".join(text.split())


def context_of(passages: list[Passage], index: int) -> tuple[str, str]:
    """The end of the passage before `index` and the start of the one after it."""
    before = passages[index - 1].text if index > 0 else ""
    after = passages[index + 1].text if index + 1 < len(passages) else ""
    return _norm(before)[-CONTEXT_CHARS:], _norm(after)[:CONTEXT_CHARS]


def _context_score(passages: list[Passage], index: int, before: str, after: str) -> int:
    now_before, now_after = context_of(passages, index)
    return int(bool(before) and now_before == before) + int(bool(after) and now_after == after)


def locate(
    passages: list[Passage], text: str, hint: int, before: str = "", after: str = ""
) -> int | None:
    """The index of the passage that best matches a saved bookmark, or None."""
    wanted = _norm(text)
    if not wanted:
        return None
    texts = [_norm(p.text) for p in passages]
    exact = [i for i, t in enumerate(texts) if t == wanted]
    if exact:
        return max(exact, key=lambda i: (_context_score(passages, i, before, after),
                                         -abs(i - hint)))

    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)
    best_key: tuple[float, int, int] | None = None
    best_index: int | None = None
    for i, candidate in enumerate(texts):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
            continue
        ratio = matcher.ratio()
        if ratio < FUZZY_THRESHOLD:
            continue
        key = (round(ratio, 3), _context_score(passages, i, before, after), -abs(i - hint))
        if best_key is None or key > best_key:
            best_key, best_index = key, i
    return best_index
