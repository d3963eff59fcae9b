"""`newsreader feeds`, `refresh`, `import` and `export`: subscriptions from the shell.

`add URL` and `remove URL` live with `add PATH` in `state.py` and call
`subscribe` / `unsubscribe` here.
"""

from __future__ import annotations

import argparse
import sys

from reader.commands.base import CommandError, open_store, print_json, say, warn
from reader.files import read_regular
from reader.model import ArticleError
from reader.text import clean_inline, clean_line, counted


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
    """One line per feed; titles, URLs and server messages are cleaned here too."""
    return clean_line(_outcome_line(outcome))


def _outcome_line(outcome) -> str:
    name = outcome.title or outcome.url
    if outcome.status == "error":
        return f"error  {outcome.url}: {outcome.error}"
    if outcome.status == "not modified":
        return f"same   {name}"
    return f"ok     {name}: {outcome.new} new"


def run_refresh(feeds: list[dict], full_text: bool = True) -> list:
    """Refresh, printing each feed's line the moment its answer is known (with a progress
    bar on a terminal that moves per feed), then one summary line."""
    from reader.subscriptions import refresh, summary_line

    if not sys.stderr.isatty():
        def on_feed(outcome, done, total):
            print(_show(outcome), flush=True)

        outcomes = refresh(feeds, on_feed=on_feed, full_text=full_text)
        print(summary_line(outcomes), flush=True)
        return outcomes
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, highlight=False, markup=False)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Refreshing feeds", total=len({f["url"] for f in feeds}))

        def on_feed(outcome, done, total):
            progress.update(task, completed=done)
            progress.console.print(_show(outcome), markup=False, highlight=False)

        outcomes = refresh(feeds, on_feed=on_feed, full_text=full_text)
    print(summary_line(outcomes), flush=True)
    return outcomes


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


def local_time(utc: str | None) -> str:
    """A stored UTC time ("2026-03-01T08:00:00Z") in the local zone, to the minute."""
    from datetime import datetime

    if not utc:
        return "never"
    try:
        when = datetime.fromisoformat(utc.replace("Z", "+00:00"))
    except ValueError:
        return clean_inline(utc)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


STATUS_WORDS = {"ok": "ok", "not modified": "unchanged", "error": "failed",
                "never refreshed": "not fetched yet"}


def cmd_feeds(args: argparse.Namespace) -> int:
    from reader.sources.opml import split_folders
    from reader.subscriptions import load_state

    store = open_store()
    read = store.read_ids()
    rows = []
    for feed in store.feeds():
        state = load_state(feed["url"])
        rows.append({"url": feed["url"], "title": feed["title"] or state.title,
                     "folder": feed["folder"], "refreshed": state.refreshed,
                     "status": state.status, "error": state.error, "items": len(state.items),
                     "unread": sum(item["id"] not in read for item in state.items)})
    if args.json:
        print_json(rows)
    elif not rows:
        warn("no feeds yet: subscribe with `newsreader add URL`")
    for row in [] if args.json else rows:
        word = STATUS_WORDS.get(row["status"], row["status"])
        status = f"{word}: {row['error']}" if row["status"] == "error" else word
        folder = " / ".join(split_folders(row["folder"])) if row["folder"] else "no folder"
        sys.stdout.write(clean_line(row["url"]) + "\n    " + clean_line(
            f"{row['title'] or '(untitled)'} · in {folder} · {row['unread']} unread of "
            f"{row['items']} · refreshed {local_time(row['refreshed'])} · {status}") + "\n")
    return 0


def _feed_answer(url: str, fetcher, say=say):
    """(feed URL, its downloaded answer) for `url`: itself when it is a feed, else the
    first feed the page names. Each URL is downloaded once. CommandError when `url` cannot
    be fetched, answers an HTTP error, or is neither a feed nor a page naming one."""
    from reader.fetch import FetchError, check_url
    from reader.sources.feeds import FeedError, discover, parse_feed

    try:
        check_url(url)
        result = fetcher.fetch(url)
    except FetchError as err:
        raise CommandError(f"{clean_line(url)}: {clean_line(err)}") from None
    try:
        parse_feed(result.content or b"", url, result.content_type)
        return url, result
    except FeedError as err:
        found = [clean_inline(f) for f in discover(result.content or b"", result.final_url)]
        if not found:
            raise CommandError(f"{url}: {err}, and the page names no feed") from None
    say(f"{url} is a page; subscribing to the feed it names: {found[0]}")
    try:
        result = fetcher.fetch(found[0])
        parse_feed(result.content or b"", found[0], result.content_type)
    except (FetchError, FeedError) as err:
        raise CommandError(f"{found[0]}: {err}") from None
    return found[0], result


def subscribe(url: str, title: str | None = None, force: bool = False, say=say,
              complain=warn, store=None) -> int:
    """Subscribe to `url` (a feed, or a page naming one), fetching it once. What it
    has to say goes to `say` (and problems to `complain`): the shell prints them,
    the reader shows them as notices. CommandError when it cannot subscribe."""
    from reader.subscriptions import default_fetcher, take_answer

    if _synced():
        from reader.commands.sync import server_subscribe

        return server_subscribe(url, title, say=say)
    store = store or open_store()
    url = clean_inline(url)
    with default_fetcher() as fetcher:
        try:
            feed_url, result = _feed_answer(url, fetcher, say)
        except CommandError as err:
            if not force or url.split(":", 1)[0].lower() not in ("http", "https"):
                raise
            complain(f"{err} (subscribed anyway: --force)")
            store.add_feed(url, title)
            return 0
        if not store.add_feed(feed_url, title):
            say(f"already subscribed: {feed_url}")
            return 0
        outcome = take_answer(feed_url, result, fetcher)
    if outcome.status == "error":
        complain(f"subscribed to {feed_url}, but reading it failed: {outcome.error}")
    else:
        say(f"subscribed to {outcome.title or feed_url}: {counted(outcome.items, 'item')}")
    return 0


def unsubscribe(url: str, say=say, store=None) -> int:
    if _synced():
        from reader.commands.sync import server_unsubscribe

        return server_unsubscribe(url, say=say, store=store)
    removed = (store or open_store()).remove_feed(url)
    if not removed:
        raise CommandError(f"{clean_line(url)}: not one of your feeds (`newsreader feeds` lists them)")
    say(f"unsubscribed from {clean_line(url)} (read marks and bookmarks are kept)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from reader.sources.opml import read_opml, split_folders

    shown_file = clean_inline(args.file)
    try:
        data = read_regular(args.file)  # a FIFO is refused, not waited on
    except OSError as err:
        raise CommandError(f"{shown_file}: {err.strerror or err}") from None
    try:
        found = read_opml(data)
    except ArticleError as err:
        raise CommandError(f"{shown_file}: {err}") from None
    if found.mended:
        warn(f"{shown_file}: not well-formed XML (a raw & or an HTML entity); read it as "
             "meant")
    for line in found.skipped:
        say(f"skipped {line}")
    if _synced():
        from reader.commands.sync import server_import

        return server_import(found.subscriptions)
    store = open_store()
    existing = {feed["url"]: feed for feed in store.feeds()}
    added = already = 0
    for sub in found.subscriptions:
        old = existing.get(sub.url)
        if old is not None:
            already += 1
            for key, new in (("title", sub.title), ("folder", sub.folder)):
                have = old.get(key)
                if new and have and have != new:
                    shown = " / ".join(split_folders(new)) if key == "folder" else new
                    was = " / ".join(split_folders(have)) if key == "folder" else have
                    say(f"kept {sub.url}: its {key} stays {was!r} (the file says {shown!r})")
                elif new and not have:
                    shown = " / ".join(split_folders(new)) if key == "folder" else new
                    say(f"updated {sub.url}: {key} set to {shown!r}")
        added += store.add_feed(sub.url, sub.title, sub.folder)
    say(f"imported {added} new, {already} already subscribed, {len(found.skipped)} skipped"
          + ("; `newsreader refresh` fetches them" if added else ""))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from reader.sources.opml import Subscription, to_opml
    from reader.subscriptions import load_state

    subs = [Subscription(f["url"], f["title"] or load_state(f["url"]).title or f["url"], f["folder"])
            for f in open_store().feeds()]
    sys.stdout.write(to_opml(subs))
    return 0
