"""The store folder: its TinyDB files, the cross-process lock, transactions, schema.

`StoreFolder.writing(names)` is the only way to change a file: it holds the
lock, re-reads the named files if another process changed them, lets the
caller change them through TinyDB, and writes each atomically. Reads come
from memory, refreshed whenever a file changed on disk.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tinydb.table import Document

from reader import paths
from reader.store.records import StoreNotice
from reader.store.schema import (
    META_FILE,
    MIGRATIONS,
    SCHEMA_VERSION,
    SHARD_KINDS,
    is_shard_file,
    validate_meta,
    validate_shard,
)
from reader.store.storage import Database, StoreError, StoreFile, make_dir, remove_stale_temps

META = "store"  # the name of store.json's database; a shard's is "read/3f" or "bookmarks/3f"
LOCK_TIMEOUT = 15.0  # seconds; a write waits this long for another process


def default_path() -> Path:
    return paths.data_dir() / "store"


class StoreFolder:
    """The files under one store folder. Thread-safe; safe across processes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.read_only = False
        self._mutex = threading.RLock()
        self._file_lock = None  # a FileLock, made at the first write (most launches only read)
        self._dbs: dict[str, Database] = {}
        self._set_aside: list[tuple[Path, Path, str]] = []
        self._notices: list[str] = []

    @classmethod
    def open(cls, root: Path) -> StoreFolder:
        """Load what is there (creating nothing); bad files are set aside, not raised."""
        folder = cls(root)
        folder._start()
        return folder

    # Notices ------------------------------------------------------------------

    @property
    def notice(self) -> StoreNotice | None:
        """One line for the user about files set aside or a read-only store, else None."""
        parts = list(self._notices)
        kept = tuple(k for _, k, _ in self._set_aside)
        if len(self._set_aside) == 1:
            path, kept_as, reason = self._set_aside[0]
            parts.insert(0, f"store file {path} was unreadable ({reason}); "
                            f"kept as {kept_as}; starting it fresh")
        elif self._set_aside:
            parts.insert(0, f"{len(kept)} store files were unreadable; kept as "
                            f"{', '.join(map(str, kept))}; starting them fresh")
        return StoreNotice("; ".join(parts), kept) if parts else None

    def _on_set_aside(self, path: Path, kept: Path, reason: str) -> None:
        self._set_aside.append((path, kept, reason))

    # Files, lock, transactions ------------------------------------------------

    def db(self, name: str) -> Database:
        db = self._dbs.get(name)
        if db is None:
            if name == META:
                path, validate = self.root / META_FILE, validate_meta
            else:
                path, validate = self.root / f"{name}.json", validate_shard
            db = Database(path, storage=StoreFile, lock=self.locked, validate=validate,
                          on_set_aside=self._on_set_aside)
            self._dbs[name] = db
        return db

    def data(self, name: str, table: str) -> dict:
        return self.db(name).storage.data.get(table, {})

    def shard_names(self, kind: str) -> list[str]:
        """The names of the `kind` shards on disk or in memory ("read/00", ...)."""
        try:
            found = {f"{kind}/{e[:-5]}" for e in os.listdir(self.root / kind) if is_shard_file(e)}
        except (FileNotFoundError, NotADirectoryError):
            found = set()
        return sorted(found | {n for n in self._dbs if n.startswith(kind + "/")})

    def reading(self) -> threading.RLock:
        """Hold while reading cached data, so another thread cannot refresh it midway."""
        return self._mutex

    @contextmanager
    def locked(self) -> Iterator[None]:
        # Imported here, not at the top: filelock costs ~15 ms of every launch,
        # and a launch that only reads never takes the lock.
        from filelock import FileLock, Timeout

        with self._mutex:
            if self._file_lock is None:
                self._file_lock = FileLock(self.root / ".lock", timeout=LOCK_TIMEOUT,
                                           thread_local=False, poll_interval=0.002)
            try:
                make_dir(self.root)
                self._file_lock.acquire()
            except Timeout:
                raise StoreError(f"the store {self.root} is busy: another newsreader "
                                 f"held its lock for {LOCK_TIMEOUT:.0f} s") from None
            except OSError as err:
                raise StoreError(f"cannot use the store {self.root}: {err.strerror}") from None
            try:
                yield
            finally:
                self._file_lock.release()

    @contextmanager
    def writing(self, names: Iterable[str]) -> Iterator[dict[str, Database]]:
        """Lock, re-read, let the caller change the named files, write them atomically.

        store.json always takes part (it carries the schema version) and is
        committed last, after the shards.
        """
        if self.read_only:
            raise StoreError(f"the store {self.root} is read-only: {self.notice}")
        with self.locked():
            dbs = {name: self.db(name) for name in [*names, META]}
            for db in dbs.values():
                try:
                    make_dir(db.storage.path.parent)
                except OSError as err:
                    raise StoreError(f"cannot create {db.storage.path.parent}: "
                                     f"{err.strerror}") from None
            began: list[Database] = []
            try:
                for db in dbs.values():
                    db.storage.begin()
                    began.append(db)
                self._stamp_schema(dbs[META])
                yield dbs
            except BaseException:
                for db in began:
                    db.storage.abort()
                raise
            pending = list(dbs.values())
            while pending:
                db = pending.pop(0)
                try:
                    db.storage.commit()
                except BaseException:
                    for rest in pending:
                        rest.storage.abort()
                    raise

    def _stamp_schema(self, meta: Database) -> None:
        doc = meta.table("meta").get(doc_id="schema")
        version = doc["version"] if doc else None
        if version is None:
            meta.table("meta").insert(Document({"version": SCHEMA_VERSION}, doc_id="schema"))
        elif version != SCHEMA_VERSION:
            self.read_only = version > SCHEMA_VERSION
            raise StoreError(f"the store {self.root} has schema {version}; "
                             f"this newsreader writes schema {SCHEMA_VERSION}")

    def _start(self) -> None:
        if not self.root.is_dir():
            return  # nothing yet; the first write creates the folder
        with self._mutex:
            version = self._schema_on_disk()
            if version is not None and version > SCHEMA_VERSION:
                self.read_only = True
                self._notices.append(
                    f"the store {self.root} was written by a newer newsreader (schema {version}); "
                    "opened read-only")
            elif version is not None and version < SCHEMA_VERSION:
                self._migrate()
            if self._has_temps():
                with self.locked():
                    for folder in self._folders():
                        remove_stale_temps(folder)
            for kind in SHARD_KINDS:
                for name in self.shard_names(kind):
                    self.db(name).storage.refresh()

    def _schema_on_disk(self) -> int | None:
        doc = self.db(META).table("meta").get(doc_id="schema")
        return doc["version"] if doc else None

    def _folders(self) -> list[Path]:
        return [self.root, *(self.root / kind for kind in SHARD_KINDS)]

    def _has_temps(self) -> bool:
        for folder in self._folders():
            try:
                if any(e.startswith(".") and e.endswith(".tmp") for e in os.listdir(folder)):
                    return True
            except (FileNotFoundError, NotADirectoryError):
                pass
        return False

    def _migrate(self) -> None:
        """Run MIGRATIONS up to SCHEMA_VERSION, once, under the lock."""
        with self.locked():
            self._dbs.clear()
            version = self._schema_on_disk()
            while version is not None and version < SCHEMA_VERSION:
                step = MIGRATIONS.get(version)
                if step is None:
                    raise StoreError(f"the store {self.root} has schema {version} "
                                     "and no way to upgrade it")
                step(self.root)
                version += 1
                self._dbs.clear()
                meta = self.db(META)
                meta.storage.begin()
                try:
                    meta.table("meta").update({"version": version}, doc_ids=["schema"])
                except BaseException:
                    meta.storage.abort()
                    raise
                meta.storage.commit()
