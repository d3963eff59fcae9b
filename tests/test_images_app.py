"""Photos in the reading pane: a placeholder first, the photo above its caption once
loaded, part of the caption's passage; refused photos say why in one line; off is off."""

from __future__ import annotations

import threading

from reader.config import Config
from tests.app_helpers import reader_app, settle
from tests.photo_fixtures import bomb, photo, photo_article

ROWS = 8
ALT = "Fishing boats tied up at the quay"


def _lines(pane) -> list[str]:
    return pane.text.split("\n")


def _caption_row(pane) -> int:
    return next(i for i, line in enumerate(_lines(pane)) if "Boats back at the quay" in line)


async def _until(pilot, done, what: str) -> None:
    for _ in range(500):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{what} never happened")


async def test_the_placeholder_comes_first_then_the_photo_above_its_caption(web_server):
    gate = threading.Event()
    web_server.gates["boats.png"] = gate
    web_server.bodies["boats.png"] = (photo(), {"Content-Type": "image/png"})
    url = web_server.url("/bytes/boats.png")
    app = reader_app([photo_article(url)], config=Config(image_rows=ROWS))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot, "photo-001")
        pane = app.reader.pane
        caption = _caption_row(pane)
        box = _lines(pane)[caption - ROWS - 1:caption - 1]  # the description line sits between
        assert any(ALT in line for line in box) and any("photo loading" in line for line in box)
        assert not any("▀" in line for line in box)
        gate.set()
        await _until(pilot, lambda: pane.photo_shelf.get(url) is not None, "the photo's arrival")
        await pilot.pause()
        assert _caption_row(pane) == caption  # the text did not move
        box = _lines(pane)[caption - ROWS - 1:caption - 1]
        assert sum("▀" in line for line in box) >= 4 and not any(ALT in line for line in box)
        # the colours are the photo's: red over blue, drawn on screen
        strip = pane._layout.lines[caption - 2]
        styled = [s for s in strip if s.text.strip()]
        assert styled[0].style.color.triplet[2] > 150 or styled[0].style.bgcolor.triplet[2] > 150


async def test_the_photo_is_one_step_with_its_caption_and_b_bookmarks_the_caption(web_server):
    web_server.bodies["boats.png"] = (photo(), {"Content-Type": "image/png"})
    article = photo_article(web_server.url("/bytes/boats.png"))
    app = reader_app([article], config=Config(image_rows=ROWS))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot, "photo-001")
        pane = app.reader.pane
        caption = _caption_row(pane)
        layout = pane._layout
        photo_rows = range(caption - ROWS - 1, caption - 1)
        assert {layout.line_passage[row] for row in photo_rows} == {1}
        assert all(layout.is_photo(row) for row in photo_rows) and not layout.is_photo(caption)
        await pilot.press("tab", "j")
        assert pane.cursor == 1
        await pilot.press("b")
        await pilot.pause()
        marks = app.session.store.bookmarks(article.id)
        assert [(m.passage_index, m.text.split(".")[0]) for m in marks] == [
            (1, "Boats back at the quay on Monday")]
        await pilot.press("j")
        assert pane.cursor == 2  # past the photo and its caption in one step


async def test_images_off_draws_nothing_and_fetches_nothing(web_server):
    web_server.bodies["boats.png"] = (photo(), {"Content-Type": "image/png"})
    article = photo_article(web_server.url("/bytes/boats.png"))
    app = reader_app([article], config=Config(images="off", image_rows=ROWS))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot, "photo-001")
        await pilot.pause(0.2)
        pane = app.reader.pane
        text = pane.text
        assert "▀" not in text and "photo loading" not in text
        assert not pane._layout.photos
        assert text.count(ALT) == 1  # the description line only, as before photos
        assert not web_server.requests


async def test_a_bomb_and_a_non_image_are_refused_with_one_line_each(web_server):
    web_server.bodies["bomb.png"] = (bomb(), {"Content-Type": "image/png"})
    web_server.bodies["page.png"] = (b"<html>not a picture</html>", {"Content-Type": "image/png"})
    first = photo_article(web_server.url("/bytes/bomb.png"), 1)
    second = photo_article(web_server.url("/bytes/page.png"), 2)
    app = reader_app([first, second], config=Config(image_rows=ROWS))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        notices = app.messages.notices

        def told(n):
            return lambda: sum(x.title == "Photo not shown" for x in notices) >= n

        await _until(pilot, told(1), "the first refusal")
        await pilot.press("j")
        await _until(pilot, told(2), "the second refusal")
        await pilot.pause()
        refused = [x for x in notices if x.title == "Photo not shown"]
        assert len(refused) == 2 and all("\n" not in x.message for x in refused)
        reasons = " ".join(x.message for x in refused)
        assert "decompression bomb" in reasons and "not an image" in reasons
        # the placeholder stays, with the reason under the alt text
        assert "(not an image the reader can read)" in app.reader.pane.text \
            or "decompression bomb" in app.reader.pane.text


def test_snapshot_of_a_photo_in_half_blocks(snap_compare, web_server):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    # a sky, a sea and a sun: colours and a shape to see in the picture
    picture = PILImage.new("RGB", (320, 180), (120, 170, 230))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 110, 320, 180), fill=(20, 60, 120))
    draw.ellipse((220, 30, 270, 80), fill=(250, 210, 60))
    import io
    out = io.BytesIO()
    picture.save(out, "PNG")
    web_server.bodies["sea.png"] = (out.getvalue(), {"Content-Type": "image/png"})
    url = web_server.url("/bytes/sea.png")
    app = reader_app([photo_article(url, alt="The sun over the bay")], config=Config(image_rows=10))

    async def run_before(pilot):
        await settle(pilot, "photo-001")
        await _until(pilot, lambda: app.reader.pane.photo_shelf.get(url) is not None, "the photo")
        await pilot.press("tab", "j")  # the cursor on the figure: the photo keeps its colours
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 34), run_before=run_before)


async def test_a_photo_that_never_comes_does_not_hold_up_the_next_article(web_server):
    web_server.gates["slow.png"] = threading.Event()  # never set while the test runs
    web_server.bodies["slow.png"] = (photo(), {"Content-Type": "image/png"})
    web_server.bodies["fast.png"] = (photo(), {"Content-Type": "image/png"})
    first = photo_article(web_server.url("/bytes/slow.png"), 1)
    second = photo_article(web_server.url("/bytes/fast.png"), 2)
    first.published, second.published = "2026-01-06", "2026-01-05"  # first on top
    app = reader_app([first, second], config=Config(image_rows=ROWS))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot, "photo-001")
        assert "photo loading" in app.reader.pane.text
        await pilot.press("j")
        await settle(pilot, "photo-002")
        shelf = app.reader.pane.photo_shelf
        await _until(pilot, lambda: shelf.get(second.pictures()[0][1].url) is not None,
                     "the second article's photo")
        assert shelf.get(first.pictures()[0][1].url) is None  # still hanging, drawn by no one


async def test_photos_are_fetched_for_the_article_shown_and_the_next_only(web_server):
    from reader.images import ImageCache

    names = ["a.png", "b.png", "c.png"]
    for name in names:
        web_server.bodies[name] = (photo(), {"Content-Type": "image/png"})
    articles = [photo_article(web_server.url(f"/bytes/{name}"), n)
                for n, name in enumerate(names, 1)]
    for n, article in enumerate(articles):
        article.published = f"2026-01-{9 - n:02d}"  # a, b, c from the top
    app = reader_app(articles, config=Config(image_rows=ROWS))

    def fetched(name):
        return sum(1 for path, _ in web_server.requests if path == f"/bytes/{name}")

    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot, "photo-001")
        reader = app.reader
        await _until(pilot, lambda: fetched("a.png") == 1, "a's photo")
        await pilot.pause(0.2)
        assert fetched("b.png") == fetched("c.png") == 0  # b is not loaded: nothing ahead
        reader._articles[articles[1].id] = articles[1]  # b loaded (as after a visit)
        reader.show_article(articles[0])
        await _until(pilot, lambda: fetched("b.png") == 1, "b's photo brought ahead")
        await pilot.pause(0.2)
        b_url = articles[1].pictures()[0][1].url
        assert ImageCache().has(b_url)  # on disk for when b is shown, even offline
        assert reader.pane.photo_shelf.get(b_url) is None  # not decoded: it is not shown
        assert fetched("a.png") == 1 and fetched("c.png") == 0
