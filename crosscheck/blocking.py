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
year of news). Its dated claims are still swept (the sweep keeps that cheap),
but a claim with no time there would be paired with thousands: it is paired
only with members that share a second such key (the pair "Biden", "Xi");
pairs that share a smaller block are found in that block.

Whether two claims are paired depends only on the two claims and on which
blocks are big, never on their neighbours. That is what lets a later run
reuse the judgements of an earlier one (pairmemory.py). It also lets the
pairs of the small blocks (nearly all of them) be made at once with numpy:
every pair of each block, kept where the sweep would reach it, each pair once.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from .rules import ClusterSettings

if TYPE_CHECKING:
    from .cluster import Signature

Key = tuple[str, str, str]
Pair = tuple[int, int]
_PAIRS_AT_ONCE = 1 << 20  # pairs of small blocks made in one numpy step: ~10 temporaries of 8 bytes a pair
_READ_AT_ONCE = 1 << 16  # pairs turned into Python numbers at a time


def keys_of(s: Signature) -> set[Key]:
    keys = {(s.family, "name", name.split()[-1]) for name in s.actors}
    if s.named:
        keys.add((s.family, "event", s.named))
    if not s.actors and s.where is not None:
        keys.add((s.family, "place", s.where.value))
    if s.story is not None:
        keys.add((s.family, "story", s.story))
    return keys


def _pair(x: int, y: int) -> Pair:
    return (x, y) if x < y else (y, x)


class Blocker:
    """Blocks and candidate pairs under one rule set's settings."""

    def __init__(self, settings: ClusterSettings, time_vetoes: bool) -> None:
        self.max_block = settings.blocking.max_block
        self.time_vetoes = time_vetoes

    def candidate_pairs(self, sigs: Sequence[Signature], were_big: Iterable[Key] | None = None) -> Candidates:
        """The pairs to compare; ``were_big``: the big blocks of an earlier run, to tell which pairs it
        did not compare."""
        return Candidates(self, sigs, were_big)

    def lanes(self, sigs: Sequence[Signature], members: Iterable[int]) -> list[tuple[int, list[int], list[int]]]:
        """The dated members by the slack of their modality, each lane sorted by start: (slack, members,
        starts). A pair's reach is the larger slack of its two sides."""
        by_slack: dict[int, list[int]] = defaultdict(list)
        for i in members:
            if _timed(sigs[i]):
                by_slack[sigs[i].slack].append(i)
        out = []
        for days, lane in by_slack.items():
            lane.sort(key=lambda i: sigs[i].span[0])  # type: ignore[index]
            out.append((days, lane, [sigs[i].span[0] for i in lane]))  # type: ignore[index]
        return out

    def sweep(self, sigs: Sequence[Signature], members: list[int], pairs: set[Pair]) -> None:
        """Every pair of ``members`` that time does not already rule out, added to ``pairs``."""
        if not self.time_vetoes:
            pairs.update(_pair(x, y) for k, x in enumerate(members) for y in members[k + 1:])
            return
        for x in members:
            if not _timed(sigs[x]):
                pairs.update(_pair(x, y) for y in members if y != x)
        lanes = self.lanes(sigs, members)
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


def _timed(s: Signature) -> bool:
    """A claim the sweep places in time: it has a span, and is not one that happens once."""
    return s.span is not None and s.once is None


class Candidates:
    """The pairs blocking makes, each once: a pair of claims that share a small block; else, for two
    dated claims, the first big block they share; else the first pair of big blocks they share.
    They are held as numeric columns (``columns``), 17 bytes a pair."""

    def __init__(self, blocker: Blocker, sigs: Sequence[Signature], were_big: Iterable[Key] | None) -> None:
        self.blocker = blocker
        self.sigs = sigs
        # each key's number (family → kind → value → number), and the claims of every block, block
        # after block (the block numbered k from _first[k]): see _index_blocks
        self._numbers, self._first, self._members = _index_blocks(sigs)
        self._sizes = np.diff(self._first)
        self.big = {(family, kind, value) for family, kinds in self._numbers.items() for kind, values in kinds.items()
                    for value, number in values.items() if self._sizes[number] > blocker.max_block}
        # a claim's keys, asked only of pairs in big blocks or with a block big last run: kept for
        # each claim, they took 340 bytes a claim (a set each)
        self._keys: dict[int, frozenset[Key]] = {}
        self.before = set(were_big) if were_big is not None else set()
        # a claim with a time the sweep can place (not one that happens once)
        self.timed = [_timed(s) for s in sigs]
        # the same, and what the sweep reads of a claim, as columns to pair whole blocks at once
        self._timed = np.array(self.timed, dtype=bool)
        self._start = np.array([s.span[0] if s.span is not None else 0 for s in sigs], dtype=np.int64)
        self._end = np.array([s.span[1] if s.span is not None else 0 for s in sigs], dtype=np.int64)
        self._slack = np.array([s.slack for s in sigs], dtype=np.int64)
        # members of two big blocks are compared within the pair of them
        self.both: dict[tuple[Key, Key], list[int]] = defaultdict(list)
        for i in sorted({i for k in self.big for i in self.members(k)}):
            ours = sorted(k for k in self.keys(i) if k in self.big)
            for a in range(len(ours)):
                for b in range(a + 1, len(ours)):
                    self.both[(ours[a], ours[b])].append(i)

    def members(self, key: Key) -> list[int]:
        """The claims of one block, in claim order."""
        number = self._numbers.get(key[0], {}).get(key[1], {}).get(key[2])
        if number is None:
            return []
        return self._members[self._first[number]:self._first[number + 1]].tolist()

    def keys(self, x: int) -> frozenset[Key]:
        """The blocks claim ``x`` is in."""
        found = self._keys.get(x)
        if found is None:
            found = self._keys[x] = frozenset(keys_of(self.sigs[x]))
        return found

    def __iter__(self) -> Iterator[tuple[int, int, bool]]:
        """(x, y, unseen) with x < y; ``unseen``: an earlier run with other big blocks did not
        compare the pair (its one shared block was big then, and one of the two has no time)."""
        return read_pairs(*self.columns())

    def columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every pair as three columns: x, y (x < y, int64) and unseen (bool); the pairs of small
        blocks first, by x then y."""
        xs, ys = self._small_block_pairs()
        unseen = np.zeros(len(xs), dtype=bool)
        if self.before:
            keys, before = self.keys, self.before
            # a pair whose one shared block was big last run (then only its dated claims were paired)
            for k in np.flatnonzero(~(self._timed[xs] & self._timed[ys])).tolist():
                shared = keys(int(xs[k])) & keys(int(ys[k]))
                unseen[k] = len(shared) == 1 and next(iter(shared)) in before
        more = list(self._big_block_pairs())
        if more:
            bx, by = zip(*more, strict=True)
            xs = np.concatenate([xs, np.array(bx, dtype=np.int64)])
            ys = np.concatenate([ys, np.array(by, dtype=np.int64)])
            unseen = np.concatenate([unseen, np.zeros(len(more), dtype=bool)])
        return xs, ys, unseen

    def _small_block_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """The pairs that share a block of at most ``max_block`` claims and that the sweep would
        reach (``_reached``), each once: blocks of one size are paired together, every pair of
        each (a block of 400 has 79,800), a few million pairs at a time."""
        sizes = self._sizes
        small = np.flatnonzero((sizes > 1) & (sizes <= self.blocker.max_block))
        small = small[np.argsort(sizes[small], kind="stable")]  # by size, then in key order
        bounds = np.flatnonzero(np.diff(sizes[small])) + 1
        n = max(1, len(self.sigs))
        found: list[np.ndarray] = []  # each pair as one number, x * n + y
        for groups in np.split(small, bounds) if len(small) else []:
            size = int(sizes[groups[0]])
            left, right = np.triu_indices(size, 1)
            rows = max(1, _PAIRS_AT_ONCE // len(left))
            for lo in range(0, len(groups), rows):
                # the members of ``rows`` blocks of this size, a row each
                block = self._members[self._first[groups[lo:lo + rows], None] + np.arange(size)].astype(np.int64)
                a, b = block[:, left].ravel(), block[:, right].ravel()
                x, y = np.minimum(a, b), np.maximum(a, b)
                reached = self._reached(x, y)
                found.append(x[reached] * n + y[reached])
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.divmod(_distinct(found), n)

    def _reached(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Blocker.sweep's rule, per pair: a claim with no time reaches every member; two dated claims
        reach each other when the later starts within the larger of their slacks of the earlier's end."""
        if not self.blocker.time_vetoes:
            return np.ones(len(x), dtype=bool)
        start, end = self._start, self._end
        reach = np.maximum(self._slack[x], self._slack[y])
        sx, sy = start[x], start[y]
        near = np.where(sx <= sy, sy <= end[x] + reach, sx <= end[y] + reach)
        return ~(self._timed[x] & self._timed[y]) | near

    def _big_block_pairs(self) -> Iterator[tuple[int, int]]:
        """The pairs that share no small block: a big block compares its dated claims within their
        reach in time, and the claims two big blocks share are compared within the pair of them."""
        keys, big, timed = self.keys, self.big, self.timed
        for key in sorted(big):
            members = self.members(key)
            for x, y in self._swept([i for i in members if timed[i]]):
                shared = keys(x) & keys(y)
                if shared <= big and min(shared) == key:
                    yield x, y
        for pair_of_keys, members in self.both.items():
            for x, y in self._swept(members):
                if timed[x] and timed[y]:
                    continue  # found in their first big block
                shared = keys(x) & keys(y)
                if shared <= big and tuple(sorted(shared)[:2]) == pair_of_keys:
                    yield x, y

    def around(self, changed: Iterable[int]) -> set[Pair]:
        """The pairs that have a claim in ``changed``: what a run that remembers the rest judges.
        Each group is searched by time (its members sorted once), not read whole: a name in every
        story holds thousands of claims."""
        out: set[Pair] = set()
        indexed: dict[tuple, _TimeIndex] = {}

        def index(name: tuple, members: Callable[[], list[int]]) -> _TimeIndex:
            if name not in indexed:
                indexed[name] = _TimeIndex(self, members())
            return indexed[name]

        for x in changed:
            mine = self.keys(x)
            ours = sorted(k for k in mine if k in self.big)
            found = [index(("block", k), partial(self.members, k)) for k in mine if k not in self.big]
            found += [index(("both", *pk), partial(self.both.__getitem__, pk))
                      for pk in ((ours[a], ours[b]) for a in range(len(ours)) for b in range(a + 1, len(ours)))]
            if self.timed[x]:
                found += [index(("timed", k), partial(self._timed_members, k)) for k in ours]
            for group in found:
                for y in group.near(x):
                    if y != x and self._linked(x, y):
                        out.add(_pair(x, y))
        return out

    def _timed_members(self, key: Key) -> list[int]:
        return [y for y in self.members(key) if self.timed[y]]

    def _linked(self, x: int, y: int) -> bool:
        """Whether the sweep pairs two members of one block (see Blocker.sweep)."""
        if not self.blocker.time_vetoes or not (self.timed[x] and self.timed[y]):
            return True
        a, b = self.sigs[x], self.sigs[y]
        if b.span[0] < a.span[0]:  # type: ignore[index]
            a, b = b, a
        reach = max(a.slack, b.slack)
        return b.span[0] <= a.span[1] + reach  # type: ignore[index]

    def _swept(self, members: list[int]) -> set[Pair]:
        found: set[Pair] = set()
        self.blocker.sweep(self.sigs, members, found)
        return found

    def pairs(self) -> set[Pair]:
        return {(x, y) for x, y, _ in self}


def _index_blocks(sigs: Sequence[Signature]) -> tuple[dict[str, dict[str, dict[str, int]]], np.ndarray, np.ndarray]:
    """The blocks as columns: each key's number (family → kind → value → number, so that no tuple
    is kept per key), where each block starts (by number, and one past the last) and the claims of
    every block, block after block, each block's in claim order. As a list per key, with a number
    object per member, the blocks took 246 MB at a million claims, then the peak of clustering;
    the whole of ``Candidates`` now takes 121 MB there (resident memory before and after)."""
    numbers: dict[str, dict[str, dict[str, int]]] = {}
    keys_at, claims_at = array("i"), array("i")
    count = 0
    for s in sigs:
        for family, kind, value in keys_of(s):
            values = numbers.setdefault(family, {}).setdefault(kind, {})
            number = values.get(value)
            if number is None:
                number = values[value] = count
                count += 1
            keys_at.append(number)
            claims_at.append(s.index)
    keys = np.frombuffer(keys_at, dtype=np.int32) if keys_at else np.zeros(0, dtype=np.int32)
    order = np.argsort(keys, kind="stable")  # stable: each block's members stay in claim order
    first = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=count), out=first[1:])
    del keys, keys_at
    claims = np.frombuffer(claims_at, dtype=np.int32) if claims_at else np.zeros(0, dtype=np.int32)
    return numbers, first, claims[order]


def _distinct(parts: list[np.ndarray]) -> np.ndarray:
    """The numbers of ``parts`` sorted, each once; ``parts`` is emptied as it is read. A pair two
    blocks share (a name and a story) comes once. Copied into one array part by part and sorted in
    place: np.unique(np.concatenate(parts)) held the parts, their concatenation and a sorted copy at
    once, the peak of clustering at a million claims (316 MB over the blocks, now 149 with the
    smaller ``_PAIRS_AT_ONCE``)."""
    out = np.empty(sum(len(p) for p in parts), dtype=np.int64)
    at = 0
    parts.reverse()
    while parts:
        part = parts.pop()
        out[at:at + len(part)] = part
        at += len(part)
        del part
    out.sort()
    keep = np.empty(len(out), dtype=bool)
    keep[:1] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def read_pairs(xs: np.ndarray, ys: np.ndarray, unseen: np.ndarray) -> Iterator[tuple[int, int, bool]]:
    """The pairs of ``Candidates.columns`` as (x, y, unseen), a slice at a time: the pairs as Python
    numbers take ten times their columns."""
    for lo in range(0, len(xs), _READ_AT_ONCE):
        hi = lo + _READ_AT_ONCE
        yield from zip(xs[lo:hi].tolist(), ys[lo:hi].tolist(), unseen[lo:hi].tolist(), strict=True)


class _TimeIndex:
    """One group's members by time, to find those the sweep could pair with a given claim."""

    def __init__(self, found: Candidates, members: list[int]) -> None:
        sigs = found.sigs
        self.found = found
        self.loose = [i for i in members if not found.timed[i]]
        self.all = members
        self.lanes = [(days, lane, starts, max(sigs[i].span[1] - sigs[i].span[0] for i in lane))  # type: ignore[index]
                      for days, lane, starts in found.blocker.lanes(sigs, members)]

    def near(self, x: int) -> Iterator[int]:
        """Members that may pair with ``x``: all of them when either has no time, else those whose
        span starts within reach (``_linked`` decides)."""
        found = self.found
        if not found.blocker.time_vetoes or not found.timed[x]:
            yield from self.all
            return
        yield from self.loose
        start, end = found.sigs[x].span  # type: ignore[misc]
        own = found.sigs[x].slack
        for days, lane, starts, longest in self.lanes:
            reach = max(own, days)
            lo = bisect_left(starts, start - longest - reach)
            hi = bisect_right(starts, end + reach)
            yield from lane[lo:hi]
