"""Fast lookup of many fixed phrases in a sentence: word n-grams against a dictionary.

One regular expression with hundreds of alternatives is tried at every
character of every sentence; looking up each word's 1- to n-word sequences in
a dict is several times faster and finds the same longest matches. Phrases
match on whole words, case-insensitively; between two words of a phrase only
spaces and quotation marks may stand (China has "agreed" to a meeting).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Generic, TypeVar

V = TypeVar("V")

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_GAP_OK = re.compile(r"[\s\"'“”‘’]*$")
_JOINERS = re.compile(r"[-']")
_ROUGH = re.compile(r"[\w'-]+")  # on lower-cased text, with ’ already made '
_CLEAN_JOINS = re.compile(r"\w+(?:[-']\w+)*")  # TOKEN's own form: a rough piece that is one word


def key(phrase: str) -> str:
    """The form phrases are compared in: lower case, curly apostrophes straight, words of the phrase only."""
    return " ".join(t.lower().replace("’", "'") for t in TOKEN.findall(phrase))


class Hit(Generic[V]):
    """A phrase found in a sentence, and its value."""

    def __init__(self, start: int, end: int, text: str, value: V) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.value = value


class PhraseIndex(Generic[V]):
    """Phrases → values; ``find`` returns the longest non-overlapping hits, left to right."""

    def __init__(self, items: Iterable[tuple[str, V]]) -> None:
        self._map: dict[str, V] = {}
        for phrase, value in items:
            k = key(phrase)
            if k and k not in self._map:
                self._map[k] = value
        # every proper prefix of a phrase, so a window grows only while some phrase can still match
        self._prefixes: set[str] = set()
        for k in self._map:
            words = k.split(" ")
            for size in range(1, len(words)):
                self._prefixes.add(" ".join(words[:size]))
        self._first_words = frozenset(k.split(" ", 1)[0] for k in self._map)
        # a first word that is no phrase alone ("the" of "the Chinese capital") can start a hit only
        # where one of its second words is in the sentence too: "the" is in every sentence, and
        # growing a window from each of them was most of the cost of such an index
        seconds: dict[str, set[str]] = {}
        for k in self._map:
            words = k.split(" ")
            if len(words) > 1 and words[0] not in self._map:
                seconds.setdefault(words[0], set()).add(words[1])
        self._seconds = {w: frozenset(ws) for w, ws in seconds.items()}

    def __contains__(self, phrase: str) -> bool:
        return key(phrase) in self._map

    def get(self, phrase: str) -> V | None:
        return self._map.get(key(phrase))

    def find(self, text: str, tokens: Tokens | None = None) -> list[Hit[V]]:
        """Hits in ``text``; pass ``tokenize(text)`` when several indexes read the same sentence."""
        if tokens is None:
            tokens = tokenize(text)
        wordset = tokens.wordset
        firsts: AbstractSet[str] = self._first_words.intersection(wordset)
        if firsts and self._seconds:
            seconds = self._seconds
            firsts = {w for w in firsts if w not in seconds or not seconds[w].isdisjoint(wordset)}
        if not firsts:
            return []
        hits: list[Hit[V]] = []
        table, prefixes, spans = self._map, self._prefixes, tokens.spans
        n, done = len(tokens), 0  # done: the first token a new hit may start at
        starts = tokens.positions(next(iter(firsts))) if len(firsts) == 1 else sorted(
            i for w in firsts for i in tokens.positions(w))
        for i in starts:
            if i < done:
                continue
            word = spans[i][2]
            value = table.get(word)
            best = 1 if value is not None else 0
            if word in prefixes:
                # grow the window word by word; the longest phrase found wins
                j, k = i + 1, word
                while j < n and k in prefixes and _GAP_OK.match(text, spans[j - 1][1], spans[j][0]):
                    k = k + " " + spans[j][2]
                    j += 1
                    longer = table.get(k)
                    if longer is not None:
                        value, best = longer, j - i
            if value is not None:  # whenever best > 0
                start, end = spans[i][0], spans[i + best - 1][1]
                hits.append(Hit(start, end, text[start:end], value))
                done = i + best
        return hits


class Tokens:
    """A sentence's words as (start, end, compared form), with the set of forms for quick tests."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans
        self.words = [t[2] for t in spans]
        self.wordset = frozenset(self.words)

    def __len__(self) -> int:
        return len(self.spans)

    def parts(self) -> frozenset[str]:
        """Every run of word characters, as ``re.findall(r"\\w+", text.lower())`` gives them: the
        forms, and the pieces of each hyphenated or possessive one ("mid-march" → "mid", "march")."""
        joined = [w for w in self.wordset if "-" in w or "'" in w]
        if not joined:
            return self.wordset
        out = set(self.wordset)
        for w in joined:
            out.update(_JOINERS.split(w))
        return frozenset(out)

    def positions(self, word: str) -> list[int]:
        """Where ``word`` occurs, in order."""
        out: list[int] = []
        i = -1
        for _ in range(self.words.count(word)):
            i = self.words.index(word, i + 1)
            out.append(i)
        return out


def tokenize(text: str) -> Tokens:
    """(start, end, compared form) for each word of ``text``."""
    low = text.lower().replace("’", "'")
    if len(low) != len(text):  # a few characters change length in lower case ("İ"): go word by word
        return Tokens([(m.start(), m.end(), m.group(0).lower().replace("’", "'")) for m in TOKEN.finditer(text)])
    # one character class repeated is several times cheaper for the regex engine than TOKEN's
    # groups; a rough piece that TOKEN would cut (a quote or dash at its edge, two in a row) is
    # cut by TOKEN itself. findall and a left-to-right find are cheaper than a match object per
    # word; only non-word characters lie between two words, so each is found where it stands.
    spans: list[tuple[int, int, str]] = []
    at = 0
    for rough in _ROUGH.findall(low):
        at = low.find(rough, at)
        if ("-" in rough or "'" in rough) and not _CLEAN_JOINS.fullmatch(rough):
            spans.extend((at + m.start(), at + m.end(), m.group(0)) for m in TOKEN.finditer(rough))
        else:
            spans.append((at, at + len(rough), rough))
        at += len(rough)
    return Tokens(spans)
