"""The installed `newsreader` in a real terminal (tmux), as a user would use it.

Skipped when tmux or the `newsreader` entry point is missing. The session gets
the test's temporary HOME/XDG folders, so it reads and writes nothing real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid

import pytest

from reader import paths

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or shutil.which("newsreader") is None,
    reason="needs tmux and an installed newsreader",
)


# A tmux server of our own: other tmux users (and their last session closing,
# which stops a shared server) cannot disturb the test.
TMUX = ["tmux", "-L", f"newsreader-test-{os.getpid()}"]


@pytest.fixture(autouse=True)
def tmux_server():
    """A server of the test's own (a fresh socket: the last test's server may still be
    shutting down), with a session that outlives the test's ones, so it never stops
    between them."""
    TMUX[2] = f"newsreader-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keepalive", "sleep 600"], check=True)
    yield
    subprocess.run([*TMUX, "kill-server"], capture_output=True, check=False)


class Terminal:
    def __init__(self, command: list[str], env: dict[str, str], size=(120, 40)) -> None:
        self.name = f"nr-{uuid.uuid4().hex[:8]}"
        env_args = [arg for key in ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                                    "XDG_CONFIG_HOME", "XDG_STATE_HOME")
                    for arg in ("-e", f"{key}={env[key]}")]
        # COLUMNS and LINES (set by the test run) would pin the app to 80x24.
        shell = "unset COLUMNS LINES; " + " ".join(command) + "; echo EXITED-$?; sleep 60"
        subprocess.run([*TMUX, "new-session", "-d", "-s", self.name, "-x", str(size[0]),
                        "-y", str(size[1]), *env_args, shell], check=True, env=env)

    def screen(self) -> str:
        return subprocess.run([*TMUX, "capture-pane", "-t", self.name, "-p"],
                              capture_output=True, text=True, check=False).stdout

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared on screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:  # one at a time: "Escape q" sent together reads as alt+q
            subprocess.run([*TMUX, "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True, check=False)


def newsreader_json(env, *args: str):
    out = subprocess.run(["newsreader", *args, "--json"], capture_output=True, text=True,
                         env=env, check=True).stdout
    return json.loads(out)


def test_move_bookmark_quit_and_find_the_bookmark(tmp_path, env):
    folder = tmp_path / "news"
    shutil.copytree(paths.samples_dir(), folder)
    articles = newsreader_json(env, "list", str(folder))
    second = articles[1]
    term = Terminal(["newsreader", str(folder)], env)
    try:
        term.wait_for(f"{len(articles)} articles")
        term.keys("j")
        term.wait_for(f"   {second['title']}")  # the title line of the reading pane
        term.keys("Tab", "j", "b")
        term.wait_for("Passage bookmarked")
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()

    [mark] = newsreader_json(env, "bookmarks")
    assert mark["article_id"] == second["id"]
    assert mark["passage_index"] == 1
    assert mark["text"]
    read = {a["id"] for a in newsreader_json(env, "list", str(folder)) if a["read"]}
    assert read == {second["id"]}  # the one opened; the first was only shown

    term = Terminal(["newsreader", str(folder)], env)  # relaunch: the marks are there
    try:
        term.wait_for(f"{len(articles) - 1} unread")
        term.wait_for("★")  # the bookmark mark in the sidebar
    finally:
        term.close()


def read_ids(env, folder) -> set[str]:
    return {a["id"] for a in newsreader_json(env, "list", str(folder)) if a["read"]}


def test_read_state_walkthrough_as_a_new_user(tmp_path, env):
    """Launch and skim: nothing read. enter reads one; m, j, k: it stays unread;
    G reaches the last article; A during a search marks only the matches."""
    folder = tmp_path / "news"
    shutil.copytree(paths.samples_dir(), folder)
    articles = newsreader_json(env, "list", str(folder))
    total = len(articles)
    term = Terminal(["newsreader", str(folder)], env)
    try:
        term.wait_for(f"{total} articles")
        term.keys("j", "j", "j", "q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
    assert read_ids(env, folder) == set()

    term = Terminal(["newsreader", str(folder)], env)
    try:
        term.wait_for(f"{total} unread")
        term.keys("Enter")
        term.wait_for(f"{total - 1} unread")
        term.keys("Escape", "m")
        term.wait_for(f"{total} unread")
        term.keys("j")
        term.wait_for(f"   {articles[1]['title'][:24]}")
        term.keys("k")
        term.wait_for(f"   {articles[0]['title'][:24]}")
        time.sleep(2.5)  # longer than mark_read_after: `m` still holds
        assert f"{total} unread" in term.screen()
        term.keys("G")
        term.wait_for(f"   {articles[-1]['title'][:24]}")
        word = articles[2]["title"].split()[0]
        term.keys("/", *word, "Enter", "A")
        screen = term.wait_for("unread article")
        assert "matching" in screen
        term.keys("y", "q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
    matches = {a["id"] for a in articles if word.casefold() in a["title"].casefold()}
    read = read_ids(env, folder)
    assert matches <= read and len(read) < total


def test_q_quits_at_once_while_a_feed_is_still_answering(tmp_path, env, web_server):
    """A feed that never answers is being refreshed in the background: q still ends
    the process at once, and the read mark made before it is kept."""
    folder = tmp_path / "news"
    shutil.copytree(paths.samples_dir(), folder)
    subprocess.run(["newsreader", "add", str(folder)], env=env, check=True, capture_output=True)
    subprocess.run(["newsreader", "add", web_server.url("/hang"), "--force"], env=env,
                   capture_output=True, check=False)
    from reader.store import Store

    Store.open().add_feed(web_server.url("/hang"))  # subscribed, whatever `add` thought of it
    term = Terminal(["newsreader"], env)
    try:
        term.wait_for("unread")
        term.wait_for("feeds")  # the refresh in flight is in the status line
        time.sleep(0.5)  # keys sent while the terminal is still being set up can be lost
        term.keys("Enter")
        term.wait_for(" 6 unread")
        started = time.monotonic()
        term.keys("q")
        term.wait_for("EXITED-0", timeout=5)
        assert time.monotonic() - started < 2.5  # the server holds its answer for 10 s
    finally:
        term.close()
    assert len(read_ids(env, folder)) == 1


def test_opml_folder_choose_one_feed_and_mark_it_read(tmp_path, env, web_server):
    """Import an OPML with a folder of two feeds, see the folder and its counts in the
    feeds pane, choose one feed, `A`: only that feed's items are read."""
    opml = tmp_path / "mine.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="Harbour and hills">'
        f'<outline text="Harbour RSS" type="rss" xmlUrl="{web_server.url("/static/rss2.xml")}"/>'
        f'<outline text="Hill Atom" type="rss" xmlUrl="{web_server.url("/static/atom.xml")}"/>'
        '</outline></body></opml>')
    subprocess.run(["newsreader", "import", str(opml)], env=env, check=True, capture_output=True)
    subprocess.run(["newsreader", "refresh"], env=env, check=True, capture_output=True)
    items = newsreader_json(env, "list")
    atom = {a["id"] for a in items if a["feed"] == web_server.url("/static/atom.xml")}
    assert atom and len(atom) < len(items)
    term = Terminal(["newsreader"], env, size=(160, 40))
    try:
        screen = term.wait_for("Harbour and hills")  # three panes at 160 columns
        term.wait_for("Refreshed")  # the refresh at start has landed
        screen = term.screen()
        pane = [line.split("│")[1] for line in screen.splitlines() if line.count("│") >= 2]
        assert any(p.split()[:3] == ["Harbour", "and", "hills"] and p.split()[-1] == str(len(items))
                   for p in pane), screen
        assert any(p.split()[:2] == ["Hill", "Atom"] and p.split()[-1] == str(len(atom))
                   for p in pane), screen
        time.sleep(0.3)
        term.keys("f", "j", "j", "j", "j", "Enter")  # Unread, the folder, its feeds by name
        term.wait_for("feed “Hill Atom”")
        term.keys("A")
        term.wait_for("unread article")
        term.keys("y")
        term.wait_for(f"{len(items) - len(atom)} unread")
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
    read = {a["id"] for a in newsreader_json(env, "list") if a["read"]}
    assert read == atom


def test_a_feed_items_photo_shows_in_half_blocks_above_its_caption(tmp_path, env, web_server):
    """An installed reader, a feed served locally: the item's photo is drawn in half
    blocks right above its caption, where its placeholder stood."""
    import io
    from xml.sax.saxutils import escape

    from PIL import Image as PILImage

    picture = PILImage.new("RGB", (320, 180), (200, 40, 30))
    out = io.BytesIO()
    picture.save(out, "JPEG")
    web_server.bodies["quay.jpg"] = (out.getvalue(), {"Content-Type": "image/jpeg"})
    story = "The harbour reopened on Monday after a week of storms, and the boats came in. " * 3
    content = (f"<p>{story}</p><figure><img src='{web_server.url('/bytes/quay.jpg')}' "
               f"alt='Boats at the quay'><figcaption>Boats back at the quay on Monday. "
               f"Photo: Ana Ruiz</figcaption></figure><p>{story}</p>")
    feed = ('<?xml version="1.0"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            '<title>Harbour news</title><link>http://127.0.0.1/</link><description>d</description>'
            '<item><title>Harbour reopens</title><link>http://127.0.0.1:9/harbour</link>'
            '<guid>harbour-1</guid><pubDate>Mon, 05 Jan 2026 08:00:00 GMT</pubDate>'
            f'<content:encoded>{escape(content)}</content:encoded></item></channel></rss>')
    web_server.bodies["feed.xml"] = (feed.encode(), {"Content-Type": "application/rss+xml"})
    feed_url = web_server.url("/bytes/feed.xml")
    subprocess.run(["newsreader", "add", feed_url], env=env, check=True, capture_output=True)
    subprocess.run(["newsreader", "refresh"], env=env, check=True, capture_output=True)

    def photo_shows() -> None:
        term = Terminal(["newsreader"], env, size=(120, 45))
        try:
            term.wait_for("Boats back at the quay")
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                lines = term.screen().split("\n")
                caption = next(i for i, line in enumerate(lines) if "Boats back at the quay" in line)
                if sum("▀" in line for line in lines[max(0, caption - 18):caption]) >= 8:
                    break
                time.sleep(0.1)
            else:
                raise AssertionError(f"no photo above the caption:\n{term.screen()}")
            assert "photo loading" not in term.screen()
            term.keys("q")
            term.wait_for("EXITED-0")
        finally:
            term.close()

    photo_shows()
    assert sum(path == "/bytes/quay.jpg" for path, _ in web_server.requests) == 1
    del web_server.bodies["quay.jpg"]  # the photo is gone from the web: the cache still has it
    photo_shows()
    assert sum(path == "/bytes/quay.jpg" for path, _ in web_server.requests) == 1
