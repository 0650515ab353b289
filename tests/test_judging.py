"""Judging pairs as columns gives the verdicts judging them one at a time gives."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from crosscheck.cluster import Clusterer
from crosscheck.judging import ELSE, SAME, SAME_COUNTRY, UNKNOWN, WITHIN, Columns, judge_pairs, place_bits
from crosscheck.timespan import TimeSpan

from .claimkit import article, claim


def _every_pair(c: Clusterer, sigs) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.triu_indices(len(sigs), 1)
    return x.astype(np.int64), y.astype(np.int64)


def _assert_same_verdicts(c: Clusterer, sigs) -> int:
    """judge_pairs against judge() on every pair; the number of pairs vetoed."""
    x, y = _every_pair(c, sigs)
    score, veto = judge_pairs(c, Columns(sigs), sigs, x, y)
    one_by_one = [c.judge(sigs[a], sigs[b]) for a, b in zip(x.tolist(), y.tolist(), strict=True)]
    assert veto.tolist() == [v for _, v in one_by_one]
    # a vetoed pair's score is not used; the others' are the same floats
    assert [s for s, v in zip(score.tolist(), veto.tolist(), strict=True) if not v] == \
        [s for s, v in one_by_one if not v]
    return int(veto.sum())


def _yearless(c, month: int, day: int):
    return c.model_copy(update={"time": TimeSpan(start=None, end=None, granularity="day", expression="Jan 18",
                                                 month_day=(month, day))})


CASES = {
    "spellings and pairs of people": [
        claim("a", "meet", "Sergei Lavrov", "Wang Yi", when="2023-03-20"),
        claim("b", "meet", "Sergey Lavrov", "Wang Yi", when="2023-03-20"),
        claim("c", "meet", "Sergei Lavrov", "Antony Blinken", when="2023-03-21"),
        claim("d", "meet", "Lavrov", when="2023-03"),
        claim("e", "meet", "Xi", "Lavrov"),  # names under four letters are never similar
    ],
    "places and once-only events": [
        claim("a", "visit", "Vladimir Putin", where="moscow", when="2023-10-16"),
        claim("b", "visit", "Vladimir Putin", where="kremlin", when="2023-10-17"),
        claim("c", "visit", "Vladimir Putin", where="saint-petersburg", when="2023-10"),
        claim("g", "visit", "Vladimir Putin", where="moscow", when="2023-11-01"),  # a day after October:
        claim("h", "visit", "Vladimir Putin", where="moscow", when="2023-10"),  # a day and a month are no two days
        claim("d", "visit", "Vladimir Putin", where="beijing"),
        claim("e", "invade", "Russia", "Ukraine", when="2022-02-24", family="war"),
        claim("f", "invade", "Russia", "Ukraine", when="2022-03-01", family="war"),
    ],
    "forecasts, plain reports and one sentence": [
        claim("a", "visit", "Xi Jinping", where="moscow", when="2023-04", modality="planned"),
        claim("b", "visit", "Xi Jinping", where="moscow", when="2023-03-20"),
        claim("c", "visit", "Xi Jinping", where="moscow", when="2023-03-21", modality="hedged"),
        claim("d", "meet", "Xi Jinping", "Vladimir Putin", sentence=7),
        claim("d", "meet", "Xi Jinping", "Nikolai Patrushev", sentence=7),
        claim("d", "meet", "Xi Jinping", "Vladimir Putin", sentence=7, when="2023-03-21"),
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_columns_judge_as_the_judge_does(rules, case):
    claims = CASES[case]
    c = Clusterer(rules, [article(a, "2023-03-22") for a in "abcdefgh"])
    c.read_stories(claims)
    sigs = [c.signature(i, x) for i, x in enumerate(claims)]
    assert _assert_same_verdicts(c, sigs) > 0


def test_a_date_without_its_year_is_judged_as_the_judge_does(rules):
    claims = [claim("a", "shoot", "John Doe", family="harm", when="2022-06-10"),
              _yearless(claim("b", "shoot", "John Doe", family="harm"), 1, 18),
              _yearless(claim("c", "shoot", "John Doe", family="harm"), 6, 10),
              claim("d", "shoot", "John Doe", family="harm")]
    c = Clusterer(rules)
    c.read_stories(claims)
    sigs = [c.signature(i, x) for i, x in enumerate(claims)]
    assert sigs[1].yearless == (1, 18) and sigs[1].span is None
    assert _assert_same_verdicts(c, sigs) > 0


def _story_claims():
    from .test_story import corpus

    # in the Ortiz story: a misread "Pie", a name the rules know, and two names the story keeps repeating
    repeated = [claim(f"ortiz-{k}", "state", name, family=None, sentence=60 + k)
                for k in (1, 2, 3) for name in ("Tom Hale", "Ann Ruiz")]
    return [claim("ortiz-1", "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=70),
            claim("ortiz-2", "shoot", "Pie", "Jerry Ortiz", family="harm", sentence=71),
            claim("ortiz-3", "shoot", "Lee Baca", family="harm", sentence=72, known=True),
            claim("ortiz-2", "shoot", "Pie", family="harm", sentence=73),
            claim("ortiz-1", "shoot", "Tom Hale", family="harm", sentence=74),
            claim("ortiz-2", "shoot", "Ann Ruiz", family="harm", sentence=75),
            claim("ortiz-3", "shoot", "Tom Hale", "Jerry Ortiz", family="harm", sentence=76),
            claim("ortiz-1", "shoot", "Tom Hales", "Jerry Ortiz", family="harm", sentence=77),
            *repeated, *corpus()]


def test_names_doubted_in_a_story_are_judged_as_the_judge_does(rules):
    claims = _story_claims()
    c = Clusterer(rules)
    sigs = c.signatures(claims)
    assert sigs[1].story is not None and sigs[1].story == sigs[0].story
    assert _assert_same_verdicts(c, sigs) > 0


@pytest.mark.parametrize("case", ["story", *sorted(CASES)])
def test_each_comparison_holds_what_the_judges_holds(rules, case):
    """Slot by slot, the bits as columns are the bits judge() reads (whatever order a rule file puts
    the levels in, the same level is chosen); participants of every pair, vetoed or not."""
    from crosscheck import judging

    claims = _story_claims() if case == "story" else CASES[case]
    c = Clusterer(rules, [article(a, "2023-03-22") for a in "abcdefgh"])
    sigs = c.signatures(claims)
    x, y = _every_pair(c, sigs)
    cols = Columns(sigs)
    found = [judging._story(cols, x, y), judging._named(cols, x, y), judging._place(cols, x, y),
             judging._time(c, cols, sigs, x, y),
             judging._participants(c, cols, sigs, x, y, np.zeros(len(x), dtype=bool)) | ELSE]
    for k, holds in enumerate(found):
        assert holds.tolist() == [c._holds(k, sigs[a], sigs[b]) for a, b in zip(x.tolist(), y.tolist(), strict=True)]


def test_every_pair_of_the_seeds_is_judged_as_the_judge_does(rules, seed_articles):
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    articles = list(seed_articles.values())
    c = Clusterer(rules, [ArticleInfo.of(a) for a in articles])
    sigs = c.signatures(extract(articles, rules))
    assert _assert_same_verdicts(c, sigs) > 0


def test_pairs_a_run_judges_as_columns_get_the_judges_verdicts(rules, seed_articles):
    """Through clustering: what joining looks up, and what scored, are the judge's."""
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    articles = list(seed_articles.values())
    claims = extract(articles, rules)
    c = Clusterer(rules, [ArticleInfo.of(a) for a in articles])
    sigs = c.signatures(claims)
    lefts, rights, scores, vetoes = c._scored_pairs(sigs, [x.id for x in claims], None, None)
    pairs = sorted(c.blocker.candidate_pairs(sigs).pairs())
    verdicts = {p: c.judge(sigs[p[0]], sigs[p[1]]) for p in pairs}
    assert c.pairs_judged == len(pairs)
    assert [vetoes.get(x, y) for x, y in pairs] == [int(verdicts[p][1]) for p in pairs]
    scored = {(x, y): s for x, y, s in zip(lefts, rights, scores, strict=True)}
    assert scored == {p: s for p, (s, v) in verdicts.items() if not v and s >= rules.clustering.threshold}


@pytest.mark.parametrize("p, q, bits", [
    ("moscow", "moscow", SAME),
    ("kremlin", "moscow", SAME),  # the Kremlin is shown as "Moscow": one value
    ("moscow", "russia", WITHIN),
    ("moscow", "saint-petersburg", SAME_COUNTRY),
    ("moscow", "beijing", 0),
    ("moscow", None, UNKNOWN),
])
def test_place_bits(rules, p, q, bits):
    c = Clusterer(rules)
    places = [c.signature(0, claim("a", "visit", "A Person", where=w)).where if w else None for w in (p, q)]
    assert place_bits(places[0], places[1]) == bits == place_bits(places[1], places[0])
    assert not bits & ELSE


def test_columns_number_each_value_in_the_order_claims_give_it(rules):
    claims = [claim("b", "meet", "Ana Lima", "Rui Costa", when="2022-06-10", sentence=3),
              claim("a", "visit", "Rui Costa", where="moscow"),
              claim("b", "meet", "Rui Costa", "Ana Lima", when="2022-06-11")]
    c = Clusterer(rules)
    sigs = c.signatures(claims)
    cols = Columns(sigs)
    assert cols.article.tolist() == [0, 1, 0]
    assert cols.actors.tolist() == [0, 1, 0]  # one set of names, whatever order the claim names them in
    assert [cols.names[k] for k in cols.names_of.tolist()] == ["ana lima", "rui costa", "rui costa"]
    assert cols.first.tolist() == [0, 2] and cols.width.tolist() == [2, 1]
    assert cols.where.tolist()[:1] == [-1] and cols.where[1] == 0
    assert cols.spanned.tolist() == [True, False, True]
    assert (cols.start[0], cols.end[2]) == (dt.date(2022, 6, 10).toordinal(), dt.date(2022, 6, 11).toordinal())
