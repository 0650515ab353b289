"""Events → verdicts: granularity, place hierarchy, numbers, kinds, origins, warnings."""

from __future__ import annotations

import pytest

from crosscheck.check import Checker, check
from crosscheck.claim import Quantity
from crosscheck.cluster import cluster_claims
from crosscheck.events import Action

from .claimkit import article, claim


def verdicts(claims, rules, articles=None, dated=None):
    """``dated``: article id → its trusted date, where it is not 2023-10-20."""
    dated = dated or {}
    articles = articles or [article(a, dated.get(a, "2023-10-20")) for a in sorted({c.article_id for c in claims})]
    labelled, clusters = cluster_claims(claims, rules, articles)
    return check(rules, articles, labelled, clusters)


@pytest.mark.parametrize("coarse, fine", [("2023-10", "2023-10-16"), ("2022", "2022-02"), ("2023", "2023-10-16")])
def test_a_coarser_time_agrees_with_a_finer_one_inside_it(rules, coarse, fine):
    claims = [claim("a", "visit", "Vladimir Putin", where="beijing", when=coarse),
              claim("b", "visit", "Vladimir Putin", where="beijing", when=fine)]
    result = verdicts(claims, rules)
    assert result.conflicts == []
    assert len(result.agreements) == 1 and result.agreements[0].origins == 2


@pytest.mark.parametrize("first, second, kinds", [
    (("2023-10-16", "asserted"), ("2023-10-17", "asserted"), []),  # two reports a day apart: a time zone, a late night
    (("2023-10-19", "planned"), ("2023-10-18", "asserted"), ["soft"]),  # "a day earlier than planned"
    (("2023-10-18", "planned"), ("2023-10-18", "asserted"), []),
])
def test_a_day_of_slack_is_for_reports_not_for_plans(rules, first, second, kinds):
    claims = [claim("a", "visit", "Gabriel Boric", where="beijing", when=first[0], modality=first[1]),
              claim("b", "visit", "Gabriel Boric", where="beijing", when=second[0], modality=second[1])]
    result = verdicts(claims, rules, dated={"a": "2023-10-16"})
    assert [x.kind for x in result.conflicts if x.slot == "time"] == kinds


@pytest.mark.parametrize("first, second, conflict", [
    ("kremlin", "moscow", False), ("moscow", "russia", False), ("kremlin", "russia", False),
    ("moscow", "saint-petersburg", True),
])
def test_places_agree_along_the_hierarchy(rules, first, second, conflict):
    claims = [claim("a", "meet", "Vladimir Putin", "Wang Yi", where=first, when="2023-09-20"),
              claim("b", "meet", "Vladimir Putin", "Wang Yi", where=second, when="2023-09-20")]
    found = [x for x in verdicts(claims, rules).conflicts if x.slot == "place"]
    assert bool(found) == conflict
    if conflict:
        assert found[0].kind == "hard" and {s.value for s in found[0].sides} == {"Moscow", "Saint Petersburg"}


def test_a_vaguer_place_does_not_bridge_two_sides(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Wang Yi", where="moscow", when="2023-09-20"),
              claim("b", "meet", "Vladimir Putin", "Wang Yi", where="russia", when="2023-09-20"),
              claim("c", "meet", "Vladimir Putin", "Wang Yi", where="saint-petersburg", when="2023-09-20")]
    (conflict,) = [x for x in verdicts(claims, rules).conflicts if x.slot == "place"]
    assert sorted(s.articles[0] for s in conflict.sides) == ["a", "c"]


def test_a_hedged_forecast_against_a_report_is_soft(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Xi Jinping", where="moscow", when="2023-04", modality="hedged"),
              claim("b", "visit", "Xi Jinping", where="moscow", when="2023-03")]
    (conflict,) = verdicts(claims, rules, dated={"a": "2023-02-22"}).conflicts
    assert (conflict.slot, conflict.kind) == ("time", "soft")
    assert sorted(s.value for s in conflict.sides) == ["2023-03", "2023-04"]


def test_hard_conflicts_rank_above_soft_ones(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Xi Jinping", where="moscow", when="2023-04", modality="hedged"),
              claim("b", "visit", "Xi Jinping", where="moscow", when="2023-03"),
              claim("c", "invade", "Russia", "Ukraine", when="2022-02", family=None),
              claim("d", "invade", "Russia", "Ukraine", when="2023-02", family=None)]
    kinds = [x.kind for x in verdicts(claims, rules, dated={"a": "2023-02-22"}).conflicts]
    assert kinds == ["hard", "soft"]


HEARINGS = [claim("a", "hear", "Nadia Marsh", when="2013-09-06", modality="planned", family="justice"),
            claim("b", "hear", "Nadia Marsh", when="2013-06-17", family="justice"),
            claim("c", "hear", "Nadia Marsh", when="2013-06-17", family="justice")]


@pytest.mark.parametrize("dated, conflict", [
    ({"a": "2013-06-18"}, False),  # the forecast came after the hearing it does not speak of
    ({"a": "2013-06-12"}, True),   # made before it: the hearing may have come early
    ({"a": "2013-06-17"}, True),   # made that day: it may be that hearing's plan
])
def test_a_forecast_made_after_a_reported_time_speaks_of_a_later_occurrence(rules, dated, conflict):
    found = [x for x in verdicts(HEARINGS, rules, dated={"b": "2013-06-18", "c": "2013-06-18", **dated}).conflicts
             if x.slot == "time"]
    assert bool(found) is conflict


def test_a_forecast_repeated_after_the_reported_time_still_stood(rules):
    claims = [*HEARINGS, claim("d", "hear", "Nadia Marsh", when="2013-09-06", modality="planned", family="justice")]
    found = verdicts(claims, rules, dated={"a": "2013-06-12", "b": "2013-06-18", "c": "2013-06-18", "d": "2013-06-18"})
    assert [x for x in found.conflicts if x.slot == "time"] == []


def test_reports_that_disagree_stay_a_conflict_whatever_the_forecasts(rules):
    # compared as one action, as clustering would never group them (the reports lie a week apart)
    claims = [*HEARINGS, claim("d", "hear", "Nadia Marsh", when="2013-06-10", family="justice")]
    articles = [article(a, "2013-06-18") for a in "abcd"]
    action = Action(id="ac-1", label="hearing", family="justice", claim_ids=[c.id for c in claims],
                    articles=list("abcd"))
    found = Checker(rules, articles, claims).event("ev-1", action, claims)
    assert [x.slot for x in found] == ["time"]
    assert Checker(rules, articles, claims[:3]).event("ev-1", action, claims[:3]) == []


@pytest.mark.parametrize("first, second, conflict", [
    ((12, "at least"), (14, None), False),
    ((12, None), (14, None), True),
    ((14, None), (14, None), False),
    ((20, "up to"), (14, None), False),
])
def test_numbers_agree_within_bounds_and_tolerance(rules, first, second, conflict):
    def q(value, qualifier):
        return [Quantity(raw=str(value), value=value, role="killed", qualifier=qualifier)]

    claims = [claim("a", "quake", "Earthquake", where="beijing", when="2023-10-16", family="disaster",
                    quantities=q(*first), sentence=0),
              claim("b", "quake", "Earthquake", where="beijing", when="2023-10-16", family="disaster",
                    quantities=q(*second), sentence=1)]
    found = [x for x in verdicts(claims, rules).conflicts if x.slot == "number"]
    assert bool(found) == conflict


@pytest.mark.parametrize("first, second, conflict", [
    ((28e9, "dollar"), (22e9, "euro"), False),  # one sum in two currencies, perhaps
    ((28e9, "euro"), (22e9, "euro"), True),
    ((28e9, None), (22e9, "euro"), True),       # one currency said: the other amount is read in it
])
def test_amounts_are_compared_only_in_one_currency(rules, first, second, conflict):
    def q(value, unit):
        return [Quantity(raw=str(value), value=value, role="amount", unit=unit)]

    claims = [claim("a", "approve", "Bundestag", when="2010-05-07", family="decide", quantities=q(*first), sentence=0),
              claim("b", "approve", "Bundestag", when="2010-05-07", family="decide", quantities=q(*second),
                    sentence=1)]
    found = [x for x in verdicts(claims, rules).conflicts if x.slot == "number"]
    assert bool(found) == conflict


def test_an_amount_in_a_third_currency_keeps_its_own_comparison(rules):
    def q(value, unit):
        return [Quantity(raw=str(value), value=value, role="amount", unit=unit)]

    # each in its article's lead, each worded its own way (two articles printing one sentence are copies)
    claims = [claim(a, "approve", "Bundestag", when="2010-05-07", family="decide", quantities=q(v, u), sentence=k)
              for k, (a, v, u) in enumerate([("a", 28e9, "dollar"), ("b", 22e9, "euro"), ("c", 20e9, "euro"),
                                             ("d", 5e9, None)])]
    (conflict,) = [x for x in verdicts(claims, rules).conflicts if x.slot == "number"]
    assert sorted(s.articles[0] for s in conflict.sides) == ["b", "c"]


def _toll(aid: str, killed: float, sentence: int):
    return claim(aid, "quake", "Earthquake", where="beijing", when="2023-10-16", family="disaster", sentence=sentence,
                 quantities=[Quantity(raw=f"{killed:g}", value=killed, role="killed")])


@pytest.mark.parametrize("tolls, lead, sides", [
    # (article, killed, sentence): counts in the first five sentences disagree
    ([("a", 10, 0), ("b", 612, 4)], 5, [["a"], ["b"]]),
    # the previous quake's toll, recalled further down: another occasion, not another count of this one
    ([("a", 10, 0), ("b", 612, 19)], 5, []),
    ([("a", 10, 9), ("b", 612, 19)], 5, []),
    # a later count that agrees supports the side the lead opened
    ([("a", 10, 0), ("b", 12, 1), ("c", 10, 12)], 5, [["a", "c"], ["b"]]),
    # later counts are placed once every lead count has opened its side, whatever their order
    ([("a", 10, 0), ("b", 20, 1), ("c", 20, 12), ("d", 10, 12)], 5, [["a", "d"], ["b", "c"]]),
    # null: counts are compared wherever they stand
    ([("a", 10, 0), ("b", 612, 19)], None, [["a"], ["b"]]),
    ([("a", 10, 9), ("b", 612, 19)], None, [["a"], ["b"]]),
])
def test_a_count_opens_a_side_only_from_its_articles_lead(rules, tolls, lead, sides):
    rules = rules.model_copy(update={"quantities": rules.quantities.model_copy(update={"lead_sentences": lead})})
    claims = [_toll(*t) for t in tolls]
    articles = [article(a, "2023-10-20") for a, _, _ in tolls]
    action = Action(id="ac-1", label="quake", family="disaster", claim_ids=[c.id for c in claims],
                    articles=[a for a, _, _ in tolls])
    found = [x for x in Checker(rules, articles, claims).event("ev-1", action, claims) if x.slot == "number"]
    assert sorted(sorted(s.articles) for x in found for s in x.sides) == sides


def test_copies_of_one_wire_story_count_once(rules):
    claims = [claim("a", "visit", "Vladimir Putin", where="beijing", when="2023-10"),
              claim("b", "visit", "Vladimir Putin", where="beijing", when="2023-10")]
    arts = [article("a", "2023-10-01", origin="AP"), article("b", "2023-10-02", origin="AP")]
    result = verdicts(claims, rules, arts)
    assert result.agreements == [] and len(result.single_source) == 1


def test_check_counts_origins_by_the_copies_the_clusterer_found(rules):
    claims = [claim("a", "visit", "Vladimir Putin", where="beijing", when="2023-10"),
              claim("b", "visit", "Vladimir Putin", where="beijing", when="2023-10")]
    arts = [article("a", "2023-10-01"), article("b", "2023-10-02")]
    labelled, clusters = cluster_claims(claims, rules, arts)
    assert check(rules, arts, labelled, clusters).agreements[0].origins == 2
    # told that b copies a, check counts one origin without finding copies again
    joined = check(rules, arts, labelled, clusters, copy_of={"a": "a", "b": "a"})
    assert joined.agreements == [] and joined.independent_origins == 1


def test_a_disagreement_within_one_origin_is_not_a_conflict(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Wang Yi", where="moscow", when="2023-09-20"),
              claim("b", "meet", "Vladimir Putin", "Wang Yi", where="saint-petersburg", when="2023-09-20")]
    arts = [article("a", "2023-09-20", origin="AP"), article("b", "2023-09-21", origin="AP")]
    assert verdicts(claims, rules, arts).conflicts == []


def test_missing_and_printed_dates_are_warned_about(rules):
    claims = [claim("a", "visit", "Vladimir Putin", where="beijing"),
              claim("b", "visit", "Vladimir Putin", where="beijing")]
    arts = [article("a"), article("b", "2025-04-18", trusted=False)]
    warnings = {(w.kind, w.article_id) for w in verdicts(claims, rules, arts).warnings}
    assert warnings == {("no_date", "a"), ("untrusted_date", "b")}


def test_conflict_ids_are_stable_across_runs_and_unrelated_articles(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Wang Yi", where="moscow", when="2023-09-20"),
              claim("b", "meet", "Vladimir Putin", "Wang Yi", where="saint-petersburg", when="2023-09-20")]
    first = [x.id for x in verdicts(claims, rules).conflicts]
    more = claims + [claim("z", "visit", "Xi Jinping", where="moscow", when="2023-03")]
    assert [x.id for x in verdicts(more, rules).conflicts] == first


def test_claims_are_compared_within_an_action_not_across_an_events_actions(rules):
    """The shooting on Wednesday and the arrest on Friday are one event, and no time conflict; two
    reports of the shooting in different cities are a place conflict."""
    from .test_story import corpus
    shot = claim("ortiz-1", "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", when="2023-05-03",
                 where="moscow", sentence=60)
    arrested = claim("ortiz-2", "arrest", "Jose Luis Orozco", family="justice", when="2023-05-05", sentence=61)
    result = verdicts([shot, arrested, *corpus()], rules)
    assert [x.slot for x in result.conflicts] == []
    shot_later = claim("ortiz-3", "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", when="2023-05-03",
                       where="saint-petersburg", sentence=62)
    result = verdicts([shot, arrested, shot_later, *corpus()], rules)
    assert [(x.slot, x.event) for x in result.conflicts] == [("place", "Jose Luis Orozco – shoot – Jerry Ortiz")]
    labelled, clusters = cluster_claims([shot, arrested, shot_later, *corpus()], rules)
    event = next(e for e in clusters if shot.id in e.claim_ids)
    action = {i: a.id for a in event.actions for i in a.claim_ids}
    assert action[shot.id] == action[shot_later.id] != action[arrested.id]
    assert result.conflicts[0].cluster_id == event.id
