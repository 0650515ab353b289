"""Independent origins: which articles are one story, credited or copied.

Two pages count as one origin when they credit the same wire or agency
("(AP)", "AFP"), or when most of the sentences of the shorter one also stand
in the other (a content farm's copy of a wire story, uncredited). Agreement
counts origins, not pages, so a story copied ten times is still one source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

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
    articles are copies when most of the sentences of the shorter one also stand in the other."""
    sentences: dict[str, set[str]] = defaultdict(set)
    parent: dict[str, str] = {}
    for c in claims:
        parent.setdefault(c.article_id, c.article_id)
        if len(c.evidence) >= 40:  # short lines ("Read more") say nothing about copying
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
