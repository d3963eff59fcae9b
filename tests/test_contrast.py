"""Every text cell the reader draws is legible: WCAG contrast, measured on the
screen Textual renders, in the default dark and light themes.

Each screen is rendered headless (`app.run_test`) and every cell that is not
blank is read back with its final colours (Textual has already blended the
translucent theme colours by then). Text (letters, digits, punctuation) must
reach 4.5:1 against its background, WCAG's level for body text; other symbols
(the unread dot, the bookmark star, the passage bar, borders, scrollbars) 3:1,
WCAG's level for the graphics a reader must see to use the interface. Muted
metadata is held to the text level too: it is text.

A cell's colours after `reverse` are swapped, and `dim` text is blended half
way to its background, as terminals draw it.
"""

from __future__ import annotations

import unicodedata

import pytest

from reader.config import Config
from tests.app_helpers import make_article, reader_app, settle

THEMES = ("textual-dark", "textual-light")
SIZES = ((120, 40), (80, 24))
TEXT_RATIO = 4.5
GRAPHIC_RATIO = 3.0


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_wcag_reference_values():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast((200, 200, 200), (200, 200, 200)) == pytest.approx(1.0)


def own_regions(screen):
    """Where the top screen draws itself: all of it, or for a modal screen (help,
    a dialog, the palette) its own widgets; the screen beneath shows dimmed
    around them on purpose, and is measured as its own screen."""
    from textual.screen import ModalScreen

    if not isinstance(screen, ModalScreen):
        return [screen.region]
    return [geometry.region.intersection(geometry.clip)
            for widget, geometry in screen._compositor.full_map.items() if widget is not screen]


def cells(app):
    """(x, y, character, foreground, background) of each drawn, non-blank cell."""
    regions = own_regions(app.screen)
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            style = segment.style
            for char in segment.text:
                if (style is not None and not char.isspace() and style.color and style.bgcolor
                        and any(region.contains(x, y) for region in regions)):
                    fg = tuple(style.color.get_truecolor())
                    bg = tuple(style.bgcolor.get_truecolor())
                    if style.reverse:
                        fg, bg = bg, fg
                    if style.dim:
                        fg = tuple((f + b) // 2 for f, b in zip(fg, bg, strict=True))
                    yield x, y, char, fg, bg
                x += 1


def failures(app) -> list[str]:
    found = []
    for x, y, char, fg, bg in cells(app):
        if unicodedata.category(char) == "So" and unicodedata.east_asian_width(char) == "W":
            continue  # an emoji (the palette's 🔎) is drawn in its own colours
        is_text = unicodedata.category(char)[0] in "LNP"
        need = TEXT_RATIO if is_text else GRAPHIC_RATIO
        ratio = contrast(fg, bg)
        if ratio < need:
            found.append(f"{char!r} at ({x},{y}): {ratio:.2f}:1 (fg {fg}, bg {bg}), needs {need}")
    return found


def checked(app) -> int:
    """How many cells were measured: a screen that drew nothing would pass."""
    return sum(1 for _ in cells(app))


def app_in(theme: str):
    config = Config()
    config.theme = theme
    articles = [make_article(n) for n in range(1, 12)]
    articles.append(make_article(12, title="An article with no date", published=""))
    return reader_app(articles, config=config)


async def open_screen(pilot, name: str) -> None:
    app = pilot.app
    if name == "list":
        return
    if name == "reading":
        await pilot.press("enter", "j", "j")
    elif name == "bookmarked":
        await pilot.press("enter", "j", "b", "j")
    elif name == "feeds":
        await pilot.press("f")
    elif name == "search":
        await pilot.press("slash", *"harbour")
    elif name == "bookmarks":
        await pilot.press("enter", "j", "b")
        await pilot.pause()
        await pilot.press("B")
    elif name == "help":
        await pilot.press("question_mark")
    elif name == "palette":
        await pilot.press("ctrl+p")
    elif name == "messages":
        app.notify("A message the user should read", markup=False)
        await pilot.press("M")
    await settle(pilot)
    for _ in range(5):
        await pilot.pause(0.02)


SCREENS = ("list", "reading", "bookmarked", "feeds", "search", "bookmarks", "help", "palette",
           "messages")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
async def test_every_text_cell_is_legible(screen, size, theme):
    app = app_in(theme)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_screen(pilot, screen)
        assert app.theme == theme
        assert checked(app) > 40
        bad = failures(app)
        assert not bad, f"{len(bad)} cells below contrast on {screen} ({theme}):\n" + "\n".join(bad[:15])


async def test_a_theme_chosen_in_the_app_restyles_the_article_at_once():
    """Switching theme lays the article out again in the new theme's colours
    (a heading once kept the old theme's colour, unreadable on the new one)."""
    app = app_in("textual-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
        for _ in range(3):
            await pilot.pause(0.02)
        assert not failures(app)


async def test_no_cell_is_left_to_the_terminals_own_background():
    """Every cell of the lists has the theme's background: a short title's
    padding once had none, and showed as a black block on the light theme."""
    app = app_in("textual-light")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        for y, strip in enumerate(app.screen._compositor.render_strips()):
            for segment in strip:
                style = segment.style
                assert style is not None and style.bgcolor is not None, (y, segment)
