"""Acceptance over the real exported articles in ../shared/seeds (skipped when absent)."""

from __future__ import annotations

import json
import os
import re

import pytest

from reader.cli import main
from reader.sources import read_article, read_summary
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not beside the checkout")

SEED = next((p for p in SEEDS if p.name.startswith("000_f8b7ab6271b985f4")), None)


def test_every_seed_parses_and_the_light_pass_agrees():
    for path in SEEDS:
        article = read_article(path)
        assert article.blocks and article.title
        assert read_summary(path) == article.summary()


@pytest.mark.skipif(SEED is None, reason="the reference seed is not there")
def test_reference_seed_structure_through_the_cli(capsys):
    assert main(["show", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    blocks = data["blocks"]
    captions = [b for b in blocks if b["kind"] == "caption"]
    assert [c["credit"] for c in captions] == ["AFP / Delil SOULEIMAN", "AFP / WAKIL KOHSAR"]
    assert blocks[0]["kind"] == "caption" and blocks[-1]["kind"] == "caption"
    assert captions[0]["description"].startswith("In this file photo taken on February 22, 2020")
    assert captions[1]["description"] is None
    points = [b for b in blocks if b["kind"] == "key_points"]
    assert len(points) == 1 and len(points[0]["items"]) == 3
    assert all("\u00a0" not in item and item == item.strip() for item in points[0]["items"])
    assert len([b for b in blocks if b["kind"] == "paragraph"]) == 16
    assert not [b for b in blocks if b["kind"] in ("quote", "heading")]
    # The closing sentence appears once in the whole article.
    closing = "entered a new, more chaotic chapter"
    assert json.dumps(data).count(closing) == 1
    # A derived title: neither the file name nor the photo description.
    assert data["title"] == "Tajikistan mobilized 20,000 military reservists as the Taliban advance north of Afghanistan"
    assert not re.match(r"\d{3}_", data["title"]) and "photo" not in data["title"].lower()
    assert data["source"] == os.path.abspath(SEED)
    assert data["published"] is None
    assert re.fullmatch(r"[0-9a-f]{16}", data["id"])
