"""Actions → events: the actions of one story make one event unless time, place, the people or a
reviewer keep them apart."""

from __future__ import annotations

import random

import pytest

from crosscheck.cluster import Clusterer, cluster_claims

from .claimkit import claim
from .test_story import corpus


def _events(events, rules, apart=()):
    """Per event claim (in order), its event id and its action id, over the story corpus."""
    claims = events + corpus()
    clusters, _ = Clusterer(rules, apart=apart).cluster(claims)
    event = {i: e.id for e in clusters for i in e.claim_ids}
    action = {i: a.id for e in clusters for a in e.actions for i in a.claim_ids}
    return [(event[c.id], action[c.id]) for c in events]


STRUCK = claim("quake-1", "quake", where="moscow", when="2023-03-05", family="disaster", sentence=20,
               evidence="A magnitude 6.4 earthquake struck near Moscow on Sunday.")


@pytest.mark.parametrize("other, one_event", [
    # the toll of the quake, told by another report of the story: another action, the same event
    (claim("quake-2", "kill", when="2023-03-05", family="harm", sentence=21), True),
    (claim("quake-2", "kill", family="harm", sentence=21), True),             # no time of its own
    (claim("quake-2", "injure", when="2023-03-09", family="harm", sentence=21), True),  # within the week
    (claim("quake-2", "kill", when="2021-03-05", family="harm", sentence=21), False),   # a quake two years before
    (claim("quake-2", "kill", where="beijing", family="harm", sentence=21), False),     # another country
    (claim("ortiz-2", "kill", when="2023-03-05", family="harm", sentence=21), False),   # another story
])
def test_actions_of_one_story_are_one_event_unless_something_keeps_them_apart(rules, other, one_event):
    (event_a, action_a), (event_b, action_b) = _events([STRUCK, other], rules)
    assert action_a != action_b
    assert (event_a == event_b) is one_event


@pytest.mark.parametrize("subject, one_event", [
    ("Lee Baca", False),            # both name people the rules know, and none in common
    ("Jose Luis Orozco", True),     # the same person charged for the killing he was said to commit
])
def test_actions_naming_only_other_known_people_are_other_events(rules, subject, one_event):
    shot = claim("ortiz-1", "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=30, known=True)
    charged = claim("ortiz-2", "charge", subject, family="justice", sentence=31, known=True)
    (event_a, _), (event_b, _) = _events([shot, charged], rules)
    assert (event_a == event_b) is one_event


def test_the_window_and_the_switch_are_settings(rules):
    shot = claim("ortiz-1", "shoot", when="2023-05-03", family="harm", sentence=40)
    arrested = claim("ortiz-2", "arrest", when="2023-05-06", family="justice", sentence=41)
    assert len({e for e, _ in _events([shot, arrested], rules)}) == 1

    def settings(**change):
        clustering = rules.clustering.model_copy(update={
            "incidents": rules.clustering.incidents.model_copy(update=change)})
        return rules.model_copy(update={"clustering": clustering})

    assert len({e for e, _ in _events([shot, arrested], settings(window_days=2))}) == 2
    assert len({e for e, _ in _events([shot, arrested], settings(enabled=False))}) == 2


def test_a_reviewers_different_events_verdict_keeps_actions_apart(rules):
    shot = claim("ortiz-1", "shoot", family="harm", sentence=50)
    arrested = claim("ortiz-2", "arrest", family="justice", sentence=51)
    assert len({e for e, _ in _events([shot, arrested], rules)}) == 1
    apart = [([shot.id], [arrested.id])]
    assert len({e for e, _ in _events([shot, arrested], rules, apart)}) == 2


def test_event_ids_and_actions_do_not_depend_on_input_order(rules):
    events = [STRUCK, claim("quake-2", "kill", family="harm", sentence=21),
              claim("quake-1", "injure", family="harm", sentence=22),
              claim("ortiz-1", "shoot", family="harm", sentence=23)]
    claims = events + corpus()
    _, first = cluster_claims(claims, rules)
    random.Random(3).shuffle(claims)
    _, again = cluster_claims(claims, rules)
    assert [(e.id, [a.id for a in e.actions]) for e in again] == [(e.id, [a.id for a in e.actions]) for e in first]


def test_a_country_shared_as_party_or_place_links_no_actions(rules):
    """'The United States sanctioned Russia' shares only Russia with 'Wang Yi met Lavrov in Moscow':
    a country most of the story names is no link between two actions of known people."""
    from .claimkit import place
    met = claim("ortiz-1", "meet", "Wang Yi", "Sergey Lavrov", where="moscow", family="encounter", sentence=70,
                known=True)
    sanctioned = claim("ortiz-2", "sanction", family="pressure", sentence=71, where="russia").model_copy(
        update={"subject": place("china"), "object": place("russia")})
    (event_a, _), (event_b, _) = _events([met, sanctioned], rules)
    assert event_a != event_b
    talked = claim("ortiz-2", "say", "Sergey Lavrov", family="say", sentence=71, known=True)
    (event_a, _), (event_b, _) = _events([met, talked], rules)
    assert event_a == event_b


@pytest.mark.parametrize("named_again, one_event", [
    (False, True),    # named once: a side character of the story, no sign of another event
    (True, False),    # named across the story, like the shooter: the story is about both, apart
])
def test_actions_naming_only_other_people_the_story_is_about_are_other_events(rules, named_again, one_event):
    shot = [claim(art, "shoot", "Jose Luis Orozco", "Jerry Ortiz", family="harm", sentence=80 + k)
            for k, art in enumerate(("ortiz-1", "ortiz-2"))]
    sued = claim("ortiz-3", "sue", "Lee Baca", family="justice", sentence=82)
    again = [claim("ortiz-1", "state", "Lee Baca", family=None, sentence=83)] if named_again else []
    found = _events([*shot, sued, *again], rules)
    assert found[0][0] == found[1][0]
    assert (found[0][0] == found[2][0]) is one_event


def test_an_action_also_told_by_a_lone_article_joins_its_story_event(rules):
    """A story of one article says too little to be cut at: the action goes with the one story of
    several articles that tells it."""
    lone = claim("lone-1", "state", sentence=0, family=None,
                 evidence="A bakery in Lyon won a national prize for its croissants.")
    visit = [claim(art, "visit", "Vladimir Putin", where="moscow", when="2023-03-05", known=True, family="travel",
                   sentence=22 + k, evidence=text) for k, (art, text) in enumerate([
                       ("quake-1", "Rescuers searched the rubble as Putin toured the town."),
                       ("quake-2", "Putin toured the ruins on Sunday."),
                       ("lone-1", "Putin visited the bakery on Sunday.")])]
    found = _events([STRUCK, *visit, lone], rules)
    clusterer = Clusterer(rules)
    clusterer.read_stories([STRUCK, *visit, lone, *corpus()])
    story_of = clusterer.story_of
    assert story_of["lone-1"] != story_of["quake-1"] == story_of["quake-2"]  # the lone article is a story of one
    assert len({action for _, action in found[1:4]}) == 1  # one action, told across two stories
    assert found[1][0] == found[0][0]                      # part of the quake story's event
