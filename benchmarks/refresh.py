"""Feed refresh and full-text extraction against floors measured in the same run.

    python benchmarks/refresh.py [--feeds 100] [--items 100] [--pages 300] [--workers 8]

Serves --feeds generated RSS 2.0 feeds of --items items each (~40 KB) and
--pages generated article pages (~5 KB, figures, key points, chrome) from a
local server on 127.0.0.1, then times, best of --repeat:
  raw GET        Fetcher.fetch_many of every feed, bytes only (the floor)
  first pass     fetch_many + parse_feed + item_id for every item
  second pass    the same with each feed's validators: every answer a 304
  lxml parse     lxml.html.document_fromstring of every page (the extraction floor)
  extract        reader.sources.html.parse_html of every page (marked <article>)
  extract (fb)   the same pages without <article>/<main>: the readability fallback
No request leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lxml import html as lxml_html

from reader.fetch import Fetcher
from reader.sources.feeds import item_id, parse_feed
from reader.sources.html import parse_html

WORDS = ("the council minister said on tuesday that border forces would move north after "
         "reports of fighting in the province where officials confirmed thousands of "
         "residents had left their homes and crossed into neighbouring districts").split()


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choices(WORDS, k=n)).capitalize() + "."


def make_feed(rng: random.Random, f: int, items: int, base: str) -> bytes:
    parts = [f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
             f"<title>Feed {f}</title><link>{base}/</link><description>d</description>"]
    for i in range(items):
        parts.append(f"<item><title>{sentence(rng, 8)}</title><link>{base}/page/{i}</link>"
                     f"<guid>{base}/feed/{f}/item/{i}</guid>"
                     f"<pubDate>Mon, 06 Jan 2025 08:{i % 60:02d}:00 +0000</pubDate>"
                     f"<description>{sentence(rng, 40)}</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def make_page(rng: random.Random, marked: bool) -> bytes:
    body = ["<h1>" + sentence(rng, 8) + "</h1>",
            "<aside class='key-points'><h2>Key points</h2><ul>"
            + "".join(f"<li>{sentence(rng, 10)}</li>" for _ in range(3)) + "</ul></aside>",
            f"<figure><img src='a.jpg' alt='x'><figcaption>{sentence(rng, 10)} AFP / Ann LEE"
            "</figcaption></figure>"]
    for k in range(14):
        body.append(f"<p>{sentence(rng, 25)} {sentence(rng, 20)}</p>")
        if k == 6:
            body.append(f"<h2>{sentence(rng, 4)}</h2><blockquote>{sentence(rng)}</blockquote>"
                        "<div class='share-bar'><a>Share</a></div>")
    wrap = ("<article>", "</article>") if marked else ("<div id='c'>", "</div>")
    page = ("<html><head><title>t</title><script>var x=1;</script></head><body>"
            "<nav><a>Home</a><a>World</a></nav><div class='ad'>Ad</div>"
            f"{wrap[0]}{''.join(body)}{wrap[1]}"
            "<div class='related'><a>More</a></div><footer>Footer</footer></body></html>")
    return page.encode()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.files: dict[str, bytes] = {}
        self.base = f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = self.server.files.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = f'"{len(body):x}-{hash(self.path) & 0xFFFF:x}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(5)
    server = Server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = [f"{server.base}/feed/{f}.xml" for f in range(args.feeds)]
    for f, url in enumerate(urls):
        server.files[url[len(server.base):]] = make_feed(rng, f, args.items, server.base)
    pages = [make_page(rng, marked=True).decode() for _ in range(args.pages)]
    unmarked = [make_page(rng, marked=False).decode() for _ in range(args.pages // 3)]
    feed_mb = sum(map(len, server.files.values())) / 1e6
    validators = {}

    with Fetcher() as fetcher:
        fetcher.fetch(urls[0])  # build the client (~150 ms) outside the timings

        def raw() -> None:
            results = fetcher.fetch_many([(u, None) for u in urls], args.workers)
            assert all(getattr(r, "status", 0) == 200 for r in results.values())

        def first() -> None:
            results = fetcher.fetch_many([(u, None) for u in urls], args.workers)
            ids = 0
            for url, result in results.items():
                feed = parse_feed(result.content, url)
                ids += len({item_id(url, item) for item in feed.items})
                validators[url] = result.validators
            assert ids == args.feeds * args.items

        def second() -> None:
            results = fetcher.fetch_many([(u, validators[u]) for u in urls], args.workers)
            assert all(r.not_modified for r in results.values())

        rows = [("raw GET (floor)", best(args.repeat, raw), args.feeds, "feeds"),
                ("first pass", best(args.repeat, first), args.feeds, "feeds"),
                ("second pass (304)", best(args.repeat, second), args.feeds, "feeds")]
    server.shutdown()
    floor = rows[0][1]
    print(f"{args.feeds} feeds x {args.items} items, {feed_mb:.1f} MB, {args.workers} workers")
    print(f"{'pass':<22} {'seconds':>8} {'per second':>14} {'x floor':>8}")
    for name, seconds, n, unit in rows:
        print(f"{name:<22} {seconds:>8.3f} {n / seconds:>8,.0f} {unit:<5} {seconds / floor:>8.2f}")

    page_kb = sum(map(len, pages)) / len(pages) / 1024
    lx = best(args.repeat, lambda: [lxml_html.document_fromstring(p) for p in pages])
    ex = best(args.repeat, lambda: [parse_html(p, "https://x.example/a") for p in pages])
    fb = best(1, lambda: [parse_html(p, "https://x.example/a") for p in unmarked])
    print(f"\n{len(pages)} pages of {page_kb:.1f} KB")
    print(f"{'extraction':<22} {'seconds':>8} {'pages/s':>14} {'x floor':>8}")
    for name, seconds, n in (("lxml parse (floor)", lx, len(pages)), ("extract", ex, len(pages)),
                             ("extract (readability)", fb, len(unmarked))):
        ratio = seconds / n / (lx / len(pages))
        print(f"{name:<22} {seconds:>8.3f} {n / seconds:>14,.0f} {ratio:>8.2f}")


if __name__ == "__main__":
    main()
