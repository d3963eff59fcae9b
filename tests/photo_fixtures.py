"""Photos made with Pillow for the tests, and articles whose figures point at them."""

from __future__ import annotations

import io
import struct
import zlib

from reader.model import Article, Caption, Image, Paragraph

RED = (220, 40, 30)
BLUE = (30, 60, 200)


def photo(size=(160, 90), fmt="PNG") -> bytes:
    """A picture with a red upper half and a blue lower half (so a test can tell its
    top from its bottom in half blocks)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image = PILImage.new("RGB", size, RED)
    ImageDraw.Draw(image).rectangle((0, size[1] // 2, size[0], size[1]), fill=BLUE)
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    return out.getvalue()


def bomb(width=60_000, height=60_000) -> bytes:
    """A PNG whose header claims `width` x `height` pixels (3.6 billion): a few bytes that
    would need gigabytes once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def photo_article(url: str, n: int = 1, alt: str = "Fishing boats tied up at the quay") -> Article:
    words = "The harbour reopened after a week of storms and the boats came back in. " * 3
    return Article(
        id=f"photo-{n:03d}", title=f"Harbour story {n}", source=f"/news/harbour-{n}.txt",
        published="2026-01-05",
        blocks=[Paragraph(f"Opening paragraph {n}. {words}"),
                Caption("Boats back at the quay on Monday.", "Photo: Ana Ruiz", alt,
                        Image(alt, url)),
                Paragraph(f"Closing paragraph {n}. {words}")])
