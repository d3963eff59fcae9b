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


def sync_now(store=None, on_step: Callable[[str], None] | None = None) -> SyncReport:
    """Sync once; SyncError (one line) on failure, the outcome recorded in the account."""
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
        report = run_sync(store or Store.open(), account, token, on_step=on_step)
    except SyncError as err:
        account.last_error = str(err)
        save_account(account)
        raise
    account.last_sync, account.last_error = utc_now(), None
    save_account(account)
    return report


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
    from reader.sync.engine import SyncState

    urls = list(SyncState.load().feeds)
    outcomes = []
    for done, url in enumerate(urls, 1):
        new = report.new_by_feed.get(url, 0)
        outcome = RefreshOutcome(url, load_state(url).title, "ok" if new else "not modified", new)
        outcomes.append(outcome)
        if on_feed:
            on_feed(outcome, done, len(urls))
    return outcomes
