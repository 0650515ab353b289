"""Time expressions → ``TimeSpan``s, anchored the way a news reader anchors them.

Absolute expressions ("March 2023", "2022", "Sept. 20, 2023") need no anchor.
Relative ones ("Wednesday", "in October", "last year", "this week", "10 years
ago") are resolved against the article's date and the sentence's tense: in a
past-tense report "in October" is the most recent October and "Wednesday" the
most recent Wednesday (or today); in a plan they are the coming ones.

We do not use dateparser for these: with a base date it reads "in October" as
last October whatever the tense, and cannot read "last February".

Without a trusted anchor a relative expression keeps its text and an open
span (``start`` and ``end`` None): never anchored to a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

from .provenance import MONTHS
from .timespan import Granularity, TimeSpan

Tense = Literal["past", "future"]
_UNIT_GRANULARITY: dict[str, Granularity] = {
    "year": "year", "month": "month", "week": "week", "day": "day", "weekend": "range"}


class TimeMention:
    """A time expression found in a sentence: where, and what it resolves to."""

    def __init__(self, start: int, end: int, span: TimeSpan) -> None:
        self.start = start
        self.end = end
        self.span = span


WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name)}  # Monday=0
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "fifty": 50, "hundred": 100,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "twentieth": 20, "fiftieth": 50, "hundredth": 100,
}


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- the patterns, most specific first; the longest match at a position wins -----------------

_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # noqa: E501
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|hundred)"
_REL = r"(?P<rel>last|next|this|past|coming)"
_PREP = r"(?:in|since|by|until|till|through|from|during|before|after|on|as early as|as late as|early|late|mid-?|end of|the end of|earlier in|later in)"  # noqa: E501

Handler = Callable[[re.Match[str], dt.date | None, Tense], TimeSpan | None]
_PATTERNS: list[tuple[re.Pattern[str], Handler, frozenset[str]]] = []
_MONTH_WORDS = frozenset(
    "jan january feb february mar march apr april june jun july jul aug august sep sept september oct october "
    "nov november dec december".split())
_WEEKDAY_WORDS = frozenset(name.lower() for name in WEEKDAYS)
_UNIT_WORDS = frozenset("year years month months week weeks weekend day days".split())
_RELATIVE_WORDS = frozenset("last next this past coming over during at".split())
_AGO_WORDS = frozenset("ago earlier before later now".split())
_DEICTIC_WORDS = frozenset("today yesterday tomorrow tonight night morning afternoon evening".split())
_M3 = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_YEARISH = re.compile(r"(?:1[89]|20)\d\d")
_MONTH_NEXT_TO_DIGIT = re.compile(rf"{_M3}[a-z]*\.?,?\s+(?:of\s+)?\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_M3}")
_WORD = re.compile(r"\w+")


def _passes(text: str, words: set[str] | frozenset[str]) -> frozenset[str]:
    """The cheap tests a sentence passes; a pattern is tried only if all its ``needs`` are among them.

    Most sentences hold no time at all: set lookups and two short scans rule them
    out before any of the long patterns runs.
    """
    passed = set()
    if _YEARISH.search(text):
        passed.add("year")
    # "may" is mostly the verb: it counts only capitalised
    if not _MONTH_WORDS.isdisjoint(words) or ("may" in words and "May" in text):
        passed.add("month")
        if _MONTH_NEXT_TO_DIGIT.search(text):
            passed.add("month_digit")
    if not _WEEKDAY_WORDS.isdisjoint(words):
        passed.add("weekday")
    if not _UNIT_WORDS.isdisjoint(words):
        if not _RELATIVE_WORDS.isdisjoint(words):
            passed.add("relative_unit")
        if not _AGO_WORDS.isdisjoint(words):
            passed.add("ago")
    if "anniversary" in words:
        passed.add("anniversary")
    if not _DEICTIC_WORDS.isdisjoint(words):
        passed.add("deictic")
    return frozenset(passed)


def _pattern(regex: str, needs: str, flags: int = 0) -> Callable[[Handler], Handler]:
    """Register a pattern; ``needs`` names the cheap test a sentence must pass before it is tried."""
    def register(fn: Handler) -> Handler:
        _PATTERNS.append((re.compile(regex, flags), fn, frozenset(needs.split("+"))))
        return fn
    return register


def _mon(m: re.Match[str]) -> int:
    return MONTHS[m.group("mon").lower().rstrip(".")]


def _span(m: re.Match[str], start: dt.date, end: dt.date, gran: Granularity,
          anchor: dt.date | None = None) -> TimeSpan:
    return TimeSpan(start=start, end=end, granularity=gran, expression=m.group(0).strip(),
                    anchor=anchor, relative=anchor is not None)


def _open(m: re.Match[str], gran: Granularity) -> TimeSpan:
    return TimeSpan(granularity=gran, expression=m.group(0).strip(), relative=True)


@_pattern(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", needs="year")
def iso_date(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    day = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _span(m, day, day, "day") if day else None


@_pattern(rf"\b(?:{_WD},?\s+)?{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", needs="month_digit")
def month_day_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    day = _safe_date(int(m.group("year")), _mon(m), int(m.group("d")))
    return _span(m, day, day, "day") if day else None


@_pattern(rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\s+{_YEAR}\b",
          needs="month_digit")
def day_month_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    day = _safe_date(int(m.group("year")), _mon(m), int(m.group("d")))
    return _span(m, day, day, "day") if day else None


def _year_for(month: int, day: int, anchor: dt.date, tense: Tense, strict: bool = False) -> int:
    """The year of the coming (future) or most recent (past) month/day, seen from ``anchor``."""
    here = (anchor.month, anchor.day if day else 0)
    there = (month, day)
    if tense == "future":
        return anchor.year if (there > here if strict else there >= here) else anchor.year + 1
    return anchor.year if (there < here if strict else there <= here) else anchor.year - 1


@_pattern(rf"\b{_MON}\s+(?P<d1>\d{{1,2}})\s*[-–]\s*(?P<d2>\d{{1,2}})(?:,?\s+{_YEAR})?\b", needs="month_digit")
def month_day_range(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    month, d1, d2 = _mon(m), int(m.group("d1")), int(m.group("d2"))
    if m.group("year"):
        year = int(m.group("year"))
    elif anchor is None:
        return _open(m, "range")
    else:
        year = _year_for(month, d1, anchor, tense)
    a, b = _safe_date(year, month, d1), _safe_date(year, month, d2)
    if not a or not b or b < a:
        return None
    return _span(m, a, b, "range", None if m.group("year") else anchor)


@_pattern(rf"\b(?:{_WD},?\s+)?{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![-–\d])", needs="month_digit")
def month_day(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    month, d = _mon(m), int(m.group("d"))
    if m.group("mon").lower().startswith("may") and not m.group(0)[0].isupper():
        return None
    if anchor is None:
        # the year is unknown, but not the day of the year: it still tells two events apart
        known = (month, d) if _safe_date(2000, month, d) else None
        return _open(m, "day").model_copy(update={"month_day": known})
    day = _safe_date(_year_for(month, d, anchor, tense), month, d)
    return _span(m, day, day, "day", anchor) if day else None


@_pattern(rf"\b(?:(?:in|of|since|by|during|until)\s+)?{_MON}\s+(?:of\s+)?{_YEAR}\b", needs="month_digit")
def month_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    start, end = _month_span(int(m.group("year")), _mon(m))
    return _span(m, start, end, "month")


@_pattern(rf"\b(?:in\s+)?{_MON}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b", needs="month")
def month_relative_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    if anchor is None:
        return _open(m, "month")
    year = anchor.year + {"last": -1, "this": 0, "next": 1}[m.group("rel")]
    start, end = _month_span(year, _mon(m))
    return _span(m, start, end, "month", anchor)


@_pattern(rf"\b(?P<rel>last|next|this|early|late|earlier this|later this)\s+{_MON}(?!\s+\d)", needs="month")
def relative_month_name(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    if anchor is None:
        return _open(m, "month")
    rel, month = m.group("rel"), _mon(m)
    if rel == "last":
        year = _year_for(month, 0, anchor, "past", strict=True)
    elif rel == "next":
        year = _year_for(month, 0, anchor, "future", strict=True)
    elif rel.endswith("this"):
        year = anchor.year
    else:
        year = _year_for(month, 0, anchor, tense)
    start, end = _month_span(year, month)
    return _span(m, start, end, "month", anchor)


@_pattern(rf"\b(?:(?P<prep>{_PREP})\s+)?{_MON}\b(?!\s+\d)", needs="month")
def bare_month(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    name = m.group("mon")
    # "may" and "march" are also a verb: only with a preposition, or capitalised mid-sentence
    if name.lower().rstrip(".") in {"may", "mar", "march"} and not m.group("prep"):
        return None
    if not name[0].isupper() or (len(name.rstrip(".")) <= 3 and not name.endswith(".") and name != "May"):
        return None  # "jan", "Dec" alone are too often not months
    if anchor is None:
        return _open(m, "month")
    start, end = _month_span(_year_for(_mon(m), 0, anchor, tense), _mon(m))
    return _span(m, start, end, "month", anchor)


@_pattern(rf"\b(?:(?:between|from)\s+)?{_YEAR}\s*(?:[-–]|to|and)\s*(?P<year2>(?:1[89]|20)\d\d)\b", needs="year")
def year_range(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    if not re.match(r"(between|from)\b", m.group(0)) and " and " in m.group(0):
        return None  # "in 2017 and 2019": two years, each its own time
    y1, y2 = int(m.group("year")), int(m.group("year2"))
    if y2 <= y1:
        return None
    return _span(m, dt.date(y1, 1, 1), dt.date(y2, 12, 31), "range")


@_pattern(rf"(?<![\d$£€,.])\b(?:(?:in|since|by|during|until|of|early|late|mid-?)\s+)?{_YEAR}\b(?![,.]?\d|%|\s*(?:million|billion|people|homes|percent))", needs="year")  # noqa: E501
def year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    return _span(m, *_year_span(int(m.group("year"))), "year")


@_pattern(rf"\b{_REL}\s+(?P<unit>year|month|week|weekend)\b|\b(?P<over>over|during|at) the weekend\b",
          needs="relative_unit")
def relative_unit(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    unit = m.group("unit") or "weekend"
    gran = _UNIT_GRANULARITY[unit]
    if anchor is None:
        return _open(m, gran)
    rel = m.group("rel") or ("last" if tense == "past" else "next")
    step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[rel]
    if unit == "year":
        return _span(m, *_year_span(anchor.year + step), "year", anchor)
    if unit == "month":
        y, mo = _shift_month(anchor.year, anchor.month, step)
        return _span(m, *_month_span(y, mo), "month", anchor)
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        return _span(m, monday, monday + dt.timedelta(days=6), "week", anchor)
    saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)  # this week's Saturday
    if rel in {"last", "past"} or (rel == "this" and tense == "past" and anchor.weekday() < 5):
        saturday -= dt.timedelta(weeks=1)
    elif rel in {"next", "coming"} and anchor.weekday() >= 5:
        saturday += dt.timedelta(weeks=1)
    return _span(m, saturday, saturday + dt.timedelta(days=1), "range", anchor)


@_pattern(rf"\b{_NUM}\s+(?P<unit>year|month|week|day)s?\s+(?P<dir>ago|earlier|before|later|from now)\b",
          needs="ago", flags=re.IGNORECASE)
def units_ago(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    n_text = m.group("n").lower()
    n = int(n_text) if n_text.isdigit() else _NUMBERS[n_text]
    unit = m.group("unit").lower()
    gran = _UNIT_GRANULARITY[unit]
    if m.group("dir") in {"earlier", "before", "later"}:
        return None  # relative to another event in the sentence, not to the article's date
    if anchor is None:
        return _open(m, gran)
    sign = 1 if m.group("dir") == "from now" else -1
    if unit == "year":
        return _span(m, *_year_span(anchor.year + sign * n), "year", anchor)
    if unit == "month":
        y, mo = _shift_month(anchor.year, anchor.month, sign * n)
        return _span(m, *_month_span(y, mo), "month", anchor)
    if unit == "week":
        day = anchor + dt.timedelta(weeks=sign * n)
        monday = day - dt.timedelta(days=day.weekday())
        return _span(m, monday, monday + dt.timedelta(days=6), "week", anchor)
    day = anchor + dt.timedelta(days=sign * n)
    return _span(m, day, day, "day", anchor)


@_pattern(
    r"\b(?P<days>days|weeks)?\s*(?:(?:before|after|ahead of)\s+)?(?:the\s+)?"
    r"(?:(?P<n>\d+)(?:st|nd|rd|th)?(?:-|\s)?(?:year)?|(?P<ord>first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|twentieth|fiftieth|hundredth))[- ]?(?:year\s+)?anniversary\b",
    needs="anniversary",
    flags=re.IGNORECASE,
)
def anniversary(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    """'the 1-year anniversary of X': X happened N years before the article's date."""
    n = int(m.group("n")) if m.group("n") else _ORDINALS[m.group("ord").lower()]
    # "days before the anniversary" pins the month; a bare anniversary only the year
    gran: Granularity = "month" if m.group("days") else "year"
    if anchor is None:
        return _open(m, gran)
    if gran == "month":
        return _span(m, *_month_span(anchor.year - n, anchor.month), "month", anchor)
    return _span(m, *_year_span(anchor.year - n), "year", anchor)


@_pattern(rf"\b(?:(?P<rel>last|next|this|on|since|early|late|by)\s+)?{_WD}"
          r"(?:\s+(?:morning|afternoon|evening|night))?\b", needs="weekday")
def weekday(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    if anchor is None:
        return _open(m, "day")
    wd, rel = WEEKDAYS[m.group("wd")], m.group("rel")
    if rel == "next" or (tense == "future" and rel != "last"):
        ahead = (wd - anchor.weekday()) % 7 or (7 if rel == "next" else 0)
        day = anchor + dt.timedelta(days=ahead)
    else:
        back = (anchor.weekday() - wd) % 7 or (7 if rel == "last" else 0)
        day = anchor - dt.timedelta(days=back)
    return _span(m, day, day, "day", anchor)


@_pattern(r"\b(?P<word>today|yesterday|tomorrow|tonight|last night|this (?:morning|afternoon|evening))\b",
          needs="deictic", flags=re.IGNORECASE)
def deictic_day(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> TimeSpan | None:
    if anchor is None:
        return _open(m, "day")
    word = m.group("word").lower()
    shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
    day = anchor + dt.timedelta(days=shift)
    return _span(m, day, day, "day", anchor)


def find_times(text: str, anchor: dt.date | None, tense: Tense = "past",
               words: set[str] | frozenset[str] | None = None) -> list[TimeMention]:
    """Every time expression in ``text``, resolved against ``anchor`` in the given tense.

    ``words``: the sentence's lower-case words, when the caller has them already.
    Overlapping candidates are settled longest first, so "September 20, 2023" is one
    day, not a month and a year.
    """
    if words is None:
        words = set(_WORD.findall(text.lower()))
    passed = _passes(text, words)
    if not passed:
        return []
    candidates: list[tuple[int, int, TimeSpan]] = []
    for regex, handler, needs in _PATTERNS:
        if not needs <= passed:
            continue
        for m in regex.finditer(text):
            span = handler(m, anchor, tense)
            if span is not None:
                start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                candidates.append((start, m.end(), span))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[TimeMention] = []
    for start, end, span in candidates:
        if all(end <= t.start or start >= t.end for t in taken):
            taken.append(TimeMention(start=start, end=end, span=span))
    return sorted(taken, key=lambda t: t.start)
