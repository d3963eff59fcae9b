"""Opening a file we mean to read whole: only a regular file, never a pipe.

`open()` on a FIFO waits for a writer forever, and a device such as
/dev/zero never ends. The file is opened without blocking and checked with
`fstat` on the descriptor itself (no window between a check and the open);
anything but a regular file is refused with `NotRegularFile`, an OSError
whose `strerror` is one line for the user.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_KINDS = ((stat.S_ISFIFO, "a pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"))


class NotRegularFile(OSError):
    """A path that names a pipe, socket or device where a file was expected."""


def open_regular_fd(path: str | os.PathLike[str]) -> int:
    """`path` opened for reading, as a file descriptor (the caller closes it).
    IsADirectoryError for a folder, NotRegularFile for anything else that is not
    a regular file, OSError as `open` raises it otherwise."""
    return open_regular_stat(path)[0]


def open_regular_stat(path: str | os.PathLike[str]) -> tuple[int, os.stat_result]:
    """`open_regular_fd` with the `fstat` of the open descriptor it checked."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "a special file")
            raise NotRegularFile(errno.EINVAL, f"not a regular file ({kind})", str(path))
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return fd, st
    except BaseException:
        os.close(fd)
        raise


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """`path` opened for binary reading (see `open_regular_fd`)."""
    return os.fdopen(open_regular_fd(path), "rb")


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The whole of a regular file (see `open_regular`)."""
    with open_regular(path) as handle:
        return handle.read()


def read_regular_text(path: Path) -> str:
    """A regular file's text as UTF-8 (ValueError if it is not)."""
    return read_regular(path).decode("utf-8")
