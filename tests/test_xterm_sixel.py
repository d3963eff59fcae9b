"""A real graphics terminal: the installed reader in xterm (Sixel, as a VT340) on a
virtual X display finds Sixel by asking the terminal, and draws a feed item's photo
sharper than half blocks can: a photo of 60 stripes shows all 60 on the screenshot,
where 16 rows of half blocks have 32 pixels to show them with.

Skipped where Xvfb, xterm or ImageMagick are not installed (the CI's fresh clone has
none of them); `apt-get install xvfb xterm imagemagick x11-apps` to run it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from xml.sax.saxutils import escape

import pytest

NEEDED = ("Xvfb", "xterm", "xwd", "convert", "newsreader")
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in NEEDED),
    reason="needs Xvfb, xterm, xwd, ImageMagick's convert and an installed newsreader",
)

STRIPES = 60
RED, BLUE = (220, 40, 30), (30, 60, 200)
# Whatever the outer terminal is, the reader inside xterm must find out for itself.
OUTER = ("TMUX", "STY", "KITTY_WINDOW_ID", "TERM_PROGRAM", "WT_SESSION", "KONSOLE_VERSION",
         "GHOSTTY_RESOURCES_DIR", "COLUMNS", "LINES")


def striped_photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 675), RED)
    draw = ImageDraw.Draw(image)
    for n in range(1, STRIPES, 2):
        draw.rectangle((0, n * 675 // STRIPES, 1200, (n + 1) * 675 // STRIPES - 1), fill=BLUE)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def stripes_seen(png: bytes) -> int:
    """The most red/blue changes down any column of the screenshot."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = image.load()
    best = 0
    for x in range(0, image.width, 5):
        last, changes = None, 0
        for y in range(image.height):
            r, g, b = pixels[x, y]
            kind = "r" if r > 150 and b < 110 else "b" if b > 150 and r < 110 else None
            if kind is not None:
                changes += last is not None and kind != last
                last = kind
        best = max(best, changes)
    return best


def screenshot(display: str) -> bytes:
    dump = subprocess.run(["xwd", "-root", "-silent", "-display", display],
                          capture_output=True, check=True, timeout=20).stdout
    return subprocess.run(["convert", "xwd:-", "png:-"], input=dump, capture_output=True,
                          check=True, timeout=20).stdout


@pytest.fixture
def display(tmp_path):
    read, write = os.pipe()
    with open(tmp_path / "xvfb.log", "wb") as log:
        server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                                   "1280x900x24", "-nolisten", "tcp"], pass_fds=(write,),
                                  stdout=subprocess.DEVNULL, stderr=log)
    os.close(write)
    try:
        # The number, then a newline, maybe in two writes: the pipe stays open until
        # the end (Xvfb gives up when it cannot write the rest).
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read, 16)
            if not chunk:
                pytest.skip("Xvfb did not start")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.close(read)


def test_xterm_draws_a_feed_items_photo_in_sixel_sharper_than_half_blocks(display, env,
                                                                           web_server):
    web_server.bodies["stripes.png"] = (striped_photo(), {"Content-Type": "image/png"})
    story = "The harbour reopened on Monday after a week of storms. " * 3
    content = (f"<p>{story}</p><figure><img src='{web_server.url('/bytes/stripes.png')}' "
               f"alt='Striped sails'><figcaption>Sails drying at the quay. Photo: Ana Ruiz"
               f"</figcaption></figure><p>{story}</p>")
    feed = ('<?xml version="1.0"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            '<title>Harbour news</title><link>http://127.0.0.1/</link><description>d</description>'
            '<item><title>Sails</title><link>http://127.0.0.1:9/sails</link><guid>sails-1</guid>'
            '<pubDate>Mon, 05 Jan 2026 08:00:00 GMT</pubDate>'
            f'<content:encoded>{escape(content)}</content:encoded></item></channel></rss>')
    web_server.bodies["feed.xml"] = (feed.encode(), {"Content-Type": "application/rss+xml"})
    subprocess.run(["newsreader", "add", web_server.url("/bytes/feed.xml")], env=env,
                   check=True, capture_output=True)
    subprocess.run(["newsreader", "refresh"], env=env, check=True, capture_output=True)
    inner = {key: value for key, value in env.items() if key not in OUTER}
    inner["DISPLAY"] = display
    terminal = subprocess.Popen(
        ["xterm", "-ti", "vt340", "-xrm", "XTerm*decTerminalID: vt340",
         "-xrm", "XTerm*numColorRegisters: 256", "-geometry", "140x44+0+0",
         "-fa", "Monospace", "-fs", "10", "-e", "newsreader"],
        env=inner, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        seen = 0
        while time.monotonic() < deadline and seen < STRIPES - 10:
            time.sleep(1)
            seen = stripes_seen(screenshot(display))
        assert terminal.poll() is None, "the reader ended"
        # 16 rows of half blocks have 32 pixels down: at most 31 changes
        assert seen >= STRIPES - 10, f"{seen} stripes told apart"
    finally:
        terminal.terminate()
        terminal.wait(timeout=10)
