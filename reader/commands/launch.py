"""`newsreader [SOURCE...]`: open the reader."""

from __future__ import annotations

from pathlib import Path

from reader import gc_pause
from reader.commands.base import CommandError, open_store, warn
from reader.text import clean_line


def resolve_sources(sources: list[str], store) -> list[str]:
    """The given SOURCEs (which must exist), else the library, else the samples."""
    from reader import library

    if not sources:
        return list(library.default_sources(store))
    missing = [s for s in sources if not library.is_url(s) and not Path(s).exists()]
    if missing:
        raise CommandError(f"no such file or folder: {clean_line(missing[0])}")
    return [s if library.is_url(s) else str(Path(s)) for s in sources]


def run_app(sources: list[str]) -> int:
    from reader import library
    from reader.app import NewsReader
    from reader.config import load_config

    store = open_store(announce=False)  # the app shows the notice; it is repeated on exit
    resolved = resolve_sources(sources, store)
    config = load_config()
    if config.images == "auto":
        from reader import graphics_terminal

        config.image_protocol = graphics_terminal.detect("auto",
                                                         query=graphics_terminal.query_terminal)
    app = NewsReader(resolved, store, library, config)
    code = int(app.run() or 0)
    gc_pause.resume()  # if the app ended before its first frame (the reader resumes it there)
    if store.notice:
        warn(store.notice)
    _send_pending(store)
    _exit_now_if_threads_linger(code)
    return code


def _send_pending(store) -> None:
    """Reads and stars made in this session go to the sync server on the way out
    (the reader has closed by then; the send has its own short deadline)."""
    from reader.sync.account import load_account

    if load_account() is None:
        return  # no sync account: nothing to send, and the sync code is not loaded
    from reader.store import StoreError
    from reader.sync.engine import SyncError
    from reader.sync.refresh import send_pending

    try:
        report = send_pending(store)
    except (SyncError, StoreError) as err:
        warn(f"{err}; your changes are kept and sent on the next sync")
        return
    if report is not None and report.pushed:
        print(f"sent {report.pushed} change(s) to the sync server")


def _exit_now_if_threads_linger(code: int) -> None:
    """Quit means quit: a feed fetch or a scan still running in a thread must not
    keep the process alive after the app has ended. The store's writes are done
    by now (the app waits for them); caches are replaced atomically, so a write
    cut short leaves the old file."""
    import os
    import sys
    import threading

    lingering = [t for t in threading.enumerate()
                 if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if lingering:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
