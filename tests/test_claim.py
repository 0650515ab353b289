"""Claims that state a part alike hold one object for it; parts are frozen so none can change another's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from crosscheck.claim import Claim, Quantity, Ref, SharedParts
from crosscheck.pipeline import extract_claims
from crosscheck.timespan import TimeSpan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _moscow(**change: object) -> Ref:
    fields: dict = dict(raw="Moscow", value="Moscow", id="moscow", kind="place", resolved_by="alias",
                        within=["russia"])
    fields.update(change)
    return Ref(**fields)


def _claim(n: int, place: Ref | None = None, time: TimeSpan | None = None) -> Claim:
    return Claim(id=f"c-{n}", article_id=f"a{n}", sentence=0, evidence="Ana Lima met Rui Costa in Moscow.",
                 start=0, end=33, predicate="meet", subject=Ref(raw="Ana Lima", value="Ana Lima", kind="person"),
                 object=Ref(raw="Rui Costa", value="Rui Costa", kind="person"), place=place, time=time)


def _day(expression: str = "Monday") -> TimeSpan:
    return TimeSpan(start=dt.date(2024, 5, 6), end=dt.date(2024, 5, 6), granularity="day", expression=expression)


def test_equal_parts_become_one_object_and_the_claims_read_the_same():
    claims = [_claim(1, _moscow(), _day()), _claim(2, _moscow(), _day()), _claim(3, _moscow(), _day())]
    before = [c.model_dump_json() for c in claims]
    SharedParts().share(claims)
    for name in ("subject", "object", "place", "time"):
        assert len({id(getattr(c, name)) for c in claims}) == 1, name
    assert [c.model_dump_json() for c in claims] == before


@pytest.mark.parametrize("other", [
    _moscow(within=["russia", "europe"]),  # what it lies within
    _moscow(resolved_by="coreference"),  # how it was read
    _moscow(raw="the Russian capital"),  # the words
    _moscow(kind="name"),
])
def test_parts_that_differ_in_any_field_stay_apart(other: Ref):
    claims = [_claim(1, _moscow()), _claim(2, other)]
    SharedParts().share(claims)
    assert claims[0].place is not claims[1].place
    assert claims[1].place == other


def test_times_that_differ_only_in_their_words_stay_apart():
    claims = [_claim(1, time=_day("Monday")), _claim(2, time=_day("6 May"))]
    SharedParts().share(claims)
    assert claims[0].time is not claims[1].time and claims[1].time.expression == "6 May"


def test_sharing_goes_on_across_calls():
    parts = SharedParts()
    first, second = [_claim(1, _moscow())], [_claim(2, _moscow())]
    parts.share(first)
    parts.share(second)
    assert first[0].place is second[0].place


@pytest.mark.parametrize("part, field", [
    (_moscow(), "value"), (_day(), "start"), (Quantity(raw="12", value=12.0), "value"),
])
def test_a_shared_part_cannot_be_changed_in_place(part, field):
    with pytest.raises(ValidationError, match="frozen"):
        setattr(part, field, None)


def test_a_claim_itself_can_still_be_labelled():
    c = _claim(1)
    c.cluster_id = "ev-1"
    assert c.cluster_id == "ev-1"


def test_an_extraction_shares_parts_across_its_documents():
    extraction = extract_claims([EXAMPLES / "articles"], sources=EXAMPLES / "sources.csv")
    by_value: dict[str, set[int]] = {}
    for c in extraction.claims:
        for ref in (c.subject, c.object, c.place):
            if ref is not None:
                by_value.setdefault(ref.model_dump_json(), set()).add(id(ref))
    assert by_value, "the examples state no parts"
    assert all(len(objects) == 1 for objects in by_value.values())
    # and some part is stated by claims of two documents, or the test would prove nothing across them
    articles: dict[str, set[str]] = {}
    for c in extraction.claims:
        for ref in (c.subject, c.object, c.place):
            if ref is not None:
                articles.setdefault(ref.model_dump_json(), set()).add(c.article_id)
    assert any(len(arts) > 1 for arts in articles.values())


@pytest.mark.parametrize("modality, negated", [("negated", True), ("asserted", False), ("planned", False)])
def test_negated_is_the_modality_and_a_run_writes_and_reads_it(modality: str, negated: bool):
    claim = _claim(1).model_copy(update={"modality": modality})
    written = claim.model_dump(mode="json")
    assert claim.negated is negated and written["negated"] is negated
    assert Claim.model_validate_json(claim.model_dump_json()) == claim


@pytest.mark.parametrize("negated", [True, "false", None])
def test_a_read_claim_whose_negated_contradicts_its_modality_is_an_error(negated: object):
    written = _claim(1).model_dump(mode="json") | {"negated": negated}
    with pytest.raises(ValidationError, match="negated must be true exactly when the modality is 'negated'"):
        Claim.model_validate(written)


def test_a_claim_keeps_at_most_21_fields():
    # CPython gives an object's dict of 22 keys a table twice the size of one of 21: 832 bytes
    # against 464 per claim. A new field must replace one, or be worked out from others.
    assert len(Claim.model_fields) <= 21, sorted(Claim.model_fields)
