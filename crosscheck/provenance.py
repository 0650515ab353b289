"""What a page says about itself: the date it prints and the wire it credits.

Scraped pages print dates ("Date:2025-04-18 12:54:14", " date 2023-07-25 ")
that may be the day a content farm copied the story, not the day it was
written; they are read and kept as the *page* date, never silently promoted
over the sidecar. A dateline ("MOSCOW (AP) —") or byline ("By AFP") credits
the story's origin, so that copies of one wire story count once.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .rules import AgencyRules

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_MDY = rf"(?P<mon>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
_DMY = rf"(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>{_MONTH}),?\s+(?P<y3>\d{{4}})"
PRINTED_DATE = re.compile(rf"(?:{_ISO}|{_MDY}|{_DMY})", re.IGNORECASE)

# "Date:2025-04-18 12:54:14", " date 2023-07-25 ", "Published: March 3, 2023",
# "on July 13, 2009 at 10:50 AM, updated …"
_DATE_LABEL = re.compile(
    r"^\s*(?:(?:date|published|posted|updated|last updated|first published|publication date)"
    r"(?:\s+on)?\s*:?|on)\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?=\d|[a-z])",
    re.IGNORECASE,
)
_SEARCH_LINES = 25  # page dates and credits sit at the top of a page


def parse_printed_date(text: str) -> dt.date | None:
    """The first absolute calendar date written in ``text``, or None."""
    m = PRINTED_DATE.search(text)
    if not m:
        return None
    try:
        if m.group("y"):
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if m.group("mon"):
            mon = MONTHS[m.group("mon").lower().rstrip(".")]
            return dt.date(int(m.group("y2")), mon, int(m.group("d2")))
        mon = MONTHS[m.group("mon3").lower().rstrip(".")]
        return dt.date(int(m.group("y3")), mon, int(m.group("d3")))
    except ValueError:  # 2023-02-30 and the like: not a date
        return None


@dataclass(frozen=True)
class PageDate:
    line: int  # 0-based index into the raw lines
    date: dt.date
    text: str  # the line as printed


@dataclass(frozen=True)
class OriginCredit:
    line: int
    agency: str  # the agency's canonical name
    evidence: str  # the credit as printed: "MOSCOW (AP) —", "By AFP"
    prefix_len: int  # characters of the line the credit takes; the whole line for a byline
    whole_line: bool


def _top_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(index, line) for the first non-blank lines of a page, where dates and credits sit."""
    nonblank = ((i, line) for i, line in enumerate(lines) if line.strip())
    return itertools.islice(nonblank, _SEARCH_LINES)


def find_page_date(lines: list[str]) -> PageDate | None:
    """The date the page prints in a labelled date line near its top."""
    for i, line in _top_lines(lines):
        label = _DATE_LABEL.match(line)
        if not label:
            continue
        m = PRINTED_DATE.match(line, label.end())
        if not m:
            continue
        date = parse_printed_date(m.group(0))
        if date is not None:
            return PageDate(line=i, date=date, text=line.strip())
    return None


def _alias_index(agencies: AgencyRules) -> dict[str, str]:
    return {alias.lower(): a.name for a in agencies.agencies for alias in a.aliases}


_DATELINE = re.compile(
    r"^\s*(?P<place>(?:[A-Z][A-Za-z.'’ -]*?)?(?:,\s*[A-Z][\w.' -]*?)*(?:,\s*\w+\.? \d{1,2})?)\s*"
    r"\((?P<agency>[A-Za-z .&-]{2,40})\)\s*[—–-]{1,2}\s*"
)
_BYLINE = re.compile(r"^\s*By\s+(?P<who>[^.!?]{1,80})$")


def find_origin(lines: list[str], agencies: AgencyRules) -> OriginCredit | None:
    """The agency a dateline or byline near the top credits, if any."""
    index = _alias_index(agencies)
    for i, line in _top_lines(lines):
        m = _DATELINE.match(line)
        if m and m.group("agency").strip().lower() in index:
            place = m.group("place").strip()
            # a dateline's place is written in capitals ("MOSCOW", "TAIPEI, Taiwan")
            if not place or place.split(",")[0].replace(" ", "").replace(".", "").isupper():
                return OriginCredit(
                    line=i,
                    agency=index[m.group("agency").strip().lower()],
                    evidence=m.group(0).strip(),
                    prefix_len=m.end(),
                    whole_line=False,
                )
        b = _BYLINE.match(line)
        if b:
            names = re.split(r",|\band\b|\bfor\b|/", b.group("who"))
            for name in names:
                if name.strip().lower() in index:
                    return OriginCredit(
                        line=i, agency=index[name.strip().lower()], evidence=line.strip(),
                        prefix_len=len(line), whole_line=True,
                    )
    return None


_NAME_JOINERS = frozenset({"and", "of", "the", "for", "in", "de", "van", "von", "al", "&"})


def is_byline(line: str) -> bool:
    """A short 'By Jane Doe and John Roe' line: page furniture, whether or not it names an agency."""
    m = _BYLINE.match(line)
    if not m:
        return False
    words = m.group("who").replace(",", " ").split()
    return 0 < len(words) <= 8 and all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in words)
