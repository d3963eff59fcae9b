"""The line-level conventions of exported plain-text articles (see FORMAT.md).

Each function answers one question about one line; `plaintext.py` puts
them together into blocks.
"""

from __future__ import annotations

import re
from datetime import date

# Agencies seen in exports, matched case-insensitively at a word boundary.
AGENCIES = (
    "AFP", "AFP/Getty Images", "Agence France-Presse", "REUTERS", "AP", "AP Photo",
    "Associated Press", "Getty Images", "EPA", "EPA-EFE", "Xinhua", "TASS", "Anadolu",
    "Anadolu Agency", "dpa", "ANP", "Kyodo", "Kyodo News", "Yonhap", "Bloomberg", "Sputnik",
    "Handout", "NurPhoto", "Shutterstock", "SOPA Images", "ZUMA Wire", "Zuma Press", "Imago",
    "Abaca", "Belga", "Ritzau Scanpix", "NTB", "Lusa", "ANSA", "UPI",
)
_AGENCIES = tuple(sorted({a.lower() for a in AGENCIES}, key=len, reverse=True))
_AGENCY_SET = frozenset(_AGENCIES)
_AGENCY_LENGTHS = sorted({len(a) for a in _AGENCIES}, reverse=True)
LONGEST_AGENCY = _AGENCY_LENGTHS[0]
# The lengths of the agencies ending in each last two letters, longest first:
# a caption's tail rules out all but one or two of them at once.
_TAIL_LENGTHS: dict[str, list[int]] = {}
for _agency in _AGENCIES:  # longest first
    _lengths = _TAIL_LENGTHS.setdefault(_agency[-2:], [])
    if len(_agency) not in _lengths:
        _lengths.append(len(_agency))
del _agency, _lengths
_YEAR = re.compile(r"\d{4}")
_NAME = re.compile(r"[^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*){0,4}")
# "Photo:" and its kin may open a credit: "Photo: Getty Images / Sean GALLUP".
_PREFIX = re.compile(r"(?i)(?:^|(?<=\s))(?:photos?|photograph|picture|image|credit)\s*:\s*$")

_KEY_POINTS_HEADING = re.compile(r"(?i:key\s+points|highlights)\s*:?")
_BULLET = re.compile(r"\s*(?:[•\-*–—▪●◦·]|\d{1,2}[.)])\s+(?=\S)")

_FINAL_PUNCTUATION = ".,;:!…\"”’»)]"

_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_DATE_PREFIX = r"(?:(?:Published|Updated|Posted|Date|Last updated)\s*:?\s*(?:on\s+)?)?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2}|Z)?)?"
_DATE_FORMS = (
    re.compile(rf"(?i){_DATE_PREFIX}{_WEEKDAY}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})"
               rf"(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"),
    re.compile(rf"(?i){_DATE_PREFIX}{_WEEKDAY}(?P<mon>[a-z]{{3,9}})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}"),
    re.compile(rf"(?i){_DATE_PREFIX}{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]{{3,9}})\.?,?\s+(?P<y>\d{{4}}){_TIME}"),
)


def _agency_start(head: str) -> int:
    """Where an agency name that ends `head` begins (at a word boundary), else -1."""
    low = head.lower()
    if not low.endswith(_AGENCIES):
        return -1
    # The lengths that could end `low`, longest first (all of them where
    # lowering changed the length, as "İ" does: the indices below mix the two).
    lengths = _TAIL_LENGTHS[low[-2:]] if len(low) == len(head) else _AGENCY_LENGTHS
    for length in lengths:
        start = len(head) - length
        if start >= 0 and low[start:] in _AGENCY_SET and (start == 0 or head[start - 1].isspace()):
            return start
    return -1


def _with_prefix(line: str, start: int) -> int:
    """Move a credit's start back over a `Photo:` prefix standing before it."""
    before = line[max(0, start - 24):start]
    if not before.rstrip().endswith(":"):
        return start  # every prefix ends in a colon (and spaces: `\s` is `str.isspace`)
    match = _PREFIX.search(before)
    return start - len(before) + match.start() if match else start


def split_credit(line: str) -> tuple[str, str | None]:
    """Split a caption line into (caption, credit); credit is None when there is none.

    A credit closing a line is `AGENCY / Photographer NAME`, or `Photo: AGENCY`
    with or without a name: an agency's name alone at the end of a sentence
    ("... reported by Reuters") is not a credit.
    """
    if "/" not in line and ":" not in line:
        return line, None
    slash = line.rfind("/")
    if slash > 0:
        name = line[slash + 1:].strip()
        if _NAME.fullmatch(name) and _plausible_name(name):
            start = _agency_start(line[:slash].rstrip())
            if start >= 0:
                start = _with_prefix(line, start)
                return line[:start].rstrip(), collapse_spaces(line[start:])
    colon = line.rfind(":")
    if colon > 0 and line[colon + 1:].strip().lower() in _AGENCY_SET:
        start = _with_prefix(line, colon + 1 + len(line[colon + 1:]) - len(line[colon + 1:].lstrip()))
        if start <= colon:
            return line[:start].rstrip(), collapse_spaces(line[start:])
    return line, None


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def is_agency(line: str) -> bool:
    """An agency's name and nothing else: `REUTERS`."""
    return len(line) <= LONGEST_AGENCY and line.lower() in _AGENCY_SET


def is_credit_line(line: str) -> bool:
    """A credit alone on its line: `AFP / Delil SOULEIMAN`, `Photo: Getty Images`, `REUTERS`."""
    if is_agency(line):
        return True
    text, credit = split_credit(line)
    return credit is not None and not text


def _plausible_name(name: str) -> bool:
    """A photographer's name starts and ends with a capitalised word."""
    words = name.split()
    return not words[0][0].islower() and not words[-1][0].islower()


_KEY_LABEL = re.compile(r"(?i)\s*(?:the\s+)?(?:key\s+(?:points|facts|takeaways)|highlights|summary"
                        r"|in\s+brief|at\s+a\s+glance|tl;?dr|what\s+you\s+need\s+to\s+know)\s*:?\s*")


def is_key_points_label(text: str) -> bool:
    """A heading or label that introduces key points: "Key points", "Highlights", "TL;DR"..."""
    return bool(text) and len(text) < 40 and _KEY_LABEL.fullmatch(text) is not None


def is_key_points_heading(line: str) -> bool:
    return _KEY_POINTS_HEADING.fullmatch(line) is not None


def bullet_length(line: str) -> int:
    """Length of the bullet marker (with its indentation and space) opening the line, else 0."""
    match = _BULLET.match(line)
    return match.end() if match else 0


def ends_sentence(line: str) -> bool:
    return line.endswith(tuple(_FINAL_PUNCTUATION))


def is_headline(line: str) -> bool:
    """Short, one line, no final full stop, not a credit-bearing caption."""
    return (
        0 < len(line) <= 160
        and len(line.split()) <= 25
        and not line.endswith((".", ",", ";", ":", "…"))
        # split_credit finds no credit, so only an agency's name alone is a credit line
        and split_credit(line)[1] is None
        and not is_agency(line)
        and not is_key_points_heading(line)
        and not bullet_length(line)
        and not line.startswith(">")
    )


def is_subheading(line: str) -> bool:
    """A short line alone in its block, no final punctuation: `BACKGROUND`."""
    return (
        0 < len(line) <= 80
        and len(line.split()) <= 12
        and not ends_sentence(line)
        and not line[0].islower()
        and any(c.isalpha() for c in line)
        and not bullet_length(line)
        and not line.startswith(">")
    )


def parse_date(line: str) -> str | None:
    """The ISO date (YYYY-MM-DD) of a line that is nothing but a date, else None."""
    if len(line) > 60 or not _YEAR.search(line):  # every form has a four-digit year
        return None
    line = line.strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(line)
        if match is None:
            continue
        fields = match.groupdict()
        month = int(fields["m"]) if fields.get("m") else _MONTHS.get(fields["mon"].lower())
        try:
            return date(int(fields["y"]), month or 0, int(fields["d"])).isoformat()
        except ValueError:
            return None
    return None
