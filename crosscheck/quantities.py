"""Numbers that reports disagree about: killed, injured, amounts, magnitudes, percentages.

A number becomes a ``Quantity`` when a role's cue word stands within a few
words of it ("14 people were killed", "a magnitude 6.3 quake", "$2.1 billion").
Years, dates and ordinals are left to the time stage.
"""

from __future__ import annotations

import re

from .claim import Quantity
from .phrases import Tokens, tokenize
from .rules import QuantityRules

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "a dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
# the number first, then a look back for its qualifier: an optional group in front of every
# position made the scan several times slower
_NUMBER = re.compile(
    r"(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?(?P<pct>\s*%)?"
)
_QUALIFIER = re.compile(
    r"\b(?P<qual>at least|more than|over|nearly|almost|about|around|roughly|some|up to|fewer than|less than|"
    r"approximately|an estimated)\s+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_QUALIFIERS_ONLY = re.compile(
    r"\s*(?:(?:at least|more than|over|nearly|almost|about|around|roughly|some|up to|to|an estimated)\s*)*$")
_SPELLED = frozenset(w for w in _WORDS if " " not in w) | {"dozen"}
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")


# what follows a number that measures or dates rather than counts: "200ft", "2:30 a.m.", "a 27-24 loss",
# "Week 15"; and the age in "Williams, 32, was arrested"
_MEASURE_AFTER = re.compile(
    r"^(?:\s*(?:ft|feet|foot|metres?|meters?|m|km|kilometres?|kilometers?|miles?|mph|kph|inch(?:es)?|cm|mm|kg|lbs?|"
    r"pounds|tons?|tonnes?|degrees?|hours?|hrs|minutes?|mins?|seconds?|years?|months?|weeks?|days?|"
    r"a\.?m\.?|p\.?m\.?|GMT|BST|EST|PST|UTC)\b|\s*-\s*(?:year|month|week|day|foot|metre|meter)|[:-]\d|th\b|st\b|nd\b|rd\b)",
    re.IGNORECASE)
_MEASURE_BEFORE = re.compile(
    r"(?:\b(?:week|no\.|number|route|highway|interstate|flight|aged?|age of|dies at|died at)\s*|[-#])$",
    re.IGNORECASE)
_AGE = re.compile(r",\s*$")
_AGE_AFTER = re.compile(r"^\s*,")


def _not_a_count(text: str, start: int, end: int) -> bool:
    after, before = text[end:end + 16], text[max(0, start - 12):start]
    if _MEASURE_AFTER.match(after) or _MEASURE_BEFORE.search(before):
        return True
    return bool(_AGE.search(before) and _AGE_AFTER.match(after))  # "Jenkin, 23, was charged"


class QuantityFinder:
    def __init__(self, rules: QuantityRules) -> None:
        self.roles = rules.roles
        self._role_ids = {role.id for role in self.roles}
        self._by_predicate = {p: role.id for role in self.roles for p in role.predicates}
        self._cue_role: dict[str, str] = {}
        for role in self.roles:
            for cue in role.cues:
                self._cue_role.setdefault(cue.lower(), role.id)
        words = "|".join(re.escape(c) for c in sorted(self._cue_role, key=len, reverse=True))
        self._cue_re = re.compile(rf"(?<![\w])(?:{words})(?![\w])") if words else re.compile(r"(?!)")

    def role_for(self, predicate: str) -> str | None:
        """The role a bare number takes in an event of ``predicate`` ("the death toll rose to 14")."""
        return self._by_predicate.get(predicate)

    def find(self, text: str, skip: list[tuple[int, int]] = (),
             tokens: Tokens | None = None) -> list[tuple[int, Quantity]]:
        """(position, quantity) for every number; ``role`` is None where no cue says what it counts.
        ``skip`` spans (dates) are ignored."""
        out: list[tuple[int, Quantity]] = []
        if tokens is None:
            tokens = tokenize(text)
        spelled = _SPELLED.intersection(tokens.wordset)
        digits_in = _DIGIT.search(text)
        if not spelled and not digits_in:
            return out
        # (start, end, value, currency, percent) per number
        numbers: list[tuple[int, int, float, bool, bool]] = []
        if digits_in:
            for m in _NUMBER.finditer(text):
                digits = m.group("num").replace(",", "")
                if _YEARLIKE.match(digits) and not m.group("cur") and not m.group("scale"):
                    continue
                scale = (m.group("scale") or "").lower()
                if scale in ("m", "k") and not m.group("cur"):
                    scale = ""  # "60m" is sixty metres unless money is meant
                value = float(digits) * _SCALE.get(scale, 1.0)
                numbers.append((m.start(), m.end(), value, bool(m.group("cur")), bool(m.group("pct"))))
        for word in spelled:
            for i in tokens.positions(word):
                start, end, _ = tokens[i]
                if word == "dozen":  # only "a dozen"; "dozens" is its own word
                    if i == 0 or tokens.words[i - 1] != "a":
                        continue
                    start = tokens[i - 1][0]
                    word = "a dozen"
                value = float(_WORDS[word])
                after = tokens.words[i + 1] if i + 1 < len(tokens) else ""
                if after in ("thousand", "million", "billion", "trillion"):  # "one million dollars"
                    value *= _SCALE[after]
                    end = tokens[i + 1][1]
                numbers.append((start, end, value, False, False))
        low = text.lower()
        for start, end, value, currency, percent in numbers:
            if any(a <= start < b for a, b in skip):
                continue
            if not currency and not percent and _not_a_count(text, start, end):
                continue
            role = self._role(low, start, end, currency, percent)
            qual = _QUALIFIER.search(text, max(0, start - 16), start)
            out.append((start, Quantity(raw=text[start:end].strip(), value=value, role=role,
                                        qualifier=qual.group("qual").lower() if qual else None)))
        out.sort(key=lambda pq: pq[0])
        return out

    def _role(self, low: str, start: int, end: int, currency: bool, percent: bool) -> str | None:
        if currency:
            return "amount" if "amount" in self._role_ids else None
        if percent:
            return "percent" if "percent" in self._role_ids else None
        # "killing at least 12 people": a cue right before the number (qualifiers aside) says it
        for hit in self._cue_re.finditer(low, max(0, start - 30), start):
            if _QUALIFIERS_ONLY.match(low, hit.end(), start):
                return self._cue_role[hit.group(0)]
        # "14 people were killed": else the words after a number usually say what it counts
        for hit in self._cue_re.finditer(low, end, min(len(low), end + 30)):
            return self._cue_role[hit.group(0)]
        best: tuple[int, str] | None = None
        for hit in self._cue_re.finditer(low, max(0, start - 40), start):
            best = (start - hit.end(), self._cue_role[hit.group(0)])
        return best[1] if best and best[0] <= 40 else None
