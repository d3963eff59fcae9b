"""Feed folder paths as the store keeps them: names joined by "/", a "/" inside a
name escaped as "\\/" (so an OPML folder called "AI/ML" stays one folder).

Plain string work, apart from the OPML reader that fills them, so the reader's
start (the feeds pane) does not load an XML parser to show its folders.
"""

from __future__ import annotations


def join_folders(names) -> str | None:
    return "/".join(n.replace("\\", "\\\\").replace("/", "\\/") for n in names) or None


def split_folders(path: str | None) -> list[str]:
    """The folder names of a stored path ("News/Regional", "AI\\/ML" is one name)."""
    names, current, chars = [], [], iter(path or "")
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, ""))
        elif ch == "/":
            names.append("".join(current))
            current = []
        else:
            current.append(ch)
    names.append("".join(current))
    return [n for n in names if n]
