"""Judged pairs' vetoes, kept for joining: looked up as judged, either way round; others unknown."""

from __future__ import annotations

import random

import numpy as np
import pytest

from crosscheck.vetoes import NOT_JUDGED, Vetoes

JUDGED = [(2, 1, True), (1, 4, False), (1, 5, True), (4, 5, False), (6, 0, False)]


def sealed(pairs, claims: int) -> Vetoes:
    v = Vetoes()
    for x, y, vetoed in pairs:
        v.add(x, y, vetoed)
    v.seal(claims)
    return v


@pytest.mark.parametrize("x, y, expected", [
    (1, 2, 1), (2, 1, 1),        # added larger first: found either way round
    (1, 4, 0), (4, 1, 0),
    (1, 5, 1), (5, 4, 0),
    (1, 3, NOT_JUDGED),          # between two partners of claim 1
    (1, 6, NOT_JUDGED),          # past the last partner of claim 1
    (2, 3, NOT_JUDGED),          # claim 2's row is empty: 1 is its only partner, and the smaller
    (0, 6, 0),                   # the first claim and the last
    (5, 6, NOT_JUDGED),
])
def test_a_judged_pair_is_looked_up_as_judged_and_any_other_is_not_judged(x, y, expected):
    v = sealed(JUDGED, claims=7)
    assert v.get(x, y) == expected


def test_pairs_added_in_any_order_are_all_found():
    rnd = random.Random(4)
    pairs = {(x, y): rnd.random() < 0.3 for x in range(60) for y in range(x + 1, 60) if rnd.random() < 0.2}
    shuffled = [(y, x, vetoed) if rnd.random() < 0.5 else (x, y, vetoed) for (x, y), vetoed in pairs.items()]
    rnd.shuffle(shuffled)
    v = sealed(shuffled, claims=60)
    for x in range(60):
        for y in range(60):
            expected = pairs.get((min(x, y), max(x, y)))
            assert v.get(x, y) == (NOT_JUDGED if expected is None else int(expected))


def test_nothing_judged_leaves_every_pair_to_the_judge():
    v = sealed([], claims=3)
    assert [v.get(0, 1), v.get(1, 2), v.get(0, 2)] == [NOT_JUDGED] * 3


def test_pairs_added_as_columns_are_the_pairs_added_one_by_one():
    pairs = [(3, 1, True), (0, 2, False), (1, 2, True), (4, 0, False), (2, 4, True)]
    one_by_one, columns = Vetoes(), Vetoes()
    for x, y, vetoed in pairs:
        one_by_one.add(x, y, vetoed)
    x, y, v = (np.array(col) for col in zip(*pairs, strict=True))
    columns.extend(x, y, v)
    one_by_one.seal(5)
    columns.seal(5)
    asked = [(a, b) for a in range(5) for b in range(5) if a != b]
    assert [columns.get(a, b) for a, b in asked] == [one_by_one.get(a, b) for a, b in asked]
    assert columns.get(1, 3) == 1 and columns.get(0, 4) == 0 and columns.get(0, 1) == NOT_JUDGED
