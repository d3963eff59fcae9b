"""`newsreader show` and `newsreader list`: articles on stdout, no TUI."""

from __future__ import annotations

import argparse
import os
import re
import sys

from reader import library
from reader.commands.base import CommandError, open_store, print_json, warn
from reader.model import Article, ArticleError, ArticleSummary, Skipped
from reader.text import clean_line

_PATH_NOTE = "A path spelled like a command (e.g. a file named 'list') is reached as ./list."


def register(sub: argparse._SubParsersAction) -> None:
    show = sub.add_parser(
        "show", help="print one article without the TUI",
        description="Print one article: styled on a terminal (through $PAGER, default "
        "`less -R`, when longer than the screen), plain text when piped.",
        epilog=_PATH_NOTE)
    show.add_argument("source", metavar="SOURCE",
                      help="an article file (.txt export, .html, .md), a page URL, or an "
                      "article id from `newsreader list --json`")
    show.add_argument("--json", action="store_true", help="print the article's structure as JSON")
    show.set_defaults(func=cmd_show)

    lst = sub.add_parser(
        "list", help="list articles, one line each",
        description="List the articles of the given files and folders (recursively), in the "
        "order the reader's sidebar shows them: newest first by the time an article states "
        "(config `sort`), then undated articles in natural order of their path. With no "
        "SOURCE: your library, or the bundled samples while it is empty. Files that are not "
        "articles are skipped with a warning each.",
        epilog=_PATH_NOTE)
    lst.add_argument("sources", nargs="*", metavar="SOURCE", help="article files or folders")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    lst.set_defaults(func=cmd_list)


_ID = re.compile(r"[0-9a-f]{16}")


def _find(source: str) -> tuple[Article, str | None]:
    """A file, a URL, or an id: the cached feed item or page, else an article of the
    library; with the URL of the feed it is an item of, when it is one.

    A URL that is a subscribed feed's item link reads the item kept by the last
    refresh; any other URL is fetched as a page."""
    by_id = _ID.fullmatch(source) and not os.path.exists(source)
    if by_id:
        from reader import feedcache

        if cached := feedcache.load_entry(source):
            return cached.article, cached.feed
    if by_id or library.is_url(source):
        sources = library.default_sources(open_store())
        if not by_id:
            sources = [s for s in sources if library.is_url(s)]
        for item in library.scan(sources):
            if isinstance(item, ArticleSummary) and source in (item.id, item.source):
                return library.load(item), item.feed if item.kind == "item" else None
        if by_id:
            raise ArticleError("no article with this id in your library or feeds")
    return library.load(source), None


def _citation(article: Article, feed: str | None) -> str:
    """The article's citation, naming its feed as the feeds pane does (the title
    given when subscribing, else the feed's own)."""
    from reader import citation

    name = None
    if feed:
        from reader.store import StoreError
        from reader.views import feed_name

        try:
            titles = {f["url"]: f.get("title") for f in open_store(announce=False).feeds()}
        except StoreError:  # the article is still worth showing: the feed by its address
            titles = {}
        if not titles.get(feed):  # the title the last refresh learned
            from reader.subscriptions import load_state

            titles[feed] = load_state(feed).title
        name = feed_name(feed, titles.get(feed))
    return citation.cite(article, name)


def cmd_show(args: argparse.Namespace) -> int:
    try:
        article, feed = _find(args.source)
    except ArticleError as err:
        raise CommandError(f"{clean_line(args.source)}: {clean_line(err)}") from None
    if args.json:
        print_json(article.to_dict())
        return 0
    from reader import present

    cite = _citation(article, feed)
    if sys.stdout.isatty():
        _show_on_terminal(article, cite)
    else:
        sys.stdout.write("\n".join(present.plain_lines(article, cite)) + "\n")
    return 0


def _show_on_terminal(article: Article, cite: str) -> None:
    """Styled at the reading measure; through `$PAGER` when longer than the screen."""
    import io

    from rich.console import Console

    from reader import pager, present

    screen = Console()  # the terminal's size and colours
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system=screen.color_system,
                      width=min(screen.width, present.MEASURE), highlight=False, emoji=False,
                      markup=False)
    photos = _photos(article)
    for part in present.rich_blocks(article, cite, lambda block: photos.get(id(block))):
        console.print(part)
    text = out.getvalue()
    if text.count("\n") >= screen.height and pager.page(text):
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def _photos(article: Article) -> dict:
    """The article's photos in half blocks, for `show` on a terminal (as the reader draws
    them; the same disk cache), unless the config says `images = "off"`."""
    if not article.pictures():
        return {}
    from reader.config import load_config

    config = load_config()
    if config.images == "off":
        return {}
    from reader.images import ImageCache, PhotoLoader, photo_renderables

    loader = PhotoLoader(ImageCache(limit=int(config.image_cache_mb * 1024 * 1024)),
                         timeout=config.fetch_timeout)
    try:
        return photo_renderables(article, loader, config.image_rows, warn)
    finally:
        loader.close()


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store()
    sources = args.sources or library.default_sources(store)
    summaries: list[ArticleSummary] = []
    status = 0
    for item in library.scan(sources):
        if isinstance(item, Skipped):
            warn(f"skipped {clean_line(item.source)}: {clean_line(item.reason)}")
            status = status or (1 if item.missing else 0)
        else:
            summaries.append(item)
    from reader.config import load_config

    ordered = library.order(summaries, load_config().sort)
    read, marks, starred = store.read_ids(), store.bookmark_counts(), store.starred_ids()
    if args.json:
        print_json([{**s.to_dict(), "read": s.id in read, "bookmarks": marks.get(s.id, 0),
                     "starred": s.id in starred} for s in ordered])
        return status
    for s in ordered:
        flag = " " if s.id in read else "●"
        mark = "★" if marks.get(s.id) or s.id in starred else " "
        line = f"{flag}{mark} {s.id}  {s.published or '-':<10}  {s.title}"
        sys.stdout.write(f"{clean_line(line)}\n")
    return status
