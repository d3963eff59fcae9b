"""The session's feed views: choosing a feed, folder or library source, and the unread
counts per feed and folder, kept up to date without re-counting."""

from __future__ import annotations

from collections import Counter

from reader.model import ArticleSummary
from reader.session import ReadingSession
from reader.views import ALL, FEED, FOLDER, SOURCE, UNREAD, View
from tests.app_helpers import MemoryStore

A, B, C = "https://a.example/feed", "https://b.example/rss", "https://c.example/atom"


def summaries() -> list[ArticleSummary]:
    rows = []
    for feed, n in ((A, 3), (B, 2), (C, 4)):
        rows += [ArticleSummary(f"{feed}#{i}", f"{feed} item {i}", f"{feed}/{i}", "2026-01-01",
                                "item", feed) for i in range(n)]
    rows += [ArticleSummary(f"file-{i}", f"File {i}", f"/news/local/{i}.txt", None)
             for i in range(2)]
    rows.append(ArticleSummary("other", "Elsewhere", "/elsewhere/x.txt", None))
    return rows


def session(read=()) -> ReadingSession:
    store = MemoryStore()
    store.read.update(read)
    s = ReadingSession(store)
    s.load_marks()
    s.set_summaries(summaries())
    s.set_feeds([{"url": A, "title": "Alpha", "folder": "Tech"},
                 {"url": B, "title": None, "folder": "Tech"},
                 {"url": C, "title": "Gamma", "folder": None}], ["/news/local", "/elsewhere"])
    return s


def view(s: ReadingSession, kind: str, key: str = "") -> View:
    return next(e.view for e in s.entries if e.view and e.view.kind == kind and e.view.key == key)


def test_entries_list_all_unread_folders_feeds_and_library():
    s = session()
    labels = [("  " * e.depth) + e.label for e in s.entries]
    assert labels == ["All articles", "Unread", "Feeds", "Tech", "  Alpha", "  b.example/rss",
                      "Gamma", "Library", "/news/local", "/elsewhere"]


def test_counts_per_feed_folder_and_source():
    s = session(read={f"{A}#0"})
    assert s.count(view(s, ALL)) == 11 and s.count(view(s, UNREAD)) == 11
    assert s.count(view(s, FEED, A)) == 2 and s.count(view(s, FEED, B)) == 2
    assert s.count(view(s, FOLDER, "Tech")) == 4
    assert s.count(view(s, FEED, C)) == 4
    assert s.count(view(s, SOURCE, "/news/local")) == 2
    assert s.count(view(s, SOURCE, "/elsewhere")) == 1


def test_read_marks_update_counts_incrementally_and_match_a_recount():
    s = session()
    s.open(f"{B}#1")
    s.toggle_read(f"{C}#0")
    s.open("file-1")
    assert s.count(view(s, FEED, B)) == 1 and s.count(view(s, FOLDER, "Tech")) == 4
    assert s.count(view(s, FEED, C)) == 3 and s.count(view(s, SOURCE, "/news/local")) == 1
    kept = (Counter(s.unread_by_group), Counter(s.unread_by_folder), s.unread)
    s._recount()
    assert kept == (Counter(s.unread_by_group), Counter(s.unread_by_folder), s.unread)
    s.toggle_read(f"{B}#1")  # unread again
    assert s.count(view(s, FEED, B)) == 2 and s.count(view(s, FOLDER, "Tech")) == 5


def test_counting_does_not_scan_the_summaries_per_mark(monkeypatch):
    s = session()
    calls = []
    monkeypatch.setattr(s, "_recount", lambda: calls.append(1))
    for i in range(3):
        s.open(f"{A}#{i}")
    assert calls == [] and s.count(view(s, FEED, A)) == 0


def test_choosing_a_feed_folder_or_source_filters_the_rows():
    s = session()
    s.set_view(view(s, FEED, A))
    assert [r.id for r in s.rows] == [f"{A}#{i}" for i in range(3)]
    assert s.view_label() == "articles of the feed “Alpha”"
    s.set_view(view(s, FOLDER, "Tech"))
    assert {r.feed for r in s.rows} == {A, B} and len(s.rows) == 5
    assert s.view_label() == "articles of the folder “Tech”"
    s.set_view(view(s, SOURCE, "/news/local"))
    assert [r.id for r in s.rows] == ["file-0", "file-1"]
    assert s.view_label() == "articles in /news/local"
    s.set_view(view(s, ALL))
    assert len(s.rows) == 12 and s.view_label() == "all articles"


def test_unread_view_is_the_unread_filter_and_combines_with_a_feed():
    s = session(read={f"{A}#0"})
    s.set_view(view(s, UNREAD))
    assert s.unread_only and len(s.rows) == 11
    s.set_view(view(s, FEED, A))  # choosing a feed leaves the Unread view
    assert not s.unread_only and len(s.rows) == 3
    s.set_unread_only(True)
    assert [r.id for r in s.rows] == [f"{A}#1", f"{A}#2"]
    assert s.view_label() == "articles of the feed “Alpha” and in the unread list"


def test_mark_view_read_marks_only_the_chosen_feed():
    s = session()
    s.set_view(view(s, FEED, C))
    s.mark_view_read()
    assert s.store.read == {f"{C}#{i}" for i in range(4)}
    assert s.count(view(s, FEED, C)) == 0 and s.count(view(s, FEED, A)) == 3
    assert s.unread == 8


def test_rename_and_move_a_feed():
    s = session()
    s.store.subscriptions = [{"url": A, "title": "Alpha", "folder": "Tech"}]
    s.set_view(view(s, FEED, A))
    s.update_feed(A, title="First")
    assert s.feed_names[A] == "First" and s.store.subscriptions[0]["title"] == "First"
    assert s.view_label() == "articles of the feed “First”"
    s.update_feed(A, folder="Reading/Later")
    assert s.store.subscriptions[0]["folder"] == "Reading/Later"
    assert s.count(view(s, FOLDER, "Reading/Later")) == 3
    assert s.count(view(s, FOLDER, "Tech")) == 2
    labels = [("  " * e.depth) + e.label for e in s.entries]
    assert labels[labels.index("Reading"):labels.index("Reading") + 3] == [
        "Reading", "  Later", "    First"]
    assert view(s, FOLDER, "Reading/Later").name == "folder “Reading / Later”"


def test_a_folder_takes_in_its_subfolders():
    s = session()
    s.set_feeds([{"url": A, "title": "Alpha", "folder": "News"},
                 {"url": B, "title": "Beta", "folder": "News/Regional"},
                 {"url": C, "title": "Gamma", "folder": "AI\\/ML"}], [])
    labels = [("  " * e.depth) + e.label for e in s.entries]
    assert labels == ["All articles", "Unread", "Feeds", "AI/ML", "  Gamma", "News", "  Alpha",
                      "  Regional", "    Beta"]
    assert s.count(view(s, FOLDER, "News")) == 5
    assert s.count(view(s, FOLDER, "News/Regional")) == 2
    s.open(f"{B}#0")
    assert s.count(view(s, FOLDER, "News")) == 4
    assert s.count(view(s, FOLDER, "News/Regional")) == 1
    s.set_view(view(s, FOLDER, "News"))
    assert {r.feed for r in s.rows} == {A, B}
    s.set_view(view(s, FOLDER, "AI\\/ML"))
    assert {r.feed for r in s.rows} == {C}


def test_a_feed_that_goes_away_leaves_its_view():
    s = session()
    s.set_view(view(s, FEED, C))
    s.set_feeds([{"url": A, "title": "Alpha", "folder": "Tech"}], [])
    assert s.view.kind == ALL and len(s.rows) == 12


def test_hostile_feed_titles_are_cleaned():
    s = ReadingSession(MemoryStore())
    s.set_feeds([{"url": A, "title": "Evil\x1b]0;pwn\x07 [bold]x[/bold]", "folder": None}], [])
    assert "\x1b" not in s.feed_names[A] and "\x07" not in s.feed_names[A]
