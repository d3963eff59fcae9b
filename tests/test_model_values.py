"""The model's small values (blocks, passages, links, skipped files) behave as
frozen value objects: equal and hashed by their fields, unchangeable, copied
with `replace`, and pickled whole."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from reader.model import (
    Caption,
    Code,
    Heading,
    Image,
    KeyPoints,
    Link,
    ListBlock,
    Paragraph,
    Passage,
    Quote,
    Skipped,
    Table,
)

LINK = Link("words", "https://example.org/")
VALUES = [
    LINK,
    Caption("A harbour at dawn.", "REUTERS", "Boats", Image("boats", "https://e.org/a.jpg")),
    KeyPoints(("one", "two")),
    Paragraph("Text.", (LINK,)),
    Quote("Said.", ()),
    Heading("Background"),
    ListBlock(("a", "b"), True, 3, ((LINK,), ())),
    Table((("h1", "h2"), ("c1", "c2")), True, "Figures", (LINK,)),
    Code("print()", "python"),
    Image("alt", "https://e.org/b.png", (("https://e.org/b-2x.png", 1200),)),
    Passage(0, 1, None, "paragraph", "Text.", (LINK,)),
    Skipped("/news/a.txt", "not an article: no text", missing=False),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_a_value_is_equal_to_its_copy_and_hashes_alike(value):
    copy = type(value)(*(getattr(value, name) for name in value._fields))
    assert copy == value and hash(copy) == hash(value) and copy is not value
    assert pickle.loads(pickle.dumps(value)) == value
    assert value.replace() == value
    assert repr(value).startswith(type(value).__name__ + "(")
    name = value._fields[0]
    with pytest.raises(FrozenInstanceError):
        setattr(value, name, getattr(value, name))
    with pytest.raises(FrozenInstanceError):
        delattr(value, name)
    with pytest.raises(AttributeError):
        value.other = 1  # no room for anything but the fields


def test_values_differ_by_a_field_or_by_their_class():
    assert Paragraph("Text.") != Paragraph("Text!")
    assert Paragraph("Text.") != Quote("Text.")  # the same fields, another kind of block
    assert Paragraph("Text.").replace(text="Other.") == Paragraph("Other.")
    assert Caption("A.").replace(credit="AFP") == Caption("A.", "AFP")
    assert len({Paragraph("x"), Paragraph("x"), Quote("x")}) == 2


def test_a_block_knows_its_kind_and_defaults():
    assert [Caption("c").kind, KeyPoints(()).kind, Paragraph("p").kind, Quote("q").kind,
            Heading("h").kind, ListBlock(()).kind, Table(()).kind, Code("c").kind,
            Image("i").kind] == ["caption", "key_points", "paragraph", "quote", "heading",
                                 "list", "table", "code", "image"]
    assert (ListBlock(("a",)).ordered, ListBlock(("a",)).start, ListBlock(("a",)).links) == (
        False, 1, ())
    assert Image("i").url is None and Image("i").srcset == () and Caption("c").image is None
    assert Paragraph("p").to_dict() == {"kind": "paragraph", "text": "p"}
