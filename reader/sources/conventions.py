"""The line-level conventions of exported plain-text articles (see FORMAT.md).

Each function answers one question about one line; `plaintext.py` puts
them together into blocks.
"""

from __future__ import annotations

import re
from datetime import date

# Agencies seen in exports. Matched case-insensitively, at a word boundary.
AGENCIES = (
    "AFP/Getty Images", "AFP", "Agence France-Presse", "REUTERS", "AP Photo", "AP",
    "Associated Press", "Getty Images", "EPA-EFE", "EPA", "Xinhua", "TASS", "Anadolu Agency",
    "Anadolu", "dpa", "ANP", "Kyodo", "Yonhap", "Bloomberg", "Sputnik", "Pool", "Handout",
    "NurPhoto", "Shutterstock", "SOPA Images", "ZUMA Wire", "Imago", "Abaca", "Belga",
    "Ritzau Scanpix", "NTB", "TT", "Lusa", "Ansa", "Kyodo News", "UPI", "Zuma Press",
)
_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_NAME_WORD = r"[^\W\d_][\w'’.\-]*"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,4}}"
_PREFIX = r"(?:(?:Photo|Photos|Photograph|Picture|Image|Credit)\s*:\s*)"

# A credit alone on its line: "AFP / Delil SOULEIMAN", "Photo: Getty Images", "REUTERS".
_CREDIT_LINE = re.compile(rf"{_PREFIX}?(?i:{_AGENCY})(?:\s*/\s*(?P<name>{_NAME}))?")
# A credit closing a caption line: it needs a photographer or a "Photo:" prefix,
# so a sentence that merely ends with an agency's name is not mistaken for one.
_CREDIT_TAIL = re.compile(
    rf"(?:(?<=\s)|^)(?P<credit>{_PREFIX}(?i:{_AGENCY})(?:\s*/\s*(?P<pname>{_NAME}))?"
    rf"|(?i:{_AGENCY})\s*/\s*(?P<name>{_NAME}))$"
)

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


def split_credit(line: str) -> tuple[str, str | None]:
    """Split a caption line into (caption, credit); credit is None when there is none."""
    if "/" not in line and ":" not in line:
        return line, None
    tail = line[-160:]
    match = _CREDIT_TAIL.search(tail)
    if not match or not _plausible_name(match.group("name") or match.group("pname")):
        return line, None
    start = len(line) - len(tail) + match.start("credit")
    return line[:start].rstrip(), match.group("credit")


def is_credit_line(line: str) -> bool:
    match = _CREDIT_LINE.fullmatch(line)
    return bool(match) and _plausible_name(match.group("name"))


def _plausible_name(name: str | None) -> bool:
    """A photographer's name starts and ends with a capitalised word."""
    if name is None:
        return True
    words = name.split()
    return not words[0][0].islower() and not words[-1][0].islower()


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
        and split_credit(line)[1] is None
        and not is_credit_line(line)
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
    if len(line) > 60 or not any(c.isdigit() for c in line):
        return None
    for form in _DATE_FORMS:
        match = form.fullmatch(line.strip())
        if match is None:
            continue
        fields = match.groupdict()
        month = int(fields["m"]) if fields.get("m") else _MONTHS.get(fields["mon"].lower())
        try:
            return date(int(fields["y"]), month or 0, int(fields["d"])).isoformat()
        except ValueError:
            return None
    return None
