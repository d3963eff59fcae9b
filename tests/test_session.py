"""The reading session, without a terminal: read semantics, the view, bookmarks,
and a store that refuses writes."""

from __future__ import annotations

import pytest

from reader.session import Change, ReadingSession
from reader.store import StoreError
from tests.app_helpers import MemoryStore, make_article


def session_with(n: int = 5, store=None, **kw) -> tuple[ReadingSession, list]:
    store = store if store is not None else MemoryStore()
    notices = kw.pop("notices", [])
    session = ReadingSession(store, notify=lambda message, ok: notices.append((message, ok)), **kw)
    articles = [make_article(i) for i in range(1, n + 1)]
    session.load_marks()
    session.set_summaries([a.summary() for a in articles])
    return session, articles


def test_showing_marks_nothing_opening_marks_read():
    session, articles = session_with()
    session.show(articles[0])
    assert session.read_ids == set() and session.unread == 5
    session.open(articles[0].id)
    assert session.store.read == {articles[0].id}
    assert session.unread == 4


def test_m_sticks_against_touch_until_opened_again():
    session, articles = session_with()
    a = articles[0].id
    session.open(a)
    session.toggle_read(a)
    assert not session.is_read(a) and a in session.kept_unread
    session.touch(a)  # the timer or a scroll: it stays unread
    assert not session.is_read(a) and a not in session.store.read
    session.open(a)  # opened again: read
    assert session.is_read(a)
    session.touch(articles[1].id)  # a plain article is marked by touch
    assert session.is_read(articles[1].id)


def test_mark_view_read_marks_only_the_search_results():
    session, articles = session_with()
    session.set_query("number 3")
    assert [s.id for s in session.rows] == [articles[2].id]
    assert session.view_label() == "articles matching “number 3”"
    notices = []
    session._notify = lambda message, ok: notices.append(message)
    session.mark_view_read()
    assert session.store.read == {articles[2].id} and notices == ["1 marked read"]
    session.set_query("")
    session.set_unread_only(True)
    assert session.view_label() == "articles in the unread list"
    assert len(session.view_unread_ids()) == 4


def test_text_matches_join_the_search_view():
    session, articles = session_with()
    session.set_query("paragraph 5")  # in every article's text, in no title
    assert session.rows == []
    session.add_text_matches("paragraph 5", {articles[1].id})
    assert [s.id for s in session.rows] == [articles[1].id]
    session.add_text_matches("old query", {articles[2].id})  # a late answer is ignored
    assert [s.id for s in session.rows] == [articles[1].id]


def test_each_change_is_announced_once():
    session, articles = session_with()
    changes: list[Change] = []
    session.subscribe(changes.append)
    session.open(articles[0].id)
    session.open(articles[0].id)  # already read: nothing to announce
    assert changes == [Change(marks=True, ids=frozenset([articles[0].id]))]


def test_bookmark_toggle_keeps_counts_without_rereading_the_store():
    store = MemoryStore()
    notices = []
    session, articles = session_with(store=store, notices=notices)
    session.show(articles[0])
    store.bookmark_counts = lambda: pytest.fail("b must not re-read every bookmark")
    session.toggle_bookmark(2)
    assert session.shown_marks == {2} and session.bookmark_counts == {articles[0].id: 1}
    session.toggle_bookmark(2)
    assert session.shown_marks == set() and session.bookmark_counts == {}
    session.toggle_bookmark(999)
    assert notices == [("Passage bookmarked", True), ("Bookmark removed", True),
                       ("Nothing to bookmark here", True)]


def test_position_is_saved_when_leaving_and_restored_when_shown():
    session, articles = session_with()
    assert session.show(articles[0]) == 0
    session.move_cursor(3)
    session.show(articles[1])
    assert session.store.positions == {articles[0].id: 3}
    assert session.show(articles[0]) == 3


class RefusingStore(MemoryStore):
    """A store whose disk refuses every write."""

    def _refuse(self, *args, **kwargs):
        raise StoreError("the store is read-only")

    mark_read = mark_all_read = set_position = add_bookmark = remove_bookmark = _refuse


def test_a_refused_write_changes_nothing_and_is_reported():
    reports: list[str] = []
    notices: list = []
    session, articles = session_with(store=RefusingStore(), report=reports.append, notices=notices)
    session.show(articles[0])
    session.open(articles[0].id)
    assert session.read_ids == set() and session.unread == 5
    session.toggle_read(articles[0].id)
    session.toggle_bookmark(1)
    assert session.shown_marks == set() and session.bookmark_counts == {}
    session.mark_view_read()
    assert session.read_ids == set()
    assert notices == [("Read mark not saved", False), ("Read mark not saved", False),
                       ("Bookmark not saved", False), ("Read marks not saved", False)]
    assert reports and all(r == "Not saved: the store is read-only" for r in reports)


def test_queued_writes_decide_from_the_store_when_they_run():
    """With writes queued (as on the app's background thread), `enter` then `m`
    leaves the article unread, and `b b` adds then removes."""
    queue = []
    session, articles = session_with(writer=lambda attempt, finish: queue.append((attempt, finish)))
    a = articles[0]
    session.show(a)
    session.open(a.id)
    session.toggle_read(a.id)
    session.toggle_bookmark(1)
    session.toggle_bookmark(1)
    assert session.read_ids == set() and session.shown_marks == set()  # nothing saved yet
    for attempt, finish in queue:
        finish(attempt(), None)
    assert session.store.read == set() and session.read_ids == set()
    assert a.id in session.kept_unread
    assert session.store.marks == [] and session.bookmark_counts == {}


def test_a_bookmarks_place_is_its_feeds_name_or_its_files_name_with_the_articles_date():
    store = MemoryStore()
    item, local, gone = make_article(1), make_article(2), make_article(3)
    url = "https://lake.example/rss"
    session = ReadingSession(store)
    session.set_feeds([{"url": url, "title": "Lake \x1b[31mTimes"}], [])
    session.set_summaries([item.summary("item", url), local.summary()])
    marks = [store.add_bookmark(a, a.passages()[0]) for a in (item, local, gone)]
    places = session.bookmark_places(marks)
    assert places[item.id] == ("Lake Times", item.published)  # the feed's cleaned name
    assert places[local.id] == ("article-00002.txt", local.published)
    assert places[gone.id] == ("article-00003.txt", None)  # not scanned now: no date known


def test_a_bookmarked_sample_is_placed_as_a_sample_not_by_its_install_path():
    from dataclasses import replace

    from reader import paths

    store = MemoryStore()
    sample = replace(make_article(1), source=str(paths.samples_dir() / "01-floating-solar.txt"))
    session = ReadingSession(store)
    session.set_summaries([sample.summary()])
    mark = store.add_bookmark(sample, sample.passages()[0])
    origin, _date = session.bookmark_places([mark])[sample.id]
    assert origin == "newsreader sample: 01-floating-solar.txt"


def test_a_note_is_saved_then_applied_and_a_refusal_changes_nothing():
    store = MemoryStore()
    article = make_article(1)
    mark = store.add_bookmark(article, article.passages()[0])
    told, saved = [], []
    session = ReadingSession(store, notify=lambda message, ok: told.append((message, ok)))
    session.set_bookmark_note(mark, "  why I kept it  ", saved.append)
    assert [b.note for b in saved] == ["why I kept it"] and store.marks[0].note == "why I kept it"
    assert told[-1] == ("Note saved", True)

    def refuse(bookmark_id, note):
        raise StoreError("disk full")

    store.set_bookmark_note = refuse
    session.set_bookmark_note(mark, "another", saved.append)
    assert len(saved) == 1 and store.marks[0].note == "why I kept it"
    assert told[-1] == ("Note not saved", False)
