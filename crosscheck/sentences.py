"""Sentence splitting with character offsets into the clean text.

Rule-based on purpose: it keeps "U.S.", "St. Petersburg", "Oct. 17-18" and
quotations whole, treats every headline and bullet line as a sentence of its
own, and is fast enough to run on a year of news on one core.
"""

from __future__ import annotations

import re

# Abbreviations that do not end a sentence when a capital follows ("Dr. Smith").
_TITLES = frozenset(
    "mr mrs ms dr prof st ste mt ft gen sen rep gov lt col sgt capt cmdr adm maj pres rev hon "
    "supt det insp vs v fig approx dept univ assn bros corp messrs"
    .split()
)
# These do not end a sentence when a number follows ("Oct. 17", "No. 10").
_BEFORE_NUMBER = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec no nos".split())
# Words that start a new sentence after a dotted acronym ("… to the U.S. The talks …").
_STARTERS = frozenset(
    "the a an he she it they we i but and in on at this that these those his her their its "
    "there however meanwhile after before when while if yet so".split()
)
_TERMINAL = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_OPEN_QUOTE_LIMIT = 400  # an unclosed quote longer than this is a stray mark, not a quotation
_BULLET = re.compile(r"^\s*(?:[•·▪◦*]|[-–—](?=\s))\s*")


def _token_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(\"“'‘":
        start -= 1
    return text[start:end]


def _quote_open(text: str, start: int, end: int) -> int | None:
    """Offset of the quotation still open at ``end`` (counted from ``start``), or None."""
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“":
            opened = i
        elif ch == "”":
            opened = None
        elif ch == '"':
            opened = None if opened is not None else i
    return opened


def _is_boundary(text: str, seg_start: int, mark: re.Match[str]) -> bool:
    after = mark.end()
    nxt = after
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    if nxt >= len(text):
        return True
    follower = text[nxt]
    if follower in "\"“'‘(":
        follower = text[nxt + 1] if nxt + 1 < len(text) else ""
    if not (follower.isupper() or follower.isdigit()):
        return False
    punct = mark.group(0)
    if punct.startswith(".") and len(punct.rstrip("\"'”’)]")) == 1:
        token = _token_before(text, mark.start())
        word = token.lower().rstrip(".")
        next_word = re.match(r"[\"“'‘(]?(\w+)", text[nxt:])
        following = next_word.group(1) if next_word else ""
        if word in _TITLES:
            return False
        if word in _BEFORE_NUMBER and following[:1].isdigit():
            return False
        if len(token) == 1 and token.isupper():  # an initial: "Joe J. Smith"
            return False
        if "." in token and token.replace(".", "").isalpha():  # U.S., a.m.
            return following.lower() in _STARTERS
    opened = _quote_open(text, seg_start, mark.start())
    if opened is not None and mark.start() - opened < _OPEN_QUOTE_LIMIT:
        return False
    return True


def split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one line; bullets' markers are left out."""
    bullet = _BULLET.match(line)
    start = bullet.end() if bullet else 0
    spans: list[tuple[int, int]] = []
    seg = start
    for mark in _TERMINAL.finditer(line, start):
        if _is_boundary(line, seg, mark):
            spans.append((seg, mark.end()))
            seg = mark.end()
            while seg < len(line) and line[seg].isspace():
                seg += 1
    if seg < len(line) and line[seg:].strip():
        spans.append((seg, len(line.rstrip())))
    return [(s, e) for s, e in spans if line[s:e].strip()]


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line)) and len(line.split()) > 1
