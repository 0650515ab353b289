"""Numbers that reports disagree about: killed, injured, amounts, magnitudes, percentages.

A number becomes a ``Quantity`` when a role's cue word stands within a few
words of it ("14 people were killed", "a magnitude 6.3 quake", "$2.1 billion").
Years, dates and ordinals are left to the time stage.
"""

from __future__ import annotations

import re

from .claim import Quantity
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
_WORD_NUMBER = re.compile(r"\b(?P<word>" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_QUALIFIER = re.compile(
    r"\b(?P<qual>at least|more than|over|nearly|almost|about|around|roughly|some|up to|fewer than|less than|"
    r"approximately|an estimated)\s+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_QUALIFIERS_ONLY = re.compile(
    r"\s*(?:(?:at least|more than|over|nearly|almost|about|around|roughly|some|up to|to|an estimated)\s*)*$")
_WORD_SET = frozenset(w for phrase in _WORDS for w in phrase.split())
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")


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
             tokens: list[tuple[int, int, str]] | None = None) -> list[tuple[int, Quantity]]:
        """(position, quantity) for every number; ``role`` is None where no cue says what it counts.
        ``skip`` spans (dates) are ignored."""
        out: list[tuple[int, Quantity]] = []
        has_words = tokens is None or not _WORD_SET.isdisjoint([t[2] for t in tokens])
        if not has_words and not _DIGIT.search(text):
            return out
        low = text.lower()
        matches = list(_NUMBER.finditer(text)) if _DIGIT.search(text) else []
        if has_words:
            matches += _WORD_NUMBER.finditer(text)
        for m in matches:
            if any(a <= m.start() < b for a, b in skip):
                continue
            if m.re is _WORD_NUMBER:
                value = float(_WORDS[m.group("word").lower()])
                currency = percent = False
            else:
                digits = m.group("num").replace(",", "")
                if _YEARLIKE.match(digits) and not m.group("cur") and not m.group("scale"):
                    continue
                value = float(digits) * _SCALE.get((m.group("scale") or "").lower(), 1.0)
                currency, percent = bool(m.group("cur")), bool(m.group("pct"))
            role = self._role(low, m, currency, percent)
            qual = _QUALIFIER.search(text, max(0, m.start() - 16), m.start())
            out.append((m.start(), Quantity(raw=m.group(0).strip(), value=value, role=role,
                                            qualifier=qual.group("qual").lower() if qual else None)))
        out.sort(key=lambda pq: pq[0])
        return out

    def _role(self, low: str, m: re.Match[str], currency: bool, percent: bool) -> str | None:
        if currency:
            return "amount" if "amount" in self._role_ids else None
        if percent:
            return "percent" if "percent" in self._role_ids else None
        # "killing at least 12 people": a cue right before the number (qualifiers aside) says it
        for hit in self._cue_re.finditer(low, max(0, m.start() - 30), m.start()):
            if _QUALIFIERS_ONLY.match(low, hit.end(), m.start()):
                return self._cue_role[hit.group(0)]
        # "14 people were killed": else the words after a number usually say what it counts
        for hit in self._cue_re.finditer(low, m.end(), min(len(low), m.end() + 30)):
            return self._cue_role[hit.group(0)]
        best: tuple[int, str] | None = None
        for hit in self._cue_re.finditer(low, max(0, m.start() - 40), m.start()):
            best = (m.start() - hit.end(), self._cue_role[hit.group(0)])
        return best[1] if best and best[0] <= 40 else None
