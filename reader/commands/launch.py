"""`newsreader [SOURCE...]`: open the reader."""

from __future__ import annotations

from pathlib import Path

from reader.commands.base import CommandError, open_store, warn


def resolve_sources(sources: list[str], store) -> list[str]:
    """The given SOURCEs (which must exist), else the library, else the samples."""
    from reader import library

    if not sources:
        return list(library.default_sources(store))
    missing = [s for s in sources if not library.is_url(s) and not Path(s).exists()]
    if missing:
        raise CommandError(f"no such file or folder: {missing[0]}")
    return [s if library.is_url(s) else str(Path(s)) for s in sources]


def run_app(sources: list[str]) -> int:
    from reader import library
    from reader.app import NewsReader
    from reader.config import load_config

    store = open_store(announce=False)  # the app shows the notice; it is repeated on exit
    resolved = resolve_sources(sources, store)
    app = NewsReader(resolved, store, library, load_config())
    code = app.run()
    if store.notice:
        warn(store.notice)
    _send_pending(store)
    return int(code or 0)


def _send_pending(store) -> None:
    """Reads and stars made in this session go to the sync server on the way out."""
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
