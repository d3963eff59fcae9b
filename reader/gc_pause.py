"""Python's cyclic garbage collector, paused while the reader starts.

A launch makes about ninety thousand objects that the collector tracks
(modules, classes, Textual's widgets, styles and caches), nearly all of them
for the whole session. The collector runs every 700 new objects and walked
them again and again: a launch spent 30 ms of its 240 in it, one full
collection among them, where a bare Textual app spends 10 ms. So the
`newsreader` command pauses it from its first import (`reader.entry`) until
the reader's first frame is out, then lets it run again (`resume`).

`resume` freezes what the launch made before it turns the collector back on
(`gc.freeze`): those objects live for the session, and the collector no longer
walks them, so a later full collection walks what the session has made since.
On a first launch on 100,000 articles that took the collector's time during
the scan from about 100 ms to 60 ms, and its longest pause from 40 to 20 ms;
later pauses, while one scrolls, shrink the same way.

While the collector is paused, reference counting frees objects as always;
only objects in reference cycles wait for it. About 3,400 of them (0.5 MB) are
garbage by the first frame, and freezing keeps them for the session, as it
keeps the few objects made by the launch that turn to cyclic garbage later
(Textual's first layouts' caches): about 4,400 objects, 0.55 MB, after a
session of moving about, reading, searching and opening screens. That bounded
half megabyte is traded for a collection right after the first frame, which
would hold the interpreter 20-40 ms just as the terminal's writer thread sends
that frame.

Only the command pauses it: the reader used as a library, and the tests that
drive the app in-process, keep Python's collector as it is (`resume` does
nothing when `pause` was not called).
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Pause the collector until `resume` (nothing if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Turn the collector back on if `pause` turned it off, what is alive
    frozen out of its walks; idempotent."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    return _paused
