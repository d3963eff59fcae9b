"""`newsreader bookmarks`, `add`, `remove` and `sources`: the store from the command line."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap

from reader.commands.base import CommandError, open_store, print_json, say, warn
from reader.store import Bookmark
from reader.store.store import normalize_source
from reader.text import clean, clean_line

#: The keys of `bookmarks --json`, in this order.
JSON_FIELDS = ("id", "article_id", "article_title", "source", "text", "note", "created",
               "passage_index", "detached")


def register(sub: argparse._SubParsersAction) -> None:
    marks = sub.add_parser(
        "bookmarks", help="list your bookmarked passages",
        description="List bookmarked passages, newest first. Bookmarks outlive their "
        "articles: a passage that is no longer in its article is listed as detached, with "
        "the text you saved.")
    style = marks.add_mutually_exclusive_group()
    style.add_argument("--json", action="store_true", help="print a JSON array")
    style.add_argument("--markdown", action="store_true",
                       help="print Markdown grouped by article, ready to paste into notes")
    marks.set_defaults(func=cmd_bookmarks)
    actions = marks.add_subparsers(dest="bookmarks_action", metavar="ACTION")
    remove = actions.add_parser("remove", help="delete one bookmark",
                                description="Delete one bookmark by the ID `bookmarks` shows.")
    remove.add_argument("bookmark_id", metavar="ID")
    remove.set_defaults(func=cmd_bookmarks_remove)

    add = sub.add_parser("add", help="add a folder, a file or a feed URL to your library",
                         description="Add a folder or file to the library that `newsreader` "
                         "and `newsreader list` open when given no SOURCE, or subscribe to a "
                         "feed (an http or https URL: RSS, Atom or JSON Feed), fetching it once.")
    add.add_argument("path", metavar="PATH|URL")
    add.add_argument("--force", action="store_true",
                     help="subscribe to a URL even when it fails now (HTTP error, timeout, "
                     "not a feed); refresh tries it again")
    add.set_defaults(func=cmd_add)

    rm = sub.add_parser("remove", help="take a folder, file or feed out of your library",
                        description="Take a folder or file out of the library, or unsubscribe "
                        "from a feed. Nothing on disk is deleted, and read marks and "
                        "bookmarks are kept.")
    rm.add_argument("path", metavar="PATH|URL")
    rm.set_defaults(func=cmd_remove)

    sources = sub.add_parser("sources", help="list your library's folders, files and feeds")
    sources.add_argument("--json", action="store_true", help="print a JSON array")
    sources.set_defaults(func=cmd_sources)


# bookmarks --------------------------------------------------------------------

def cmd_bookmarks(args: argparse.Namespace) -> int:
    marks = open_store().bookmarks()
    if args.json:
        print_json([{key: b.to_dict()[key] for key in JSON_FIELDS} for b in marks])
    elif args.markdown:
        sys.stdout.write(markdown(marks))
    elif not marks:
        warn("no bookmarks yet: press b on a passage in the reader to keep it")
    else:
        sys.stdout.write(plain(marks))
    return 0


def _one_line(text: str) -> str:
    """A stored field (a title, a path, a note) shown on one line, cleaned:
    a path is a file name, and a file name is untrusted text."""
    return " ".join(clean_line(text).split())


def plain(marks: list[Bookmark]) -> str:
    """One entry per bookmark: id, date and title, then the passage, indented."""
    out = []
    for b in marks:
        flag = "  (detached)" if b.detached else ""
        out.append(f"{b.id}  {b.created[:10]}  {_one_line(b.article_title) or clean_line(b.source)}{flag}")
        out.append(textwrap.indent(textwrap.shorten(_one_line(b.text), 200, placeholder=" …"),
                                   "    "))
        if b.note:
            out.append(f"    note: {_one_line(b.note)}")
    return "\n".join(out) + "\n"


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in clean(text).strip().splitlines()] or [">"]


def markdown(marks: list[Bookmark]) -> str:
    """Grouped by article (most recently bookmarked first), passages in reading order."""
    groups: dict[str, list[Bookmark]] = {}
    for b in marks:  # newest first, so groups come out by their newest bookmark
        groups.setdefault(b.article_id, []).append(b)
    lines = ["# Bookmarks", ""]
    for group in groups.values():
        first = group[0]
        lines += [f"## {_one_line(first.article_title) or clean_line(first.source)}", ""]
        for b in sorted(group, key=lambda b: (b.detached, b.passage_index, b.created)):
            lines += _quote(b.text)
            lines += [">", f"> — {clean_line(b.source)}"]  # the path as written, cleaned
            if b.detached:
                lines += [">", "> *(no longer in the article)*"]
            if b.note:
                lines += ["", f"Note: {_one_line(b.note)}"]
            lines.append("")
    return "\n".join(lines)


def cmd_bookmarks_remove(args: argparse.Namespace) -> int:
    store = open_store()
    removed = store.remove_bookmark(args.bookmark_id)
    if not removed:
        raise CommandError(f"no bookmark with id {clean_line(repr(args.bookmark_id))} "
                           "(`newsreader bookmarks` lists them)")
    say(f"removed bookmark {clean_line(args.bookmark_id)}")
    return 0


# the library ------------------------------------------------------------------

def _is_url(text: str) -> bool:
    return "://" in text  # http(s) is checked by the feed side, with a clear refusal


def add(text: str, force: bool = False, say=say, complain=warn, store=None) -> int:
    """`newsreader add` and the reader's `a`: a feed URL (or a page naming one), or a
    folder or file. Messages go to `say` / `complain`; CommandError when refused."""
    if _is_url(text):
        from reader.commands.feeds import subscribe

        return subscribe(text, force=force, say=say, complain=complain, store=store)
    path = normalize_source(text)
    if not os.path.exists(path):
        raise CommandError(f"{clean_line(text)}: no such file or folder")
    if not (os.path.isdir(path) or os.path.isfile(path)):
        raise CommandError(f"{clean_line(text)}: not a file or folder")
    added = (store or open_store()).add_source(path)
    say(f"added {clean_line(path)}" if added else f"already in your library: {clean_line(path)}")
    return 0


def remove(text: str, say=say, store=None) -> int:
    """`newsreader remove` and the reader's `d` in the feeds pane."""
    if _is_url(text):
        from reader.commands.feeds import unsubscribe

        return unsubscribe(text, say=say, store=store)
    path = normalize_source(text)
    removed = (store or open_store()).remove_source(path)
    if not removed:
        raise CommandError(f"{clean_line(text)}: not in your library (`newsreader sources` lists it)")
    say(f"removed {clean_line(path)} from your library (files and bookmarks are kept)")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    return add(args.path, force=getattr(args, "force", False))


def cmd_remove(args: argparse.Namespace) -> int:
    return remove(args.path)


def cmd_sources(args: argparse.Namespace) -> int:
    """The library: folders and files, then feeds (with their folder)."""
    store = open_store()
    rows = [{"kind": "folder" if os.path.isdir(path) else "file", "source": path,
             "folder": None} for path in store.sources()]
    rows += [{"kind": "feed", "source": feed["url"], "folder": feed["folder"]}
             for feed in store.feeds()]
    if args.json:  # paths, then feed URLs: the SOURCE arguments the reader takes
        print_json([row["source"] for row in rows])
    elif not rows:
        warn("your library is empty: add folders or files with `newsreader add PATH`, "
             "feeds with `newsreader add URL`")
    else:
        from reader.sources.opml import split_folders

        for row in rows:
            where = (f"  (in {' / '.join(split_folders(row['folder']))})"
                     if row["folder"] else "")
            sys.stdout.write(clean_line(f"{row['kind']:<7}{row['source']}{where}") + "\n")
    return 0
