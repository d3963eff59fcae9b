"""Figures and pictures keep their images: address, alt text and the sizes offered."""

from __future__ import annotations

import json

from reader import feedcache
from reader.model import Caption, Image
from reader.sources.html import fragment_blocks, parse_html
from reader.sources.markdown import parse_markdown

BASE = "http://127.0.0.1:8/news/story.html"

FIGURE_PAGE = """<html><head><title>Harbour</title></head><body><article>
<h1>Harbour</h1>
<p>The harbour reopened on Monday after a week of storms, and the first boats came in.</p>
<figure>
  <img src="photos/boats-800.jpg" alt="Fishing boats at the quay"
       srcset="photos/boats-320.jpg 320w, photos/boats-800.jpg 800w,
               https://cdn.example.org/boats-1600.jpg 1600w, photos/boats-2x.jpg 2x">
  <figcaption>Boats back at the quay. <span class="credit">Photo: Ana Ruiz/Harbour Agency</span></figcaption>
</figure>
<p>Fishermen said the catch was better than they feared, and the market opened early.</p>
<p><img src="/img/map.png" alt="A map of the bay"></p>
<p>The port authority expects a busy season as the weather settles for the summer.</p>
</article></body></html>"""


def _article():
    return parse_html(FIGURE_PAGE, BASE)


def test_a_figure_keeps_its_picture_with_resolved_sizes():
    caption = next(b for b in _article().blocks if isinstance(b, Caption))
    assert caption.text == "Boats back at the quay."
    image = caption.image
    assert image is not None
    assert image.alt == "Fishing boats at the quay"
    assert image.url == "http://127.0.0.1:8/news/photos/boats-800.jpg"
    # width candidates only, resolved against the page; the 2x one says no width
    assert image.srcset == (("http://127.0.0.1:8/news/photos/boats-320.jpg", 320),
                            ("http://127.0.0.1:8/news/photos/boats-800.jpg", 800),
                            ("https://cdn.example.org/boats-1600.jpg", 1600))


def test_best_url_is_the_narrowest_wide_enough_candidate():
    image = next(b for b in _article().blocks if isinstance(b, Caption)).image
    assert image.best_url(88).endswith("boats-320.jpg")
    assert image.best_url(700).endswith("boats-800.jpg")
    assert image.best_url(5000).endswith("boats-1600.jpg")  # none is wide enough: the widest
    assert Image("x", "http://h/a.png").best_url(100) == "http://h/a.png"


def test_an_image_block_outside_a_figure_keeps_its_address():
    images = [b for b in _article().blocks if isinstance(b, Image)]
    assert [(i.alt, i.url) for i in images] == [("A map of the bay", "http://127.0.0.1:8/img/map.png")]


def test_pictures_belong_to_their_passages():
    article = _article()
    pictures = article.pictures()
    passages = article.passages()
    assert [passages[i].kind for i, _ in pictures] == ["caption", "image"]
    assert pictures[0][1].alt == "Fishing boats at the quay"


def test_to_dict_shows_image_fields_only_when_present():
    caption = next(b for b in _article().blocks if isinstance(b, Caption))
    data = caption.to_dict()
    assert data["image"]["url"].endswith("boats-800.jpg")
    assert data["image"]["srcset"][0] == {"url": "http://127.0.0.1:8/news/photos/boats-320.jpg",
                                          "width": 320}
    assert "image" not in Caption("A caption", "Photo: X").to_dict()
    assert Image("alt", "http://h/a.png").to_dict() == {"kind": "image", "alt": "alt",
                                                        "url": "http://h/a.png"}


def test_the_feed_cache_round_trips_pictures():
    article = _article()
    again = feedcache.article_from_dict(json.loads(json.dumps(article.to_dict())))
    assert again.blocks == article.blocks


def test_a_caption_after_a_picture_keeps_the_picture():
    blocks = fragment_blocks('<div><p>Lead paragraph of the story, long enough to be text.</p>'
                             '<img src="http://h/p.jpg" alt="A heron">'
                             '<p class="wp-caption-text">A heron on the river.</p></div>', "http://h/")
    caption = next(b for b in blocks if isinstance(b, Caption))
    assert caption.image == Image("A heron", "http://h/p.jpg")


def test_srcset_with_commas_inside_urls_and_bad_candidates():
    blocks = fragment_blocks('<div><figure><img alt="a" srcset="https://c/w_400,h_300/p.jpg 400w, '
                             'javascript:x 500w, https://c/q.jpg 9x9w, https://c/r.jpg 900w">'
                             '<figcaption>A photo of the river at dawn.</figcaption></figure></div>',
                             "http://h/")
    caption = next(b for b in blocks if isinstance(b, Caption))
    assert caption.image.srcset == (("https://c/w_400,h_300/p.jpg", 400), ("https://c/r.jpg", 900))
    assert caption.image.url is None
    assert caption.image.best_url(88) == "https://c/w_400,h_300/p.jpg"


def test_markdown_figure_keeps_a_web_picture_only():
    article = parse_markdown("# T\n\n![Boats](https://h/boats.jpg) *Boats at the quay.*\n\n"
                             "![Local](pics/a.jpg) *A local picture.*\n", "story.md")
    captions = [b for b in article.blocks if isinstance(b, Caption)]
    assert captions[0].image == Image("Boats", "https://h/boats.jpg")
    assert captions[1].image is None


def test_show_json_carries_the_picture_and_piped_text_is_unchanged(tmp_path, capsys):
    from reader.cli import main

    page = tmp_path / "harbour.html"
    page.write_text(FIGURE_PAGE.replace('src="photos/', 'src="https://news.example/photos/'))
    assert main(["show", str(page), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    caption = next(b for b in data["blocks"] if b["kind"] == "caption")
    assert caption["image"]["url"] == "https://news.example/photos/boats-800.jpg"
    assert caption["image"]["alt"] == "Fishing boats at the quay"
    assert all("image" not in b for b in data["blocks"] if b["kind"] != "caption")
    assert main(["show", str(page)]) == 0
    text = capsys.readouterr().out
    assert "Boats back at the quay." in text and "▀" not in text


def test_config_keys_for_photos():
    from reader.config import Config, parse_config

    assert (Config().images, Config().image_rows, Config().image_cache_mb) == ("auto", 16, 200)
    config = parse_config({"images": "off", "image_rows": 8, "image_cache_mb": 50})
    assert (config.images, config.image_rows, config.image_cache_mb, config.problems) == (
        "off", 8, 50.0, [])
    for mode in ("kitty", "sixel", "halfblocks"):
        assert parse_config({"images": mode}).images == mode
    bad = parse_config({"images": "regis", "image_rows": 0, "image_cache_mb": "lots"})
    assert (bad.images, bad.image_rows, bad.image_cache_mb) == ("auto", 16, 200)
    assert len(bad.problems) == 3 and all("\n" not in p for p in bad.problems)
    assert '"kitty", "sixel"' in bad.problems[0]
