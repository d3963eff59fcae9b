"""The sync account: which server and user (a file), and the auth token (a secret).

`data_dir()/sync/account.json` holds the server, API URL, user and the last
sync's time and outcome: nothing secret. The token goes to the system keyring
(the `keyring` library) when a usable backend exists, else to
`data_dir()/sync/token`, created readable by the user only (0600). The
password is never written anywhere.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from reader import paths
from reader.atomic import fsync_dir, write_atomic

SERVICE = "newsreader"


@dataclass(slots=True)
class Account:
    server: str                     # what the user typed
    api: str                        # the API URL found
    user: str
    last_sync: str | None = None    # UTC ISO time of the last complete sync
    last_error: str | None = None   # one line, or None when the last sync went well


def sync_dir() -> Path:
    return paths.data_dir() / "sync"


def _account_path() -> Path:
    return sync_dir() / "account.json"


def load_account() -> Account | None:
    try:
        data = json.loads(_account_path().read_text(encoding="utf-8"))
        return Account(**{k: data.get(k) for k in Account.__slots__})
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def save_account(account: Account) -> None:
    write_atomic(_account_path(), json.dumps(asdict(account), ensure_ascii=False).encode(),
                 durable=True)


def forget_account() -> None:
    try:
        _account_path().unlink()
    except FileNotFoundError:
        pass


# The token ---------------------------------------------------------------------

def _keyring():
    """The keyring module when a usable backend exists (not the fail/null ones), else None."""
    if os.environ.get("NEWSREADER_KEYRING", "").lower() in ("0", "no", "off", "file"):
        return None
    try:
        import keyring
        from keyring.backends import fail
        backend = keyring.get_keyring()
    except Exception:
        return None
    name = type(backend).__module__ + "." + type(backend).__name__
    if isinstance(backend, fail.Keyring) or "null" in name.lower() or backend.priority <= 0:
        return None
    return keyring


def _token_path() -> Path:
    return sync_dir() / "token"


def token_store_name() -> str:
    ring = _keyring()
    return f"system keyring ({type(ring.get_keyring()).__name__})" if ring else str(_token_path())


def _key(account: Account) -> str:
    return f"{account.user}@{account.api}"


def save_token(account: Account, token: str) -> str:
    """Keep the token; returns where (for the user)."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, _key(account), token)
            _drop_token_file()
            return token_store_name()
        except Exception:
            pass  # a locked or broken keyring: the file is the fallback
    path = _token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(".token.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, token.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    fsync_dir(path.parent)
    return str(path)


def load_token(account: Account) -> str | None:
    ring = _keyring()
    if ring is not None:
        try:
            token = ring.get_password(SERVICE, _key(account))
            if token:
                return token
        except Exception:
            pass
    try:
        return _token_path().read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _drop_token_file() -> None:
    try:
        _token_path().unlink()
    except FileNotFoundError:
        pass


def forget_token(account: Account) -> None:
    ring = _keyring()
    if ring is not None:
        try:
            ring.delete_password(SERVICE, _key(account))
        except Exception:
            pass
    _drop_token_file()
