"""What clustering finds: actions, and the events they make up.

The models cluster.py and incident.py fill, and checking, reports and review read; kept apart
from the grouping itself so that it can be compiled (see ``compiled``) while these pydantic
models stay ordinary Python classes.
"""

from __future__ import annotations

from pydantic import Field

from .models import Record


class ClaimGroup(Record):
    """Claims told apart from the rest: an action, or an event made of actions. A record: a run of a
    million claims makes hundreds of thousands of each, and the set of given fields pydantic would
    keep per instance (7 or 8 names) was nearly half of what one cost."""

    id: str
    label: str = Field(description="who, what, whom: for people")
    family: str
    claim_ids: list[str]
    articles: list[str]
    participants: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)


class Action(ClaimGroup):
    """One thing done in an event (the quake struck; it killed five; police arrested a man): claims
    of one predicate family about the same participants. Checking compares claims within an action."""


class Cluster(ClaimGroup):
    """One real-world event: the claims that speak of it, as the actions it is made of (incident.py)."""

    actions: list[Action] = Field(default_factory=list)
