"""Feeds end to end through the CLI, against the local test server only."""

from __future__ import annotations

import json
import shutil

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


def test_a_feed_that_cannot_be_reached_now_is_still_subscribed(capsys):
    code, out, err = cli(capsys, "add", "http://127.0.0.1:9/feed.xml")
    assert code == 0 and "first refresh failed" in err
    assert [f["url"] for f in Store.open().feeds()] == ["http://127.0.0.1:9/feed.xml"]


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
