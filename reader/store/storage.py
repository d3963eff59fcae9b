"""One TinyDB file that survives crashes and other processes.

`StoreFile` is a TinyDB `Storage`. Reads come from an in-memory copy that is
refreshed when the file changes on disk (inode, size, mtime, ctime). Writes
only happen inside a transaction that the store opens while it holds the
cross-process lock: `begin()` re-reads the file if its bytes changed, TinyDB
stages its changes with `write()`, and `commit()` writes them atomically
(temporary file in the same folder, fsync, `os.replace`, fsync the folder).
A file that does not parse, or has the wrong shape, is renamed aside byte for
byte and the store carries on with an empty file.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from reader.atomic import fsync_dir, write_atomic
from reader.files import open_regular

TEMP_SUFFIX = ".tmp"

Validator = Callable[[object], str | None]


class StoreError(Exception):
    """The disk refused (permissions, I/O, a lock held too long). `str()` is one line."""


class KeyedTable(Table):
    """A table whose documents are keyed by our own string ids (article or bookmark id).

    Keys never come from TinyDB's counter, so two processes can never hand out
    the same key, and a record is found without a scan.
    """

    document_id_class = str  # type: ignore[assignment]


class Database(TinyDB):
    table_class = KeyedTable


class StoreFile(Storage):
    """A TinyDB storage: cached reads, staged writes, atomic commits."""

    def __init__(
        self,
        path: Path,
        *,
        lock: Callable[[], AbstractContextManager],
        validate: Validator,
        on_set_aside: Callable[[Path, Path, str], None],
    ) -> None:
        self.path = path
        self._lock = lock
        self._validate = validate
        self._on_set_aside = on_set_aside
        self._data: dict | None = None
        self._signature: tuple | None = None  # None: not loaded (or must reload)
        self._checksum: tuple[int, int] | None = None  # (length, crc32) of the loaded bytes
        self._in_transaction = False
        self._dirty = False

    # TinyDB's Storage interface -------------------------------------------------

    def read(self) -> dict | None:
        if not self._in_transaction:
            self.refresh()
        return self._data

    def write(self, data: dict) -> None:
        if not self._in_transaction:
            self._signature = None  # TinyDB mutated our copy; forget it
            raise RuntimeError(f"{self.path.name}: write outside a transaction")
        self._data = data
        self._dirty = True

    def close(self) -> None:
        pass

    # Reading ------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload if the file changed since we last saw it (no lock taken)."""
        if self._signature is not None:  # loaded once: a stat tells whether it changed
            try:
                st = os.stat(self.path)
            except (FileNotFoundError, NotADirectoryError):
                self._forget(missing=True)
                return
            except OSError as err:
                raise StoreError(f"cannot read {self.path}: {err.strerror}") from None
            if _signature(st) == self._signature:
                return
        raw, signature = self._read_bytes()
        if raw is None:
            self._forget(missing=True)
            return
        if not self._accept(raw, signature):
            with self._lock():  # set aside only under the lock, after a second look
                self._sync_locked()

    def _read_bytes(self) -> tuple[bytes | None, tuple | None]:
        try:
            with open_regular(self.path) as fh:  # a FIFO in a store file's place: refused
                signature = _signature(os.fstat(fh.fileno()))
                return fh.read(), signature
        except (FileNotFoundError, NotADirectoryError):
            return None, None
        except OSError as err:
            raise StoreError(f"cannot read {self.path}: {err.strerror}") from None

    def _accept(self, raw: bytes, signature: tuple | None) -> bool:
        """Parse and check `raw`; keep it as the cached copy if it is sound."""
        checksum = (len(raw), zlib.crc32(raw))
        if checksum == self._checksum and self._signature is not None:
            self._signature = signature
            return True
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            return False
        if self._validate(data) is not None:
            return False
        self._data, self._signature, self._checksum = data, signature, checksum
        return True

    def _sync_locked(self) -> None:
        """With the lock held: make the cached copy exactly what is on disk."""
        raw, signature = self._read_bytes()
        if raw is None:
            self._forget(missing=True)
            return
        if self._accept(raw, signature):
            return
        reason = _why_unreadable(raw, self._validate)
        kept = set_aside(self.path)
        self._forget(missing=True)
        self._on_set_aside(self.path, kept, reason)

    def _forget(self, *, missing: bool) -> None:
        self._data = None
        self._checksum = None
        self._signature = ("missing",) if missing else None

    @property
    def data(self) -> dict:
        """The current contents (read-only by convention)."""
        return self.read() or {}

    # Writing ------------------------------------------------------------------

    def begin(self) -> None:
        """Start staging changes. The caller holds the cross-process lock."""
        self._sync_locked()
        self._in_transaction = True
        self._dirty = False

    def commit(self) -> None:
        """Write staged changes durably, then end the transaction."""
        try:
            if self._dirty:
                raw = encode(self._data)
                atomic_write(self.path, raw)
                self._signature = _signature(os.stat(self.path))
                self._checksum = (len(raw), zlib.crc32(raw))
        except OSError as err:
            self._signature = None
            raise StoreError(f"cannot write {self.path}: {err.strerror}") from None
        except BaseException:
            self._signature = None
            raise
        finally:
            self._in_transaction = False
            self._dirty = False

    def abort(self) -> None:
        """Drop staged changes; the next read reloads from disk.

        Always forgets the cached copy: TinyDB may have changed it in place
        before the error that brought us here.
        """
        self._signature = None
        self._checksum = None
        self._in_transaction = False
        self._dirty = False


def encode(data: dict) -> bytes:
    """Compact UTF-8 JSON; text that is not valid Unicode (a lone surrogate from an
    undecodable file name) is written as \\u escapes instead of failing."""
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _signature(st: os.stat_result) -> tuple:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _why_unreadable(raw: bytes, validate: Validator) -> str:
    if not raw:
        return "empty"
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return "not valid JSON"
    return validate(data) or "unexpected content"


def atomic_write(path: Path, raw: bytes) -> None:
    """Temporary file in the same folder, fsync, `os.replace`, fsync the folder."""
    write_atomic(path, raw, durable=True, suffix=TEMP_SUFFIX)


def make_dir(folder: Path) -> None:
    """Create `folder` (and parents) durably: each new entry's parent is fsynced."""
    if folder.is_dir():
        return
    make_dir(folder.parent)
    try:
        folder.mkdir()
    except FileExistsError:
        if not folder.is_dir():
            raise
        return
    fsync_dir(folder.parent)


def set_aside(path: Path) -> Path:
    """Rename `path` to `<name>.corrupt-<UTC time>` (never over an existing file)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    kept = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while kept.exists():
        kept = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    os.rename(path, kept)
    fsync_dir(path.parent)
    return kept


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files left by a writer that was killed. Call with the lock held."""
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
            try:
                entry.unlink()
            except OSError:
                pass
