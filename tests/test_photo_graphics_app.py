"""Photos in pixels in the running app (Kitty, Sixel forced): what the app writes to
the terminal after its frames places each photo on its block of cells above the
caption, follows the scroll, leaves with the article, steps aside for a screen on
top and comes back after it, and is deleted when the reader closes.

The headless driver writes no frames, so every byte caught here is the photos'."""

from __future__ import annotations

import re

from reader.config import Config
from reader.model import Paragraph
from tests.app_helpers import reader_app, settle
from tests.photo_fixtures import photo, photo_article

ROWS = 8
CELL_H = 20  # the cell size assumed without a terminal (10x20)


def long_article(url: str, n: int):
    article = photo_article(url, n)
    article.blocks += [Paragraph(f"More about the harbour, part {i}. " * 12) for i in range(6)]
    return article


def caption_row(pane) -> int:
    return next(i for i, line in enumerate(pane.text.split("\n"))
                if "Boats back at the quay" in line)


def photo_block(pane) -> tuple[int, int]:
    """(first, last) line of the photo's block in the layout: the rows above the
    description line that sits above the caption."""
    caption = caption_row(pane)
    return caption - ROWS - 1, caption - 2


def screen_cell(pane, line: int) -> tuple[int, int]:
    """The screen cell (x, y) where the text of layout line `line` begins."""
    region = pane.scrollable_content_region
    return region.x + 3, region.y + line - round(pane.scroll_y)


async def started(web_server, mode: str, size=(120, 30)):
    for name in ("one.png", "two.png"):
        web_server.bodies[name] = (photo((640, 360)), {"Content-Type": "image/png"})
    articles = [long_article(web_server.url("/bytes/one.png"), 1),
                long_article(web_server.url("/bytes/two.png"), 2)]
    return reader_app(articles, config=Config(images=mode, image_rows=ROWS))


async def until(pilot, done, what: str) -> None:
    for _ in range(500):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{what} never happened")


async def caught(pilot, app, placed: bool = False) -> list[str]:
    """What the app writes to the terminal from now on, once the first article is
    shown (and, with `placed`, once its photo has been placed)."""
    writes: list[str] = []
    app._driver.write = writes.append
    await settle(pilot, "photo-001")
    if placed:
        await until(pilot, lambda: places(writes), "the first photo's placement")
    return writes


KITTY_MESSAGE = re.compile(r"(?:\x1b\[(\d+);(\d+)H)?\x1b_G([^;\x1b]*)(?:;[^\x1b]*)?\x1b\\")


def kitty(writes: list[str]) -> list[tuple[tuple[int, int] | None, dict[str, str]]]:
    """The Kitty messages written: ((x, y) the cursor was moved to, or None; keys)."""
    out = []
    for data in writes:
        for row, col, keys in KITTY_MESSAGE.findall(data):
            at = (int(col) - 1, int(row) - 1) if row else None
            out.append((at, dict(kv.split("=", 1) for kv in keys.split(","))))
    return out


def places(writes):
    return [(at, keys) for at, keys in kitty(writes) if keys.get("a") == "p"]


def deletes(writes):
    return [keys for _, keys in kitty(writes) if keys.get("a") == "d"]


async def test_kitty_places_the_photo_on_its_block_and_follows_the_scroll(web_server):
    app = await started(web_server, "kitty")
    async with app.run_test(size=(120, 30)) as pilot:
        writes = await caught(pilot, app, placed=True)
        pane = app.reader.pane
        first, last = photo_block(pane)
        lines = pane.text.split("\n")
        assert all(not line.strip() for line in lines[first:last + 1])  # blank: no half blocks
        assert "Fishing boats" in lines[last + 1]  # the description right under it
        [transmit] = [keys for _, keys in kitty(writes) if keys.get("a") == "t"]
        [(at, keys)] = places(writes)
        assert at == screen_cell(pane, first)
        assert (keys["i"], keys["y"], keys["r"], keys["C"]) == (transmit["i"], "0", str(ROWS), "1")
        assert keys["c"] == str(pane._layout.width)

        # scrolled so that 3 of its rows are above the pane: the rest, at the top
        writes.clear()
        pane.scroll_to(y=first + 3, animate=False, immediate=True)
        await pilot.pause()
        await pilot.pause()
        assert [k["p"] for k in deletes(writes)] == [keys["p"]]
        [(at, moved)] = places(writes)
        assert at == screen_cell(pane, first + 3) == (at[0], pane.scrollable_content_region.y)
        assert (moved["y"], moved["r"]) == (str(3 * CELL_H), str(ROWS - 3))
        assert not [k for _, k in kitty(writes) if k.get("a") == "t"]  # not sent again

        # scrolled past it: deleted, nothing placed
        writes.clear()
        pane.scroll_to(y=last + 1, animate=False, immediate=True)
        await pilot.pause()
        await pilot.pause()
        assert len(deletes(writes)) == 1 and not places(writes)

        # back: placed again where it is
        writes.clear()
        pane.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        await pilot.pause()
        [(at, keys)] = places(writes)
        assert at == screen_cell(pane, first) and keys["r"] == str(ROWS)


async def test_kitty_photo_leaves_with_its_article_and_for_a_screen_on_top(web_server):
    app = await started(web_server, "kitty")
    async with app.run_test(size=(120, 30)) as pilot:
        writes = await caught(pilot, app, placed=True)
        [(_, one)] = places(writes)

        writes.clear()
        await pilot.press("J")  # the next article
        await settle(pilot, "photo-002")
        await until(pilot, lambda: places(writes), "the second photo's placement")
        assert {(k["i"], k["p"]) for k in deletes(writes)} == {(one["i"], one["p"])}
        [(at, two)] = places(writes)
        assert two["i"] != one["i"]
        assert at == screen_cell(app.reader.pane, photo_block(app.reader.pane)[0])

        for key in ("question_mark", "ctrl+p"):  # help, then the command palette
            writes.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert app.screen is not app.reader
            assert [(k["i"], k["p"]) for k in deletes(writes)] == [(two["i"], two["p"])]
            assert not places(writes)
            writes.clear()
            await pilot.pause(0.05)
            assert not places(writes)  # never drawn over the screen on top
            await pilot.press("escape")
            await until(pilot, lambda: places(writes), "the photo back after the screen closed")
            assert app.screen is app.reader
            [(at, keys)] = places(writes)
            assert keys["i"] == two["i"] and at == screen_cell(app.reader.pane,
                                                              photo_block(app.reader.pane)[0])

        writes.clear()
        await app.action_quit()
        await pilot.pause()
    forgotten = {k["i"] for k in deletes(writes) if k.get("d") == "I"}
    assert {one["i"], two["i"]} <= forgotten  # nothing left in the terminal's memory


SIXEL_AT = re.compile(r"\x1b\[(\d+);(\d+)H\x1bP0;1;0q\"1;1;(\d+);(\d+)")


def sixels(writes: list[str]) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each Sixel image written."""
    return [(int(c) - 1, int(r) - 1, int(w), int(h))
            for data in writes for r, c, w, h in SIXEL_AT.findall(data)]


def first_frame(writes: list[str]) -> list[str]:
    """The first write that drew Sixel images (each frame re-draws what it painted)."""
    return [next(data for data in writes if SIXEL_AT.search(data))]


async def test_sixel_draws_the_rows_in_view_again_after_textual_paints_over_them(web_server):
    app = await started(web_server, "sixel")
    async with app.run_test(size=(120, 30)) as pilot:
        writes = await caught(pilot, app)
        await until(pilot, lambda: sixels(writes), "the photo's pixels")
        pane = app.reader.pane
        first, last = photo_block(pane)
        drawn = sixels(first_frame(writes))
        x, y = screen_cell(pane, first)
        ys = [row for _, row, _, _ in drawn]
        # one image per cell row, on the block's rows (the top rows may hold only
        # transparent room above the photo: nothing to draw there)
        assert ys == sorted(ys) and ys[-1] == y + ROWS - 1 and ys[0] >= y
        assert {(col, w, h) for col, _, w, h in drawn} == {(x, pane._layout.width * 10, CELL_H)}
        assert all("\x1b7" in data and data.endswith("\x1b8") for data in writes)

        writes.clear()
        pane.scroll_to(y=first + 3, animate=False, immediate=True)
        await pilot.pause()
        await pilot.pause()
        top = pane.scrollable_content_region.y
        assert [row for _, row, _, _ in sixels(first_frame(writes))] == list(range(top, top + ROWS - 3))

        writes.clear()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is not app.reader and not sixels(writes)
        await pilot.press("escape")
        await until(pilot, lambda: sixels(writes), "the photo back after help closed")
        assert [row for _, row, _, _ in sixels(first_frame(writes))] == list(range(top, top + ROWS - 3))


async def test_half_blocks_write_nothing_of_their_own(web_server):
    app = await started(web_server, "auto")  # no terminal asked in tests: half blocks
    async with app.run_test(size=(120, 30)) as pilot:
        writes = await caught(pilot, app)
        pane = app.reader.pane
        await until(pilot, lambda: "▀" in pane.text, "the photo in half blocks")
        await pilot.press("J")
        await settle(pilot, "photo-002")
        assert not writes


async def test_a_new_width_or_cell_size_encodes_the_photo_again_for_it(web_server, monkeypatch):
    from reader import graphics_terminal

    app = await started(web_server, "kitty")
    async with app.run_test(size=(120, 30)) as pilot:
        writes = await caught(pilot, app, placed=True)
        [(_, before)] = places(writes)
        assert before["w"] == str(int(before["c"]) * 10)
        seen = {before["i"]}

        def placed_anew():
            return [k for _, k in places(writes) if k["i"] not in seen]

        for size, cell in (((100, 30), (10, 20)), ((110, 30), (8, 16))):  # narrower; a zoom
            monkeypatch.setattr(graphics_terminal, "cell_pixels", lambda fd=None, c=cell: c)
            writes.clear()
            await pilot.resize_terminal(*size)
            await until(pilot, placed_anew, f"the photo placed anew at {size}, {cell}")
            after = placed_anew()[-1]
            width = app.reader.pane._layout.width
            assert after["c"] == str(width) and after["w"] == str(width * cell[0])
            assert after["h"] == str(ROWS * cell[1])
            seen.add(after["i"])
        sent = "".join(writes)
        assert "127.0.0.1" not in sent and "Fishing" not in sent  # only our own bytes


async def test_the_terminal_given_to_another_program_is_left_without_photos(web_server):
    app = await started(web_server, "kitty")
    async with app.run_test(size=(120, 30)) as pilot:
        writes = await caught(pilot, app, placed=True)
        [(at, placed)] = places(writes)
        writes.clear()
        app.app_suspend_signal.publish(app)  # as App.suspend() does, before leaving
        assert [(k["d"], k["i"]) for k in deletes(writes)] == [
            ("i", placed["i"]), ("I", placed["i"])]
        writes.clear()
        app.refresh(layout=True)  # as App.suspend() does after coming back
        await until(pilot, lambda: places(writes), "the photo placed again")
        assert "t" in [k["a"] for _, k in kitty(writes)]  # sent again: it was deleted
        assert places(writes)[0][0] == at
