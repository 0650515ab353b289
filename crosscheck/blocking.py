"""Blocking: which pairs of claims clustering compares. Never all pairs.

Each claim gets keys, each within its predicate family: a participant's name
(by its last word, so "Sergei Lavrov" meets "Sergey Lavrov"), a named event,
the story of a claim that states an event, and, for a claim that names
nobody, its place. Claims that share a key form a block.

Inside a block, pairs are found by sweeping the claims in time order: when the
time comparison ends in a veto, two claims further apart than the larger
slack of their two modalities (a day for plain reports, months for forecasts)
would be vetoed anyway, so they are never paired. Claims with no time, or
that happen once, are paired with every member.

A block bigger than ``max_block`` is a name in every story ("Biden" over a
year of news): one shared word is weak evidence there, so its members are
paired only when they share a second such key (the pair "Biden", "Xi"); pairs
that share a smaller block are found in that block.

Whether two claims are paired depends only on the two claims and on which
blocks are big, never on their neighbours. That is what lets a later run
reuse the judgements of an earlier one (pairmemory.py).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .rules import ClusterSettings

if TYPE_CHECKING:
    from .cluster import Signature

Key = tuple[str, str, str]
Pair = tuple[int, int]


def keys_of(s: Signature) -> set[Key]:
    keys = {(s.family, "name", name.split()[-1]) for name in s.actors}
    if s.named:
        keys.add((s.family, "event", s.named))
    if not s.actors and s.where is not None:
        keys.add((s.family, "place", s.where.value))
    if s.story is not None:
        keys.add((s.family, "story", s.story))
    return keys


class Candidates(NamedTuple):
    pairs: set[Pair]  # every pair to compare
    unseen: set[Pair]  # among them, those an earlier run with other big blocks did not compare
    big: set[Key]  # the blocks too big to compare whole


def _pair(x: int, y: int) -> Pair:
    return (x, y) if x < y else (y, x)


class Blocker:
    """Blocks and candidate pairs under one rule set's settings."""

    def __init__(self, settings: ClusterSettings, time_vetoes: bool) -> None:
        self.max_block = settings.blocking.max_block
        self.slack = settings.slack_days
        self.time_vetoes = time_vetoes

    def blocks(self, sigs: Sequence[Signature]) -> dict[Key, list[int]]:
        out: dict[Key, list[int]] = defaultdict(list)
        for s in sigs:
            for k in keys_of(s):
                out[k].append(s.index)
        return out

    def big(self, blocks: dict[Key, list[int]]) -> set[Key]:
        return {k for k, members in blocks.items() if len(members) > self.max_block}

    def candidate_pairs(self, sigs: Sequence[Signature],
                        were_big: Iterable[Key] | None = None) -> Candidates:
        """Every pair to compare; ``unseen``: those an earlier run whose big blocks were ``were_big``
        did not compare (found only in a block that was big then and is not now)."""
        blocks = self.blocks(sigs)
        big = self.big(blocks)
        before = set(were_big) if were_big is not None else set()
        pairs: set[Pair] = set()
        unseen: set[Pair] = set()
        for key, members in blocks.items():
            if key in big:
                continue
            if key in before:
                found: set[Pair] = set()
                self.sweep(sigs, members, found)
                unseen |= found
                pairs |= found
            else:
                self.sweep(sigs, members, pairs)
        # members of two big blocks are compared within the pair of them
        both: dict[tuple[Key, Key], list[int]] = defaultdict(list)
        for s in sigs:
            mine = sorted(k for k in keys_of(s) if k in big)
            for a in range(len(mine)):
                for b in range(a + 1, len(mine)):
                    both[(mine[a], mine[b])].append(s.index)
        for members in both.values():
            self.sweep(sigs, members, pairs)
        return Candidates(pairs, unseen, big)

    def sweep(self, sigs: Sequence[Signature], members: list[int], pairs: set[Pair]) -> None:
        """Every pair of ``members`` that time does not already rule out, added to ``pairs``."""
        if not self.time_vetoes:
            pairs.update(_pair(x, y) for k, x in enumerate(members) for y in members[k + 1:])
            return
        loose = [i for i in members if sigs[i].span is None or sigs[i].once is not None]
        for x in loose:
            pairs.update(_pair(x, y) for y in members if y != x)
        # claims of one slack are swept together; a pair's reach is the larger slack of its two sides
        by_slack: dict[int, list[int]] = defaultdict(list)
        for i in members:
            s = sigs[i]
            if s.span is not None and s.once is None:
                by_slack[self.slack.get(s.claim.modality, 0)].append(i)
        lanes = []
        for days, lane in by_slack.items():
            lane.sort(key=lambda i: sigs[i].span[0])  # type: ignore[index]
            lanes.append((days, lane, [sigs[i].span[0] for i in lane]))  # type: ignore[index]
        for own, lane, _ in lanes:
            for x in lane:
                start, end = sigs[x].span  # type: ignore[misc]
                for days, other, starts in lanes:
                    last = end + max(own, days)
                    for k in range(bisect_left(starts, start), len(other)):
                        if starts[k] > last:
                            break
                        y = other[k]
                        if y != x:
                            pairs.add(_pair(x, y))
