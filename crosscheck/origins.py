"""Independent origins: which articles are one story, credited or copied.

Two pages count as one origin when they credit the same wire or agency
("(AP)", "AFP"), or when most of the sentences of the shorter one also stand
in the other (a content farm's copy of a wire story, uncredited). Agreement
counts origins, not pages, so a story copied ten times is still one source.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from .claim import Claim
from .models import ArticleInfo

# a sentence shared by this many pages is site furniture, not a copied story
_COMMON = 50
_SHARED = 0.5


def _key(sentence: str) -> str:
    """The sentence as two copies print it alike: spaces and case set aside (the text itself, not a
    hash of it: equal keys are equal sentences, and hashing cost more than the grouping)."""
    return " ".join(sentence.split()).lower()


def copies(claims: Sequence[Claim]) -> dict[str, str]:
    """Article id → the smallest id among its copies, for every article that made a claim: two
    articles are copies when most of the sentences of the shorter one also stand in the other.

    The sentences are grouped by the hash of their key, as numeric columns (article, hash), not as a
    set of keys per article and a list of articles per key: at a million synthetic claims those
    took 3.6 of the run's 82 s, nearly all in making a million sets' and lists' entries. Sentences
    that share a hash are compared as text; should two different ones ever share it, the sentences
    are grouped by their text instead (``_copies_by_text``)."""
    article_of: dict[str, int] = {}  # article id → its number, in the order the claims name them
    arts, hashes, which = array("q"), array("q"), array("q")
    for k, c in enumerate(claims):
        number = article_of.setdefault(c.article_id, len(article_of))
        if len(c.evidence) >= 40:  # short lines ("Read more") say nothing about copying
            arts.append(number)
            hashes.append(hash(_key(c.evidence)))
            which.append(k)
    names = list(article_of)
    if not hashes:
        return {a: a for a in names}
    h, art, claim = (np.frombuffer(col, dtype=np.int64) for col in (hashes, arts, which))
    order = np.lexsort((art, h))
    h, art, claim = h[order], art[order], claim[order]
    runs = _runs(h)
    if not _same_text(claims, claim, runs):
        return _copies_by_text(claims)
    # each sentence once per article: the distinct (hash, article) entries
    distinct = np.ones(len(h), dtype=bool)
    distinct[1:] = (h[1:] != h[:-1]) | (art[1:] != art[:-1])
    h, art = h[distinct], art[distinct]
    held = np.bincount(art, minlength=len(names))  # distinct sentences per article
    # per sentence that 2 to _COMMON articles hold, every pair of them (sorted by number, one way)
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    sizes = np.diff(np.r_[starts, len(h)])
    left: list[int] = []
    right: list[int] = []
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        if 1 < size <= _COMMON:
            members = art[start:start + size].tolist()
            for i in range(size):
                for j in range(i + 1, size):
                    left.append(members[i])
                    right.append(members[j])
    parent = list(range(len(names)))
    if left:
        n = len(names)
        pair, shared = np.unique(np.array(left, dtype=np.int64) * n + np.array(right, dtype=np.int64),
                                 return_counts=True)
        a, b = np.divmod(pair, n)
        close = shared >= _SHARED * np.minimum(held[a], held[b])
        for x, y in zip(a[close].tolist(), b[close].tolist(), strict=True):
            rx, ry = _root(parent, x), _root(parent, y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    # each group's smallest article id, whichever article of it the claims named first
    smallest: dict[int, str] = {}
    for i, name in enumerate(names):
        r = _root(parent, i)
        if r not in smallest or name < smallest[r]:
            smallest[r] = name
    return {name: smallest[_root(parent, i)] for i, name in enumerate(names)}


def _runs(h: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of two or more equal hashes in sorted ``h``."""
    same = np.flatnonzero(h[1:] == h[:-1])
    if not len(same):
        return []
    # a run of equal neighbours starts where the previous pair was not equal
    begins = same[np.r_[True, same[1:] != same[:-1] + 1]]
    ends = same[np.r_[same[1:] != same[:-1] + 1, True]] + 2
    return list(zip(begins.tolist(), ends.tolist(), strict=True))


def _same_text(claims: Sequence[Claim], claim: np.ndarray, runs: list[tuple[int, int]]) -> bool:
    """Whether the sentences of each run of one hash are one text."""
    for start, end in runs:
        first = _key(claims[int(claim[start])].evidence)
        if any(_key(claims[k].evidence) != first for k in claim[start + 1:end].tolist()):
            return False
    return True


def _root(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _copies_by_text(claims: Sequence[Claim]) -> dict[str, str]:
    """``copies``, with each article's sentences as a set of their text: what two sentences that
    share a hash (one in 2**64) fall back on."""
    sentences: dict[str, set[str]] = defaultdict(set)
    parent: dict[str, str] = {}
    for c in claims:
        parent.setdefault(c.article_id, c.article_id)
        if len(c.evidence) >= 40:
            sentences[c.article_id].add(_key(c.evidence))

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    holders: dict[str, list[str]] = defaultdict(list)
    for art, keys in sentences.items():
        for k in keys:
            holders[k].append(art)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for arts in holders.values():
        if 1 < len(arts) <= _COMMON:
            arts = sorted(arts)
            for i, a in enumerate(arts):
                for b in arts[i + 1:]:
                    shared[(a, b)] += 1
    for (a, b), n in shared.items():
        if n >= _SHARED * min(len(sentences[a]), len(sentences[b])):
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    return {a: root(a) for a in parent}


def origin_groups(articles: Sequence[ArticleInfo], claims: Sequence[Claim],
                  copy_of: Mapping[str, str] | None = None) -> dict[str, str]:
    """Article id → origin key; articles with one key are copies of one story or one wire's work.
    ``copy_of``: what ``copies`` found of these claims, when the caller has it already."""
    if copy_of is None:
        copy_of = copies(claims)
    credited: dict[str, str] = {}
    for a in articles:
        if a.origin:
            credited.setdefault(copy_of.get(a.id, a.id), a.origin)
    out = {}
    for a in articles:
        r = copy_of.get(a.id, a.id)
        out[a.id] = f"wire:{a.origin}" if a.origin else (f"wire:{credited[r]}" if r in credited else f"story:{r}")
    return out
