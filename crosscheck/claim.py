"""The claim: who did what to whom, where, when, how sure, and on whose word.

Every slot keeps the words the article used (``raw``) beside the value the
rules normalised it to, so a reader can always see what was read and how.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field, computed_field, model_validator

from .models import Part, Record
from .timespan import TimeSpan

Modality = Literal["asserted", "planned", "expected", "hedged", "negated"]
Status = Literal["confirmed", "unconfirmed", "denied"]
RefKind = Literal["person", "organization", "group", "place", "event", "name", "pronoun", "descriptor"]


class Ref(Part):
    """A participant, place or named event as the article wrote it and as the rules read it."""

    raw: str = Field(description="the words in the article")
    value: str | None = Field(description="the canonical name; None when it could not be resolved")
    id: str | None = Field(default=None, description="id of the rule entry that knows it")
    kind: RefKind = "name"
    resolved_by: str | None = Field(
        default=None, description="alias, title, coreference, descriptor, surname, demonym, or None"
    )
    within: list[str] = Field(default_factory=list, description="places: ids of enclosing places, nearest first")


class Quantity(Part):
    """A number the claim states, with what it counts."""

    raw: str
    value: float
    role: str | None = Field(default=None, description="id of the quantity role (killed, amount…)")
    qualifier: str | None = Field(default=None, description="at least, more than, about…")
    unit: str | None = Field(default=None, description="an amount's currency (dollar, euro, pound, yuan, ruble, yen)")


class Claim(Record):
    """One event stated by one sentence of one article."""

    id: str
    article_id: str
    sentence: int = Field(description="index of the sentence in the article")
    evidence: str = Field(description="the sentence or headline, verbatim")
    start: int = Field(description="character span of the evidence in the article's clean text")
    end: int
    predicate: str = Field(description="id of the predicate rule, or 'state' when no trigger matched")
    family: str | None = None
    trigger: str | None = Field(default=None, description="the words that signalled the event")
    trigger_span: tuple[int, int] | None = Field(default=None, description="where the trigger stands in the evidence")
    subject: Ref | None = None
    object: Ref | None = None
    place: Ref | None = None
    event: Ref | None = Field(default=None, description="a named event the claim mentions")
    time: TimeSpan | None = None
    # a tuple: most claims state no number, and every claim shares the one empty tuple (a list is 56 bytes)
    quantities: tuple[Quantity, ...] = ()
    modality: Modality = "asserted"
    modality_cue: str | None = Field(default=None, description="id of the cue that set the modality")
    status: Status | None = None
    attribution: Ref | None = Field(default=None, description="who says it")
    cluster_id: str | None = None

    # ``negated`` is the modality, not a field of its own: a claim's fields live in a dict, and one
    # of 22 fields takes 832 bytes where one of 21 takes 464 (CPython doubles the table at the 22nd
    # key), 350 MiB over a million claims. Runs still write it, and read it back (``_read_negated``).
    @computed_field(description="the claim is denied (its modality is negated)")  # type: ignore[prop-decorator]
    @property
    def negated(self) -> bool:
        return self.modality == "negated"

    @model_validator(mode="before")
    @classmethod
    def _read_negated(cls, data: Any) -> Any:
        if isinstance(data, dict) and "negated" in data:
            data = dict(data)
            negated = data.pop("negated")
            if negated not in (True, False) or negated != (data.get("modality") == "negated"):
                raise ValueError("negated must be true exactly when the modality is 'negated'")
        return data


def canonical(ref: Ref) -> str:
    """The form two refs are compared in: the resolved name, else the words, case folded."""
    return (ref.value or ref.raw).casefold()


def claim_id(article_id: str, start: int, trigger_at: int, predicate: str, object_raw: str | None) -> str:
    """Stable: the same article, sentence, trigger and object give the same id in every run."""
    key = f"{article_id}\0{start}\0{trigger_at}\0{predicate}\0{object_raw or ''}"
    return "c-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


_PARTS = ("subject", "object", "place", "event", "attribution", "time")


class SharedParts:
    """Claims that state a part alike hold one object for it. A run's claims name the same people,
    places and dates over and over (two parts in three repeat one already seen on ECB+), and each
    part is a few hundred bytes: on the benchmark's synthetic claims, sharing them takes a claim from
    2.7 to 1.5 KB each. Parts are frozen (``models.Part``), so no claim can change what another
    states. Whatever made the claims (extracted afresh, read back from the store, sent back by a
    worker), a run passes them through one ``SharedParts``."""

    def __init__(self) -> None:
        self._seen: dict[tuple, Ref | TimeSpan] = {}

    def share(self, claims: Iterable[Claim]) -> None:
        """Each claim's parts replaced, in place, by the first equal part seen."""
        seen = self._seen
        for c in claims:
            for name in _PARTS:
                part = getattr(c, name)
                if part is not None:
                    key = _key(part)
                    first = seen.setdefault(key, part)
                    if first is not part:
                        setattr(c, name, first)


def _key(part: Ref | TimeSpan) -> tuple:
    # every field, whatever fields the model has: two parts that differ anywhere stay two
    return (type(part), *(tuple(v) if isinstance(v, list) else v for v in part.__dict__.values()))
