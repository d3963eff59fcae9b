"""The sync's local side without a server: the store's journal, stars, the token store,
endpoint candidates and server items turned into articles."""

from __future__ import annotations

import json

import pytest

from reader.model import Article, Paragraph
from reader.store import Store
from reader.sync import account as account_module
from reader.sync.account import Account, forget_token, load_token, save_token
from reader.sync.api import candidates, item_hex
from reader.sync.items import article_id, to_article

A = "0123456789abcdef"
B = "01ffffffffffffff"  # the same shard as A


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store.open(tmp_path / "store")
    s.set_journaling(True)
    return s


def article(article_id: str = A) -> Article:
    return Article(article_id, "Title", "https://x.test/feed", None,
                   [Paragraph("First."), Paragraph("Second.")])


def test_nothing_is_journaled_without_an_account(tmp_path):
    s = Store.open(tmp_path / "store")
    s.mark_read(A)
    s.add_bookmark(article(), article().passages()[0])
    assert s.journal() == {} and not s.is_starred(A)


def test_read_changes_are_journaled_in_the_same_file_as_the_mark(store):
    store.mark_read(A)
    store.set_position(A, 3)  # not a sync change
    entry = store.journal()[A]
    assert entry["read"] is True and set(entry) == {"read", "read_at"}
    shard = json.loads((store.path / "read" / "01.json").read_text())
    assert "read" in shard["read"][A] and shard["journal"][A] == entry
    store.mark_read(A, False)
    assert store.journal()[A]["read"] is False
    store.mark_read(A, False)  # no change: the entry stays as it was
    store.mark_all_read([A, B])
    assert {a: e["read"] for a, e in store.journal().items()} == {A: True, B: True}


def test_sent_entries_go_but_one_changed_meanwhile_stays(store):
    store.mark_read(A)
    store.mark_read(B)
    seen = store.journal()
    store.mark_read(B, False)  # the user acts while the sync runs
    store.forget_sent(seen)
    assert list(store.journal()) == [B] and store.journal()[B]["read"] is False


def test_a_bookmark_stars_and_removing_the_last_unstars(store):
    art = article()
    first = store.add_bookmark(art, art.passages()[0])
    assert store.is_starred(A) and store.journal()[A]["star"] is True
    store.forget_sent(store.journal())
    second = store.add_bookmark(art, art.passages()[1])
    assert store.journal() == {}  # already starred: nothing new to send
    store.remove_bookmark(first.id)
    assert store.is_starred(A) and store.journal() == {}
    store.remove_bookmark(second.id)
    assert not store.is_starred(A) and store.journal()[A]["star"] is False


def test_server_states_are_not_journaled_and_spare_a_newer_local_change(store):
    store.mark_read(A)
    seen = store.journal()
    store.apply_remote({B: True}, {A: True, B: True}, seen=seen)
    assert store.read_ids() == {A, B} and store.starred_ids() == {A, B}
    assert list(store.journal()) == [A]
    store.mark_read(A, False)  # after the sync read the journal
    store.apply_remote({A: True}, {}, seen=seen)
    assert A not in store.read_ids()  # the newer local unread stays
    store.apply_remote({A: True}, {}, seen=store.journal())
    assert A in store.read_ids()


def test_a_damaged_journal_entry_sets_the_shard_aside(tmp_path):
    root = tmp_path / "store"
    s = Store.open(root)
    s.set_journaling(True)
    s.mark_read(A)
    path = root / "read" / "01.json"
    data = json.loads(path.read_text())
    data["journal"][A]["read"] = "yes"
    path.write_text(json.dumps(data))
    again = Store.open(root)
    assert again.journal() == {} and again.notice is not None


class MemoryKeyring:
    """A keyring backend that keeps passwords in memory."""

    def __init__(self):
        import keyring.backend

        class Backend(keyring.backend.KeyringBackend):
            priority = 1
            store: dict = {}

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def get_password(self, service, username):
                return self.store.get((service, username))

            def delete_password(self, service, username):
                self.store.pop((service, username), None)

        self.backend = Backend()


def test_the_token_goes_to_a_usable_keyring_and_nowhere_else(monkeypatch):
    import keyring

    ring = MemoryKeyring().backend
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        acct = Account("https://rss.test", "https://rss.test/api/greader.php", "bob")
        where = save_token(acct, "bob/secret-token")
        assert "keyring" in where
        assert ring.store == {("newsreader", "bob@https://rss.test/api/greader.php"): "bob/secret-token"}
        assert not (account_module.sync_dir() / "token").exists()
        assert load_token(acct) == "bob/secret-token"
        forget_token(acct)
        assert ring.store == {} and load_token(acct) is None
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_the_token_file_is_private(monkeypatch):
    monkeypatch.setenv("NEWSREADER_KEYRING", "file")
    acct = Account("https://rss.test", "https://rss.test/api/greader.php", "bob")
    where = save_token(acct, "bob/secret-token")
    path = account_module.sync_dir() / "token"
    assert where == str(path) and path.stat().st_mode & 0o777 == 0o600
    assert load_token(acct) == "bob/secret-token"
    forget_token(acct)
    assert not path.exists()


def test_endpoint_candidates():
    assert candidates("https://rss.example.org/") == [
        "https://rss.example.org/api/greader.php", "https://rss.example.org"]
    assert candidates("https://h.test/freshrss/api/greader.php") == [
        "https://h.test/freshrss/api/greader.php"]
    assert candidates("https://h.test/p/api/greader.php/accounts/ClientLogin") == [
        "https://h.test/p/api/greader.php"]
    assert candidates("https://miniflux.test/reader/api/0") == [
        "https://miniflux.test/api/greader.php", "https://miniflux.test"]


def test_item_ids_in_any_form_are_one_id():
    assert item_hex("1795639469272528") == item_hex("tag:google.com,2005:reader/item/0006611fe4b5edd0")
    assert item_hex("-1") == "ffffffffffffffff"
    with pytest.raises(ValueError):
        item_hex("tag:google.com,2005:reader/item/zz")


def test_a_server_item_becomes_a_clean_article_with_a_stable_id():
    item = {"id": "tag:google.com,2005:reader/item/00000000000000ff",
            "title": "Rain &amp; <b>wind</b>\x9b31m", "published": 1704794400,
            "canonical": [{"href": "javascript:alert(1)"}],
            "alternate": [{"href": "https://news.test/a/1"}],
            "summary": {"content": "<p>One \x1b[2Jpara.</p><script>x()</script>"}}
    art = to_article(item, "00000000000000ff", "https://rss.test/api/greader.php", "https://f.test/")
    assert art.title == "Rain & wind" and art.link == "https://news.test/a/1"
    assert art.published == "2024-01-09" and art.source == "https://f.test/"
    assert [b.text for b in art.blocks] == ["One para."]
    assert art.id == article_id("https://RSS.test/api/greader.php", "00000000000000ff")
    other_user = to_article(item, "00000000000000ff", "https://rss.test/api/greader.php",
                            "https://f.test/", "carol")
    assert other_user.id != art.id  # FreshRSS numbers items per user
    empty = to_article({"title": ""}, "01", "https://rss.test", "https://f.test/")
    assert empty.summary_only and empty.title == "Untitled item"


def test_merge_takes_each_side_alone_and_the_newer_side_in_a_conflict():
    from reader.sync.merge import merge

    last = "2026-01-02T00:00:00.000000Z"
    after, before = "2026-01-03T00:00:00.000000Z", "2026-01-01T00:00:00.000000Z"
    rows = {"i1": ("a1", False, False),   # the server read it; nothing here
            "i2": ("a2", False, False),   # read here; the server did nothing
            "i3": ("a3", False, False),   # read on the server, unread-then-read here: same
            "i4": ("a4", True, False),    # unread on the server, read again here after: conflict
            "i5": ("a5", True, False),    # unread on the server, a stale local read: conflict
            "i6": ("a6", False, True)}    # nothing anywhere
    unread = {"i2", "i4", "i5", "i6"}
    starred = {"i6"}
    journal = {"a2": {"read": True, "read_at": after},
               "a3": {"read": True, "read_at": after},
               "a4": {"read": True, "read_at": after, "star": True, "star_at": after},
               "a5": {"read": True, "read_at": before}}
    plan = merge(rows, unread, starred, journal, last)
    assert plan.push == {("read", True): ["i2", "i4"], ("star", True): ["i4"]}
    assert plan.take == {"read": {"a1": True, "a5": False}, "star": {}}
    assert plan.base == {"i1": {"read": True}, "i3": {"read": True}, "i5": {"read": False}}
    assert plan.conflicts == 2
    unchanged = merge(rows, {"i1", "i2", "i3", "i6"}, {"i6"}, {}, last)
    assert (unchanged.push, unchanged.base, unchanged.conflicts) == ({}, {}, 0)
    assert unchanged.take == {"read": {}, "star": {}}


def test_a_trickling_server_costs_one_deadline_in_all():
    import socket
    import threading
    import time

    from reader.fetch import Fetcher
    from reader.sync.http import ApiError, request

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    stop = threading.Event()

    def trickle():
        conn, _ = listener.accept()
        conn.recv(65536)
        time.sleep(0.7)  # every wait is shorter than the deadline; the sum is not
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nx")
        stop.wait(5)
        conn.close()

    threading.Thread(target=trickle, daemon=True).start()
    started = time.monotonic()
    with Fetcher() as fetcher, pytest.raises(ApiError, match="timed out"):
        request(fetcher, "GET", f"http://127.0.0.1:{listener.getsockname()[1]}/", deadline=1.0)
    assert time.monotonic() - started < 1.4
    stop.set()
    listener.close()


def test_synced_items_keep_their_full_timestamp_for_ordering():
    from reader.sync.engine import _stamp
    from reader.sync.items import published_at

    assert published_at({"published": 1795000000}) == "2026-11-18T11:06:40Z"
    assert published_at({"updated": "1795000000"}) == "2026-11-18T11:06:40Z"
    assert published_at({"published": "soon"}) is None
    assert _stamp(["id", "feed", False, False, "t", None, "2026-11-18"]) is None  # an old row
    assert _stamp(["id", "feed", False, False, "t", None, "2026-11-18", "2026-11-18T11:06:40Z"])
