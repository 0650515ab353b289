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
from dataclasses import dataclass
from typing import Generic, TypeVar

V = TypeVar("V")

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_GAP_OK = re.compile(r"^[\s\"'“”‘’]*$")


def key(phrase: str) -> str:
    """The form phrases are compared in: lower case, curly apostrophes straight, words of the phrase only."""
    return " ".join(t.lower().replace("’", "'") for t in TOKEN.findall(phrase))


@dataclass(frozen=True)
class Hit(Generic[V]):
    start: int
    end: int
    text: str
    value: V


class PhraseIndex(Generic[V]):
    """Phrases → values; ``find`` returns the longest non-overlapping hits, left to right."""

    def __init__(self, items: Iterable[tuple[str, V]]) -> None:
        self._map: dict[str, V] = {}
        self._longest = 1
        for phrase, value in items:
            k = key(phrase)
            if k and k not in self._map:
                self._map[k] = value
                self._longest = max(self._longest, k.count(" ") + 1)
        self._first_words = {k.split(" ", 1)[0] for k in self._map}

    def __contains__(self, phrase: str) -> bool:
        return key(phrase) in self._map

    def get(self, phrase: str) -> V | None:
        return self._map.get(key(phrase))

    def find(self, text: str, tokens: list[tuple[int, int, str]] | None = None) -> list[Hit[V]]:
        """Hits in ``text``; pass ``tokens(text)`` when several indexes read the same sentence."""
        if tokens is None:
            tokens = tokenize(text)
        hits: list[Hit[V]] = []
        i, n = 0, len(tokens)
        first, longest, table = self._first_words, self._longest, self._map
        while i < n:
            if tokens[i][2] not in first:
                i += 1
                continue
            for size in range(min(longest, n - i), 0, -1):
                window = tokens[i:i + size]
                value = table.get(" ".join(t[2] for t in window)) if size > 1 else table.get(window[0][2])
                if value is None:
                    continue
                if size > 1 and not all(
                        _GAP_OK.match(text[a[1]:b[0]]) for a, b in zip(window, window[1:], strict=False)):
                    continue
                start, end = window[0][0], window[-1][1]
                hits.append(Hit(start, end, text[start:end], value))
                i += size
                break
            else:
                i += 1
        return hits


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """(start, end, compared form) for each word of ``text``."""
    low = text.lower().replace("’", "'")
    if len(low) != len(text):  # a few characters change length in lower case ("İ"): go word by word
        return [(m.start(), m.end(), m.group(0).lower().replace("’", "'")) for m in TOKEN.finditer(text)]
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(low)]
