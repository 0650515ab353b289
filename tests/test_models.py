"""Records (claims and their parts, actions and events) share one set of given fields that stays empty."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest

from crosscheck.claim import Claim, Ref
from crosscheck.models import NO_FIELDS_GIVEN
from crosscheck.timespan import TimeSpan


def _claim() -> Claim:
    return Claim(id="c-1", article_id="a", sentence=0, evidence="Ana Lima met Rui Costa.", start=0, end=23,
                 predicate="meet", subject=Ref(raw="Ana Lima", value="Ana Lima", kind="person"),
                 time=TimeSpan(start=dt.date(2024, 5, 6), end=dt.date(2024, 5, 6), granularity="day",
                               expression="Monday"))


def test_every_part_of_a_claim_shares_the_one_empty_set():
    c = _claim()
    for record in (c, c.subject, c.time):
        assert record.__pydantic_fields_set__ is NO_FIELDS_GIVEN
    assert c.model_fields_set == set()


def test_actions_and_events_share_it_too():
    from crosscheck.events import Action, Cluster

    action = Action(id="ac-1", label="Ana Lima – meet", family="meet", claim_ids=["c-1"], articles=["a"])
    event = Cluster(id="ev-1", label=action.label, family="meet", claim_ids=["c-1"], articles=["a"], actions=[action])
    assert action.__pydantic_fields_set__ is NO_FIELDS_GIVEN and event.__pydantic_fields_set__ is NO_FIELDS_GIVEN
    assert Cluster.model_validate_json(event.model_dump_json()) == event


@pytest.mark.parametrize("change", [
    lambda c: setattr(c, "cluster_id", "ev-1"),
    lambda c: c.model_copy(update={"cluster_id": "ev-1"}),
    lambda c: NO_FIELDS_GIVEN.update({"x"}, ["y"]),
    lambda c: NO_FIELDS_GIVEN.symmetric_difference_update({"x"}),
])
def test_assigning_or_copying_adds_nothing_to_it(change):
    c = _claim()
    change(c)
    assert NO_FIELDS_GIVEN == set() and len(NO_FIELDS_GIVEN) == 0


def test_assignment_and_copies_keep_their_values():
    c = _claim()
    c.cluster_id = "ev-1"
    assert c.cluster_id == "ev-1"
    other = c.model_copy(update={"cluster_id": "ev-2"})
    assert (other.cluster_id, c.cluster_id) == ("ev-2", "ev-1")
    assert other.__pydantic_fields_set__ is NO_FIELDS_GIVEN
    deep = copy.deepcopy(c)
    assert deep == c and deep.__pydantic_fields_set__ is NO_FIELDS_GIVEN


def test_a_pickled_claim_comes_back_equal_with_the_shared_set():
    """Claims travel to worker processes pickled."""
    c = _claim()
    back = pickle.loads(pickle.dumps(c))
    assert back == c
    assert back.__pydantic_fields_set__ is NO_FIELDS_GIVEN and back.subject.__pydantic_fields_set__ is NO_FIELDS_GIVEN


def test_a_claim_read_from_json_is_equal_and_shares_it():
    c = _claim()
    back = Claim.model_validate_json(c.model_dump_json())
    assert back == c and back.time.__pydantic_fields_set__ is NO_FIELDS_GIVEN
