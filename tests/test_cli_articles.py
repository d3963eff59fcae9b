"""`newsreader show` and `newsreader list`, in process and through the installed command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from rich.console import Console

from reader import library, paths, present
from reader.cli import main
from reader.sources import read_article

GOOD = "Bridge closes to lorries\n\nPublished: 2026-03-0{d}\n\nThe council voted on day {d} to close it.\n"


def make_folder(tmp_path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "a2.txt").write_text(GOOD.format(d=2))
    (folder / "a10.txt").write_text("Undated story\n\nIt has no date at all, ten.\n")
    (folder / "a9.txt").write_text("Another undated\n\nIt has no date at all, nine.\n")
    (folder / "sub" / "b.txt").write_text(GOOD.format(d=5))
    (folder / "empty.txt").write_text("")
    (folder / "blank.txt").write_text("  \n\n \t\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    (folder / ".hidden.txt").write_text("Hidden\n\nNot listed.\n")
    return folder


def run_cli(*args, capsys):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_a_folder_lists_good_articles_in_sidebar_order_and_warns_once_per_bad_file(tmp_path, capsys):
    folder = make_folder(tmp_path)
    code, out, err = run_cli("list", str(folder), "--json", capsys=capsys)
    assert code == 0
    rows = json.loads(out)
    assert [r["title"] for r in rows] == [
        "Bridge closes to lorries", "Bridge closes to lorries", "Another undated", "Undated story"]
    assert [r["published"] for r in rows] == ["2026-03-05", "2026-03-02", None, None]
    assert set(rows[0]) >= {"id", "title", "source", "published", "read", "bookmarks"}
    assert rows[0]["read"] is False and rows[0]["bookmarks"] == 0
    assert rows[0]["source"] == str(folder / "sub" / "b.txt")
    warnings = err.strip().splitlines()
    assert len(warnings) == 3
    for name in ("empty.txt", "blank.txt", "photo.jpg"):
        assert sum(name in w for w in warnings) == 1
    assert "Traceback" not in err


def test_list_order_matches_library_order(tmp_path, capsys):
    folder = make_folder(tmp_path)
    summaries = [s for s in library.scan([folder]) if not isinstance(s, library.Skipped)]
    code, out, _ = run_cli("list", str(folder), "--json", capsys=capsys)
    assert [r["id"] for r in json.loads(out)] == [s.id for s in library.order(summaries)]


def test_list_plain_lines(tmp_path, capsys):
    folder = make_folder(tmp_path)
    code, out, _ = run_cli("list", str(folder), capsys=capsys)
    lines = out.splitlines()
    assert len(lines) == 4 and "2026-03-05" in lines[0] and "Bridge closes to lorries" in lines[0]


def test_list_with_no_source_shows_the_bundled_samples(capsys):
    code, out, _ = run_cli("list", "--json", capsys=capsys)
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 5
    assert all(r["source"].startswith(str(paths.samples_dir())) for r in rows)


def test_list_a_missing_path_is_an_error_but_the_rest_is_listed(tmp_path, capsys):
    folder = make_folder(tmp_path)
    code, out, err = run_cli("list", str(folder), str(tmp_path / "nope"), "--json", capsys=capsys)
    assert code == 1 and len(json.loads(out)) == 4
    assert "nope: no such file or folder" in err


def test_the_same_article_twice_is_listed_once(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(GOOD.format(d=1))
    (tmp_path / "copy.txt").write_text(GOOD.format(d=1).replace("\n", "\r\n"))
    code, out, err = run_cli("list", str(tmp_path), "--json", capsys=capsys)
    assert len(json.loads(out)) == 1 and "same article as" in err


def test_index_cache_is_used_and_invalidated_by_a_change(tmp_path, monkeypatch):
    import reader.library as lib
    from reader.sources import light_summary

    (tmp_path / "a.txt").write_text(GOOD.format(d=1))
    first = list(library.scan([tmp_path]))
    calls = []
    monkeypatch.setattr(lib, "light_summary", lambda p: calls.append(p) or light_summary(p))
    assert list(library.scan([tmp_path])) == first and calls == []
    (tmp_path / "a.txt").write_text(GOOD.format(d=3) + "\nMore.\n")
    (second,) = library.scan([tmp_path])
    assert calls and second.published == "2026-03-03"
    assert (paths.cache_dir() / "index.json").is_file()


def test_a_corrupt_index_cache_is_ignored(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD.format(d=1))
    paths.ensure(paths.cache_dir())
    (paths.cache_dir() / "index.json").write_bytes(b"\x00{not json")
    (item,) = library.scan([tmp_path])
    assert item.title == "Bridge closes to lorries"


def test_show_json_shape(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nA caption. AFP / Ann LEE\n\nKEY POINTS\n\n• one\n\nBody.\n")
    code, out, _ = run_cli("show", str(path), "--json", capsys=capsys)
    data = json.loads(out)
    assert {"id", "title", "source", "published", "blocks"} <= set(data)
    assert [b["kind"] for b in data["blocks"]] == ["caption", "key_points", "paragraph"]
    assert data["blocks"][0] == {"kind": "caption", "text": "A caption.", "credit": "AFP / Ann LEE",
                                 "description": None}


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01\x02binary\x00"])
def test_show_refuses_non_articles_in_one_line(tmp_path, capsys, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run_cli("show", str(path), capsys=capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("newsreader: ") and "not an article" in err


def test_show_piped_is_plain_text_without_escape_codes(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nA caption. AFP / Ann LEE\n\nKEY POINTS\n\n• one\n\nBACKGROUND\n\nBody [bold]x[/bold].\n\nEnd.\n")
    code, out, _ = run_cli("show", str(path), capsys=capsys)
    assert "\x1b" not in out
    assert "[Photo] A caption." in out and "Credit: AFP / Ann LEE" in out
    assert "  • one" in out and "Body [bold]x[/bold]." in out


def test_rich_rendering_shows_markup_literally_and_styles_the_structure(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("[@click=app.quit]Title[/]\n\nA caption [red]x[/red]. AFP / Ann LEE\n\n"
                    "KEY POINTS\n\n• [bold]point[/bold]\n\nBACKGROUND\n\nBody.\n\nEnd.\n")
    console = Console(record=True, width=80, force_terminal=True, color_system="truecolor")
    for part in present.rich_blocks(read_article(path)):
        console.print(part)
    text = console.export_text(clear=False)
    assert "[@click=app.quit]Title[/]" in text and "[red]x[/red]" in text and "[bold]point[/bold]" in text
    assert "Key points" in text and "\n  AFP / Ann LEE" in text  # the credit on its own line
    styled = console.export_text(styles=True)
    assert "\x1b[1m[@click" in styled  # bold title
    assert "\x1b[1mBACKGROUND" in styled  # bold sub-heading
    assert "\x1b[3mA caption" in styled  # caption style
    assert "\x1b[1;33;48;5;234m Key points" in styled  # the key points box, filled


def test_help_mentions_the_dot_slash_rule(capsys):
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    assert "./list" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("newsreader") is None, reason="newsreader is not installed")
def test_installed_command_never_prints_a_traceback(tmp_path, env):
    folder = make_folder(tmp_path)
    for args in (["show", str(folder / "photo.jpg")], ["show", str(folder)], ["list", str(folder)],
                 ["show"], ["--version"], ["show", str(folder / "a2.txt")]):
        proc = subprocess.run(["newsreader", *args], capture_output=True, text=True, env=env, timeout=60)
        assert "Traceback" not in proc.stderr, (args, proc.stderr)
    proc = subprocess.run(["newsreader", "show", str(folder / "a2.txt")], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 0 and "\x1b" not in proc.stdout and "Bridge closes" in proc.stdout


def test_python_dash_m_runs_the_cli(tmp_path, env):
    proc = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True,
                          text=True, env=env, timeout=60, cwd=os.getcwd())
    assert proc.returncode == 0 and proc.stdout.startswith("newsreader ")


def test_show_json_and_text_carry_the_new_block_kinds(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Fares rise on the night line</title>"
                    '<meta name="author" content="Ann Lee"></head><body><article>'
                    "<p>Fares rise in May, the operator said in <a href='https://x.example/r'>a report"
                    "</a> published on Monday, after a year of losses on the line.</p>"
                    "<ol><li>Single</li><li>Return</li></ol><table><tr><th>Fare</th><th>Price</th></tr>"
                    "<tr><td>Single</td><td>4</td></tr></table><pre>a\n  b</pre></article></body></html>")
    code, out, _ = run_cli("show", str(page), "--json", capsys=capsys)
    data = json.loads(out)
    assert code == 0 and data["author"] == "Ann Lee"
    assert [b["kind"] for b in data["blocks"]] == ["paragraph", "list", "table", "code"]
    assert data["blocks"][0]["links"] == [{"text": "a report", "url": "https://x.example/r"}]
    assert data["blocks"][2]["rows"] == [["Fare", "Price"], ["Single", "4"]]
    code, out, _ = run_cli("show", str(page), capsys=capsys)
    assert "  1. Single" in out and "| Fare | Price |" in out and "    a\n      b" in out
    assert "[1] a report: https://x.example/r" in out


def test_show_names_a_sample_and_cites_it_not_by_its_install_path(capsys):
    from reader import paths

    sample = paths.samples_dir() / "01-floating-solar.txt"
    code, out, _ = run_cli("show", str(sample), capsys=capsys)
    lines = out.splitlines()
    assert code == 0 and str(paths.samples_dir()) not in out
    assert lines[2].startswith("newsreader sample: 01-floating-solar.txt · ")
    assert lines[-1] == f"— {lines[0]}, newsreader sample: 01-floating-solar.txt"


def test_show_ends_with_the_citation_of_a_page(tmp_path, capsys):
    path = tmp_path / "page.html"
    path.write_text('<html><head><title>Barges</title><link rel="canonical" href="https://www.river.example/b">'
                    "</head><body><article><h1>Barges return</h1><p>" + "Words of the story. " * 30
                    + "</p></article></body></html>")
    code, out, _ = run_cli("show", str(path), capsys=capsys)
    assert code == 0
    assert out.splitlines()[-1].endswith(", river.example <https://www.river.example/b>")
