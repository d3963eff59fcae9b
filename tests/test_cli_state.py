"""`newsreader bookmarks`, `bookmarks remove`, `add`, `remove` and `sources`."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.model import Article, Paragraph
from reader.store import Store

A = "0123456789abcdef"
B = "fedcba9876543210"


def article(article_id: str, title: str, *texts: str) -> Article:
    return Article(article_id, title, f"/news/{title.lower()}.txt", None,
                   [Paragraph(t) for t in texts])


@pytest.fixture
def marks():
    """Three bookmarks in two articles, made oldest first; returned newest first."""
    store = Store.open()
    council = article(A, "Council", "The council met.", "It voted.\nTwice.", "Then it rested.")
    rain = article(B, "Rain", "It rained all week.")
    made = [
        store.add_bookmark(council, council.passages()[2]),
        store.add_bookmark(rain, rain.passages()[0], note="for the weather piece"),
        store.add_bookmark(council, council.passages()[1]),
    ]
    return made[::-1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bookmarks_json_shape_newest_first(capsys, marks):
    code, out, err = run(capsys, "bookmarks", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [d["id"] for d in data] == [m.id for m in marks]
    for key in ("id", "article_id", "article_title", "source", "text", "note", "created"):
        assert key in data[0]
    assert data[0]["text"] == "It voted.\nTwice." and data[0]["article_title"] == "Council"
    assert data[1]["note"] == "for the weather piece" and data[0]["note"] is None
    assert data[1]["source"] == "/news/rain.txt"


def test_bookmarks_json_when_there_are_none(capsys):
    assert run(capsys, "bookmarks", "--json") == (0, "[]\n", "")


def test_bookmarks_markdown_grouped_by_article(capsys, marks):
    code, out, _ = run(capsys, "bookmarks", "--markdown")
    assert code == 0
    assert out.index("## Council") < out.index("## Rain")  # newest bookmark's article first
    council = out[out.index("## Council"):out.index("## Rain")]
    # within an article, passages in reading order, each a block quote with its source
    assert council.index("> It voted.\n> Twice.") < council.index("> Then it rested.")
    assert council.count("> — /news/council.txt") == 2
    rain = out[out.index("## Rain"):]
    assert "> It rained all week." in rain and "Note: for the weather piece" in rain


def test_bookmarks_plain(capsys, marks):
    code, out, _ = run(capsys, "bookmarks")
    assert code == 0
    assert out.splitlines()[0].startswith(f"{marks[0].id}  ")
    assert "Council" in out and "It voted. Twice." in out and "note: for the weather" in out


def test_bookmarks_plain_when_there_are_none(capsys):
    code, out, err = run(capsys, "bookmarks")
    assert code == 0 and out == "" and "no bookmarks" in err


def test_json_and_markdown_together_is_a_usage_error(capsys):
    with pytest.raises(SystemExit):
        main(["bookmarks", "--json", "--markdown"])


def test_bookmarks_remove(capsys, marks):
    code, out, _ = run(capsys, "bookmarks", "remove", marks[1].id)
    assert code == 0 and marks[1].id in out
    assert [b.id for b in Store.open().bookmarks()] == [marks[0].id, marks[2].id]


def test_bookmarks_remove_unknown_id(capsys, marks):
    code, out, err = run(capsys, "bookmarks", "remove", "deadbeef")
    assert code == 1 and out == ""
    assert err.startswith("newsreader: no bookmark with id 'deadbeef'") and err.count("\n") == 1
    assert len(Store.open().bookmarks()) == 3


def test_add_remove_sources(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    story = tmp_path / "story.txt"
    story.write_text("Title\n\nText.\n")
    monkeypatch.chdir(tmp_path)

    assert run(capsys, "add", "news") == (0, f"added {folder}\n", "")
    assert run(capsys, "add", str(story))[0] == 0
    code, out, _ = run(capsys, "add", str(folder))
    assert code == 0 and "already" in out
    assert run(capsys, "sources") == (0, f"folder {folder}\nfile   {story}\n", "")
    assert json.loads(run(capsys, "sources", "--json")[1]) == [str(folder), str(story)]
    Store.open().add_feed("https://example.org/feed.xml", None, "News/Local")
    assert run(capsys, "sources")[1].endswith(
        "feed   https://example.org/feed.xml  (in News / Local)\n")
    assert json.loads(run(capsys, "sources", "--json")[1])[-1] == "https://example.org/feed.xml"
    Store.open().remove_feed("https://example.org/feed.xml")

    code, out, _ = run(capsys, "remove", "news")
    assert code == 0 and str(folder) in out
    assert folder.is_dir()  # nothing on disk is deleted
    assert run(capsys, "sources")[1] == f"file   {story}\n"


def test_add_missing_path_is_one_line_error(capsys, tmp_path):
    code, out, err = run(capsys, "add", str(tmp_path / "nope"))
    assert code == 1 and out == ""
    assert err == f"newsreader: {tmp_path / 'nope'}: no such file or folder\n"
    assert Store.open().sources() == []


def test_remove_path_not_in_library(capsys, tmp_path):
    code, out, err = run(capsys, "remove", str(tmp_path))
    assert code == 1 and out == "" and "not in your library" in err and err.count("\n") == 1


def test_remove_a_deleted_folder_still_works(capsys, tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    run(capsys, "add", str(folder))
    folder.rmdir()
    assert run(capsys, "remove", str(folder))[0] == 0
    assert Store.open().sources() == []


def test_empty_library(capsys):
    code, out, err = run(capsys, "sources")
    assert code == 0 and out == "" and "library is empty" in err


def test_corrupt_store_is_reported_once_and_command_works(capsys, tmp_path):
    store = Store.open()
    store.add_source(tmp_path)
    (store.path / "store.json").write_bytes(b"\xff\xfe broken")
    code, out, err = run(capsys, "sources", "--json")
    assert code == 0 and json.loads(out) == []
    assert err.startswith("newsreader: store file ") and "kept as" in err and err.count("\n") == 1
    assert run(capsys, "sources", "--json")[2] == ""


def test_store_that_cannot_be_written_is_one_line(capsys, isolated_home, tmp_path):
    data = isolated_home / "xdg_data_home" / "newsreader"
    data.mkdir(parents=True)
    (data / "store").write_text("a file, not a folder")
    code, out, err = run(capsys, "add", str(tmp_path))
    assert code == 1 and out == ""
    assert err.startswith("newsreader: cannot use the store") and err.count("\n") == 1
