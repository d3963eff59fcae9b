"""The reader's feed parser over a folder of real-world feeds, compared with feedparser.

    python benchmarks/feed_corpus.py CORPUS_DIR [--list N] [--repeat 3]

Every *.xml, *.rss, *.atom, *.rdf and *.json file under CORPUS_DIR (recursively) is
read as if downloaded: an HTTP header written in the file's leading comment as
`Header: Content-Type: ...` (the way feedparser's own test corpus notes them) is
handed to both parsers. For each file:

- feedparser alone (`feedparser.parse`, as the reference and the time floor);
- the reader: `parse_feed` and `parse_feed_item` for every item.

Reported:
- tracebacks: any exception from the reader but its one-line FeedError;
- feeds refused: FeedError where feedparser found a feed version (an empty feed
  refused would show here) and where it found entries;
- item-count differences with feedparser, each listed with the reason when it
  is a known one (feedparser wrong, or the exact repeat of an item dropped);
- titles: text-typed (any non-HTML type) titles that differ from feedparser's
  (its value is the reference there), and HTML titles with a leftover entity
  (`&amp;`, `&#8217;`) or tag (`<b>`) the HTML did not mean as text, each listed;
- article text: passages with an entity left in them, each listed;
- time: the reader's total against feedparser's in the same run (the ratio).
Nothing is copied from the corpus; the files are only read.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import feedparser

from reader.sources.feeds import FeedError, parse_feed
from reader.sources.html import parse_feed_item
from reader.text import clean_inline

SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json"}
HEADER = re.compile(r"^Header:\s+([^:\n]+):(.*)$", re.M)
ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,9});")
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
URL = "http://example.com/feed"


def headers_of(data: bytes) -> dict[str, str]:
    head = data[:4096].decode("latin-1")
    return {k.strip().lower(): v.strip() for k, v in HEADER.findall(head)}


def feedparser_reference(data: bytes, headers: dict):
    # An empty Content-Type when the file names none, as the reader passes it: with a
    # Content-Location alone feedparser would assume latin-1 and not sniff.
    return feedparser.parse(data, response_headers={"content-location": URL, "content-type": "",
                                                    **headers},
                            sanitize_html=False, resolve_relative_uris=False)


def ours(data: bytes, headers: dict):
    url = headers.get("content-location") or URL
    feed = parse_feed(data, url, headers.get("content-type"))
    articles = [parse_feed_item(item, url).article for item in feed.items]
    return feed, articles


def _leftover(title: str, raw: str | None) -> bool:
    """An entity or tag in the reader's title that the HTML did not mean as text
    (`&lt;blink&gt;` in HTML is the text "<blink>": not a leftover)."""
    meant = clean_inline(html.unescape(TAG.sub("", raw or "")))
    return any(m[0] not in meant for m in (*ENTITY.finditer(title), *TAG.finditer(title)))


def known_reason(path: Path, ref) -> str:
    """Why an item-count difference is feedparser's error, when it is a known one."""
    if path.suffix == ".json" and not ref.version:
        return f"feedparser {feedparser.__version__} reads no JSON Feed"
    return ""


def compare(path: Path, data: bytes, stats: dict) -> None:
    headers = headers_of(data)
    ref = feedparser_reference(data, headers)
    try:
        feed, articles = ours(data, headers)
    except FeedError as err:
        stats["refused"] += 1
        if ref.version:
            stats["refused_versioned"].append((path, str(err)))
        if ref.entries:
            stats["count_diff"].append((path, len(ref.entries), 0, str(err), ""))
        return
    except Exception:  # a traceback: what this benchmark exists to find
        stats["tracebacks"].append((path, traceback.format_exc().strip().splitlines()[-1]))
        return
    stats["parsed"] += 1
    for article in articles:
        for passage in article.passages():
            stats["passages"] += 1
            if ENTITY.search(passage.text):
                stats["entity_text"].append((path, passage.text[:80]))
    want = min(len(ref.entries), 1000)
    if len(feed.items) != want:
        stats["count_diff"].append((path, want, len(feed.items), "", known_reason(path, ref)))
    titles = [(feed.title, ref.feed.get("title"), ref.feed.get("title_detail"))]
    by_order = list(zip(feed.items, ref.entries, strict=False)) if len(feed.items) == want else []
    titles += [(item.title, entry.get("title"), entry.get("title_detail"))
               for item, entry in by_order]
    for mine, theirs, detail in titles:
        if not mine or mine == URL:
            continue
        stats["titles"] += 1
        kind = (detail or {}).get("type", "") if isinstance(detail, dict) else ""
        if "html" not in kind and isinstance(theirs, str):  # text, or base64 and the like
            stats["plain_titles"] += 1
            if mine != clean_inline(theirs):
                stats["plain_diff"].append((path, clean_inline(theirs), mine))
        elif _leftover(mine, theirs):
            stats["leftover"].append((path, mine))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--list", type=int, default=40, help="list at most N of each kind")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is shown)")
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix.lower() in SUFFIXES
                   and p.is_file())
    blobs = [(p, p.read_bytes()) for p in files]
    stats = {"parsed": 0, "refused": 0, "titles": 0, "plain_titles": 0, "tracebacks": [],
             "refused_versioned": [], "count_diff": [], "plain_diff": [], "leftover": [],
             "passages": 0, "entity_text": []}
    for path, data in blobs:
        compare(path, data, stats)

    def timed(fn) -> float:
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            for _path, data in blobs:
                try:
                    fn(data, headers_of(data))
                except Exception:
                    pass
            best = min(best, time.perf_counter() - started)
        return best

    floor = timed(feedparser_reference)
    reader = timed(ours)
    root = args.corpus

    def rel(p: Path) -> str:
        return str(p.relative_to(root))

    print(f"{len(blobs)} files under {root}")
    print(f"parsed {stats['parsed']}, refused {stats['refused']} (FeedError, one line each)")
    print(f"tracebacks: {len(stats['tracebacks'])}")
    for path, last in stats["tracebacks"][:args.list]:
        print(f"  {rel(path)}: {last}")
    print(f"refused although feedparser found a feed version: {len(stats['refused_versioned'])}")
    for path, reason in stats["refused_versioned"][:args.list]:
        print(f"  {rel(path)}: {reason}")
    wrong = [d for d in stats["count_diff"] if d[4]]
    print(f"item-count differences with feedparser: {len(stats['count_diff'])}, of which "
          f"{len(wrong)} where feedparser is wrong")
    for path, want, got, reason, known in stats["count_diff"][:args.list]:
        why = "; ".join(r for r in (reason, known and f"feedparser wrong: {known}") if r)
        print(f"  {rel(path)}: feedparser {want}, reader {got}" + (f" ({why})" if why else ""))
    print(f"text/plain (non-HTML) titles differing from feedparser's: {len(stats['plain_diff'])} "
          f"of {stats['plain_titles']}")
    for path, theirs, mine in stats["plain_diff"][:args.list]:
        print(f"  {rel(path)}: feedparser {theirs!r}, reader {mine!r}")
    print(f"titles with a leftover entity or tag: {len(stats['leftover'])} of {stats['titles']}")
    for path, title in stats["leftover"][:args.list]:
        print(f"  {rel(path)}: {title!r}")
    print(f"article passages with an entity left in them: {len(stats['entity_text'])} "
          f"of {stats['passages']} (some are meant: text that shows an entity)")
    for path, text in stats["entity_text"][:args.list]:
        print(f"  {rel(path)}: {text!r}")
    print(f"time, best of {args.repeat}: feedparser alone {floor * 1000:.0f} ms (floor), "
          f"reader {reader * 1000:.0f} ms, ratio {reader / floor:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
