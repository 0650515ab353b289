"""Numbers that reports disagree about: killed, injured, amounts, magnitudes, percentages.

A number becomes a ``Quantity`` when a role's cue word stands within a few
words of it ("14 people were killed", "a magnitude 6.3 quake", "$2.1 billion").
Years, dates and ordinals are left to the time stage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .claim import Quantity
from .lexicon import FUNCTION_WORDS
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
    # an amount's thousands may be set apart by a comma and a space where text was tokenised ("£910, 000")
    r"(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<=[$€£])\d{1,3}(?:, \d{3})+(?![\d,])|\d+(?:\.\d+)?)"
    r"(?:(?:\s*|-(?=[a-z]{6}))(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?(?P<pct>\s*%)?"
)
_QUALIFIER = re.compile(
    r"\b(?P<qual>at least|more than|over|nearly|almost|about|around|roughly|some|up to|fewer than|less than|"
    r"approximately|an estimated)\s+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_QUALIFIERS_ONLY = re.compile(
    r"\s*(?:(?:at least|more than|over|nearly|almost|about|around|roughly|some|up to|to|an estimated)\s*)*$")
_SPELLED = frozenset(w for w in _WORDS if " " not in w) | {"dozen"}
# "a 38-caliber revolver", "a 30-minute gunfight": a number joined to the next word describes it, counts nothing
_COMPOUND = re.compile(r"-([A-Za-z]+)")
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")
# amounts in two currencies are not compared: "$28 billion" and "22 billion euros" may be one sum
_SYMBOLS = {"$": "dollar", "€": "euro", "£": "pound"}
_CURRENCY_WORDS = {"dollar": "dollar", "dollars": "dollar", "euro": "euro", "euros": "euro", "pound": "pound",
                   "pounds": "pound", "sterling": "pound", "yuan": "yuan", "ruble": "ruble", "rubles": "ruble",
                   "rouble": "ruble", "roubles": "ruble", "yen": "yen"}
_CURRENCY_AFTER = re.compile(
    r"\s*(?:(?:us|u\.s\.|hong kong|australian|canadian)\s+)?(" + "|".join(_CURRENCY_WORDS) + r")\b")


# what follows a number that measures or dates rather than counts: "200ft", "2:30 a.m.", "a 27-24 loss",
# "Week 15"; and the age in "Williams, 32, was arrested"
_MEASURE_AFTER = re.compile(
    r"^(?:\s*(?:ft|feet|foot|metres?|meters?|m|km|kilometres?|kilometers?|miles?|mph|kph|inch(?:es)?|cm|mm|kg|lbs?|"
    r"pounds|tons?|tonnes?|degrees?|hours?|hrs|minutes?|mins?|seconds?|years?|months?|weeks?|days?|decades?|"
    r"centuries|times|"
    # a vote ("nine in favor", "three voting against"), a record before this event ("four prior arrests")
    r"in favou?r|votes?|voting|prior|previous|"
    r"a\.?m\.?|p\.?m\.?|GMT|BST|EST|PST|UTC)\b|\s*-\s*(?:year|month|week|day|foot|metre|meter)|[:-]\d|th\b|st\b|nd\b|rd\b)",
    re.IGNORECASE)
_MEASURE_BEFORE = re.compile(
    r"(?:\b(?:week|no\.|number|route|highway|interstate|flight|aged?|age of|dies at|died at|both|"
    r"(?:mother|father|mom|mum|dad|parent|grandmother|grandfather) (?:of|to))\s*|[-#])$",
    re.IGNORECASE)
_AGE = re.compile(r",\s*$")
_AGE_AFTER = re.compile(r"^\s*,")
# "killing Benjamin Banky, 40." and "Steinberg, 48.": a name, a comma, the number, the clause's end
_NAMED_AGE = re.compile(r"\b[A-Z][\w'’.-]*,\s*$")
_CLAUSE_END = re.compile(r"^\s*(?:[.,;)]|$)")
# "dies in prison at 77", "opened fire at 9": "at" a number that ends the clause is an age or a time
_AT_END = re.compile(r"\bat\s*$", re.IGNORECASE)
# "one of the mafia bosses": one of a group is not a count of the group
_GENERIC_BEFORE = re.compile(r"\b(?:when|whenever|if|once)\s+$", re.IGNORECASE)
_GENERIC_AFTER = re.compile(r"^\s+(?:is|gets)\b", re.IGNORECASE)
_OR_NUMBER = re.compile(r"\s+or\s+([\w,.]+)")
_PARTITIVE = re.compile(r"^\s+of\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:^|[,;:]|\b(?:and|but|while|that|said|says|as))\s*$", re.IGNORECASE)


# the word a number counts: "12 people", "26 Somali pirates", "dozens of other counts"
_NEXT_WORDS = re.compile(r"\s+(?:of\s+)?([\w'’-]+)(?:\s+([\w'’-]+))?(?:\s+([\w'’-]+))?")
_MODIFIERS = frozenset({"other", "more", "additional", "young", "old"})
_VAGUE = frozenset({"dozens", "hundreds", "thousands"})
# the rest of a count made of two: "two women and a man", "three adults and two children"
_AND_MORE = re.compile(
    r"\s+([a-z]+)\s+and\s+(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+[a-z]+\b(?:\s+([a-z]+))?")
# "12 Somali and 11 Yemeni pirates": two counts sharing one noun, each with its own adjective
_SHARED_NOUN = re.compile(
    r"\s+[A-Z][a-z]+\s+and\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+[A-Z][a-z]+\s+([a-z]+)\b")
_WORD_AFTER = re.compile(r"\s+[a-z]+\b")
_ONE_AND = re.compile(r"\b(?:a|an|one)\s+([a-z]+)\s+and\s+$", re.IGNORECASE)
# a dash sets a clause apart as a comma does ("shot three co-workers — killing two — at the plant")
_CLAUSE_MARK = re.compile(r"[,;:.()—–]|\s-\s|\s(?:and|but)\s")
_NOT_NOUNS = frozenset(
    "is are was were be been being has have had will would could should may might must can did do does "
    "remain remained died dead".split())


def _counted(text: str, end: int) -> str | None:
    """The noun a number counts, if one follows it: "12 people", "26 Somali pirates", "two Yemeni
    fishing boats", "dozens of other counts"; None before a verb or a clause's end ("12 were")."""
    m = _NEXT_WORDS.match(text, end)
    if m is None:
        return None
    for word in m.groups():
        if word is None:
            return None
        low = word.lower()
        if word[0].isupper() or low in _MODIFIERS or (low.endswith(("ing", "ed")) and low not in _NOT_NOUNS):
            continue  # "Somali pirates", "fishing boats", "other counts"
        return low if _is_noun(low) else None
    return None


def _is_noun(word: str) -> bool:
    low = word.lower()
    return low not in FUNCTION_WORDS and low not in _NOT_NOUNS and not low.endswith(("ed", "ing", "ly"))


def _not_a_count(text: str, start: int, end: int) -> bool:
    after, before = text[end:end + 16], text[max(0, start - 24):start]
    if _MEASURE_AFTER.match(after) or _MEASURE_BEFORE.search(before):
        return True
    if _AGE.search(before) and _AGE_AFTER.match(after):  # "Jenkin, 23, was charged"
        return True
    if _CLAUSE_END.match(after) and (_NAMED_AGE.search(before) or _AT_END.search(before)):
        return True
    if text[start:end].lower() != "one":
        return False
    # "When one is killed, all of us lose": anyone, in the present tense of a general truth
    if _GENERIC_BEFORE.search(before) and _GENERIC_AFTER.match(after):
        return True
    # as the clause's subject only: "killed one of them" still counts one
    return bool(_PARTITIVE.match(after)) and bool(_CLAUSE_START.search(before))


def _currency(symbol: str, low: str, end: int) -> str | None:
    """The currency of an amount: its symbol, else a currency word right after it ("85 million euros")."""
    if symbol:
        return _SYMBOLS[symbol]
    word = _CURRENCY_AFTER.match(low, end)
    return _CURRENCY_WORDS[word.group(1)] if word else None


class Found(NamedTuple):
    pos: int
    quantity: Quantity
    # a noun no cue names follows ("three boats", "four games"): the number counts that, so it takes
    # the event's role only as the event verb's own object ("captures 26 pirates")
    counts_noun: bool


class QuantityFinder:
    def __init__(self, rules: QuantityRules) -> None:
        self.roles = rules.roles
        self.things = frozenset(t.lower() for t in rules.things)
        self._role_ids = {role.id for role in self.roles}
        self._by_predicate = {p: role.id for role in self.roles for p in role.predicates}
        self._cue_role: dict[str, str] = {}
        for role in self.roles:
            for cue in role.cues:
                self._cue_role.setdefault(cue.lower(), role.id)
        words = "|".join(re.escape(c) for c in sorted(self._cue_role, key=len, reverse=True))
        self._cue_re = re.compile(rf"(?<![\w])(?:{words})(?![\w])") if words else re.compile(r"(?!)")
        # "a 5.9-magnitude quake": joined to a cue's word, the number is what the cue measures
        self._cue_words = frozenset(w for cue in self._cue_role for w in re.findall(r"[a-z]+", cue))

    def role_for(self, predicate: str) -> str | None:
        """The role a bare number takes in an event of ``predicate`` ("the death toll rose to 14")."""
        return self._by_predicate.get(predicate)

    def find(self, text: str, skip: Sequence[tuple[int, int]] = (),
             tokens: Tokens | None = None) -> list[Found]:
        """Every number, by position; ``role`` is None where no cue says what it counts.
        ``skip`` spans (dates) are ignored."""
        out: list[Found] = []
        if tokens is None:
            tokens = tokenize(text)
        spelled = _SPELLED.intersection(tokens.wordset)
        digits_in = _DIGIT.search(text)
        if not spelled and not digits_in:
            return out
        # (start, end, value, currency symbol or "", percent) per number
        numbers: list[tuple[int, int, float, str, bool]] = []
        if digits_in:
            for m in _NUMBER.finditer(text):
                digits = m.group("num").replace(",", "").replace(" ", "")
                if _YEARLIKE.match(digits) and not m.group("cur") and not m.group("scale"):
                    continue
                scale = (m.group("scale") or "").lower()
                if scale in ("m", "k") and not m.group("cur"):
                    scale = ""  # "60m" is sixty metres unless money is meant
                value = float(digits) * _SCALE.get(scale, 1.0)
                numbers.append((m.start(), m.end(), value, m.group("cur") or "", bool(m.group("pct"))))
        for word in spelled:
            for i in tokens.positions(word):
                start, end, _ = tokens.spans[i]
                said = word
                if word == "dozen":  # only "a dozen"; "dozens" is its own word
                    if i == 0 or tokens.words[i - 1] != "a":
                        continue
                    start = tokens.spans[i - 1][0]
                    said = "a dozen"
                value = float(_WORDS[said])
                after = tokens.words[i + 1] if i + 1 < len(tokens) else ""
                if after in ("thousand", "million", "billion", "trillion"):  # "one million dollars"
                    value *= _SCALE[after]
                    end = tokens.spans[i + 1][1]
                numbers.append((start, end, value, "", False))
        low = text.lower()
        numbers.sort()
        joined_until = -1
        for start, end, value, currency, percent in numbers:
            if any(a <= start < b for a, b in skip) or start < joined_until:
                continue
            number_end = end
            counted = None
            if not currency and not percent:
                counted = _counted(text, end)
                alternative = _OR_NUMBER.match(text, end)
                if counted is None and alternative is not None and (
                        alternative.group(1).isdigit() or alternative.group(1).lower() in _WORDS):
                    counted = _counted(text, alternative.end())  # "one or two jurors" counts jurors
                if counted in self.things or _not_a_count(text, start, end) or self._modifier(text, end):
                    continue
                # "killed two women and a man": one count of three ("23 pirates and a large cache": one)
                first = _ONE_AND.search(text, max(0, start - 24), start)
                if first is not None and _is_noun(first.group(1)):  # "a man and two women": three
                    value += 1.0
                    start = first.start()
                    noun = _WORD_AFTER.match(text, end)
                    end = noun.end() if noun is not None else end
                more = _AND_MORE.match(text, end)
                shared = _SHARED_NOUN.match(text, end)
                if more is not None and _is_noun(more.group(1)) and not (more.group(3) and _is_noun(more.group(3))):
                    second = more.group(2)
                    value += float(second) if second.isdigit() else _WORDS.get(second, 1.0)
                    joined_until = end = more.start(3) - 1 if more.group(3) else more.end()
                elif shared is not None and _is_noun(shared.group(2)):
                    if shared.group(2) in self.things:  # "12 Somali and 11 Yemeni boats"
                        continue
                    second = shared.group(1).lower()
                    value += float(second) if second.isdigit() else _WORDS.get(second, 1.0)
                    joined_until = end = shared.end()
            # "two of them": a part of a group told before, which counts for the event only as what a cue
            # names or as the event verb's own object ("captured two of them"), like a number before a noun
            of_group = counted is None and not currency and not percent and bool(
                _PARTITIVE.match(text[number_end:number_end + 8]))
            counts_noun = counted is not None or of_group
            role = self._role(low, start, number_end, bool(currency), percent, counts_noun)
            qual = _QUALIFIER.search(text, max(0, start - 16), start)
            qualifier = qual.group("qual").lower() if qual else None
            if qualifier is None and text[start:end].lower() in _VAGUE:
                qualifier = "at least"  # "dozens": at least 24
            unit = _currency(currency, low, end) if role == "amount" else None
            out.append(Found(start, Quantity(raw=text[start:end].strip(), value=value, role=role,
                                             qualifier=qualifier, unit=unit), role is None and counts_noun))
        out.sort(key=lambda f: f.pos)
        return out

    def _modifier(self, text: str, end: int) -> bool:
        """Whether the number is joined by a hyphen to a word that is no cue ("38-caliber")."""
        joined = _COMPOUND.match(text, end)
        return joined is not None and joined.group(1).lower() not in self._cue_words

    def _role(self, low: str, start: int, end: int, currency: bool, percent: bool, counts_noun: bool) -> str | None:
        """The role's id, or None where no cue says what the number counts."""
        if currency:
            return "amount" if "amount" in self._role_ids else None
        if percent:
            return "percent" if "percent" in self._role_ids else None
        # "killing at least 12 people": a cue right before the number (qualifiers aside) says it
        for hit in self._cue_re.finditer(low, max(0, start - 30), start):
            if _QUALIFIERS_ONLY.match(low, hit.end(), start):
                return self._cue_role[hit.group(0)]
        # "14 people were killed": else the words after a number usually say what it counts, within
        # its clause ("86 tackles, was injured" counts tackles)
        clause_end = _CLAUSE_MARK.search(low, end, min(len(low), end + 30))
        for hit in self._cue_re.finditer(low, end, clause_end.start() if clause_end else min(len(low), end + 30)):
            return self._cue_role[hit.group(0)]
        if counts_noun:
            return None  # "captures 26 pirates", "missed four games": the noun says what it counts
        best: tuple[int, str] | None = None
        for hit in self._cue_re.finditer(low, max(0, start - 40), start):
            best = (start - hit.end(), self._cue_role[hit.group(0)])
        return best[1] if best and best[0] <= 40 else None
