"""Claims → events: distinct events stay apart, one event that disagrees stays one, ids are stable."""

from __future__ import annotations

import random

import pytest

from crosscheck.cluster import Clusterer, _Group, cluster_claims
from crosscheck.errors import RulesError
from crosscheck.rules import load_rules

from .claimkit import article, claim


def groups(claims, rules, articles=()) -> list[set[int]]:
    """The events as sets of positions in ``claims``."""
    labelled, _ = cluster_claims(claims, rules, articles)
    by: dict[str, set[int]] = {}
    for i, c in enumerate(labelled):
        by.setdefault(c.cluster_id, set()).add(i)
    return sorted(by.values(), key=min)


def together(claims, rules, articles=()) -> bool:
    return len(groups(claims, rules, articles)) == 1


def action_of(claims, rules) -> list[str]:
    """Per claim, the id of the action it is part of."""
    _, events = cluster_claims(claims, rules)
    of = {i: a.id for e in events for a in e.actions for i in a.claim_ids}
    return [of[c.id] for c in claims]


def test_one_visit_told_by_three_articles_is_one_event(rules):
    claims = [claim("a", "visit", "Vladimir Putin", where="china", when="2023-10", modality="planned"),
              claim("b", "meet", "Vladimir Putin", "Xi Jinping", where="beijing", when="2023-10-16"),
              claim("c", "visit", "Vladimir Putin", where="beijing", when="2023-10")]
    assert together(claims, rules)


def test_two_meetings_of_the_same_people_seven_months_apart_are_two_events(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Wang Yi", where="kremlin", when="2023-02-22"),
              claim("b", "meet", "Vladimir Putin", "Wang Yi", where="saint-petersburg", when="2023-09-20")]
    assert not together(claims, rules)


def test_a_forecast_that_missed_by_a_month_is_the_same_visit(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Xi Jinping", where="moscow", when="2023-04", modality="hedged"),
              claim("b", "visit", "Xi Jinping", where="moscow", when="2023-03")]
    assert together(claims, rules)


def test_two_plain_reports_a_month_apart_are_two_events(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Xi Jinping", where="moscow", when="2023-04"),
              claim("b", "visit", "Xi Jinping", where="moscow", when="2023-03")]
    assert not together(claims, rules)


def test_an_invasion_happens_once_so_two_dates_are_one_event(rules):
    claims = [claim("a", "invade", "Russia", "Ukraine", when="2022-02", family=None),
              claim("b", "invade", "Russia", "Ukraine", when="2023-02", family=None)]
    assert together(claims, rules)


def test_two_cities_of_one_country_can_be_one_event_two_countries_cannot(rules):
    same_country = [claim("a", "meet", "Vladimir Putin", "Wang Yi", where="moscow", when="2023-09-20"),
                    claim("b", "meet", "Vladimir Putin", "Wang Yi", where="saint-petersburg", when="2023-09-20")]
    assert together(same_country, rules)
    two_countries = [claim("a", "meet", "Vladimir Putin", "Xi Jinping", where="moscow", modality="planned"),
                     claim("b", "meet", "Vladimir Putin", "Xi Jinping", where="beijing", modality="planned")]
    assert not together(two_countries, rules)


def test_different_pairs_of_people_are_different_meetings(rules):
    claims = [claim("a", "meet", "Wang Yi", "Sergey Lavrov", where="moscow"),
              claim("b", "meet", "Wang Yi", "Nikolai Patrushev", where="moscow")]
    assert not together(claims, rules)


def test_spellings_of_one_name_meet_through_fuzzy_matching(rules):
    claims = [claim("a", "meet", "Wang Yi", "Sergey Lavrov", where="moscow", when="2023-09-18"),
              claim("b", "meet", "Wang Yi", "Sergei Lavrov", where="moscow", when="2023-09-18")]
    assert together(claims, rules)


def test_one_sentence_stating_two_meetings_keeps_them_two_actions(rules):
    claims = [claim("a", "meet", "Wang Yi", where="moscow", sentence=7, when="2023-09-18"),
              claim("a", "meet", "Wang Yi", where="moscow", sentence=7, when="2023-09-18", obj="Sergey Lavrov")]
    first, second = action_of(claims, rules)
    assert first != second


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (2, 3, 0, 1), (3, 1, 2, 0)])
def test_two_claims_of_one_sentence_stay_apart_when_others_could_join_their_groups(rules, order):
    """'Putin met Wang Yi' and 'Putin met' read from one sentence are two meetings. Other articles
    tell each, and those two claims would join the groups: the sentence still keeps them apart,
    whichever claims stand for each group."""
    when = "2023-09-20"
    claims = [claim("a", "meet", "Vladimir Putin", "Wang Yi", where="moscow", sentence=7, when=when),
              claim("a", "meet", "Vladimir Putin", where="moscow", sentence=7, when=when),
              claim("b", "meet", "Vladimir Putin", "Wang Yi", where="moscow", sentence=1, when=when),
              claim("c", "meet", "Vladimir Putin", where="moscow", sentence=1, when=when)]
    of = dict(zip((claims[i].id for i in order), action_of([claims[i] for i in order], rules), strict=True))
    assert of[claims[0].id] != of[claims[1].id]


def test_a_shape_that_only_shares_a_hash_with_another_still_has_a_member_standing_for_it(rules):
    """A growing event keeps one member per distinct shape, by the shape's hash; two shapes that
    hash alike (made to here) both keep one, so a veto against either is still seen."""
    claims = [claim("a", "meet", "Vladimir Putin", "Wang Yi", when="2023-02-22"),
              claim("b", "meet", "Vladimir Putin", "Wang Yi", when="2023-09-20")]
    clusterer = Clusterer(rules)
    clusterer.read_stories(claims)
    sigs = [clusterer.signature(i, c) for i, c in enumerate(claims)]
    left, right = _Group(sigs[0], 0), _Group(sigs[1], 0)
    right.shapes = {next(iter(left.shapes)): 1}  # the one hash both shapes have
    left.absorb(right, sigs)
    assert sorted(left.standing()) == [0, 1]
    same = _Group(sigs[0], 0)
    left.absorb(same, sigs)  # a shape already standing adds nobody
    assert sorted(left.standing()) == [0, 1]


def test_a_vague_claim_cannot_chain_two_events(rules):
    """'Putin met Wang' (no date) matches both meetings; it may join one, never bridge them."""
    claims = [claim("a", "meet", "Vladimir Putin", "Wang Yi", when="2023-02-22"),
              claim("b", "meet", "Vladimir Putin", "Wang Yi", when="2023-09-20"),
              claim("c", "meet", "Vladimir Putin", "Wang Yi")]
    found = groups(claims, rules)
    assert not any({0, 1} <= g for g in found)


def test_a_claim_without_a_date_is_placed_by_its_articles_trusted_date(rules):
    claims = [claim("feb", "meet", "Vladimir Putin", "Wang Yi", where="moscow"),
              claim("sep", "meet", "Vladimir Putin", "Wang Yi", where="saint-petersburg", when="2023-09-20")]
    dated = [article("feb", "2023-02-22"), article("sep", "2023-09-20")]
    assert not together(claims, rules, dated)
    assert together(claims, rules)  # without dates nothing tells them apart


def test_cluster_ids_do_not_depend_on_input_order(rules):
    claims = [claim(f"a{i % 4}", "visit", f"Person {i % 3}", where="moscow", when=f"2023-0{1 + i % 3}")
              for i in range(12)]
    first = {c.id: c.cluster_id for c in cluster_claims(claims, rules)[0]}
    shuffled = claims[:]
    random.Random(7).shuffle(shuffled)
    second = {c.id: c.cluster_id for c in cluster_claims(shuffled, rules)[0]}
    assert first == second


@pytest.mark.parametrize("body, message", [
    ("comparisons:\n  time:\n    - {level: overlap, label: same time, weight: 1}\n", "last level must be 'else'"),
    ("comparisons:\n  time:\n    - {level: soon, label: x}\n    - {level: else, label: y}\n", "unknown level soon"),
    ("threshold: high\n", "threshold"),
])
def test_bad_clustering_settings_are_refused_with_file_and_field(tmp_path, body, message):
    (tmp_path / "clustering.yaml").write_text(body)
    with pytest.raises(RulesError) as err:
        load_rules(tmp_path)
    assert "clustering.yaml" in str(err.value) and message in str(err.value)


def _with_stories(events):
    """The event claims plus every sentence of the story corpus, so articles form their stories."""
    from .test_story import corpus
    return events + corpus()


def _same_event(claims, rules, i: int, j: int) -> bool:
    labelled, _ = cluster_claims(claims, rules)
    return labelled[i].cluster_id == labelled[j].cluster_id


@pytest.mark.parametrize("other_article, other_subject, known, one_event", [
    ("ortiz-2", "Pie", False, True),          # a misread name in another report of the story
    ("fresno-1", "Tyrone Mack", False, False),  # the other shooting: another story
    ("ortiz-2", "Jose Luis Orozco", True, True),
    ("ortiz-2", "Lee Baca", True, False),      # names the rules know differ: another event
])
def test_in_one_story_only_names_no_rule_knows_are_doubted(rules, other_article, other_subject, known, one_event):
    events = [claim("ortiz-1", "shoot", "Jose Luis Orozco", family="harm", sentence=50, known=known,
                    evidence="Orozco opened fire."),
              claim(other_article, "shoot", other_subject, family="harm", sentence=51, known=known,
                    evidence=f"{other_subject} opened fire.")]
    assert _same_event(_with_stories(events), rules, 0, 1) is one_event


@pytest.mark.parametrize("told_by, one_action", [
    (["ortiz-1", "fresno-1"], False),                        # in passing in the Ortiz story: cut there
    (["ortiz-1", "ortiz-2", "fresno-1", "fresno-2"], True),  # central to both: the stories join
])
def test_an_action_two_stories_tell_is_cut_at_the_story_bound_unless_central_to_both(rules, told_by, one_action):
    events = [claim(art, "meet", "Vladimir Putin", "Xi Jinping", known=True, when="2023-10-18", sentence=90 + k)
              for k, art in enumerate(told_by)]
    n = len(events)
    actions = action_of(_with_stories(events), rules)[:n]
    assert (actions[0] == actions[-1]) is one_action
    # where actions do not make events, nothing is cut: clustering alone joins the two
    off = rules.clustering.model_copy(
        update={"incidents": rules.clustering.incidents.model_copy(update={"enabled": False})})
    whole = action_of(_with_stories(events), rules.model_copy(update={"clustering": off}))[:n]
    assert whole[0] == whole[-1]


def test_shot_and_killed_in_one_sentence_is_one_event(rules):
    events = [claim("ortiz-1", "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=60),
              claim("ortiz-1", "kill", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=60)]
    assert together(events, rules)


@pytest.mark.parametrize("name, named_again, one_action", [
    ("Pie", False, True),        # once in the story: may be a misreading
    ("Lee Baca", True, False),   # named across the story: another pair of people, another action
])
def test_two_pairs_of_people_in_one_story_differ_unless_a_name_is_doubtful(rules, name, named_again, one_action):
    events = [claim("ortiz-1", "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=70),
              claim("ortiz-2", "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=71),
              claim("ortiz-3", "shoot", name, "Jerry Ortiz", family="harm", sentence=72)]
    if named_again:
        events.append(claim("ortiz-1", "state", name, family=None, sentence=73))
    claims = _with_stories(events)
    actions = action_of(claims, rules)
    assert actions[0] == actions[1]
    assert (actions[0] == actions[2]) is one_action


def test_the_fast_judge_agrees_with_the_explained_comparison(rules):
    """Clustering uses judge(); `rules explain` shows compare(): they must decide alike."""
    from crosscheck.cluster import Clusterer
    events = [claim("ortiz-1", "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=80),
              claim("ortiz-1", "kill", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=80),
              claim("ortiz-2", "shoot", "Pie", family="harm", sentence=81, when="2023-10-16"),
              claim("ortiz-3", "kill", "Lee Baca", "Jerry Ortiz", family="harm", sentence=82, when="2023-03"),
              claim("fresno-1", "shoot", "Tyrone Mack", family="harm", sentence=83, where="moscow"),
              claim("fresno-2", "meet", "Vladimir Putin", "Xi Jinping", known=True, where="beijing"),
              claim("quake-1", "meet", "Vladimir Putin", known=True, where="moscow", modality="planned")]
    claims = _with_stories(events)
    c = Clusterer(rules)
    c.read_stories(claims)
    sigs = [c.signature(i, x) for i, x in enumerate(claims)]
    vetoed = 0
    for a in sigs:
        for b in sigs:
            if a.index == b.index or a.family != b.family:
                continue
            full, (score, veto) = c.compare(a, b), c.judge(a, b)
            assert veto == full.veto
            vetoed += veto
            if not veto:
                assert score == full.score
    assert vetoed > 0


def test_the_time_sweep_keeps_every_pair_time_does_not_veto(rules, seed_articles):
    """Blocks are swept in time order; the pairs it skips are exactly pairs the time comparison vetoes,
    so the events equal those of comparing every pair of every block."""
    from crosscheck.cluster import Clusterer
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    articles = list(seed_articles.values())  # read with the sidecar: dated, so claims have spans
    claims = extract(articles, rules)
    infos = [ArticleInfo.of(a) for a in articles]

    def events(sweep: bool) -> tuple[list[tuple[str, ...]], int]:
        c = Clusterer(rules, infos)
        c.blocker.time_vetoes = sweep
        c.read_stories(claims)
        sigs = [c.signature(i, x) for i, x in enumerate(claims)]
        pairs = c.blocker.candidate_pairs(sigs).pairs()
        skipped = 0
        if sweep:
            c2 = Clusterer(rules, infos)
            c2.blocker.time_vetoes = False
            c2.read_stories(claims)
            for x, y in c2.blocker.candidate_pairs(sigs).pairs() - pairs:
                assert c.judge(sigs[x], sigs[y])[1], "a skipped pair must be one that time vetoes"
                skipped += 1
        clusters, _ = c.cluster(claims)
        return sorted(tuple(cl.claim_ids) for cl in clusters), skipped

    swept, skipped = events(True)
    every_pair, _ = events(False)
    assert swept == every_pair
    assert skipped > 0  # the seeds hold meetings months apart: the sweep must have skipped some


@pytest.mark.parametrize("max_block", [400, 6])
@pytest.mark.parametrize("dated", [True, False])
def test_blocking_yields_each_pair_once(rules, seed_articles, seed_articles_as_published, max_block, dated):
    """Pairs are never all held at once, so no pair may come from two blocks."""
    from crosscheck.cluster import Clusterer
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo
    from crosscheck.rules import Blocking

    articles = list((seed_articles if dated else seed_articles_as_published).values())
    claims = extract(articles, rules)
    clustering = rules.clustering.model_copy(update={"blocking": Blocking(max_block=max_block)})
    c = Clusterer(rules.model_copy(update={"clustering": clustering}), [ArticleInfo.of(a) for a in articles])
    c.read_stories(claims)
    found = c.blocker.candidate_pairs([c.signature(i, x) for i, x in enumerate(claims)])
    pairs = [(x, y) for x, y, _ in found]
    assert pairs and len(pairs) == len(set(pairs)) and all(x < y for x, y in pairs)
    assert bool(found.big) == (max_block == 6)


@pytest.mark.parametrize("max_block", [400, 6])
def test_a_blocks_members_are_the_claims_with_its_key_in_claim_order(rules, seed_articles, max_block):
    """Blocks are held as columns; each must hold the claims that have its key, and the big ones
    those over ``max_block``."""
    from collections import defaultdict

    from crosscheck.blocking import keys_of
    from crosscheck.cluster import Clusterer
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo
    from crosscheck.rules import Blocking

    articles = list(seed_articles.values())
    claims = extract(articles, rules)
    clustering = rules.clustering.model_copy(update={"blocking": Blocking(max_block=max_block)})
    c = Clusterer(rules.model_copy(update={"clustering": clustering}), [ArticleInfo.of(a) for a in articles])
    c.read_stories(claims)
    sigs = [c.signature(i, x) for i, x in enumerate(claims)]
    expected = defaultdict(list)
    for s in sigs:
        for k in keys_of(s):
            expected[k].append(s.index)
    found = c.blocker.candidate_pairs(sigs)
    assert {k: found.members(k) for k in expected} == expected
    assert found.big == {k for k, members in expected.items() if len(members) > max_block}
    assert found.members(("encounter", "name", "Nobody Anyone")) == []


@pytest.mark.parametrize("dated", [True, False])
def test_the_pairs_of_small_blocks_are_every_pair_sharing_a_block_that_the_sweep_reaches(
        rules, seed_articles, seed_articles_as_published, dated):
    """Small blocks are paired whole with numpy; the pairs must be those of the definition: the two
    share a key, and one has no time or the later starts within reach of the earlier's end."""
    from crosscheck.cluster import Clusterer
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    articles = list((seed_articles if dated else seed_articles_as_published).values())
    claims = extract(articles, rules)
    c = Clusterer(rules, [ArticleInfo.of(a) for a in articles])
    c.read_stories(claims)
    sigs = [c.signature(i, x) for i, x in enumerate(claims)]
    found = c.blocker.candidate_pairs(sigs)
    assert not found.big
    expected = {(x, y) for x in range(len(sigs)) for y in range(x + 1, len(sigs))
                if found.keys(x) & found.keys(y) and found._linked(x, y)}
    assert found.pairs() == expected
    assert len(expected) < len([1 for x in range(len(sigs)) for y in range(x + 1, len(sigs))
                                if found.keys(x) & found.keys(y)]) or not dated  # dated: time rules some out


def _on(c, month: int, day: int):  # noqa: ANN001, ANN202
    """The claim with an open date: 'on <month> <day>', no year to read it in."""
    from crosscheck.timespan import TimeSpan

    return c.model_copy(update={"time": TimeSpan(granularity="day", expression="on a day", relative=True,
                                                 month_day=(month, day))})


@pytest.mark.parametrize(("month_day", "one_event"), [
    ((6, 10), True),    # the same day of the year: it may be the same quake
    ((6, 11), True),    # a day apart: the slack of plain reports
    ((1, 18), False),   # in no year is January 18 the 10th of June
])
def test_a_date_without_its_year_still_tells_two_events_apart(rules, month_day, one_event):
    dated = claim("a", "meet", "Ana Lima", "Rui Costa", where="moscow", when="2022-06-10")
    undated = _on(claim("b", "meet", "Ana Lima", "Rui Costa", where="moscow"), *month_day)
    assert together([dated, undated], rules) == one_event
    other = _on(claim("c", "meet", "Ana Lima", "Rui Costa", where="moscow"), 1, 18)
    assert together([undated, other], rules) == (month_day == (1, 18))


def test_label_sets_cluster_ids_on_the_claims_themselves_and_labelled_copies(rules):
    from crosscheck.cluster import Clusterer, label, labelled

    claims = [claim("a", "visit", "Vladimir Putin", where="china", when="2023-10"),
              claim("b", "visit", "Vladimir Putin", where="beijing", when="2023-10"),
              claim("c", "arrest", "Police", "John Smith", where="moscow", when="2021-02-03")]
    _, of_claim = Clusterer(rules).cluster(claims)
    copies = labelled(claims, of_claim)
    assert [c.cluster_id for c in claims] == [None, None, None]  # copies leave the caller's claims alone
    same = list(claims)
    label(claims, of_claim)
    assert all(a is b for a, b in zip(claims, same, strict=True))
    assert [c.cluster_id for c in claims] == [of_claim[c.id] for c in claims] == [c.cluster_id for c in copies]
    assert claims[0].cluster_id == claims[1].cluster_id != claims[2].cluster_id
    assert [c.model_dump()["cluster_id"] for c in claims] == [c.cluster_id for c in copies]  # what a run writes


def test_joining_looks_up_the_verdicts_judging_gave(rules, seed_articles):
    """Joining reads a judged pair's veto from what scoring kept instead of judging it again: every
    candidate pair's kept verdict is the judge's, and the seeds' candidate pairs include vetoed ones."""
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo
    from crosscheck.vetoes import NOT_JUDGED

    articles = list(seed_articles.values())
    claims = extract(articles, rules)
    c = Clusterer(rules, [ArticleInfo.of(a) for a in articles])
    c.read_stories(claims)
    sigs = [c.signature(i, x) for i, x in enumerate(claims)]
    *_, vetoes = c._scored_pairs(sigs, [x.id for x in claims], None, None)
    pairs = c.blocker.candidate_pairs(sigs).pairs()
    verdicts = [c.judge(sigs[x], sigs[y])[1] for x, y in pairs]
    assert [vetoes.get(y, x) for x, y in pairs] == [int(v) for v in verdicts]
    assert any(verdicts) and not all(verdicts)
    judged = {frozenset(p) for p in pairs}
    others = [(x, y) for x in range(len(sigs)) for y in range(x + 1, len(sigs)) if {x, y} not in judged]
    assert others and all(vetoes.get(x, y) == NOT_JUDGED for x, y in others)


def _reference_salient(claims, story_of, share) -> set[tuple[str, str]]:
    """The plain count salient() must give: a set of articles per (story, name)."""
    import math
    from collections import Counter

    from crosscheck.claim import canonical
    from crosscheck.cluster import _is_actor

    size = Counter(story_of.values())
    named: dict[tuple[str, str], set[str]] = {}
    for c in claims:
        story = story_of.get(c.article_id)
        for r in (c.subject, c.object):
            if story is not None and r is not None and _is_actor(r, c):
                named.setdefault((story, canonical(r)), set()).add(c.article_id)
    return {k for k, arts in named.items() if len(arts) >= max(2, math.ceil(share * size[k[0]]))}


@pytest.mark.parametrize("share", [0.0, 0.3, 0.6, 1.0])
def test_salient_names_are_those_a_plain_count_of_articles_finds(rules, seed_articles, share):
    from crosscheck.cluster import _actor_names, salient
    from crosscheck.extract import extract

    claims = extract(list(seed_articles.values()), rules)
    c = Clusterer(rules)
    c.read_stories(claims)
    # one story for all five: names repeat across its articles, so some are salient and some not
    one_story = dict.fromkeys(c.story_of, "st-all")
    for story_of in (c.story_of, one_story):
        expected = _reference_salient(claims, story_of, share)
        assert salient([(x.article_id, _actor_names(x)) for x in claims], story_of, share) == expected
    assert _reference_salient(claims, one_story, share)
    assert salient([(x.article_id, _actor_names(x)) for x in claims], {}, share) == set()


def test_signatures_of_a_run_are_those_made_one_by_one(rules, seed_articles):
    """cluster() makes its signatures at once, counting the names each story is about from them;
    explanations make one at a time after read_stories(): both must carry the same doubts."""
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    articles = list(seed_articles.values())
    claims = extract(articles, rules)
    infos = [ArticleInfo.of(a) for a in articles]
    whole = Clusterer(rules, infos)
    at_once = whole.signatures(claims)
    single = Clusterer(rules, infos)
    single.read_stories(claims)
    one_by_one = [single.signature(i, c) for i, c in enumerate(claims)]
    assert whole.salient == single.salient and whole.salient
    assert [s._args()[2:] for s in at_once] == [s._args()[2:] for s in one_by_one]
    assert any(s.doubtful for s in at_once) and any(s.actors and not s.doubtful for s in at_once)


def test_a_run_lets_go_of_the_tables_its_signatures_shared(rules, seed_articles):
    """The tables that intern names, sets of names, places and spans, and the name pairs compared,
    serve one run's signatures: emptied once its claims are grouped, and filled again by signatures
    made afterwards, which are those the run made."""
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    articles = list(seed_articles.values())
    claims = extract(articles, rules)
    c = Clusterer(rules, [ArticleInfo.of(a) for a in articles])
    before = [s._args()[2:] for s in c.signatures(claims)]
    assert c._names and c._actors and c._sets and c._spans
    c.cluster(claims)
    assert not (c._names or c._actors or c._sets or c._wheres or c._spans or c._similar_seen)
    assert [c.signature(i, x)._args()[2:] for i, x in enumerate(claims)] == before



def test_stories_read_by_a_worker_process_give_the_same_events(rules, seed_articles, monkeypatch):
    """With two jobs the stories are read by a worker process while the signatures are made; the
    events, their ids and every claim's event are those of one process."""
    import crosscheck.cluster as cluster
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    monkeypatch.setattr(cluster, "_WORKER_FROM", 0)  # the seeds are far fewer claims than a worker pays for
    articles = list(seed_articles.values())
    claims = extract(articles, rules)
    infos = [ArticleInfo.of(a) for a in articles]
    one, two = Clusterer(rules, infos, jobs=1), Clusterer(rules, infos, jobs=2)
    events_one, of_one = one.cluster(claims)
    events_two, of_two = two.cluster(claims)
    assert (one.stories_apart, two.stories_apart) == (False, True)
    assert of_two == of_one
    assert [e.model_dump() for e in events_two] == [e.model_dump() for e in events_one]
    assert two.story_of == one.story_of and len(set(one.story_of.values())) > 1


def test_clustering_times_each_of_its_stages(rules, seed_articles):
    """``seconds`` names every stage of the last run, in order, and they add up to no more than the
    run took: what the benchmark prints as where the time went."""
    import time

    from crosscheck.cluster import STAGES
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    articles = list(seed_articles.values())
    claims = extract(articles, rules)
    clusterer = Clusterer(rules, [ArticleInfo.of(a) for a in articles])
    assert clusterer.seconds == {}
    started = time.perf_counter()
    clusterer.cluster(claims)
    took = time.perf_counter() - started
    assert list(clusterer.seconds) == list(STAGES)
    assert all(s >= 0 for s in clusterer.seconds.values()) and sum(clusterer.seconds.values()) <= took
    clusterer.seconds["stale"] = 1.0
    clusterer.cluster(claims[:3])  # a second run starts afresh
    assert list(clusterer.seconds) == list(STAGES)
