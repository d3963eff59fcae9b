"""Feeds end to end through the CLI, against the local test server only."""

from __future__ import annotations

import json
import shutil

import pytest

from reader import paths
from reader.cli import main
from reader.store import Store


def cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def page_requests(server) -> int:
    return sum(1 for path, _ in server.requests if path.endswith(".html") or "/status/" in path)


def test_subscribe_refresh_list_and_show_full_text(web_server, capsys):
    url = web_server.url("/static/summary-only.xml")
    code, out, err = cli(capsys, "add", url)
    assert code == 0 and "subscribed to Summaries only" in out

    code, out, _ = cli(capsys, "list", "--json")
    rows = {r["title"]: r for r in json.loads(out)}
    assert set(rows) == {"Floating solar farm opens on the reservoir",
                         "River barges return as cargo moves off the roads", "A page that is gone"}
    barges = rows["River barges return as cargo moves off the roads"]
    assert barges["source"] == web_server.url("/static/barges-page.html")
    assert barges["published"] == "2025-02-03" and barges["read"] is False

    code, out, _ = cli(capsys, "show", barges["id"], "--json")
    article = json.loads(out)
    assert article["summary_only"] is False
    kinds = [b["kind"] for b in article["blocks"]]
    assert "key_points" in kinds and "caption" in kinds and "heading" in kinds
    credits = [b["credit"] for b in article["blocks"] if b["kind"] == "caption"]
    assert "EPA-EFE / Jan Novak" in credits
    text = json.dumps(article).lower()
    for chrome in ("newsletter", "subscribe", "advertisement", "related"):
        assert chrome not in text, chrome
    assert article["id"] == barges["id"]

    # The same article by its page URL, from the cache: no new request.
    before = len(web_server.requests)
    code, out, _ = cli(capsys, "show", barges["source"], "--json")
    assert json.loads(out)["id"] == barges["id"] and len(web_server.requests) == before

    # The item whose page is gone still reads, as its summary.
    gone = rows["A page that is gone"]
    code, out, _ = cli(capsys, "show", gone["id"], "--json")
    assert "This summary is all there is." in out and json.loads(out)["summary_only"] is True
    code, out, err = cli(capsys, "show", gone["id"])
    assert "This summary is all there is." in out and "only the feed's summary" in out


def test_second_refresh_downloads_nothing_unchanged(web_server, capsys):
    url = web_server.url("/static/summary-only.xml")
    cli(capsys, "add", url)
    pages = page_requests(web_server)
    code, out, _ = cli(capsys, "refresh")
    assert code == 0 and "same" in out
    assert web_server.counts[("/static/summary-only.xml", 304)] == 1
    assert page_requests(web_server) == pages


def test_a_failing_feed_is_reported_and_does_not_stop_the_others(web_server, capsys):
    Store.open().add_feed(web_server.url("/status/500"))
    Store.open().add_feed(web_server.url("/static/rss2.xml"))
    code, out, _ = cli(capsys, "refresh")
    assert code == 1
    assert "error" in out and "HTTP 500" in out and "ok" in out
    code, out, _ = cli(capsys, "feeds", "--json")
    status = {row["url"].rsplit("/", 1)[-1]: row for row in json.loads(out)}
    assert status["500"]["status"] == "error" and status["rss2.xml"]["status"] == "ok"
    assert status["rss2.xml"]["refreshed"] and status["rss2.xml"]["items"] > 0


def test_read_marks_survive_deleting_the_cache(web_server, capsys):
    cli(capsys, "add", web_server.url("/static/summary-only.xml"))
    _, out, _ = cli(capsys, "list", "--json")
    first = json.loads(out)[0]
    Store.open().mark_read(first["id"])
    shutil.rmtree(paths.cache_dir())
    cli(capsys, "refresh")
    _, out, _ = cli(capsys, "list", "--json")
    again = {r["id"]: r for r in json.loads(out)}
    assert again[first["id"]]["read"] is True


def test_export_then_import_into_a_fresh_data_directory(web_server, capsys, tmp_path, monkeypatch):
    for name in ("rss2.xml", "atom.xml"):
        Store.open().add_feed(web_server.url(f"/static/{name}"), title=f"Feed {name}")
    _, opml, _ = cli(capsys, "export")
    assert opml.startswith("<?xml") and "<opml version=\"2.0\"" in opml
    (tmp_path / "subs.opml").write_text(opml)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh"))
    assert Store.open().feeds() == []
    code, out, _ = cli(capsys, "import", str(tmp_path / "subs.opml"))
    assert code == 0 and "imported 2" in out
    assert sorted(f["url"] for f in Store.open().feeds()) == sorted(
        web_server.url(f"/static/{n}") for n in ("rss2.xml", "atom.xml"))


def test_bad_subscriptions_are_one_line_errors(capsys, tmp_path):
    code, _, err = cli(capsys, "add", "ftp://example.invalid/feed")
    assert code == 1 and err.count("\n") == 1 and "http" in err
    code, _, err = cli(capsys, "remove", "http://127.0.0.1:9/never-added")
    assert code == 1 and "not one of your feeds" in err
    (tmp_path / "bad.opml").write_text("<opml><body><outline")
    code, _, err = cli(capsys, "import", str(tmp_path / "bad.opml"))
    assert code == 1 and err.count("\n") == 1


def test_store_keeps_feeds_apart_from_folders(tmp_path):
    store = Store.open()
    store.add_source(tmp_path)
    assert store.add_feed("https://example.org/feed.xml", "Example", "News")
    assert not store.add_feed("https://example.org/feed.xml")
    assert store.sources() == [str(tmp_path)]
    (feed,) = store.feeds()
    assert (feed["url"], feed["title"], feed["folder"]) == ("https://example.org/feed.xml", "Example", "News")
    assert Store.open().feeds() == [feed]  # durable, seen by a new process's open
    assert not store.remove_feed(str(tmp_path))  # a folder is not a feed
    assert store.remove_feed("https://example.org/feed.xml") and store.feeds() == []
    assert store.sources() == [str(tmp_path)]


def test_adding_a_page_subscribes_to_the_feed_it_names(web_server, capsys):
    code, out, _ = cli(capsys, "add", web_server.url("/static/home.html"))
    assert code == 0 and "subscribing to the feed it names" in out
    assert [f["url"] for f in Store.open().feeds()] == [web_server.url("/static/rss2.xml")]


def test_a_page_that_names_no_feed_is_refused(web_server, capsys):
    code, _, err = cli(capsys, "add", web_server.url("/static/solar-page.html"))
    assert code == 1 and "names no feed" in err and err.count("\n") == 1
    assert Store.open().feeds() == []


@pytest.mark.parametrize("path, reason", [
    ("/status/404", "HTTP 404 Not Found"),
    ("/static/article.md", "not a feed"),
    ("/hang", "timed out: no complete answer within 1 s"),
])
def test_add_refuses_what_fails_now_unless_forced(web_server, capsys, path, reason):
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "config.toml").write_text("[fetch]\ntimeout = 1\n")
    url = web_server.url(path)
    code, out, err = cli(capsys, "add", url)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith(f"newsreader: {url}: ") and reason in err
    assert Store.open().feeds() == []
    code, out, err = cli(capsys, "add", "--force", url)
    assert code == 0 and "subscribed anyway: --force" in err
    assert [f["url"] for f in Store.open().feeds()] == [url]


def test_add_of_an_unreachable_host_says_no(capsys):
    code, out, err = cli(capsys, "add", "http://127.0.0.1:9/feed.xml")
    assert code == 1 and "connection refused" in err
    assert Store.open().feeds() == []


def test_add_downloads_the_feed_once_and_counts_what_list_shows(web_server, capsys):
    url = web_server.url("/static/rss2.xml")
    code, out, _ = cli(capsys, "add", url)
    assert code == 0
    assert web_server.counts[("/static/rss2.xml", 200)] == 1
    count = int(out.rsplit(":", 1)[1].split()[0])
    _, listed, _ = cli(capsys, "list", "--json")
    _, feeds, _ = cli(capsys, "feeds", "--json")
    assert count == len(json.loads(listed)) == json.loads(feeds)[0]["items"] == 4


def test_an_empty_feed_subscribes_and_refreshes_as_zero_items(web_server, capsys):
    url = web_server.url("/static/empty.xml")
    code, out, err = cli(capsys, "add", url)
    assert code == 0 and err == "" and out == "subscribed to A brand new blog: 0 items\n"
    code, out, _ = cli(capsys, "refresh")
    assert code == 0 and out == "same   A brand new blog\n1 feed: 1 unchanged\n"


def test_refresh_prints_a_fast_feed_before_a_slow_one_finishes(web_server, capsys):
    import subprocess
    import sys
    import time

    store = Store.open()
    store.add_feed(web_server.url("/slow/3/atom.xml"))
    store.add_feed(web_server.url("/static/rss2.xml"))
    store.add_feed(web_server.url("/status/503"))
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "reader", "refresh", "--summaries-only"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in proc.stdout:
        lines.append((time.monotonic() - started, line.rstrip("\n")))
    proc.wait(timeout=30)
    assert proc.returncode == 1, proc.stderr.read()
    texts = [text for _, text in lines]
    assert texts[0].startswith(("ok     Harbour Gazette", "error  "))
    assert texts[-2].startswith("ok     Mountain")  # the slow one, last
    assert texts[-1] == "3 feeds: 0 unchanged, 2 with 6 new items, 1 failed"
    fast = next(t for t, text in lines if text.startswith("ok     Harbour"))
    slow = next(t for t, text in lines if text.startswith("ok     Mountain"))
    assert slow - fast > 1.0  # the fast line was out while the slow feed was still on its way


def test_summary_line_counts_each_kind():
    from reader.subscriptions import RefreshOutcome, summary_line

    outcomes = ([RefreshOutcome("u", None, "not modified")] * 380
                + [RefreshOutcome("u", None, "ok", 3)] * 11 + [RefreshOutcome("u", None, "ok", 4)]
                + [RefreshOutcome("u", None, "ok", 0)] * 0
                + [RefreshOutcome("u", None, "error", error="x")] * 28)
    assert summary_line(outcomes) == "420 feeds: 380 unchanged, 12 with 37 new items, 28 failed"


class FakeFetcher:
    """Answers every URL with the next body given for it."""

    def __init__(self, bodies: dict[str, list[bytes]]):
        self.bodies = bodies

    def fetch_many(self, requests, **_):
        from reader.fetch import FetchResult, Validators

        return {url: FetchResult(url, url, 200, self.bodies[url].pop(0), Validators(None, None))
                for url, _v in requests}

    def close(self):
        pass


def rss(*titles: str) -> bytes:
    items = "".join(f"<item><title>{t}</title><guid>urn:x:{t}</guid><description>About {t}."
                    f"</description></item>" for t in titles)
    return f"<rss version='2.0'><channel><title>F</title>{items}</channel></rss>".encode()


def test_items_that_leave_the_feed_stay_readable():
    from reader.subscriptions import load_state, refresh

    url = "http://127.0.0.1:9/f.xml"
    fetcher = FakeFetcher({url: [rss("One", "Two"), rss("Three", "Two")]})
    (first,) = refresh([{"url": url}], fetcher=fetcher, full_text=False)
    (second,) = refresh([{"url": url}], fetcher=fetcher, full_text=False)
    assert (first.new, second.new) == (2, 1)
    assert [i["title"] for i in load_state(url).items] == ["Three", "Two", "One"]


def test_two_feeds_reusing_a_guid_never_overwrite_each_other():
    from reader import feedcache
    from reader.subscriptions import load_state, refresh

    a, b = "http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/b.xml"

    def feed(title: str, body: str) -> bytes:
        return (f"<rss version='2.0'><channel><title>F</title><item><title>{title}</title>"
                f"<guid>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</guid>"
                f"<description>{body}</description></item></channel></rss>").encode()

    fetcher = FakeFetcher({a: [feed("Apples", "About apples."), feed("Apples", "About apples.")],
                           b: [feed("Boats", "About boats."), feed("Boats", "About boats.")]})
    refresh([{"url": a}], fetcher=fetcher, full_text=False)
    refresh([{"url": b}], fetcher=fetcher, full_text=False)
    (ida,), (idb,) = ([i["id"] for i in load_state(u).items] for u in (a, b))
    assert ida != idb
    assert feedcache.load_cached(ida).blocks[0].text == "About apples."
    assert feedcache.load_cached(idb).blocks[0].text == "About boats."
    # the next refresh of both keeps each one's id
    refresh([{"url": b}, {"url": a}], fetcher=fetcher, full_text=False)
    assert [i["id"] for i in load_state(a).items] == [ida]
    assert [i["id"] for i in load_state(b).items] == [idb]


def test_the_same_story_in_two_feeds_is_one_article():
    from reader.subscriptions import load_state, refresh

    a, b = "http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/b.xml"
    body = rss("Shared")
    fetcher = FakeFetcher({a: [body], b: [body]})
    refresh([{"url": a}, {"url": b}], fetcher=fetcher, full_text=False)
    assert load_state(a).items[0]["id"] == load_state(b).items[0]["id"]


def test_import_of_a_real_world_opml_reports_each_skip_and_a_summary(capsys, tmp_path):
    from pathlib import Path

    opml = Path(__file__).resolve().parent / "fixtures" / "opml" / "real_world.opml"
    code, out, err = cli(capsys, "import", str(opml))
    assert code == 0 and "not well-formed XML" in err
    assert out.splitlines() == [
        "skipped Old podcast: not an http(s) feed URL (ftp)",
        "skipped Broken entry: a feed outline without an xmlUrl",
        "skipped Gardening again: listed twice (https://garden.example/feed/)",
        "imported 4 new, 0 already subscribed, 3 skipped; `newsreader refresh` fetches them",
    ]
    code, out, _ = cli(capsys, "feeds", "--json")
    folders = {row["url"]: row["folder"] for row in json.loads(out)}
    assert folders["https://ml.example/feed.xml"] == "Tech & Science/AI\\/ML"
    # re-importing a file that names things differently changes nothing silently
    moved = tmp_path / "moved.opml"
    moved.write_text('<opml version="2.0"><body><outline text="Elsewhere">'
                     '<outline type="rss" text="Renamed" xmlUrl="https://ml.example/feed.xml"/>'
                     '</outline></body></opml>')
    code, out, _ = cli(capsys, "import", str(moved))
    assert out.splitlines() == [
        "kept https://ml.example/feed.xml: its title stays 'Papers & Models' (the file says 'Renamed')",
        "kept https://ml.example/feed.xml: its folder stays 'Tech & Science / AI/ML' (the file says 'Elsewhere')",
        "imported 0 new, 1 already subscribed, 0 skipped",
    ]
    code, out, _ = cli(capsys, "feeds", "--json")
    row = next(r for r in json.loads(out) if r["url"] == "https://ml.example/feed.xml")
    assert row["folder"] == "Tech & Science/AI\\/ML"


def test_a_hostile_reason_phrase_reaches_no_output_raw(web_server, capsys):
    url = web_server.url("/evil-reason")
    code, out, err = cli(capsys, "add", url)
    assert code == 1 and "\x1b" not in err and "\x07" not in err and "\x9b" not in err
    assert "HTTP 500 Bad [bold]gateway" in err
    Store.open().add_feed(url)
    code, out, err = cli(capsys, "refresh")
    code, feeds, _ = cli(capsys, "feeds")
    for text in (out, err, feeds):
        assert not any(c in text for c in "\x1b\x07\x9b")
    assert "HTTP 500 Bad [bold]gateway" in feeds


def test_a_deeply_nested_json_feed_is_one_line_and_the_others_go_on():
    from reader.subscriptions import refresh

    deep, good = "http://127.0.0.1:9/deep.json", "http://127.0.0.1:9/good.xml"
    body = b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000 \
        + b"]" * 100_000 + b"}"
    fetcher = FakeFetcher({deep: [body], good: [rss("Fine")]})
    outcomes = {o.url: o for o in refresh([{"url": deep}, {"url": good}], fetcher=fetcher,
                                          full_text=False)}
    assert outcomes[deep].status == "error"
    assert outcomes[deep].error == "not a feed: JSON nested more than 64 levels deep"
    assert outcomes[good].status == "ok" and outcomes[good].new == 1
