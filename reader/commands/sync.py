"""`newsreader account` and `newsreader sync`: a Google Reader API server from the shell.

While an account is set, `refresh` syncs instead of fetching feeds, and
`add URL`, `remove URL` and `import` change the server's subscriptions
(`feeds.py` calls `server_subscribe` and friends here). No credential is
ever printed, in text or in `--json`.
"""

from __future__ import annotations

import argparse
import sys

from reader.commands.base import CommandError, open_store, print_json, warn


def register(sub: argparse._SubParsersAction) -> None:
    account = sub.add_parser(
        "account", help="log in to a sync server (FreshRSS, Miniflux, Inoreader...)",
        description="Sync with a server that speaks the Google Reader API. The password is "
        "never stored; the server's token is kept in the system keyring, or else in a file "
        "only you can read.")
    actions = account.add_subparsers(dest="account_action", metavar="ACTION")
    login = actions.add_parser(
        "login", help="log in and keep the server's token",
        description="Log in to URL: a FreshRSS address (its /api/greader.php is found), a "
        "Miniflux, Inoreader, The Old Reader or BazQux address, or a full API URL. "
        "For FreshRSS, use the API password set in your profile.")
    login.add_argument("url", metavar="URL")
    login.add_argument("--user", required=True, metavar="NAME")
    login.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input")
    login.set_defaults(func=cmd_login)
    status = actions.add_parser("status", help="server, user, last sync, changes waiting")
    status.add_argument("--json", action="store_true", help="print a JSON object")
    status.set_defaults(func=cmd_status)
    logout = actions.add_parser("logout", help="forget the token (your local state stays)")
    logout.set_defaults(func=cmd_logout)
    account.set_defaults(func=lambda args: account.print_help() or 0)

    sync = sub.add_parser(
        "sync", help="sync subscriptions, items, reads and stars with the server",
        description="Pull the server's subscriptions, new items and read/starred states, "
        "and send the reads, unreads and stars made here (kept while the server is away).")
    sync.add_argument("--json", action="store_true", help="print the outcome as JSON")
    sync.set_defaults(func=cmd_sync)


# The session -----------------------------------------------------------------

def session():
    """(account, token) while logged in, else None."""
    from reader.sync.account import load_account, load_token

    account = load_account()
    if account is None:
        return None
    return account, load_token(account)


def _require():
    found = session()
    if found is None:
        raise CommandError("no sync account: log in with `newsreader account login URL --user NAME`")
    account, token = found
    if not token:
        raise CommandError(f"no token for {account.server}: log in again with "
                           "`newsreader account login`")
    return account, token


# account ---------------------------------------------------------------------

def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        try:
            password = getpass.getpass(f"Password for {args.user} at {args.url}: ")
        except EOFError:
            password = ""
    if not password:
        raise CommandError("no password given")
    return password


def cmd_login(args: argparse.Namespace) -> int:
    from reader.fetch import Fetcher, FetchError, check_url
    from reader.sync.account import Account, forget_token, load_account, save_account, save_token
    from reader.sync.api import discover
    from reader.sync.http import ApiError
    from reader.sync.state import forget_state

    try:
        check_url(args.url)
    except FetchError as err:
        raise CommandError(f"{args.url}: {err}") from None
    password = _password(args)
    with Fetcher() as fetcher:
        try:
            api, token = discover(fetcher, args.url, args.user, password)
        except ApiError as err:
            raise CommandError(f"{args.url}: {err}") from None
    del password
    old = load_account()
    if old is not None and (old.api, old.user) != (api, args.user):
        forget_token(old)
        forget_state()  # another server or user: its item map does not apply
    account = Account(server=args.url, api=api, user=args.user)
    save_account(account)
    where = save_token(account, token)
    open_store().set_journaling(True)
    print(f"logged in to {api} as {args.user}; token kept in {where}")
    from reader.sync.engine import SyncError
    from reader.sync.refresh import sync_now

    try:
        report = sync_now(open_store())
    except SyncError as err:
        warn(f"{err}; `newsreader sync` tries again")
        return 0
    print(report.line())
    _warn_refused(report)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from reader.sync.account import load_account, load_token, token_store_name

    account = load_account()
    store = open_store()
    if account is None:
        if args.json:
            print_json({"logged_in": False})
        else:
            print("no sync account (`newsreader account login URL --user NAME`)")
        return 0
    row = {"logged_in": load_token(account) is not None, "server": account.server,
           "api": account.api, "user": account.user, "last_sync": account.last_sync,
           "last_error": account.last_error, "pending_changes": len(store.journal()),
           "token_store": token_store_name()}
    if args.json:
        print_json(row)
        return 0
    print(f"server     {account.server}\napi        {account.api}\nuser       {account.user}")
    print(f"last sync  {account.last_sync or 'never'}"
          + (f" (last attempt failed: {account.last_error})" if account.last_error else ""))
    print(f"waiting    {row['pending_changes']} local change(s) to send")
    print(f"token      {'kept in ' + row['token_store'] if row['logged_in'] else 'none: log in again'}")
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from reader.sync.account import forget_account, forget_token, load_account

    account = load_account()
    if account is None:
        print("no sync account")
        return 0
    forget_token(account)
    forget_account()
    store = open_store()
    store.set_journaling(False)
    pending = len(store.journal())
    note = f"; {pending} change(s) not yet sent are kept for your next login" if pending else ""
    print(f"logged out of {account.server}: token forgotten, your feeds, reads and bookmarks "
          f"stay{note}")
    return 0


# sync ------------------------------------------------------------------------

def run_sync():
    """Sync now; the report, or CommandError with one line (the outcome is recorded)."""
    from reader.sync.engine import SyncError
    from reader.sync.refresh import NotLoggedIn, sync_now

    _require()
    try:
        return sync_now(open_store())
    except NotLoggedIn as err:
        raise CommandError(str(err)) from None
    except SyncError as err:
        if "refused the user name" in str(err):
            raise CommandError(f"{err}: log in again with `newsreader account login`") from None
        raise CommandError(f"{err} (local changes are kept for the next sync)") from None


def _warn_refused(report) -> None:
    for url, reason in report.refused:
        warn(f"the server refused to subscribe to {url}: {reason}")


def cmd_sync(args: argparse.Namespace) -> int:
    report = run_sync()
    _warn_refused(report)
    if args.json:
        print_json({"feeds": report.feeds, "new_items": report.new_items, "pushed": report.pushed,
                    "pulled": report.pulled, "conflicts": report.conflicts, "pages": report.pages,
                    "subscribed": report.subscribed, "unsubscribed": report.unsubscribed,
                    "refused": [{"url": u, "reason": r} for u, r in report.refused]})
    else:
        print(report.line())
    return 0


# subscriptions on the server -------------------------------------------------

def server_subscribe(url: str, title: str | None = None, folder: str | None = None,
                     say=print) -> int:
    """Subscribe on the sync server, then sync; `say` reports (the shell prints,
    the reader shows notices)."""
    from reader.sync.engine import SyncError
    from reader.sync.refresh import subscribe

    try:
        server = subscribe(url, title, folder)
    except SyncError as err:
        raise CommandError(str(err)) from None
    say(f"subscribed on {server}: {url}")
    say(run_sync().line())
    return 0


def server_unsubscribe(url: str, say=print, store=None) -> int:
    from reader.sync.engine import SyncError
    from reader.sync.refresh import unsubscribe

    try:
        server = unsubscribe(url, store or open_store())
    except SyncError as err:
        raise CommandError(str(err)) from None
    say(f"unsubscribed on {server} from {url} (read marks and bookmarks are kept)")
    return 0


def server_import(subscriptions: list) -> int:
    from reader.sync.engine import SyncError
    from reader.sync.refresh import subscribe

    known = {f["url"] for f in open_store().feeds()}
    added = failed = 0
    server = None
    for sub in subscriptions:
        if sub.url in known:
            continue
        try:
            server = subscribe(sub.url, sub.title, sub.folder)
            added += 1
        except SyncError as err:
            failed += 1
            warn(str(err))
    print(f"subscribed on {server or 'the server'} to {added} new feed(s) of {len(subscriptions)}")
    print(run_sync().line())
    return 1 if failed else 0
