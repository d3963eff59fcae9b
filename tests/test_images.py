"""Photos below the UI: download limits, decoding with a pixel limit, the disk cache,
and half blocks."""

from __future__ import annotations

import os
import re
import threading

import pytest

from reader import images
from reader.images import ImageCache, ImageError, PhotoLoader, Shelf, decode, halfblock_lines
from tests.photo_fixtures import BLUE, RED, bomb, photo


def _loader(tmp_path, limit=10 * 1024 * 1024) -> PhotoLoader:
    return PhotoLoader(ImageCache(tmp_path / "images", limit), timeout=5)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_served_photo_is_decoded_small(web_server, tmp_path, fmt):
    web_server.bodies["p"] = (photo((800, 450), fmt), {"Content-Type": f"image/{fmt.lower()}"})
    loader = _loader(tmp_path)
    image = loader.load(web_server.url("/bytes/p"))
    assert image.width <= images.FIT[0] and image.height <= images.FIT[1]
    assert image.width == 88  # fitted to the widest measure, its shape kept
    assert abs(image.height - 50) <= 1
    top, bottom = image.getpixel((44, 5)), image.getpixel((44, image.height - 5))
    assert all(abs(a - b) < 30 for a, b in zip(top[:3], RED, strict=True))
    assert all(abs(a - b) < 30 for a, b in zip(bottom[:3], BLUE, strict=True))
    accept = web_server.requests[-1][1].get("Accept", "")
    assert accept.startswith("image/")


def test_a_decompression_bomb_is_refused_in_one_line_before_decoding():
    with pytest.raises(ImageError) as caught:
        decode(bomb())
    reason = str(caught.value)
    assert "\n" not in reason and "3,600,000,000 pixels" in reason and "decompression bomb" in reason


def test_a_bomb_under_pillows_own_limit_is_still_ours_to_refuse():
    with pytest.raises(ImageError, match="over the limit"):
        decode(bomb(9000, 9000))  # 81 million pixels: Pillow only warns; the reader refuses


@pytest.mark.parametrize("body", [b"<html><body>Not found</body></html>", b"",
                                  photo()[:40]])  # an HTML page, nothing, a cut-off PNG
def test_what_is_not_an_image_is_refused_in_one_line(body):
    with pytest.raises(ImageError) as caught:
        decode(body)
    assert "\n" not in str(caught.value) and str(caught.value)


def test_a_page_served_as_html_is_refused_before_its_body(web_server, tmp_path):
    web_server.bodies["page"] = (b"<html>" + b"x" * 100_000, {"Content-Type": "text/html"})
    with pytest.raises(ImageError) as caught:
        _loader(tmp_path).load(web_server.url("/bytes/page"))
    assert str(caught.value) == "refused: the server sent text/html, not image"


def test_a_photo_over_five_megabytes_is_refused(web_server, tmp_path):
    web_server.bodies["big"] = (b"\0" * (images.MAX_ENCODED + 1), {"Content-Type": "image/jpeg"})
    with pytest.raises(ImageError, match="too large"):
        _loader(tmp_path).load(web_server.url("/bytes/big"))
    assert not (tmp_path / "images").exists() or not os.listdir(tmp_path / "images")


def test_a_photo_seen_once_shows_offline(web_server, tmp_path):
    web_server.bodies["p"] = (photo(), {"Content-Type": "image/png"})
    url = web_server.url("/bytes/p")
    _loader(tmp_path).load(url)
    web_server.bodies.clear()  # the server now answers 404: as good as offline
    again = _loader(tmp_path).load(url)  # a new loader, the same cache folder
    assert again.size == (88, 50)
    assert sum(1 for path, _ in web_server.requests if path == "/bytes/p") == 1


def test_the_disk_cache_drops_the_least_recently_used_first(tmp_path):
    cache = ImageCache(tmp_path, limit=3000)
    for n, name in enumerate("abc"):
        cache.put(name, bytes(1000))
        os.utime(cache.path_for(name), (1000 + n, 1000 + n))
    assert cache.get("a") is not None  # reading "a" makes it the most recently used
    cache.put("d", bytes(1000))  # over the limit: "b", now the oldest, goes
    assert [cache.has(name) for name in "abcd"] == [True, False, True, True]
    assert cache.size() <= 3000


def test_a_cache_limit_of_zero_keeps_nothing(tmp_path):
    cache = ImageCache(tmp_path, limit=0)
    cache.put("a", b"data")
    assert not cache.has("a")


def test_the_shelf_is_a_small_lru():
    shelf = Shelf(size=2)
    shelf.put("a", 1)
    shelf.put("b", 2)
    assert shelf.get("a") == 1
    shelf.put("c", 3)
    assert "b" not in shelf and "a" in shelf and "c" in shelf


def test_half_blocks_draw_the_top_in_the_foreground_and_sit_on_the_bottom_line():
    image = decode(photo((160, 40)))  # 4:1: at 40 cells, 10 pixels = 5 rows of a 8-row box
    lines = halfblock_lines(image, 40, 8)
    assert len(lines) == 8
    assert all(sum(len(s.text) for s in line) == 40 for line in lines)
    assert all(s.text.strip() == "" for line in lines[:3] for s in line)  # room above
    cells = [s for s in lines[3] if s.text.strip()]
    assert cells[0].text[0] == "▀" and cells[0].style.color.triplet[0] > 150  # red on top
    bottom = [s for s in lines[-1] if s.text.strip()][0]
    assert bottom.style.bgcolor.triplet[2] > 150  # blue underneath


def test_the_loader_is_safe_from_many_threads(web_server, tmp_path):
    web_server.bodies["p"] = (photo(), {"Content-Type": "image/png"})
    loader = _loader(tmp_path)
    url = web_server.url("/bytes/p")
    sizes, errors = [], []

    def run():
        try:
            sizes.append(loader.load(url).size)
        except Exception as err:  # any failure here is the test's failure
            errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sizes == [(88, 50)] * 6


def _show_page(tmp_path, web_server, name, monkeypatch, capsys, config=""):
    import sys

    from reader import paths
    from reader.cli import main

    if config:
        paths.ensure(paths.config_dir())
        (paths.config_dir() / "config.toml").write_text(config)
    page = tmp_path / "harbour.html"
    page.write_text(
        "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
        "<p>The harbour reopened on Monday after a week of storms and the boats came in.</p>"
        f"<figure><img src='{web_server.url('/bytes/' + name)}' alt='Boats at the quay'>"
        "<figcaption>Boats back at the quay on Monday. Photo: Ana Ruiz</figcaption></figure>"
        "<p>Fishermen said the catch was better than they feared.</p></article></body></html>")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("PAGER", "cat")  # printed here, not paged
    code = main(["show", str(page)])
    out, err = capsys.readouterr()
    return code, out, err


def test_show_on_a_terminal_draws_the_photo_above_its_caption(tmp_path, web_server, monkeypatch,
                                                              capsys):
    web_server.bodies["quay.png"] = (photo(), {"Content-Type": "image/png"})
    code, out, err = _show_page(tmp_path, web_server, "quay.png", monkeypatch, capsys)
    assert code == 0 and not err
    lines = out.split("\n")
    caption = next(i for i, line in enumerate(lines) if "Boats back at the quay" in line)
    assert sum("▀" in line for line in lines[:caption]) >= 8
    assert re.search("\x1b\\[[0-9;]+m▀", out)  # coloured half blocks


def test_show_says_in_one_line_why_a_photo_is_not_drawn(tmp_path, web_server, monkeypatch, capsys):
    web_server.bodies["bomb.png"] = (bomb(), {"Content-Type": "image/png"})
    code, out, err = _show_page(tmp_path, web_server, "bomb.png", monkeypatch, capsys)
    assert code == 0 and "Boats back at the quay" in out and "▀" not in out
    assert err.count("\n") == 1 and "photo not shown" in err and "decompression bomb" in err


def test_show_with_images_off_fetches_nothing(tmp_path, web_server, monkeypatch, capsys):
    web_server.bodies["quay.png"] = (photo(), {"Content-Type": "image/png"})
    code, out, err = _show_page(tmp_path, web_server, "quay.png", monkeypatch, capsys,
                                config='images = "off"\n')
    assert code == 0 and "▀" not in out and not web_server.requests
