"""Sync against a real FreshRSS (tests/freshrss.py), with feeds served from 127.0.0.1."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader import paths
from reader.cli import main
from reader.store import Store
from tests import freshrss
from tests.freshrss import PASSWORD, USER, FeedServer, FreshRSS


@pytest.fixture
def server(tmp_path):
    why = freshrss.unavailable()
    if why:
        pytest.skip(why)
    srv = FreshRSS.start(tmp_path / "server")
    yield srv
    srv.close()


@pytest.fixture
def feeds():
    fs = FeedServer()
    yield fs
    fs.close()


def run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def login(capsys, monkeypatch, srv: FreshRSS, password: str = PASSWORD):
    return run(capsys, "account", "login", srv.url, "--user", USER, "--password-stdin",
               stdin=password + "\n", monkeypatch=monkeypatch)


def listed(capsys) -> dict[str, dict]:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    return {row["title"]: row for row in json.loads(out)}


def news(feeds: FeedServer, path="/news.xml", title="Town news", n=5, start=0) -> str:
    return feeds.add(path, title, [(f"Story {i}", f"<p>Body of story {i}.</p>")
                                   for i in range(start, start + n)])


def synced(capsys) -> str:
    code, out, err = run(capsys, "sync")
    assert code == 0, err
    return out


# Login ------------------------------------------------------------------------

def test_login_with_a_bad_password_says_so_in_one_line_and_keeps_nothing(server, capsys, monkeypatch):
    code, out, err = login(capsys, monkeypatch, server, "not-the-password")
    assert code == 1
    assert err.count("\n") == 1 and "wrong user name or password" in err
    assert "Traceback" not in err and "not-the-password" not in out + err
    assert not (paths.data_dir() / "sync" / "token").exists()
    assert run(capsys, "account", "status")[1].startswith("no sync account")


def test_login_finds_the_api_and_keeps_the_token_in_a_private_file(server, capsys, monkeypatch):
    monkeypatch.setenv("NEWSREADER_KEYRING", "file")
    code, out, err = login(capsys, monkeypatch, server)
    assert code == 0, err
    assert server.api in out
    token = paths.data_dir() / "sync" / "token"
    assert token.stat().st_mode & 0o777 == 0o600
    assert token.read_text() == server.auth  # FreshRSS hands every client the same token
    code, out, _ = run(capsys, "account", "status", "--json")
    status = json.loads(out)
    assert status["logged_in"] and status["user"] == USER and status["api"] == server.api
    assert server.auth not in out


def test_a_full_api_url_is_taken_as_given(server, capsys, monkeypatch):
    code, out, err = run(capsys, "account", "login", server.api, "--user", USER,
                         "--password-stdin", stdin=PASSWORD + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    assert f"logged in to {server.api} " in out


def test_unreachable_server_and_not_an_api_each_give_one_line(capsys, monkeypatch, feeds):
    port = freshrss.free_port()
    code, _, err = run(capsys, "account", "login", f"http://127.0.0.1:{port}/", "--user", "a",
                       "--password-stdin", stdin="pw\n", monkeypatch=monkeypatch)
    assert code == 1 and err.count("\n") == 1 and "cannot reach the server" in err
    code, _, err = run(capsys, "account", "login", feeds.base + "/", "--user", "a",
                       "--password-stdin", stdin="pw\n", monkeypatch=monkeypatch)
    assert code == 1 and err.count("\n") == 1 and "not a Google Reader API" in err


# Pull -------------------------------------------------------------------------

def test_sync_pulls_subscriptions_folders_and_items_readable_as_articles(server, feeds, capsys,
                                                                          monkeypatch):
    # XML allows no C0 control, but a C1 one (CSI, U+009B) gets through FreshRSS.
    tech = feeds.add("/tech.xml", "Tech \x9b31mweekly\x9b0m", [
        ("Chips \x9b2J news", "<p>Fabs are <b>busy</b>.\x9b31m</p><p>Second paragraph.</p>")])
    town = news(feeds, n=3)
    server.subscribe(tech, folder="Tech")
    server.subscribe(town, folder="Local")
    code, out, err = login(capsys, monkeypatch, server)  # logging in syncs once
    assert code == 0, err
    assert "4 new items" in out
    by_url = {f["url"]: f for f in Store.open().feeds()}
    assert by_url[tech]["folder"] == "Tech" and by_url[town]["folder"] == "Local"
    assert by_url[tech]["title"] == "Tech weekly"  # escape sequence gone at entry
    rows = listed(capsys)
    assert {"Story 0", "Story 1", "Story 2", "Chips news"} <= set(rows)
    code, out, _ = run(capsys, "show", rows["Chips news"]["id"])
    assert code == 0 and "Fabs are busy." in out and "Second paragraph." in out
    assert "\x9b" not in out and "\x1b" not in out

    # Incremental: a second sync fetches nothing old again; new items arrive.
    requests = []
    import reader.sync.api as api
    real = api.GReader.contents
    monkeypatch.setattr(api.GReader, "contents",
                        lambda self, ids: requests.append(len(ids)) or real(self, ids))
    assert "0 new items" in synced(capsys)
    assert requests == []
    more = news(feeds, "/more.xml", "More news", n=2, start=10)
    server.subscribe(more)
    assert "2 new items" in synced(capsys)
    assert requests == [2]
    rows2 = listed(capsys)
    assert rows2["Story 0"]["id"] == rows["Story 0"]["id"]  # identity stable across syncs
    assert {"Story 10", "Story 11"} <= set(rows2)

    # The cache is only a cache: deleted, the next sync brings the articles back.
    import shutil
    shutil.rmtree(paths.cache_dir())
    synced(capsys)
    assert listed(capsys).keys() == rows2.keys()
    code, out, _ = run(capsys, "show", rows["Chips news"]["id"])
    assert code == 0 and "Fabs are busy." in out


# Reads and stars ----------------------------------------------------------------

def _server_state(server, title):
    cats = server.item_by_title(title)["categories"]
    return ("user/-/state/com.google/read" in cats, "user/-/state/com.google/starred" in cats)


def test_reads_and_stars_go_both_ways(server, feeds, capsys, monkeypatch):
    server.subscribe(news(feeds, n=4))
    login(capsys, monkeypatch, server)
    synced(capsys)
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    store = Store.open()
    # Here -> server: a read, and a bookmark that stars.
    store.mark_read(ids["Story 0"])
    from reader import library
    from reader.model import ArticleSummary

    article = library.load(ArticleSummary.from_dict(listed(capsys)["Story 1"]))
    mark = store.add_bookmark(article, article.passages()[0])
    out = synced(capsys)
    assert "2 sent" in out
    assert _server_state(server, "Story 0") == (True, False)
    assert _server_state(server, "Story 1") == (False, True)
    # Removing the last bookmark unstars it.
    store.remove_bookmark(mark.id)
    synced(capsys)
    assert _server_state(server, "Story 1") == (False, False)
    # Server -> here: read and star made on another device.
    story2 = server.item_by_title("Story 2")["id"]
    server.edit(story2, add="read")
    server.edit(story2, add="starred")
    server.edit(server.item_by_title("Story 0")["id"], remove="read")
    out = synced(capsys)
    assert "3 changes from the server" in out
    rows = listed(capsys)
    assert rows["Story 2"]["read"] and rows["Story 2"]["starred"]
    assert not rows["Story 0"]["read"]
    assert Store.open().journal() == {}


def test_a_conflict_keeps_the_newer_change(server, feeds, capsys, monkeypatch):
    server.subscribe(news(feeds, n=3))
    login(capsys, monkeypatch, server)
    synced(capsys)
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    store = Store.open()
    # Both sides change Story 0 after the last sync: the server marks it read on another
    # device, then it is starred here; and Story 1 is marked read there, unread... here
    # it was never read, so the local change below is the newer one.
    server.edit(server.item_by_title("Story 1")["id"], add="starred")
    store.set_starred(ids["Story 1"], False)  # no change: it was not starred here
    server.edit(server.item_by_title("Story 0")["id"], add="read")
    store.mark_read(ids["Story 0"])
    store.mark_read(ids["Story 0"], False)   # read, then unread again here: after the server's
    out = synced(capsys)
    assert "1 conflict (newer change kept)" in out
    assert _server_state(server, "Story 0") == (False, False)  # the local unread won
    assert not listed(capsys)["Story 0"]["read"]
    assert listed(capsys)["Story 1"]["starred"]  # only the server changed it

    # A local change older than the last sync (it sat unsent) loses to the server's.
    import reader.store.store as store_module
    with monkeypatch.context() as m:
        m.setattr(store_module, "utc_now", lambda: "2000-01-01T00:00:00.000000Z")
        Store.open().mark_read(ids["Story 2"])
    server.edit(server.item_by_title("Story 2")["id"], add="starred")
    server.edit(server.item_by_title("Story 2")["id"], add="read")
    server.edit(server.item_by_title("Story 2")["id"], remove="read")
    synced(capsys)  # the server says unread; base said unread: no conflict, local read is sent
    assert _server_state(server, "Story 2") == (True, True)
    server.edit(server.item_by_title("Story 2")["id"], remove="read")
    with monkeypatch.context() as m:
        m.setattr(store_module, "utc_now", lambda: "2000-01-01T00:00:00.000000Z")
        Store.open().mark_read(ids["Story 2"], False)
        Store.open().mark_read(ids["Story 2"])
    out = synced(capsys)
    assert "1 conflict (newer change kept)" in out
    assert _server_state(server, "Story 2") == (False, True)  # the server's newer unread won
    assert not listed(capsys)["Story 2"]["read"]


# Offline ----------------------------------------------------------------------

def test_changes_made_while_the_server_is_stopped_arrive_when_it_is_back(server, feeds, capsys,
                                                                        monkeypatch):
    server.subscribe(news(feeds, n=2))
    login(capsys, monkeypatch, server)
    synced(capsys)
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    server.stop()
    Store.open().mark_read(ids["Story 1"])
    code, out, err = run(capsys, "sync")
    assert code == 1 and err.count("\n") == 1 and "kept for the next sync" in err
    code, out, err = run(capsys, "refresh")
    assert code == 1 and err.count("\n") == 1
    assert listed(capsys)["Story 1"]["read"]  # the reader still works
    code, out, _ = run(capsys, "show", ids["Story 1"])
    assert code == 0 and "Body of story 1." in out
    assert len(Store.open().journal()) == 1
    server.restart()
    assert "1 sent" in synced(capsys)
    assert _server_state(server, "Story 1") == (True, False)


def test_a_frozen_server_costs_one_deadline_and_loses_nothing(server, feeds, capsys, monkeypatch):
    server.subscribe(news(feeds, n=2))
    login(capsys, monkeypatch, server)
    synced(capsys)
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    Store.open().mark_read(ids["Story 0"])
    import reader.sync.http as http
    monkeypatch.setattr(http, "REQUEST_DEADLINE", 1.5)
    server.pause()
    try:
        started = time.monotonic()
        code, _, err = run(capsys, "sync")
        took = time.monotonic() - started
    finally:
        server.resume()
    assert code == 1 and "timed out" in err and err.count("\n") == 1
    assert took < 10
    assert len(Store.open().journal()) == 1
    assert "1 sent" in synced(capsys)
    assert _server_state(server, "Story 0") == (True, False)


def test_killing_the_reader_mid_sync_loses_nothing(server, feeds, capsys, monkeypatch, env):
    server.subscribe(news(feeds, n=3))
    login(capsys, monkeypatch, server)
    synced(capsys)
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    Store.open().mark_read(ids["Story 2"])
    Store.open().set_starred(ids["Story 0"])
    more = news(feeds, "/late.xml", "Late news", n=50, start=100)
    server.subscribe(more)
    # The reader is killed in the middle of a sync: once it has asked for the new item ids,
    # the server is frozen so the kill lands while the sync is under way.
    log = server.workdir / "server.log"
    seen = log.read_bytes().count(b"stream/items/ids")
    proc = subprocess.Popen([sys.executable, "-m", "reader", "sync"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(500):
            if log.read_bytes().count(b"stream/items/ids") > seen or proc.poll() is not None:
                break
            time.sleep(0.01)
        server.pause()
        time.sleep(0.5)
        assert proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        server.resume()
    assert len(Store.open().journal()) == 2
    out = synced(capsys)
    assert "50 new items" in out and "2 sent" in out
    assert _server_state(server, "Story 2") == (True, False)
    assert _server_state(server, "Story 0") == (False, True)
    assert Store.open().journal() == {}
    assert len(listed(capsys)) == 53


# Subscriptions on the server -----------------------------------------------------

def test_add_remove_and_import_act_on_the_servers_subscriptions(server, feeds, capsys, monkeypatch,
                                                               tmp_path):
    login(capsys, monkeypatch, server)
    url = news(feeds, n=2)
    code, out, err = run(capsys, "add", url)
    assert code == 0, err
    assert url in {s["url"] for s in server.subscriptions()}
    assert "Story 1" in listed(capsys)
    code, out, err = run(capsys, "remove", url)
    assert code == 0, err
    assert url not in {s["url"] for s in server.subscriptions()}
    assert url not in {f["url"] for f in Store.open().feeds()}
    other = news(feeds, "/other.xml", "Other", n=1, start=7)
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body><outline text="Sci">'
                    f'<outline type="rss" text="Other" xmlUrl="{other}"/></outline></body></opml>')
    code, out, err = run(capsys, "import", str(opml))
    assert code == 0, err
    assert other in {s["url"] for s in server.subscriptions()}
    assert "Story 7" in listed(capsys)


def test_a_feed_added_before_the_account_is_sent_to_the_server(server, feeds, capsys, monkeypatch):
    url = news(feeds, n=1)
    Store.open().add_feed(url, "Town news")
    _, out, _ = login(capsys, monkeypatch, server)
    assert url in {s["url"] for s in server.subscriptions()}
    assert "Story 0" in listed(capsys)
    assert "1 new item," in out


# Logout and secrets -------------------------------------------------------------

def test_logout_forgets_the_token_and_keeps_local_state(server, feeds, capsys, monkeypatch):
    server.subscribe(news(feeds, n=2))
    login(capsys, monkeypatch, server)
    synced(capsys)
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    Store.open().mark_read(ids["Story 0"])
    code, out, _ = run(capsys, "account", "logout")
    assert code == 0 and "logged out" in out
    assert not (paths.data_dir() / "sync" / "token").exists()
    code, _, err = run(capsys, "sync")
    assert code == 1 and "no sync account" in err
    rows = listed(capsys)
    assert rows["Story 0"]["read"] and "Story 1" in rows


def test_no_password_or_token_in_any_file_but_the_token_store(server, feeds, capsys, monkeypatch,
                                                            isolated_home):
    monkeypatch.setenv("NEWSREADER_KEYRING", "file")
    server.subscribe(news(feeds, n=2))
    outputs = [login(capsys, monkeypatch, server)]
    outputs.append(run(capsys, "sync", "--json"))
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    Store.open().mark_read(ids["Story 0"])
    outputs.append(run(capsys, "sync"))
    outputs.append(run(capsys, "account", "status", "--json"))
    outputs.append(run(capsys, "account", "status"))
    token_file = paths.data_dir() / "sync" / "token"
    token = token_file.read_text()
    secret_bytes = (PASSWORD.encode(), token.encode(), token.split("/")[1].encode())
    for path in Path(isolated_home).rglob("*"):
        if path.is_file() and path != token_file:
            data = path.read_bytes()
            for secret in secret_bytes:
                assert secret not in data, path
    for _code, out, err in outputs:
        for secret in (PASSWORD, token, token.split("/")[1]):
            assert secret not in out + err


def test_the_feed_refresh_the_reader_runs_syncs_while_logged_in(server, feeds, capsys, monkeypatch):
    from reader.subscriptions import refresh

    login(capsys, monkeypatch, server)
    url = news(feeds, n=2)
    server.subscribe(url)
    progress = []
    outcomes = refresh([], on_feed=lambda o, done, total: progress.append((done, total)))
    mine = [o for o in outcomes if o.url == url]
    assert mine[0].status == "ok" and mine[0].new == 2 and progress[-1][0] == progress[-1][1]
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    Store.open().mark_read(ids["Story 1"])
    server.edit(server.item_by_title("Story 0")["id"], add="read")
    refresh(Store.open().feeds())
    assert _server_state(server, "Story 1") == (True, False)
    assert listed(capsys)["Story 0"]["read"]
    # The server fetched the feed; the reader's refresh did not poll it (that would have
    # rewritten its cache entry with a polling status).
    from reader.subscriptions import load_state
    assert load_state(url).status == "synced" and len(load_state(url).items) == 2
    server.stop()
    [failed] = refresh(Store.open().feeds())
    assert failed.status == "error" and failed.url == server.url and "\n" not in failed.error
    code, out, _ = run(capsys, "account", "status", "--json")
    assert json.loads(out)["last_error"] == failed.error


def test_changes_made_in_the_reader_are_sent_as_it_closes(server, feeds, capsys, monkeypatch):
    from reader.commands.launch import _send_pending

    server.subscribe(news(feeds, n=2))
    login(capsys, monkeypatch, server)
    ids = {t: r["id"] for t, r in listed(capsys).items()}
    store = Store.open()
    _send_pending(store)  # nothing to send: no request, no output
    assert capsys.readouterr() == ("", "")
    store.mark_read(ids["Story 1"])
    _send_pending(store)
    assert "sent 1 change" in capsys.readouterr().out
    assert _server_state(server, "Story 1") == (True, False) and store.journal() == {}
    server.stop()
    store.mark_read(ids["Story 0"])
    _send_pending(store)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kept and sent on the next sync" in err
    assert list(store.journal()) == [ids["Story 0"]]


def test_a_feed_subscribed_elsewhere_during_a_sync_brings_its_items(server, feeds, capsys,
                                                                     monkeypatch):
    import reader.sync.api as api

    login(capsys, monkeypatch, server)
    url = news(feeds, n=3)
    server.subscribe(url)
    real = api.GReader.subscriptions
    calls = []

    def stale_first(self):
        subs = real(self)
        calls.append(len(subs))
        # The first answer predates the subscription made "on the phone".
        return [s for s in subs if s.url != url] if len(calls) == 1 else subs

    monkeypatch.setattr(api.GReader, "subscriptions", stale_first)
    out = synced(capsys)
    assert "3 new items" in out and len(calls) == 2
    assert {"Story 0", "Story 1", "Story 2"} <= set(listed(capsys))


def test_kill_9_at_any_point_of_a_first_sync_then_a_sync_leaves_everything(server, feeds, capsys,
                                                                           monkeypatch, env):
    from reader.sync.account import Account, save_account, save_token

    for n in range(3):
        server.subscribe(news(feeds, f"/bulk{n}.xml", f"Bulk {n}", n=200, start=1000 * n))
    # Logged in without the first sync, with a local change waiting for each kind.
    save_account(Account(server.url, server.api, USER))
    save_token(Account(server.url, server.api, USER), server.auth)
    store = Store.open()
    store.set_journaling(True)
    read_here = []
    for n, delay in enumerate((0.3, 0.6, 0.9, 1.2, 1.5)):
        proc = subprocess.Popen([sys.executable, "-m", "reader", "sync"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert Store.open().notice is None  # nothing set aside: every file whole
        # Between the kills, the reader is used: what it marks must reach the server.
        rows = listed(capsys)
        title = f"Story {1000 * (n % 3) + n}"
        if title in rows:
            Store.open().mark_read(rows[title]["id"])
            read_here.append(title)
    assert read_here  # some kills came after items had arrived
    synced(capsys)
    rows = listed(capsys)
    assert len(rows) == 600
    story = rows["Story 1005"]["id"]
    Store.open().mark_read(story)
    synced(capsys)
    for title in [*read_here, "Story 1005"]:
        assert _server_state(server, title) == (True, False), title
    assert Store.open().journal() == {}


def test_an_item_the_server_has_no_text_for_gets_its_page_extracted_here(server, feeds, capsys,
                                                                         monkeypatch):
    url = feeds.add("/bare.xml", "Bare", [("Title only", ""), ("With text", "<p>Own text.</p>")])
    feeds.feeds["/bare.xml/a/0"] = (
        b"<html><head><title>Title only</title></head><body><nav>Menu</nav><article>"
        b"<h1>Title only</h1><p>The page's own first paragraph, long enough to be the article"
        b" body that the reader extracts from it.</p><p>And a second one.</p></article></body></html>")
    server.subscribe(url)
    code, out, err = login(capsys, monkeypatch, server)
    assert code == 0, err
    rows = listed(capsys)
    code, out, _ = run(capsys, "show", rows["Title only"]["id"])
    assert "The page's own first paragraph" in out and "Menu" not in out
    code, out, _ = run(capsys, "show", rows["With text"]["id"])
    assert "Own text." in out


def test_a_local_feed_the_server_refuses_stays_here_and_blocks_nothing(server, feeds, capsys,
                                                                       monkeypatch):
    good = news(feeds, n=1)
    missing = feeds.base + "/gone.xml"  # 404: FreshRSS will not subscribe
    store = Store.open()
    store.add_feed(good)
    store.add_feed(missing)
    login(capsys, monkeypatch, server)
    code, out, err = run(capsys, "sync")
    assert code == 0 and "1 local feed the server refused" in out
    assert f"refused to subscribe to {missing}" in err
    assert missing in {f["url"] for f in Store.open().feeds()}
    assert good in {s["url"] for s in server.subscriptions()}
    assert "Story 0" in listed(capsys)
