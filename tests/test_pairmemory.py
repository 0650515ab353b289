"""Clustering memory: a run that recalls an earlier run's judgements gives the events of a fresh run,
and judges fewer pairs."""

from __future__ import annotations

import pytest

from crosscheck.cluster import Clusterer
from crosscheck.extract import extract
from crosscheck.models import ArticleInfo
from crosscheck.pairmemory import PairMemory
from crosscheck.rules import Blocking, Rules


def _with_max_block(rules: Rules, size: int) -> Rules:
    clustering = rules.clustering.model_copy(update={"blocking": Blocking(max_block=size)})
    return rules.model_copy(update={"clustering": clustering})


@pytest.fixture(scope="module")
def seed_claims(seed_articles, rules):
    articles = list(seed_articles.values())
    return extract(articles, rules), [ArticleInfo.of(a) for a in articles]


@pytest.fixture(scope="module")
def undated_claims(seed_articles_as_published, rules):
    """As published, without the sidecar: most claims have no time, so big blocks hold loose claims."""
    articles = list(seed_articles_as_published.values())
    return extract(articles, rules), [ArticleInfo.of(a) for a in articles]


def _events(clusterer: Clusterer, claims) -> tuple[list, dict]:  # noqa: ANN001
    clusters, of_claim = clusterer.cluster(claims)
    return [(c.id, c.claim_ids) for c in clusters], of_claim


@pytest.mark.parametrize("max_block", [400, 6])
@pytest.mark.parametrize("dated", [True, False])
def test_recalling_an_earlier_run_gives_the_events_of_a_fresh_run(rules, seed_claims, undated_claims, max_block,
                                                                   dated):
    """Two ways the claims change between runs: an article is added, and an article is taken away
    (with a small max_block, a block that was too big to compare whole then is small now)."""
    rules = _with_max_block(rules, max_block)
    claims, infos = seed_claims if dated else undated_claims
    last = sorted({c.article_id for c in claims})[-1]
    without = [c for c in claims if c.article_id != last]
    for before, after in ((without, claims), (claims, without)):
        earlier = Clusterer(rules, infos, remember=True)
        earlier.cluster(before)
        fresh = Clusterer(rules, infos, remember=True)
        recalled = Clusterer(rules, infos, recall=earlier.judged, remember=True)
        assert _events(recalled, after) == _events(fresh, after)
        assert recalled.pairs_judged < fresh.pairs_judged
        assert recalled.judged == fresh.judged  # and it hands the next run the same memory


def test_a_block_that_was_big_is_compared_whole_once_it_is_small(rules, undated_claims):
    claims, infos = undated_claims
    small = _with_max_block(rules, 6)
    earlier = Clusterer(small, infos, remember=True)
    earlier.cluster(claims)
    assert earlier.judged.big, "the seeds must have a block bigger than 6 claims for this test"
    later = Clusterer(_with_max_block(rules, 400), infos, recall=earlier.judged)
    later.read_stories(claims)
    sigs = [later.signature(i, c) for i, c in enumerate(claims)]
    found = later.blocker.candidate_pairs(sigs, earlier.judged.big)
    unseen = {(x, y) for x, y, was_unseen in found if was_unseen}
    assert unseen and unseen <= found.pairs()
    # the pairs of the blocks that were big were never judged: they are judged now, not taken as failed
    assert _events(later, claims) == _events(Clusterer(_with_max_block(rules, 400), infos), claims)


def test_only_a_clusterer_asked_to_remember_keeps_what_it_judged(rules, seed_claims):
    claims, infos = seed_claims
    keeping, forgetting = Clusterer(rules, infos, remember=True), Clusterer(rules, infos)
    assert _events(keeping, claims) == _events(forgetting, claims)
    assert keeping.judged.scored and len(keeping.judged.fingerprints) == len(claims)
    assert forgetting.judged == PairMemory()


def test_the_memory_reads_back_and_a_damaged_one_is_refused():
    memory = PairMemory(fingerprints={"c1": "aa", "c2": "bb", "c3": "cc"},
                        big={("encounter", "name", "putin")}, scored={("c1", "c3"): 4.5, ("c2", "c3"): 3.0})
    blob = memory.to_bytes()
    assert PairMemory.from_bytes(blob) == memory
    with pytest.raises(ValueError):
        PairMemory.from_bytes(blob[:-3])
    with pytest.raises(ValueError):
        PairMemory.from_bytes(b"not a memory")


@pytest.mark.parametrize("max_block", [400, 6])
@pytest.mark.parametrize("dated", [True, False])
def test_the_pairs_around_changed_claims_are_the_candidate_pairs_that_hold_one(rules, seed_claims, undated_claims,
                                                                                max_block, dated):
    claims, infos = seed_claims if dated else undated_claims
    c = Clusterer(_with_max_block(rules, max_block), infos)
    c.read_stories(claims)
    found = c.blocker.candidate_pairs([c.signature(i, x) for i, x in enumerate(claims)])
    every_pair = found.pairs()
    for changed in ({0}, set(range(0, len(claims), 7)), set(range(len(claims) // 2))):
        assert found.around(changed) == {(x, y) for x, y in every_pair if x in changed or y in changed}
