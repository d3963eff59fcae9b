"""Replacing a file whole: readers see the old bytes or the new ones, never a mix.

Write to a temporary file in the same folder, then `os.replace` it over the
target. `durable=True` adds the fsyncs (file, then folder) that make the new
bytes survive a power cut once the call returns: the store's precious files
need that; caches, which can be rebuilt, skip it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, durable: bool, suffix: str = ".tmp") -> None:
    """Replace `path` with `data`; OSError when the disk refuses (nothing is left behind)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    if durable:
        fsync_dir(folder)
