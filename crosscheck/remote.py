"""Judging candidate pairs on an engine's workers (a Dask cluster).

Pairs go out in batches with the signatures they need, each claim cut to what
judging reads (its id, article, sentence, predicate and modality), and come
back as the pairs that scored. Judging reads only the two signatures and the
rules, so any worker gives the answer this process would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .claim import Claim
from .rules import Rules

if TYPE_CHECKING:
    from .cluster import Clusterer, Signature

PAIR_BATCH = 20_000
PairBatch = tuple[dict[int, "Signature"], list[tuple[int, int]]]  # signatures by claim position, and pairs
_judges: dict[str, Clusterer] = {}  # per worker process: one clusterer per rules version


def judge_batch(batch: PairBatch, rules: Rules) -> list[tuple[int, int, float]]:
    """The pairs of a batch that score at least the threshold, unvetoed; runs on an engine's worker.
    Judging reads only the two signatures and the rules, so any worker gives the same answer."""
    from .cluster import Clusterer  # here: cluster.py imports this module

    judge = _judges.get(rules.hash)
    if judge is None:
        _judges.clear()
        judge = _judges[rules.hash] = Clusterer(rules)
    sigs, pairs = batch
    out = []
    for x, y in pairs:
        score, veto = judge.judge(sigs[x], sigs[y])
        if not veto and score >= judge.settings.threshold:
            out.append((x, y, score))
    return out


def pair_batches(sigs: Sequence[Signature], pairs: Iterable[tuple[int, int]]) -> Iterator[PairBatch]:
    """Batches of pairs with the signatures they need, each claim cut to what judging reads."""
    batch: list[tuple[int, int]] = []
    for pair in pairs:
        batch.append(pair)
        if len(batch) == PAIR_BATCH:
            yield _shipped(sigs, batch)
            batch = []
    if batch:
        yield _shipped(sigs, batch)


def _shipped(sigs: Sequence[Signature], pairs: list[tuple[int, int]]) -> PairBatch:
    needed = {i for pair in pairs for i in pair}
    lean = {}
    for i in needed:
        c = sigs[i].claim
        lean[i] = sigs[i].with_claim(Claim.model_construct(
            id=c.id, article_id=c.article_id, sentence=c.sentence, evidence="", start=0, end=0,
            predicate=c.predicate, modality=c.modality))
    return lean, pairs
