"""What every command module shares."""

from __future__ import annotations

import json
import re
import sys

from reader.text import clean_line


class CommandError(Exception):
    """An expected failure: printed as `newsreader: <message>`, exit status 1."""


# JSON escapes C0 controls itself; DEL, C1 controls (a terminal may read U+009B
# as CSI), the Unicode line separators and lone surrogates (an undecodable file
# name's bytes, which stdout cannot encode) are escaped here too. The values
# stay exact for a program reading them.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def print_json(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


def warn(message: str) -> None:
    """One line on stderr. Messages carry paths and server text: cleaned here."""
    print(f"newsreader: {clean_line(message)}", file=sys.stderr)


def say(message: str) -> None:
    """One line of a command's report on stdout, cleaned like `warn`."""
    print(clean_line(message))


def open_store(announce: bool = True):
    """The user's store. A notice (a file set aside) goes to stderr unless the
    caller shows it itself. A disk that refuses raises StoreError, which `main`
    prints as one line."""
    from reader.store import Store

    store = Store.open()
    if announce and store.notice:
        warn(store.notice)
    return store
