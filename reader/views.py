"""What the feeds pane lists: the views a reader can choose, as plain data.

A `View` selects articles: all of them, the unread ones, a folder of feeds,
one feed, or one folder or file of the library. `build_entries` lays the
views out as the pane's rows (All, Unread, folders with their feeds, feeds
without a folder, then the library), from the store's subscriptions and the
library's sources. The session keeps the unread counts per group (a feed's
URL or a library source) incrementally; a folder's count is the sum of its
feeds' counts, which the session keeps too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from reader.folders import join_folders, split_folders
from reader.text import clean_inline

ALL, UNREAD, FOLDER, FEED, SOURCE = "all", "unread", "folder", "feed", "source"


@dataclass(frozen=True, slots=True)
class View:
    kind: str = ALL  # all | unread | folder | feed | source
    key: str = ""    # the folder's name, the feed's URL, the library path
    name: str = field(default="", compare=False)  # how the pane and confirmations name it

    @property
    def mixes_feeds(self) -> bool:
        """Whether the view's rows may come from several feeds (rows then name their feed)."""
        return self.kind in (ALL, UNREAD, FOLDER)


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the feeds pane: a view, its indent, or a section heading (view None)."""

    view: View | None
    depth: int
    label: str


def feed_name(url: str, title: str | None) -> str:
    """A feed's display name: its title, else the host of its URL."""
    if title and title.strip():
        return clean_inline(title)
    parts = urlsplit(url)
    return clean_inline(parts.netloc + parts.path.rstrip("/")) or clean_inline(url)


def source_root(path: str) -> str:
    """A library source, spelled as the scan spells its files (absolute)."""
    return os.path.abspath(os.path.expanduser(path))


def source_name(path: str) -> str:
    """A library folder as the pane names it: "~/…" under home, and the bundled
    samples by what they are, not by where the package was installed."""
    from reader.paths import samples_dir

    home = os.path.expanduser("~")
    root = source_root(path)
    if root == os.path.abspath(samples_dir()):
        return "Sample articles"
    if root == home or root.startswith(home + os.sep):
        root = "~" + root[len(home):]
    return clean_inline(root)


def folder_label(folder: str) -> str:
    """A stored folder path ("News/Regional") as shown: "News / Regional"."""
    return clean_inline(" / ".join(split_folders(folder))) or clean_inline(folder)


def folder_chain(folder: str | None) -> list[str]:
    """A stored folder path and its ancestors, outermost first: "News/Regional" is in
    ["News", "News/Regional"] (a folder's view and count take in its subfolders)."""
    names = split_folders(folder)
    return [join_folders(names[:i + 1]) for i in range(len(names))]


def build_entries(feeds: list[dict], sources: list[str]) -> list[Entry]:
    """The pane's rows. `feeds`: {"url", "name", "folder"}; `sources`: library paths.
    Folders nest as their paths do; each folder's feeds come before its subfolders."""
    rows = [Entry(View(ALL, "", "all articles"), 0, "All articles"),
            Entry(View(UNREAD, "", "unread articles"), 0, "Unread")]
    folders: dict[str, list[dict]] = {}
    loose: list[dict] = []
    for feed in feeds:
        chain = folder_chain(feed.get("folder"))
        for path in chain:
            folders.setdefault(path, [])
        (folders[chain[-1]] if chain else loose).append(feed)
    if feeds:
        rows.append(Entry(None, 0, "Feeds"))
    for folder in sorted(folders, key=lambda f: [n.casefold() for n in split_folders(f)]):
        names = split_folders(folder)
        depth = len(names) - 1
        rows.append(Entry(View(FOLDER, folder, f"folder “{folder_label(folder)}”"), depth,
                          clean_inline(names[-1])))
        for feed in sorted(folders[folder], key=lambda f: f["name"].casefold()):
            rows.append(Entry(View(FEED, feed["url"], f"feed “{feed['name']}”"), depth + 1,
                              feed["name"]))
    for feed in sorted(loose, key=lambda f: f["name"].casefold()):
        rows.append(Entry(View(FEED, feed["url"], f"feed “{feed['name']}”"), 0, feed["name"]))
    if sources:
        rows.append(Entry(None, 0, "Library"))
    for path in sources:
        name = source_name(path)
        rows.append(Entry(View(SOURCE, source_root(path), name), 0, name))
    return rows
