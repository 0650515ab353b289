"""Judging candidate pairs: what holds of a pair, as bits, and many pairs judged at once, as columns.

Clustering compares a pair of claims slot by slot (``rules/clustering.yaml``:
story, named event, place, time, participants, predicate). Each comparison
says what holds of the pair as bits, one per condition a level can name
(``BITS``); the first level of the slot whose bit is set is the pair's level,
and the levels' weights add up to the pair's score unless one vetoes.
``Clusterer.judge`` does that for one pair.

A run judges millions of candidate pairs, and one at a time that was the
largest part of clustering (11.5 s of 82 at a million synthetic claims: the
comparisons, and reading two signatures and storing two verdicts per pair).
``judge_pairs`` does the same for a column of pairs with numpy: each claim's
story, named event, place, time, predicate, article, sentence and set of
names are numbers (``Columns``), and a slot's bits are array operations.
Places are compared once per distinct pair of places (``place_bits``); a date
without its year, by the clusterer, for the few pairs that have one. Two sets
of names are compared name by name (``_names_compared``), where no earlier
slot vetoed the pair, each distinct pair of names scored once by rapidfuzz's
``process.cpdist`` on every core this process may use. The verdicts are
``judge``'s: the same levels, and each score added up slot by slot in the
same order, so the same float (tests compare the two on every pair of the
seeds' claims; the ECB+ and synthetic runs give the same events).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
from rapidfuzz import fuzz, process

from .engine import default_jobs

if TYPE_CHECKING:
    from .cluster import Clusterer, PlaceKey, Signature

# What holds of a pair, one bit per condition a comparison level can name (rules.LEVELS): each
# comparison returns the bits that hold, ELSE always among them, and the first level whose bit is
# set is the pair's level. Bits rather than sets of names: judging allocates nothing per pair.
SAME: Final = 1
SHARED: Final = 2
SIMILAR: Final = 4
IN_STORY: Final = 8
DIFFERENT_PAIRS: Final = 16
UNKNOWN: Final = 32
ONCE: Final = 64
OVERLAP: Final = 128
NEAR: Final = 256
WITHIN: Final = 512
SAME_COUNTRY: Final = 1024
ELSE: Final = 2048  # set in every pair's bits: the level that always matches
BITS: Final = {"same": SAME, "shared": SHARED, "similar": SIMILAR, "in_story": IN_STORY,
               "different_pairs": DIFFERENT_PAIRS, "unknown": UNKNOWN, "once": ONCE, "overlap": OVERLAP,
               "near": NEAR, "within": WITHIN, "same_country": SAME_COUNTRY, "else": ELSE}
# the comparisons, in the order judge() asks them: cheapest first
SLOTS: Final = ("story", "named_event", "place", "time", "participants", "predicate")

_NONE: Final = -1  # in a column of numbered values: the claim has none
_FIELDS: Final = 14  # numbers a claim's row holds (Columns._add)
_ROWS: Final = 1 << 16  # rows gathered before they are made an array


def place_bits(p: PlaceKey | None, q: PlaceKey | None) -> int:
    """What holds of two claims' places: the same, one within the other, one country, or unknown."""
    if p is None or q is None:
        return UNKNOWN
    if (p.id is not None and p.id == q.id) or p.value == q.value:
        return SAME
    if p.id is not None and q.id is not None and (p.id in q.chain or q.id in p.chain):
        return WITHIN
    if p.country is None or q.country is None:
        return UNKNOWN  # a place no rule knows: where it lies cannot be told
    if p.country == q.country:
        return SAME_COUNTRY
    return 0


class Columns:
    """What judging compares of every claim, as columns of numbers: each value (a story, a named event,
    a place, a once-only pair, a predicate, an article, a set of names, a name) numbered in the order
    the claims first give it, ``_NONE`` where a claim has none; spans as day ordinals. A set of
    names is its names' numbers one after another (``names_of``, from ``first``, ``width`` long), and
    which of a claim's names the rules know, or the story leaves in doubt, are bits of their
    positions in its set (``known``, ``doubtful``)."""

    def __init__(self, sigs: Sequence[Signature]) -> None:
        self._stories: dict[str, int] = {}
        self._named: dict[str, int] = {}
        self._onces: dict[tuple[str, str], int] = {}
        self._predicates: dict[str, int] = {}
        self._articles: dict[str, int] = {}
        self._actors: dict[tuple[str, ...], int] = {}
        self._names: dict[str, int] = {}
        self._places: dict[int, int] = {}
        self.places: list[PlaceKey] = []
        # a claim's numbers are a row of _FIELDS, gathered in one list and made numpy's every _ROWS claims:
        # a list's append is compiled to C where an array's is a method call, and its int objects go
        # as each batch is made an array (kept to the end as lists, in a run that made them along with
        # the signatures, the peak was 180 MB higher)
        self._row: list[int] = []
        self._batches: list[np.ndarray] = []
        self._first, self._width, self._names_of = array("q"), array("q"), array("q")
        for s in sigs:
            self._add(s)
        self._seal()

    def _add(self, s: Signature) -> None:
        row = self._row
        row.append(_NONE if s.story is None else self._stories.setdefault(s.story, len(self._stories)))
        row.append(_NONE if s.named is None else self._named.setdefault(s.named, len(self._named)))
        if s.where is None:
            row.append(_NONE)
        else:
            # places are shared objects (Clusterer._place): numbered by identity, compared by place_bits
            k = self._places.setdefault(id(s.where), len(self._places))
            if k == len(self.places):
                self.places.append(s.where)
            row.append(k)
        row.append(_NONE if s.once is None else self._onces.setdefault(s.once, len(self._onces)))
        row.append(self._predicates.setdefault(s.predicate, len(self._predicates)))
        row.append(self._articles.setdefault(s.article_id, len(self._articles)))
        row.append(s.sentence)
        together = s.actors
        if together:
            k = self._actors.setdefault(together, len(self._actors))
            if k == len(self._first):
                self._first.append(len(self._names_of))
                self._width.append(len(together))
                for name in together:
                    self._names_of.append(self._names.setdefault(name, len(self._names)))
            row.append(k)
        else:
            row.append(_NONE)
        row.append(s.slack)
        span = s.span
        if span is not None:
            row.append(span[0])
            row.append(span[1])
        else:
            row.append(0)
            row.append(0)
        row.append((span is not None) | s.stated << 1 | s.plain << 2 | (s.yearless is not None) << 3)
        known, doubtful = _position_bits(together, s.known, s.doubtful)
        row.append(known)
        row.append(doubtful)
        if len(row) >= _ROWS * _FIELDS:
            self._batches.append(np.array(row, dtype=np.int64).reshape(-1, _FIELDS).T.copy())
            self._row = []

    def _seal(self) -> None:
        """The rows gathered, as columns."""
        batches = [*self._batches, np.array(self._row, dtype=np.int64).reshape(-1, _FIELDS).T]
        self._batches, self._row = [], []
        self.story, self.named, self.where, self.once, self.predicate, self.article, self.sentence, self.actors, \
            self.slack, self.start, self.end, flags, self.known, self.doubtful = \
            (np.concatenate([b[k] for b in batches]) for k in range(_FIELDS))
        del batches
        self.spanned, self.stated, self.plain, self.yearless = ((flags & (1 << k)) != 0 for k in range(4))
        self.first, self.width, self.names_of = (np.frombuffer(c, dtype=np.int64) if c else np.zeros(0, dtype=np.int64)
                                                 for c in (self._first, self._width, self._names_of))
        self.names = list(self._names)
        self.length = np.array([len(name) for name in self.names], dtype=np.int64)
        self._stories, self._named, self._onces, self._predicates, self._articles, self._actors, self._names, \
            self._places = {}, {}, {}, {}, {}, {}, {}, {}


def _position_bits(actors: tuple[str, ...], known: frozenset[str], doubtful: frozenset[str]) -> tuple[int, int]:
    """The positions in ``actors`` of the known names, and of the doubtful ones, as bits. A claim's
    participants are its subject and object (cluster._actor_refs): two names at most, where a float
    (``_names_compared`` sums bits as bincount's weights) holds 52 exactly."""
    if not (known or doubtful):
        return 0, 0
    k = d = 0
    for i, name in enumerate(actors):
        if name in known:
            k |= 1 << i
        if name in doubtful:
            d |= 1 << i
    return k, d


def judge_pairs(judge: Clusterer, cols: Columns, sigs: Sequence[Signature], x: np.ndarray,
                y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's summed weight and whether any level vetoes, as ``judge.judge`` gives them (the score
    of a vetoed pair is not used)."""
    order = judge._order
    score = np.zeros(len(x), dtype=np.float64)
    veto = np.zeros(len(x), dtype=bool)
    for k, holds in enumerate((_story(cols, x, y), _named(cols, x, y), _place(cols, x, y),
                               _time(judge, cols, sigs, x, y))):
        _add_level(order[k], holds, score, veto)
    people = _participants(judge, cols, sigs, x, y, veto)
    # two claims of one sentence are one event only when they tell it of the same people
    veto |= (cols.sentence[x] == cols.sentence[y]) & (cols.article[x] == cols.article[y]) & \
        ((people & (SAME | UNKNOWN)) == 0)
    _add_level(order[4], people | ELSE, score, veto)
    _add_level(order[5], np.where(cols.predicate[x] == cols.predicate[y], ELSE | SAME, ELSE), score, veto)
    return score, veto


def _add_level(levels: list[tuple[int, float, bool]], holds: np.ndarray, score: np.ndarray,
               veto: np.ndarray) -> None:
    """Each pair's level of one slot (the first whose bit holds): its weight added, its veto kept."""
    weight = np.zeros(len(holds), dtype=np.float64)
    open_ = np.ones(len(holds), dtype=bool)
    for bits, w, vetoes in levels:
        hit = open_ & ((holds & bits) != 0)
        weight[hit] = w
        if vetoes:
            veto |= hit
        open_ &= ~hit
    score += weight


def _story(cols: Columns, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    sx = cols.story[x]
    return np.where((sx != _NONE) & (sx == cols.story[y]), ELSE | SAME, ELSE)


def _named(cols: Columns, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    nx, ny = cols.named[x], cols.named[y]
    return np.where((nx == _NONE) | (ny == _NONE), ELSE | UNKNOWN, np.where(nx == ny, ELSE | SAME, ELSE))


def _place(cols: Columns, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``place_bits``, asked once per distinct pair of places."""
    wx, wy = cols.where[x].astype(np.int64), cols.where[y].astype(np.int64)
    holds = np.full(len(x), ELSE | UNKNOWN, dtype=np.int64)
    both = (wx != _NONE) & (wy != _NONE)
    if both.any():
        n = len(cols.places)
        pairs, which = np.unique(wx[both] * n + wy[both], return_inverse=True)
        table = np.array([place_bits(cols.places[p // n], cols.places[p % n]) for p in pairs.tolist()],
                         dtype=np.int64)
        holds[both] = ELSE | table[which]
    return holds


def _time(judge: Clusterer, cols: Columns, sigs: Sequence[Signature], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ox = cols.once[x]
    holds = np.where((ox != _NONE) & (ox == cols.once[y]), ELSE | ONCE, ELSE)
    both = cols.spanned[x] & cols.spanned[y]
    # a pair missing a span: unknown, unless a date without its year falls on another day (judge's rule)
    loose = np.flatnonzero(~both)
    unknown = np.ones(len(loose), dtype=bool)
    dated = np.flatnonzero(cols.yearless[x[loose]] | cols.yearless[y[loose]])
    for k in dated.tolist():
        i = int(loose[k])
        unknown[k] = not judge._other_day_of_year(sigs[int(x[i])], sigs[int(y[i])])
    holds[loose[unknown]] |= UNKNOWN
    sx, ex, sy, ey = cols.start[x], cols.end[x], cols.start[y], cols.end[y]
    gap = np.maximum(0, np.maximum(sx, sy) - np.minimum(ex, ey))
    holds[both & (gap == 0) & cols.stated[x] & cols.stated[y]] |= OVERLAP
    # Clusterer._slack: a side's slack counts when both give a single day, or when it is no plain report
    single = (sx == ex) & (sy == ey)
    reach = np.maximum(0, np.maximum(np.where(single | ~cols.plain[x], cols.slack[x], 0),
                                     np.where(single | ~cols.plain[y], cols.slack[y], 0)))
    holds[both & (gap <= reach)] |= NEAR
    return holds


def _participants(judge: Clusterer, cols: Columns, sigs: Sequence[Signature], x: np.ndarray, y: np.ndarray,
                  vetoed: np.ndarray) -> np.ndarray:
    """What holds of the pairs' participants (``Clusterer._participants``): one set of names is the
    same people; a claim naming nobody is unknown; the others are compared name by name where no
    earlier slot vetoed the pair (its participants change nothing then)."""
    ax, ay = cols.actors[x], cols.actors[y]
    holds = np.where((ax == _NONE) | (ay == _NONE), UNKNOWN, np.where(ax == ay, SAME | SHARED, 0)).astype(np.int64)
    at = np.flatnonzero((ax != ay) & (ax != _NONE) & (ay != _NONE) & ~vetoed)
    if len(at):
        holds[at] = _names_compared(judge, cols, x[at], y[at])
    return holds


def _names_compared(judge: Clusterer, cols: Columns, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``Clusterer._participants`` for pairs of claims that name different sets of people. Every name
    of one side meets every name of the other (a cell); a name is matched when the other side holds
    it or a name similar to it (``_similar_names``)."""
    ta, tb = cols.actors[x].astype(np.int64), cols.actors[y].astype(np.int64)
    m, n = cols.width[ta], cols.width[tb]
    cells = m * n
    pair = np.repeat(np.arange(len(x)), cells)
    within = np.arange(len(pair)) - np.repeat(np.cumsum(cells) - cells, cells)
    i, j = within // n[pair], within % n[pair]  # the cell's name in side a, and in side b
    na = cols.names_of[cols.first[ta[pair]] + i]
    nb = cols.names_of[cols.first[tb[pair]] + j]
    equal = na == nb
    match = equal | _similar_names(judge, cols, na, nb, ~equal)
    # per name of each side: matched by any name of the other; the unmatched as bits of its position
    a_row = np.repeat(np.cumsum(m) - m, cells) + i
    b_row = np.repeat(np.cumsum(n) - n, cells) + j
    a_matched = np.bincount(a_row, weights=match, minlength=int(m.sum())) > 0
    b_matched = np.bincount(b_row, weights=match, minlength=int(n.sum())) > 0
    a_side, b_side = np.repeat(np.arange(len(x)), m), np.repeat(np.arange(len(x)), n)
    a_pos = np.arange(len(a_side)) - np.repeat(np.cumsum(m) - m, m)
    b_pos = np.arange(len(b_side)) - np.repeat(np.cumsum(n) - n, n)
    only_a = np.bincount(a_side, weights=np.where(a_matched, 0.0, np.ldexp(1.0, a_pos)),
                         minlength=len(x)).astype(np.int64)
    only_b = np.bincount(b_side, weights=np.where(b_matched, 0.0, np.ldexp(1.0, b_pos)),
                         minlength=len(x)).astype(np.int64)
    n_only_a = np.bincount(a_side, weights=~a_matched, minlength=len(x))
    shared = np.bincount(pair, weights=equal, minlength=len(x)) > 0
    same = (only_a == 0) & (only_b == 0)
    two_pairs = ~same & (m >= 2) & (n >= 2)
    similar = ~shared & (n_only_a < m)
    holds = np.where(same, SAME, 0) | np.where(two_pairs, DIFFERENT_PAIRS, 0) | np.where(shared, SHARED, 0) | \
        np.where(similar, SIMILAR, 0)
    # Clusterer._doubted: within one story, names no rule knows do not prove another event; when both
    # name two people and the pairs differ, only names the story does not keep repeating
    asked = ~same & (two_pairs | ~(shared | similar))
    sx = cols.story[x]
    doubted = asked & (sx != _NONE) & (sx == cols.story[y]) & ((only_a & cols.known[x]) == 0) & \
        ((only_b & cols.known[y]) == 0) & (~two_pairs | ((only_a != 0) & ((only_a & ~cols.doubtful[x]) == 0)) |
                                           ((only_b != 0) & ((only_b & ~cols.doubtful[y]) == 0)))
    return holds | np.where(doubted, IN_STORY, 0)


def _similar_names(judge: Clusterer, cols: Columns, na: np.ndarray, nb: np.ndarray, asked: np.ndarray) -> np.ndarray:
    """``Clusterer._similar`` of each cell's two names where ``asked``: both at least four characters
    long and rapidfuzz's token set ratio at least ``name_similarity``. Each distinct pair of names is
    scored once, on as many threads as this process has cores (``process.cpdist``: it lets go of
    the interpreter while it scores). The ratio is symmetric: a pair is scored one way round."""
    out = np.zeros(len(na), dtype=bool)
    asked = asked & (np.minimum(cols.length[na], cols.length[nb]) >= 4)
    if not asked.any():
        return out
    low, high = np.minimum(na[asked], nb[asked]), np.maximum(na[asked], nb[asked])
    pairs, which = np.unique(low * len(cols.names) + high, return_inverse=True)
    left, right = np.divmod(pairs, len(cols.names))
    names = cols.names
    scores = process.cpdist([names[k] for k in left.tolist()], [names[k] for k in right.tolist()],
                            scorer=fuzz.token_set_ratio, dtype=np.float64,
                            workers=default_jobs() if len(pairs) >= _THREADED_AT else 1)
    out[asked] = (scores >= judge.settings.name_similarity)[which]
    return out


_THREADED_AT = 10_000  # fewer name pairs are scored on one thread: starting threads for a handful is not worth it

