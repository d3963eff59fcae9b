"""`newsreader feeds`, `refresh`, `import` and `export`: subscriptions from the shell.

`add URL` and `remove URL` live with `add PATH` in `state.py` and call
`subscribe` / `unsubscribe` here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.commands.base import CommandError, open_store, print_json, warn
from reader.model import ArticleError


def register(sub: argparse._SubParsersAction) -> None:
    feeds = sub.add_parser("feeds", help="your feeds, with their last refresh and its status")
    feeds.add_argument("--json", action="store_true", help="print a JSON array")
    feeds.set_defaults(func=cmd_feeds)

    refresh = sub.add_parser(
        "refresh", help="fetch every feed and the full text of summary-only items",
        description="Fetch every feed (unchanged feeds are not downloaded again), and the page "
        "of each new item that carries only a summary, for offline reading. A failing feed "
        "is reported and never stops the others; the exit status is 1 if any failed.")
    refresh.add_argument("--summaries-only", action="store_true",
                         help="do not fetch the pages of summary-only items")
    refresh.set_defaults(func=cmd_refresh)

    imp = sub.add_parser("import", help="subscribe to the feeds of an OPML file")
    imp.add_argument("file", metavar="FILE.opml")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="print your feeds as OPML 2.0")
    exp.set_defaults(func=cmd_export)


def _show(outcome) -> str:
    name = outcome.title or outcome.url
    if outcome.status == "error":
        return f"error  {outcome.url}: {outcome.error}"
    if outcome.status == "not modified":
        return f"same   {name}"
    return f"ok     {name}: {outcome.new} new"


def run_refresh(feeds: list[dict], full_text: bool = True) -> list:
    """Refresh with a progress bar on a terminal, a line per feed otherwise."""
    from reader.subscriptions import refresh

    if not sys.stderr.isatty():
        return refresh(feeds, on_feed=lambda o, done, total: print(_show(o)), full_text=full_text)
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, highlight=False, markup=False)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Refreshing feeds", total=len(feeds))

        def on_feed(outcome, done, total):
            progress.update(task, completed=done)
            progress.console.print(_show(outcome))

        return refresh(feeds, on_feed=on_feed, full_text=full_text)


def _synced() -> bool:
    """True while a sync account is set: the server then fetches the feeds."""
    from reader.sync.account import load_account

    return load_account() is not None


def cmd_refresh(args: argparse.Namespace) -> int:
    if _synced():
        from reader.commands.sync import run_sync

        print(run_sync().line())
        return 0
    feeds = open_store().feeds()
    if not feeds:
        warn("no feeds yet: subscribe with `newsreader add URL`")
        return 0
    outcomes = run_refresh(feeds, full_text=not args.summaries_only)
    return 1 if any(o.status == "error" for o in outcomes) else 0


def cmd_feeds(args: argparse.Namespace) -> int:
    from reader.subscriptions import load_state

    rows = []
    for feed in open_store().feeds():
        state = load_state(feed["url"])
        rows.append({"url": feed["url"], "title": state.title or feed["title"],
                     "folder": feed["folder"], "refreshed": state.refreshed,
                     "status": state.status, "error": state.error, "items": len(state.items)})
    if args.json:
        print_json(rows)
    elif not rows:
        warn("no feeds yet: subscribe with `newsreader add URL`")
    for row in [] if args.json else rows:
        status = f"error: {row['error']}" if row["status"] == "error" else row["status"]
        when = row["refreshed"] or "never"
        sys.stdout.write(f"{row['url']}\n    {row['title'] or '(untitled)'} · {row['items']} items"
                         f" · refreshed {when} · {status}\n")
    return 0


def _feed_of(url: str) -> str:
    """The feed to subscribe to for `url`: itself when it is a feed (or cannot be fetched
    now), else the first feed the page names; CommandError when it is neither."""
    from reader.fetch import FetchError, check_url, fetch
    from reader.sources.feeds import FeedError, discover, parse_feed

    try:
        check_url(url)
    except FetchError as err:
        raise CommandError(f"{url}: {err}") from None
    try:
        result = fetch(url)
    except FetchError:
        return url  # offline or the server is down: subscribe now, refresh says the rest
    try:
        parse_feed(result.content or b"", url)
        return url
    except FeedError as err:
        found = discover(result.content or b"", result.final_url)
        if not found:
            raise CommandError(f"{url}: {err}, and the page names no feed") from None
        print(f"{url} is a page; subscribing to the feed it names: {found[0]}")
        return found[0]


def subscribe(url: str, title: str | None = None) -> int:
    from reader.subscriptions import refresh

    if _synced():
        from reader.commands.sync import server_subscribe

        return server_subscribe(url, title)
    url = _feed_of(url)
    if not open_store().add_feed(url, title):
        print(f"already subscribed: {url}")
        return 0
    (outcome,) = refresh([{"url": url}])
    if outcome.status == "error":
        warn(f"subscribed to {url}, but its first refresh failed: {outcome.error}")
    else:
        print(f"subscribed to {outcome.title or url}: {outcome.new} items")
    return 0


def unsubscribe(url: str) -> int:
    if _synced():
        from reader.commands.sync import server_unsubscribe

        return server_unsubscribe(url)
    removed = open_store().remove_feed(url)
    if not removed:
        raise CommandError(f"{url}: not one of your feeds (`newsreader feeds` lists them)")
    print(f"unsubscribed from {url} (read marks and bookmarks are kept)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from reader.sources.opml import parse_opml

    try:
        data = Path(args.file).read_bytes()
    except OSError as err:
        raise CommandError(f"{args.file}: {err.strerror or err}") from None
    try:
        subscriptions = parse_opml(data)
    except ArticleError as err:
        raise CommandError(f"{args.file}: {err}") from None
    if _synced():
        from reader.commands.sync import server_import

        return server_import(subscriptions)
    store = open_store()
    added = 0
    for sub in subscriptions:
        added += store.add_feed(sub.url, sub.title, sub.folder)
    print(f"imported {added} new feed(s) of {len(subscriptions)} in {args.file}; "
          "`newsreader refresh` fetches them")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from reader.sources.opml import Subscription, to_opml
    from reader.subscriptions import load_state

    subs = [Subscription(f["url"], f["title"] or load_state(f["url"]).title or f["url"], f["folder"])
            for f in open_store().feeds()]
    sys.stdout.write(to_opml(subs))
    return 0
