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
_NUMBER = re.compile(
    r"(?P<qual>\b(?:at least|more than|over|nearly|almost|about|around|roughly|some|up to|fewer than|less than|"
    r"approximately|an estimated)\s+)?"
    r"(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?(?P<pct>\s*%)?"
    r"|(?P<qual2>\b(?:at least|more than|nearly|about|around|some)\s+)?\b(?P<word>"
    + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")


class QuantityFinder:
    def __init__(self, rules: QuantityRules) -> None:
        self.roles = rules.roles
        self._cues = [(role.id, [c.lower() for c in role.cues]) for role in self.roles]

    def find(self, text: str, skip: list[tuple[int, int]] = ()) -> list[tuple[int, Quantity]]:
        """(position, quantity) for every number with a role; ``skip`` spans (dates) are ignored."""
        out = []
        low = text.lower()
        for m in _NUMBER.finditer(text):
            if any(a <= m.start() < b for a, b in skip):
                continue
            if m.group("num"):
                digits = m.group("num").replace(",", "")
                if _YEARLIKE.match(digits) and not m.group("cur") and not m.group("scale"):
                    continue
                value = float(digits) * _SCALE.get((m.group("scale") or "").lower(), 1.0)
                qual = m.group("qual")
            else:
                value = float(_WORDS[m.group("word").lower()])
                qual = m.group("qual2")
            role = self._role(low, m, bool(m.group("cur")), bool(m.group("pct")))
            if role is None:
                continue
            raw = m.group(0).strip()
            out.append((m.start(), Quantity(raw=raw, value=value, role=role,
                                            qualifier=qual.strip().lower() if qual else None)))
        return out

    def _role(self, low: str, m: re.Match[str], currency: bool, percent: bool) -> str | None:
        if currency:
            return "amount" if any(r == "amount" for r, _ in self._cues) else None
        if percent:
            return "percent" if any(r == "percent" for r, _ in self._cues) else None
        before = low[max(0, m.start() - 40):m.start()]
        after = low[m.end():m.end() + 50]
        best: tuple[int, str] | None = None
        for role, cues in self._cues:
            for cue in cues:
                i = after.find(cue)
                if 0 <= i and (best is None or i < best[0]):
                    best = (i, role)
                j = before.rfind(cue)
                if 0 <= j and (best is None or len(before) - j < best[0]):
                    best = (len(before) - j, role)
        return best[1] if best and best[0] <= 40 else None
