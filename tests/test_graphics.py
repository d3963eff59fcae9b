"""Photos in pixels: the protocol chosen, the Kitty and Sixel encodings (decoded back
here), and the layer that keeps the terminal's pixels in step with the pane."""

from __future__ import annotations

import base64
import io
import os
import re
import threading
import time

import pytest

from reader import graphics
from reader import graphics_terminal as terminal
from reader.graphics_terminal import HALFBLOCKS, KITTY, SIXEL
from reader.widgets.photo_graphics import GraphicsLayer, Placement
from tests.photo_fixtures import BLUE, RED, photo

CELL = (10, 20)


def decoded_photo(size=(160, 90)):
    from PIL import Image as PILImage

    return PILImage.open(io.BytesIO(photo(size))).convert("RGBA")


# -- a small Sixel decoder, for the tests ---------------------------------------------------

def decode_sixel(data: str) -> tuple[tuple[int, int], dict[tuple[int, int], tuple[int, int, int]]]:
    """((width, height) declared, {(x, y): (r, g, b) in percent}) of one Sixel image."""
    found = re.fullmatch(r'\x1bP0;1;0q"1;1;(\d+);(\d+)(.*)\x1b\\', data, re.S)
    assert found, data[:60]
    size = int(found.group(1)), int(found.group(2))
    body = found.group(3)
    colours: dict[int, tuple[int, int, int]] = {}
    pixels: dict[tuple[int, int], tuple[int, int, int]] = {}
    x = band = 0
    colour = None
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "#":
            m = re.match(r"#(\d+)(?:;2;(\d+);(\d+);(\d+))?", body[i:])
            n = int(m.group(1))
            if m.group(2) is not None:
                colours[n] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
            else:
                colour = n
            i += len(m.group(0))
            continue
        if ch == "$":
            x = 0
        elif ch == "-":
            x, band = 0, band + 1
        else:
            count = 1
            if ch == "!":
                m = re.match(r"!(\d+)(.)", body[i:])
                count, ch = int(m.group(1)), m.group(2)
                i += len(m.group(0)) - 1
            bits = ord(ch) - 63
            assert 0 <= bits < 64, ch
            for column in range(x, x + count):
                for k in range(6):
                    if bits >> k & 1:
                        pixels[(column, band * 6 + k)] = colours[colour]
            x += count
        i += 1
    return size, pixels


def near(rgb_percent, rgb, slack=8) -> bool:
    return all(abs(p - c * 100 / 255) <= slack for p, c in zip(rgb_percent, rgb, strict=True))


def test_sixel_rows_draw_the_photo_fitted_centred_and_on_the_bottom_row():
    encoded = graphics.encode(decoded_photo(), SIXEL, 10, 4, CELL)
    # 160x90 on 100x80 pixels: 100x56, from y=24 down; red above y=52, blue below
    assert len(encoded.sixel_rows) == 4
    assert encoded.sixel_rows[0] == ""  # nothing of the photo in the top row
    for row, sixel in enumerate(encoded.sixel_rows[1:], 1):
        size, pixels = decode_sixel(sixel)
        assert size == (100, 20)
        for x in (0, 50, 99):
            for y in range(20):
                screen_y = row * 20 + y
                if screen_y < 24:
                    assert (x, y) not in pixels  # left as it is: the pane shows through
                elif screen_y < 50:
                    assert near(pixels[(x, y)], RED), (row, x, y, pixels[(x, y)])
                elif screen_y > 54:
                    assert near(pixels[(x, y)], BLUE), (row, x, y, pixels[(x, y)])
        assert all(y < 20 for _, y in pixels)  # nothing spills into the next row


def test_sixel_leaves_transparent_pixels_and_the_room_around_undrawn():
    from PIL import Image as PILImage

    picture = PILImage.new("RGBA", (20, 10), (0, 0, 0, 0))
    picture.paste((0, 200, 0, 255), (5, 0, 10, 10))
    encoded = graphics.encode(picture, SIXEL, 4, 1, CELL)  # 40x20: the picture doubled
    _, pixels = decode_sixel(encoded.sixel_rows[0])
    xs = {x for x, _ in pixels}
    assert xs == set(range(10, 20)) and all(near(c, (0, 200, 0)) for c in pixels.values())


def kitty_messages(data: str) -> list[tuple[dict[str, str], str]]:
    out = []
    for keys, payload in re.findall(r"\x1b_G([^;\x1b]*);?([^\x1b]*)\x1b\\", data):
        out.append((dict(kv.split("=", 1) for kv in keys.split(",")), payload))
    return out


def test_kitty_chunks_reassemble_to_a_png_of_the_cells():
    from PIL import Image as PILImage

    encoded = graphics.encode(decoded_photo((1600, 900)), KITTY, 60, 16, CELL)
    messages = kitty_messages(encoded.kitty_transmit())
    assert len(messages) > 1  # chunked
    first, rest = messages[0][0], [keys for keys, _ in messages[1:]]
    assert (first["a"], first["f"], first["i"], first["q"], first["m"]) == (
        "t", "100", str(encoded.ident), "2", "1")
    assert [keys["m"] for keys in rest] == ["1"] * (len(rest) - 1) + ["0"]
    assert all(len(payload) <= graphics.CHUNK for _, payload in messages)
    png = base64.standard_b64decode("".join(payload for _, payload in messages))
    assert png == encoded.png
    image = PILImage.open(io.BytesIO(png))
    assert image.size == (600, 320)
    assert image.convert("RGBA").getpixel((300, 319))[:3] == pytest.approx(BLUE, abs=12)
    assert image.convert("RGBA").getpixel((300, 0))[:3] == pytest.approx(RED, abs=12)
    assert image.convert("RGBA").getpixel((2, 160))[3] == 0  # beside the photo: transparent


def test_kitty_placement_shows_the_rows_in_view_and_leaves_the_cursor():
    encoded = graphics.encode(decoded_photo(), KITTY, 30, 8, CELL)
    [(keys, _)] = kitty_messages(encoded.kitty_place(placement=3, first_row=2, rows=5))
    assert keys == {"a": "p", "i": str(encoded.ident), "p": "3", "x": "0", "y": "40",
                    "w": "300", "h": "100", "c": "30", "r": "5", "C": "1", "q": "2"}
    assert graphics.kitty_unplace(7, 3) == "\x1b_Ga=d,d=i,i=7,p=3,q=2\x1b\\"
    assert graphics.kitty_forget(7) == "\x1b_Ga=d,d=I,i=7,q=2\x1b\\"


def test_each_photo_gets_its_own_kitty_image_number():
    image = decoded_photo()
    assert graphics.encode(image, KITTY, 8, 4, CELL).ident != graphics.encode(
        image, KITTY, 8, 4, CELL).ident


# -- which protocol -------------------------------------------------------------------------

@pytest.mark.parametrize(("env", "expected"), [
    ({"TERM": "xterm-kitty"}, KITTY),
    ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"}, KITTY),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, KITTY),
    ({"TERM": "xterm-ghostty", "TERM_PROGRAM": "ghostty"}, KITTY),
    ({"TERM": "xterm-256color", "GHOSTTY_RESOURCES_DIR": "/usr/share/ghostty"}, KITTY),
    ({"TERM": "xterm-256color", "KONSOLE_VERSION": "230804"}, KITTY),
    ({"TERM": "foot"}, SIXEL),
    ({"TERM": "foot-extra"}, SIXEL),
    ({"TERM": "mlterm"}, SIXEL),
    ({"TERM": "xterm-256color", "WT_SESSION": "abc"}, SIXEL),
    # tmux and screen pass no graphics through by default: half blocks, whoever is outside
    ({"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0", "KITTY_WINDOW_ID": "1"},
     HALFBLOCKS),
    ({"TERM": "screen-256color", "STY": "1.pts-0"}, HALFBLOCKS),
    ({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"}, HALFBLOCKS),
    ({"TERM": "linux"}, HALFBLOCKS),
    ({"TERM": "dumb"}, HALFBLOCKS),
])
def test_the_environment_decides_when_it_says(env, expected):
    asked = []
    assert terminal.detect("auto", env, query=lambda: asked.append(1) or SIXEL) == expected
    assert not asked  # the terminal is not asked when the environment says


def test_an_unknown_terminal_is_asked_and_one_that_cannot_be_is_half_blocks():
    env = {"TERM": "xterm-256color"}
    assert terminal.detect("auto", env, query=lambda: SIXEL) == SIXEL
    assert terminal.detect("auto", env, query=lambda: KITTY) == KITTY
    assert terminal.detect("auto", env, query=lambda: None) == HALFBLOCKS
    assert terminal.detect("auto", env, query=None) == HALFBLOCKS

    def broken():
        raise OSError("no tty")
    assert terminal.detect("auto", env, query=broken) == HALFBLOCKS


def test_an_explicit_mode_is_kept_without_asking():
    for mode in (KITTY, SIXEL, HALFBLOCKS, "off"):
        assert terminal.detect(mode, {"TMUX": "x"}, query=lambda: 1 / 0) == mode


@pytest.mark.parametrize(("reply", "expected"), [
    ("\x1b_Gi=4034;OK\x1b\\\x1b[?62;22c", KITTY),
    ("\x1b[?63;1;2;4;6;9;15;22c", SIXEL),
    ("\x1b[?62;4c", SIXEL),
    ("\x1b[?1;2c", None),
    ("\x1b[?64;14;c", None),  # 14, not 4
    ("\x1b_Gi=4034;ENOTSUPPORTED:x\x1b\\\x1b[?62;c", None),
    ("", None),
    ("garbage", None),
    ("\x1b[?62;c\x1b_Gi=4034;OK\x1b\\", None),  # an OK after DA1 answers nothing asked
])
def test_a_terminals_reply_is_read(reply, expected):
    assert terminal.read_reply(reply) == expected


@pytest.fixture
def pty_pair():
    import pty

    master, slave = pty.openpty()
    yield master, slave
    for fd in (master, slave):
        try:
            os.close(fd)
        except OSError:
            pass


def _answer(master: int, reply: bytes) -> threading.Thread:
    def run():
        asked = b""
        while not asked.endswith(b"\x1b[c"):
            asked += os.read(master, 1024)
        os.write(master, reply)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_query_reads_a_sixel_terminal_and_a_kitty_terminal(pty_pair):
    master, slave = pty_pair
    _answer(master, b"\x1b[?63;1;2;4;6c")
    assert terminal.query_terminal(2.0, slave, slave) == SIXEL
    _answer(master, b"\x1b_Gi=4034;OK\x1b\\\x1b[?62;22c")
    assert terminal.query_terminal(2.0, slave, slave) == KITTY


def test_a_terminal_that_never_answers_does_not_hold_the_reader(pty_pair):
    master, slave = pty_pair
    start = time.monotonic()
    assert terminal.query_terminal(0.2, slave, slave) is None
    assert time.monotonic() - start < 5  # a bound against hanging, not a speed test
    assert os.read(master, 1024).endswith(b"\x1b[c")  # it was asked


def test_no_query_without_a_terminal(tmp_path):
    with open(tmp_path / "f", "w+b") as file:
        assert terminal.query_terminal(0.1, file.fileno(), file.fileno()) is None
        assert file.read() == b""  # nothing written into a file


def test_the_cell_size_comes_from_the_terminal_else_10_by_20(pty_pair, tmp_path):
    import fcntl
    import struct
    import termios

    _, slave = pty_pair
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 900, 800))
    assert terminal.cell_pixels(slave) == (9, 20)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    assert terminal.cell_pixels(slave) == terminal.DEFAULT_CELL
    with open(tmp_path / "f", "w") as file:
        assert terminal.cell_pixels(file.fileno()) == terminal.DEFAULT_CELL


# -- the layer ----------------------------------------------------------------------------------

def test_kitty_layer_sends_once_moves_deletes_and_forgets():
    encoded = graphics.encode(decoded_photo(), KITTY, 30, 8, CELL)
    layer = GraphicsLayer(KITTY)
    at = Placement(encoded, x=40, y=10, first_row=0, rows=8)
    first = layer.update({0: at}, lambda row: True)
    assert first.startswith("\x1b7") and first.endswith("\x1b8")
    assert "a=t" in first and "\x1b[11;41H\x1b_Ga=p" in first
    assert layer.update({0: at}, lambda row: True) == ""  # nothing changed: nothing sent
    moved = Placement(encoded, x=40, y=4, first_row=3, rows=5)
    again = layer.update({0: moved}, lambda row: True)
    assert "a=t" not in again  # the terminal has the image
    assert [k["a"] for k, _ in kitty_messages(again)] == ["d", "p"]
    assert "\x1b[5;41H" in again and "y=60" in again and "r=5" in again
    gone = layer.update({}, lambda row: True)
    assert [(k["a"], k["d"], k["p"]) for k, _ in kitty_messages(gone)] == [("d", "i", "1")]
    assert layer.update({0: at}, lambda row: True).count("a=t") == 0
    closed = layer.close()
    assert [k.get("d") for k, _ in kitty_messages(closed)] == ["i", "I"]


def test_sixel_layer_draws_moved_photos_whole_and_repaints_only_painted_rows():
    encoded = graphics.encode(decoded_photo(), SIXEL, 10, 4, CELL)
    layer = GraphicsLayer(SIXEL)
    at = Placement(encoded, x=5, y=10, first_row=0, rows=4)
    first = layer.update({0: at}, lambda row: False)
    # row 0 of the photo has nothing to draw; rows 1..3 go to screen rows 11..13
    assert re.findall(r"\x1b\[(\d+);6H\x1bP", first) == ["12", "13", "14"]
    assert layer.update({0: at}, lambda row: False) == ""  # nothing painted over
    assert re.findall(r"\x1b\[(\d+);6H\x1bP", layer.update({0: at}, lambda row: row == 12)) == ["13"]
    scrolled = Placement(encoded, x=5, y=2, first_row=2, rows=2)
    assert re.findall(r"\x1b\[(\d+);6H\x1bP", layer.update({0: scrolled}, lambda r: False)) == [
        "3", "4"]
    assert layer.clear() == ""  # the screen on top paints over Sixel's pixels


def test_a_layer_needs_a_graphics_protocol():
    with pytest.raises(ValueError):
        GraphicsLayer(HALFBLOCKS)
    with pytest.raises(ValueError):
        graphics.encode(decoded_photo(), HALFBLOCKS, 4, 4, CELL)
