"""What is page furniture, not story: chrome, teasers, the page's tail, key-points boxes.

- chrome: by tag (nav, footer, forms...), by being hidden, by role, or by a word in the
  class/id (ad, share, social, related, newsletter, comments, cookie, menu, sidebar,
  tags, byline...) -- unless the element holds most of the text of the part being
  walked (a layout wrapper named `sidebar`, Drupal's `field-label-hidden`, a `paywall`
  around the story), or the word is in an id made from the element's own heading;
- teasers: a container whose words are mostly link words, unless it reads as prose;
- the page's tail: a heading such as Related, Recommended for you, Like this:, Comments;
- key points: a container named so (class, aria-label, title, or a first heading such
  as "Key points", "Highlights") that holds a list.
"""

from __future__ import annotations

import re

from reader.sources.conventions import is_key_points_label
from reader.sources.html_text import DROP_TAGS, is_hidden, text_of

_CHROME_TOKENS = frozenset({
    "ad", "ads", "adv", "advert", "advertisement", "advertising", "banner", "sponsor",
    "sponsored", "promo", "promotion", "share", "sharing", "sharebar", "social", "related",
    "newsletter", "subscribe", "subscription", "signup", "comment", "comments", "cookie",
    "cookies", "consent", "breadcrumb", "breadcrumbs", "menu", "navbar", "nav", "navigation",
    "sidebar", "footer", "masthead", "tags", "tag", "byline", "meta", "popup", "modal",
    "paywall", "outbrain", "taboola", "recirculation", "trending", "mostread", "most",
    "toolbar", "print", "skip", "hidden", "visually", "sr",
})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                           "menu", "menubar", "dialog", "alert"})
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_KEY_CLASS = re.compile(r"(?i)key[-_ ]?(?:points|facts|takeaways)|highlights|takeaways"
                        r"|summary[-_ ]?(?:list|box|points)|tl-?dr|at-a-glance")
_END_LABEL = re.compile(
    r"(?i)\s*(?:(?:you\s+)?(?:may|might)\s+also\s+(?:like|enjoy)|related(?:\s+(?:stories|articles|news|posts"
    r"|content|coverage|links|reading|topics))?|recommended(?:\s+(?:for\s+you|stories|articles|reading"
    r"|related\s+news))?|more\s+(?:stories|from\s+.{1,40}|on\s+this\s+(?:story|topic)|like\s+this"
    r"|news|articles|to\s+read)|read\s+(?:more|next|also)|like\s+this|share\s+this(?:\s+(?:article"
    r"|story|post))?|(?:most\s+)?(?:popular|read|viewed|trending)(?:\s+(?:now|stories|articles))?"
    r"|(?:\d+\s+)?comments?|leave\s+a\s+(?:reply|comment)|join\s+the\s+(?:discussion|conversation)"
    r"|sponsored(?:\s+(?:stories|content|links))?|around\s+the\s+web|trending\s+now)\s*[:.!?]?\s*")
"""A heading that opens the page's tail (teasers, comments, sharing): the story has ended."""
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MAJORITY = 0.5
"""A chrome-named element holding this share of the walked part's paragraph text is kept."""
KEY_POINTS_BOX = 2
"""A key-points container with this many times its list's text around the list is a
content wrapper: only the list is the key points, the rest is walked as the story."""
LINK_DENSITY = 0.5
"""A container (not a list inside a paragraph's flow) whose text is mostly link words is a
block of teasers, tags or related links; one with many commas is prose, and kept."""
PROSE_COMMAS = 10
ALL_LINKS = 0.8
"""Nearly all link words: teasers whatever their punctuation."""


def is_end_label(text: str) -> bool:
    return _END_LABEL.fullmatch(text) is not None


def link_density(el) -> float:
    text = len(el.text_content().strip())
    if not text:
        return 0.0
    return sum(len(a.text_content().strip()) for a in el.iter("a")) / text


def is_teasers(el) -> bool:
    """Link-dense furniture: related stories, tag clouds, link menus; not prose."""
    links = sum(1 for _ in el.iter("a"))
    if links >= 2:
        density = link_density(el)
        if density > ALL_LINKS or (density > LINK_DENSITY
                                   and el.text_content().count(",") < PROSE_COMMAS):
            return True
    return False


def _attr_text(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def paragraph_text(el) -> int:
    return sum(len(p.text_content()) for p in el.iter("p", "pre", "li", "td"))


def is_chrome(el, keep_above: int | None = None) -> bool:
    """Page furniture, not story: by tag, by being hidden, by role, or by a chrome word in
    its class/id -- the last unless it holds more than `keep_above` characters of text."""
    tag = el.tag.lower()
    if tag in DROP_TAGS or is_hidden(el):
        return True
    if tag == "header" and next(el.iterancestors("article"), None) is None:
        return True
    if tag == "aside" and not is_key_points(el):
        return True
    if (el.get("role") or "").lower() in _CHROME_ROLES and not is_key_points(el):
        return True
    tokens = set(_TOKEN_SPLIT.split(_attr_text(el).lower())) - {""}
    if not tokens & _CHROME_TOKENS or is_key_points(el):
        return False
    if _id_is_its_title(el):  # "sharing-with-a-team": a section named after its heading
        tokens = set(_TOKEN_SPLIT.split((el.get("class") or "").lower())) - {""}
        if not tokens & _CHROME_TOKENS:
            return False
    return keep_above is None or paragraph_text(el) <= keep_above


def _slug(text: str) -> str:
    return "-".join(re.findall(r"\w+", text.lower()))


def _id_is_its_title(el) -> bool:
    """The element's id is made from its own first heading, as documentation tools do."""
    ident = el.get("id")
    if not ident:
        return False
    heading = next(el.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
    return heading is not None and _slug(ident) == _slug(text_of(heading))[:len(_slug(ident))] != ""


def _labelled(el) -> bool:
    first = next((c for c in el if isinstance(c.tag, str)), None)
    return (first is not None and first.tag.lower() in _HEADINGS | {"p", "strong", "summary"}
            and is_key_points_label(text_of(first)))


def is_key_points(el) -> bool:
    """A container that holds the key points: named so, and holding a list."""
    if el.tag.lower() not in ("aside", "section", "div", "ul", "ol", "details", "article"):
        return False
    named = (_KEY_CLASS.search(_attr_text(el))
             or is_key_points_label(el.get("aria-label", "") or el.get("title", ""))
             or _labelled(el))
    return bool(named) and first_list(el) is not None


def first_list(el):
    if el.tag.lower() in ("ul", "ol"):
        return el
    return next(el.iter("ul", "ol"), None)


def items_of(list_el) -> tuple[str, ...]:
    items = (text_of(li) for li in list_el.iter("li"))
    return tuple(item for item in items if item)


def is_box(el) -> bool:
    """A key-points container that is really the story's wrapper (much text beside the list)."""
    if el.tag.lower() in ("ul", "ol"):
        return False
    list_text = len(first_list(el).text_content())
    return len(el.text_content()) > KEY_POINTS_BOX * list_text + 200
