"""How an article is cited, for `y` in the reader and for `show`: its title, where it
comes from (its feed, its site, or the file), and its URL.

    — Floating solar on the reservoir, The Daily Example <https://news.example/solar>

A bundled sample is cited as `newsreader sample: <file name>`, never by the path
it was installed to. No Textual here.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from reader import paths
from reader.model import Article, Passage
from reader.text import clean_line

SAMPLE = "newsreader sample: "


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def sample_name(source: str) -> str | None:
    """The file name of a bundled sample, or None for any other source."""
    if is_url(source):
        return None
    try:
        path = Path(source).resolve()
        samples = paths.samples_dir().resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return path.name if path.parent == samples else None


def site(url: str) -> str:
    """A URL's host, without `www.`."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def article_url(article: Article) -> str | None:
    """The article's address on the web: its link, or the page it was read from."""
    if article.link:
        return article.link
    return article.source if is_url(article.source) else None


def origin(article: Article, feed: str | None = None) -> str:
    """Where the article comes from: the feed's name when it is a feed's item, a
    sample's name, the site of its URL, else the file's path."""
    if feed:
        return feed
    if (name := sample_name(article.source)) is not None:
        return SAMPLE + name
    if (url := article_url(article)) is not None:
        return site(url)
    return article.source


def cite(article: Article, feed: str | None = None) -> str:
    """One line naming the article: `— Title, origin <URL>`, cleaned for display."""
    line = f"— {article.title}, {origin(article, feed)}"
    url = article_url(article)
    if url:
        line += f" <{url}>"
    return clean_line(line)


def quote(passage: Passage, article: Article, feed: str | None = None) -> str:
    """A passage in quotes with the article's citation under it (what `y` copies)."""
    return f"“{passage.text}”\n{cite(article, feed)}"
