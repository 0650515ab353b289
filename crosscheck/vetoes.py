"""Which judged pairs veto, kept for joining to look up instead of judging them again.

Joining two groups of claims asks, of every pair across them, whether it is
vetoed (cluster.py). Most of those pairs are candidate pairs that scoring has
judged already: 83% of the 226,763 pairs joining asked about on the
benchmark's 100k synthetic claims (181,359 unvetoed, 6,367 vetoed); the rest,
pairs blocking never made, are judged when asked. A pair's verdict depends
only on its two signatures and the rules, and judging is symmetric, so the
verdict looked up is the one judging would give.

The pairs are held as a compressed sparse row table: per claim, the sorted
partners it was judged with, each as ``2 × partner + vetoed``, looked up by
bisection. At a million claims and four million judged pairs that is 16 MB
of partners and 8 MB of row starts, for as long as joining runs.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Final

import numpy as np

NOT_JUDGED: Final = -1  # the pair was not judged: ask the judge


class Vetoes:
    """Per judged pair: vetoed or not. ``add`` while judging, ``seal`` once, then ``get``. A partner is
    held as a C int, twice its number plus the verdict: up to a billion claims (``add`` raises
    OverflowError beyond)."""

    def __init__(self) -> None:
        self._lefts = array("i")
        self._rights = array("i")  # 2 × the larger claim + 1 where vetoed
        self._starts = array("q")  # per claim, where its partners start in ``_rights``; one more at the end

    def add(self, x: int, y: int, vetoed: bool) -> None:
        if x > y:
            x, y = y, x
        self._lefts.append(x)
        self._rights.append(2 * y + 1 if vetoed else 2 * y)

    def extend(self, x: np.ndarray, y: np.ndarray, vetoed: np.ndarray) -> None:
        """``add`` for columns of pairs."""
        low, high = np.minimum(x, y), np.maximum(x, y)
        if len(high) and int(high.max()) >= 1 << 30:
            raise OverflowError("a vetoes table holds up to a billion claims")
        self._lefts.frombytes(low.astype(np.intc).tobytes())
        self._rights.frombytes((2 * high + vetoed).astype(np.intc).tobytes())

    def seal(self, claims: int) -> None:
        """Sort the pairs into rows, one per claim (``claims`` of them); nothing can be added after."""
        left = np.frombuffer(self._lefts, dtype=np.intc) if self._lefts else np.zeros(0, dtype=np.intc)
        starts = np.zeros(claims + 1, dtype=np.int64)
        np.cumsum(np.bincount(left, minlength=claims), out=starts[1:])
        # one sort of (claim << 32 | partner), in place: a tenth of the time of lexsort on the two
        # columns, and no column more than it needs (at a million claims this runs near the peak)
        keys = left.astype(np.int64)
        del left
        self._lefts = array("i")
        np.left_shift(keys, 32, out=keys)
        if self._rights:
            keys |= np.frombuffer(self._rights, dtype=np.intc)
        self._rights = array("i")
        keys.sort()
        keys &= 0xFFFFFFFF
        self._rights.frombytes(keys.astype(np.intc).data.cast("B"))
        self._starts = array("q")
        self._starts.frombytes(starts.data.cast("B"))

    def get(self, x: int, y: int) -> int:
        """1 if the pair was judged vetoed, 0 if judged and not, else ``NOT_JUDGED``."""
        if x > y:
            x, y = y, x
        rights = self._rights
        end = self._starts[x + 1]
        i = bisect_left(rights, 2 * y, self._starts[x], end)
        if i < end and rights[i] >> 1 == y:
            return rights[i] & 1
        return NOT_JUDGED
