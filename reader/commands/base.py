"""What every command module shares."""

from __future__ import annotations

import json
import sys


class CommandError(Exception):
    """An expected failure: printed as `newsreader: <message>`, exit status 1."""


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def warn(message: str) -> None:
    print(f"newsreader: {message}", file=sys.stderr)


def open_store(announce: bool = True):
    """The user's store. A notice (a file set aside) goes to stderr unless the
    caller shows it itself. A disk that refuses raises StoreError, which `main`
    prints as one line."""
    from reader.store import Store

    store = Store.open()
    if announce and store.notice:
        warn(store.notice)
    return store
