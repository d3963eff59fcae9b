"""Hostile names for the surface tests: escape sequences, C1 controls and
Textual/Rich markup in what a user's disk or config may hold, and the checks
that none of it reaches an output as code."""

from __future__ import annotations

import os
import re

from hypothesis import strategies as st

from reader.text import clean_line

# Sequences a terminal acts on: set the title (OSC 0), a hyperlink (OSC 8),
# clear the screen (CSI 2J), colour (SGR), the same through C1 controls
# (0x9B CSI, 0x9D OSC, 0x9C ST), a bell, a backspace, a carriage return,
# and line separators that would split a one-line notice.
ESCAPES = ("\x1b]0;pwned\x07", "\x1b]8;;https:evil.example\x1b\\", "\x1b[2J", "\x1b[31m",
           "\x9b2J", "\x9d0;pwned\x9c", "\x85", "\x90q\x9c", "\x07", "\x08", "\r", "\n",
           "\u2028", "\x1b]0;left open")
# Markup Rich and Textual would read in a markup string. A file name cannot
# hold "/", so closing tags ("[/]") are tried in config values only.
MARKUP = ("[bold red]", "[reverse]", "[@click=app.quit]", "[link=https:evil.example]")
CLOSING_MARKUP = ("[/]", "[/bold red]")

FIXED_NAMES = (
    "osc\x1b]0;pwned\x07title.txt",
    "clear\x1b[2Jscreen.txt",
    "c1\x9b2J\x9d0;t\x9cname.txt",
    "[bold red]loud [@click=app.quit]quit.txt",
    "mixed\x1b[31m[reverse]x\x85y.txt",
    os.fsdecode(b"undecodable\xff\xfe[bold]name.txt"),  # bytes no codec reads: lone surrogates
)

_PLAIN = st.text(st.characters(codec="utf-8", exclude_characters="/\x00",
                               exclude_categories=("Cs",)), max_size=4)


def _fits(name: str) -> bool:
    return 0 < len(name.encode("utf-8")) <= 200 and name not in (".", "..")


# "n" first: names starting with "." are hidden files, which folder scans skip.
names = (st.lists(st.one_of(st.sampled_from(ESCAPES + MARKUP), _PLAIN), min_size=1, max_size=6)
         .map(lambda parts: "n" + "".join(parts))
         .filter(_fits))


# What a terminal may receive from a program styling its own text: SGR colour
# (Rich and Textual's strips emit nothing else for text). Anything else that
# starts with ESC is a leak.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:]*m")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_own_sequences(output: str) -> str:
    """The text a terminal shows: the program's own styling and cursor moves removed."""
    return _OWN_SEQUENCES.sub("", output).replace("\r", "")


def assert_no_code(output: str, *, terminal: bool = False) -> None:
    """No ESC, no C0 control but newline and tab, no C1 control. On a terminal
    (`terminal=True`) the program's own colours (SGR) are allowed,
    so a test on a terminal uses names whose escapes are not of that kind
    (an OSC, a C1 CSI), which would still be caught; and \\r ends lines there."""
    if terminal:
        output = strip_own_sequences(output)
    found = _CONTROL.search(output)
    assert found is None, f"control {found.group()!r} reached the output: {output!r}"


def shown(name: str) -> str:
    """How a name must appear: cleaned, and its markup as written."""
    return clean_line(name)


def visible_markup(name: str) -> list[str]:
    """The markup tokens of `name` that cleaning leaves whole: each must appear
    in the output as written (markup read as markup would vanish)."""
    cleaned = clean_line(name)
    return [token for token in MARKUP if token in cleaned]


def make(folder: str | os.PathLike, name: str, data: bytes) -> str:
    path = os.path.join(os.fspath(folder), name)
    with open(path, "wb") as handle:
        handle.write(data)
    return path


ARTICLE = b"A quiet harbour\n\nThe boats came in at dawn, and the harbour woke.\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
