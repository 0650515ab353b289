"""What checking finds: conflicts between sources, agreements, and run warnings.

The models check.py fills and reports, review and run diffs read; kept apart from the
checking itself so that it can be compiled (see ``compiled``) while these pydantic models stay
ordinary Python classes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .models import Model

Slot = Literal["time", "place", "status", "number", "negation"]
Kind = Literal["hard", "soft"]


class Side(Model):
    """One value a conflict's claims state, and who states it."""

    value: str
    claim_ids: list[str]
    articles: list[str]
    sources: list[str] = Field(description="source names (the article id where no source is known)")
    modalities: list[str]


class Conflict(Model):
    id: str = Field(description="stable: the slot, the values and the action's label (and first claim if two collide)")
    cluster_id: str = Field(description="the event")
    action_id: str | None = Field(default=None, description="the action of the event whose claims disagree")
    event: str = Field(description="the label of the action whose claims disagree")
    slot: Slot
    kind: Kind
    reason: str
    claim_ids: list[str]
    sides: list[Side]
    fingerprint: str = Field(default="", description="hash of the sides' values and evidence: a verdict stands "
                             "while it is unchanged")
    verdict: str | None = Field(default=None, description="a reviewer's verdict, once given")
    review_note: str | None = Field(default=None, description="the reviewers' notes on it")
    reopened: str | None = Field(default=None, description="the verdict it had before its evidence changed")


class Agreement(Model):
    """An event that several independent origins report without contradiction on a slot."""

    cluster_id: str
    event: str
    claims: int
    articles: list[str]
    sources: list[str]
    origins: int = Field(description="independent origins: copies of one story count once")
    time: str | None = None
    place: str | None = None


class RunWarning(Model):
    kind: Literal["no_date", "untrusted_date", "date_shift"]
    article_id: str | None = None
    message: str


class CheckResult(Model):
    independent_origins: int = Field(default=0, description="articles counted once per wire or copied story")
    conflicts: list[Conflict] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    single_source: list[str] = Field(default_factory=list, description="ids of events only one origin reports")
    warnings: list[RunWarning] = Field(default_factory=list)
