"""Extraction quality and speed on a folder of real pages, three extractors side by side.

    python benchmarks/extraction.py PAGES_DIR [--only NAME ...] [--pages] [--skip-caption PAGE ...]

PAGES_DIR holds one folder per page with `source.html`, `expected.html` (the
article's main part, as a reference extractor keeps it) and
`expected-metadata.json` (its `title`): the layout of Mozilla Readability's
`test/test-pages`. Nothing from that corpus is kept in this project: point
the benchmark at a checkout of it.

For each extractor (this reader; readability-lxml; trafilatura when it is
installed, `pip install -e '.[bench]'`):
  body F1     token F1 of the extracted text against expected.html's text
              (bag of lower-cased words), averaged over pages
  titles      exact title matches (whitespace collapsed) against the metadata
  captions    the reader only: expected <figcaption>s found as a caption block
              whose text and credit together match it (token F1 >= 0.9);
              `--skip-caption` leaves a page out (a homepage of teasers)
  failures    pages that raised or gave no article
  pages/s     over all pages, best of --repeat passes, and the cost against
              lxml's parse of the same pages in the same run (the floor)
`--pages` prints each page's figures for the reader, worst first.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lxml import html as lxml_html

from reader.model import Caption
from reader.sources.html import parse_html

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
"""A word; each CJK character is a word of its own (those scripts do not space words)."""


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def f1(got: list[str], want: list[str]) -> float:
    if not got and not want:
        return 1.0
    if not got or not want:
        return 0.0
    common = sum((Counter(got) & Counter(want)).values())
    if not common:
        return 0.0
    precision, recall = common / len(got), common / len(want)
    return 2 * precision * recall / (precision + recall)


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


class Page:
    def __init__(self, folder: Path) -> None:
        self.name = folder.name
        # the corpus is stored as UTF-8 whatever its pages declare: every extractor gets text
        self.source = (folder / "source.html").read_text(encoding="utf-8", errors="replace")
        expected = lxml_html.fromstring((folder / "expected.html").read_text(encoding="utf-8"))
        self.want = tokens(expected.text_content())
        self.figcaptions = [t for t in (one_line(el.text_content()) for el in expected.iter("figcaption"))
                            if tokens(t)]
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        self.title = one_line(meta.get("title"))


def run_reader(page: Page) -> tuple[str, str, list[str]]:
    article = parse_html(page.source, f"https://example.org/{page.name}/")
    parts, captions = [], []
    for block in article.blocks:
        data = block.to_dict()
        if isinstance(block, Caption):
            captions.append(f"{block.text} {block.credit or ''}")
            parts.append(captions[-1])
            continue
        for key in ("text", "credit"):  # an image's alt text is not the page's text
            if data.get(key):
                parts.append(data[key])
        for item in data.get("items", ()):
            parts.append(item)
        if data.get("caption"):
            parts.append(data["caption"])
        for row in data.get("rows", ()):
            parts.extend(row)
    return article.title, "\n".join(parts), captions


def run_readability(page: Page) -> tuple[str, str, list[str]]:
    from readability import Document
    doc = Document(page.source)
    body = lxml_html.fromstring(doc.summary(html_partial=True)).text_content()
    return doc.short_title(), body, []


def run_trafilatura(page: Page) -> tuple[str, str, list[str]]:
    import trafilatura
    result = trafilatura.bare_extraction(page.source, with_metadata=True, include_tables=True,
                                         include_comments=False)
    if result is None:
        raise ValueError("no result")
    data = result if isinstance(result, dict) else result.as_dict()
    return data.get("title") or "", data.get("text") or "", []


def run_floor(page: Page) -> tuple[str, str, list[str]]:
    lxml_html.document_fromstring(page.source)
    return "", "", []


EXTRACTORS = {"reader": run_reader, "readability-lxml": run_readability,
              "trafilatura": run_trafilatura}


def caption_found(expected: str, found: list[str]) -> bool:
    want = tokens(expected)
    return any(f1(tokens(got), want) >= 0.9 for got in found)


def timed(run, pages: list[Page], repeat: int) -> float:
    """Best of `repeat` passes over the pages, in seconds (failures included)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            try:
                run(page)
            except Exception:  # counted by score(); here only the time matters
                pass
        best = min(best, time.perf_counter() - start)
    return best


def score(name: str, run, pages: list[Page], skip_caption: set[str], repeat: int = 1) -> dict:
    f1s, titles, failures, per_page = [], 0, [], []
    captions_want = captions_got = 0
    for page in pages:
        try:
            title, body, captions = run(page)
        except Exception as err:  # a benchmark counts failures; it does not stop on them
            failures.append(f"{page.name}: {type(err).__name__}: {one_line(str(err))[:80]}")
            f1s.append(0.0)
            per_page.append((0.0, page.name, False, 0, 0))
            continue
        page_f1 = f1(tokens(body), page.want)
        f1s.append(page_f1)
        exact = one_line(title) == page.title
        titles += exact
        got = want = 0
        if name == "reader" and page.name not in skip_caption:
            want = len(page.figcaptions)
            got = sum(caption_found(c, captions) for c in page.figcaptions)
            captions_want += want
            captions_got += got
        per_page.append((page_f1, page.name, exact, got, want))
    seconds = timed(run, pages, repeat)
    return {"name": name, "f1": sum(f1s) / len(f1s), "titles": titles, "pages": len(pages),
            "captions": (captions_got, captions_want) if name == "reader" else None,
            "failures": failures, "seconds": seconds, "per_page": per_page}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages_dir", type=Path)
    parser.add_argument("--only", nargs="*", choices=sorted(EXTRACTORS))
    parser.add_argument("--pages", action="store_true", help="per-page figures for the reader")
    parser.add_argument("--repeat", type=int, default=3, help="timing: best of this many passes")
    parser.add_argument("--skip-caption", nargs="*", default=["nytimes-5"],
                        help="pages left out of caption recall (default: nytimes-5, a homepage)")
    args = parser.parse_args(argv)
    folders = sorted(p for p in args.pages_dir.iterdir()
                     if (p / "source.html").is_file() and (p / "expected.html").is_file()
                     and (p / "expected-metadata.json").is_file())
    if not folders:
        print(f"no pages with source.html, expected.html and expected-metadata.json in {args.pages_dir}")
        return 1
    pages = [Page(folder) for folder in folders]
    floor = timed(run_floor, pages, args.repeat)
    results = []
    for name in args.only or EXTRACTORS:
        try:
            if name == "trafilatura":
                import trafilatura  # noqa: F401
        except ImportError:
            print(f"{name}: not installed (pip install -e '.[bench]')")
            continue
        results.append(score(name, EXTRACTORS[name], pages, set(args.skip_caption), args.repeat))
    print(f"{len(pages)} pages; floor: lxml parse alone {len(pages) / floor:,.0f} pages/s")
    print()
    print("| extractor | body F1 | exact titles | figcaptions found | failures | pages/s | x lxml parse |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        caps = f"{r['captions'][0]}/{r['captions'][1]}" if r["captions"] else "—"
        print(f"| {r['name']} | {r['f1']:.3f} | {r['titles']}/{r['pages']} | {caps} | "
              f"{len(r['failures'])} | {r['pages'] / r['seconds']:.1f} | {r['seconds'] / floor:.1f} |")
    for r in results:
        for failure in r["failures"]:
            print(f"  {r['name']} failed: {failure}")
    if args.pages:
        reader = next((r for r in results if r["name"] == "reader"), None)
        if reader:
            print()
            for page_f1, name, exact, got, want in sorted(reader["per_page"]):
                print(f"{page_f1:.3f} {'T' if exact else '-'} {got}/{want} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
