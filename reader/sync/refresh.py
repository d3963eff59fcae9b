"""Sync as the reader's refresh: what `refresh`, `sync` and the app's feed refresh call.

`sync_now()` runs one sync for the account that is set and records its outcome
(last sync, last error) in the account. `refresh_outcomes()` is the hook in
`reader.subscriptions.refresh`: while an account is set, refreshing feeds means
syncing (the server fetches the feeds), and the caller gets one
`RefreshOutcome` per synced feed, or one error outcome naming the server.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.sync.engine import SyncError, SyncReport


class NotLoggedIn(SyncError):
    pass


def sync_now(store=None, on_step: Callable[[str], None] | None = None, *,
             push_only: bool = False, deadline: float | None = None) -> SyncReport:
    """Sync once; SyncError (one line) on failure, the outcome recorded in the account.
    `push_only` and `deadline` as for `reader.sync.engine.run_sync`."""
    from reader.store import Store
    from reader.store.records import utc_now
    from reader.sync.account import load_account, load_token, save_account
    from reader.sync.engine import run_sync

    account = load_account()
    if account is None:
        raise NotLoggedIn("no sync account: log in with `newsreader account login URL --user NAME`")
    token = load_token(account)
    if not token:
        raise NotLoggedIn(f"no token for {account.server}: log in again with "
                          "`newsreader account login`")
    try:
        report = run_sync(store or Store.open(), account, token, on_step=on_step,
                          push_only=push_only, deadline=deadline)
    except SyncError as err:
        account.last_error = str(err)
        save_account(account)
        raise
    if not push_only:
        account.last_sync = utc_now()
    account.last_error = None
    save_account(account)
    return report


SEND_DEADLINE = 5.0  # seconds per request when sending on the way out


def send_pending(store) -> SyncReport | None:
    """Send the journal's changes now, if an account is set and there are any: what the
    reader runs as it closes. None when there was nothing to do; SyncError when the server
    did not take them (they stay for the next sync)."""
    from reader.sync.account import load_account

    if load_account() is None or not store.journal():
        return None
    return sync_now(store, push_only=True, deadline=SEND_DEADLINE)


def refresh_outcomes(on_feed=None) -> list | None:
    """None when no account is set; else sync and describe it as feed refresh outcomes."""
    from reader.subscriptions import RefreshOutcome, load_state
    from reader.sync.account import load_account

    account = load_account()
    if account is None:
        return None
    try:
        report = sync_now()
    except SyncError as err:
        outcome = RefreshOutcome(account.server, account.server, "error", 0, str(err))
        if on_feed:
            on_feed(outcome, 1, 1)
        return [outcome]
    from reader.sync.state import SyncState

    urls = list(SyncState.load().feeds)
    outcomes = []
    for done, url in enumerate(urls, 1):
        new = report.new_by_feed.get(url, 0)
        outcome = RefreshOutcome(url, load_state(url).title, "ok" if new else "not modified", new)
        outcomes.append(outcome)
        if on_feed:
            on_feed(outcome, done, len(urls))
    return outcomes


# Subscriptions on the server (for `add`, `remove`, `import` and the app's feed management)

def _session():
    from reader.fetch import Fetcher
    from reader.sync.account import load_account, load_token
    from reader.sync.api import GReader

    account = load_account()
    token = load_token(account) if account else None
    if account is None or not token:
        raise NotLoggedIn("no sync account: log in with `newsreader account login URL --user NAME`")
    return account, GReader(account.api, token, Fetcher())


def _failed(account, err) -> SyncError:
    from reader.sync.http import AuthError

    if isinstance(err, AuthError):
        return SyncError(f"{account.server} refused the saved token: log in again with "
                         "`newsreader account login`")
    return SyncError(f"{account.server}: {err}")


def subscribe(url: str, title: str | None = None, folder: str | None = None) -> str:
    """Subscribe on the server (the next sync brings the feed and its items); the server's
    name for the result. SyncError with one line when it refuses or cannot be reached."""
    from reader.fetch import FetchError, check_url
    from reader.sync.http import ApiError

    try:
        check_url(url)
    except FetchError as err:
        raise SyncError(f"{url}: {err}") from None
    account, api = _session()
    try:
        api.subscribe(url, title, folder)
    except ApiError as err:
        raise _failed(account, err) from None
    return account.server


def unsubscribe(url: str, store) -> str:
    """Unsubscribe on the server, then here (read marks and bookmarks stay)."""
    from reader.sync.http import ApiError
    from reader.sync.state import SyncState

    account, api = _session()
    stream = SyncState.load().feeds.get(url)
    if stream is None and url not in {f["url"] for f in store.feeds()}:
        raise SyncError(f"{url}: not one of your feeds (`newsreader feeds` lists them)")
    try:
        api.unsubscribe(stream or f"feed/{url}")
    except ApiError as err:
        raise _failed(account, err) from None
    store.remove_feed(url)
    return account.server
