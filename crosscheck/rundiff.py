"""What changed between two runs over the same articles: events merged or split, conflicts in or out.

A rule change is previewed as the diff between the last run and a run with
the changed rules; the same diff, taken after the rule is written and the
check re-run, must say the same.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import Field

from .claim import Claim
from .findings import Conflict
from .models import Model
from .result import Run


class EventChange(Model):
    """Events of one run that became other events in the next."""

    before: list[str] = Field(description="event ids in the earlier run")
    after: list[str] = Field(description="event ids in the later run")
    label: str
    claims: int


class ConflictLine(Model):
    id: str
    kind: str
    slot: str
    event: str
    values: list[str]

    @classmethod
    def of(cls, x: Conflict) -> ConflictLine:
        return cls(id=x.id, kind=x.kind, slot=x.slot, event=x.event, values=[s.value for s in x.sides])


class ClaimChange(Model):
    id: str
    slot: str
    before: str | None
    after: str | None


class RunDiff(Model):
    merged: list[EventChange] = Field(default_factory=list)
    split: list[EventChange] = Field(default_factory=list)
    conflicts_added: list[ConflictLine] = Field(default_factory=list)
    conflicts_removed: list[ConflictLine] = Field(default_factory=list)
    claims_added: int = 0
    claims_removed: int = 0
    claims_changed: list[ClaimChange] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.merged or self.split or self.conflicts_added or self.conflicts_removed
                    or self.claims_added or self.claims_removed or self.claims_changed)


def _values(c: Claim) -> dict[str, str | None]:
    def ref(r: object) -> str | None:
        return getattr(r, "value", None)

    return {"predicate": c.predicate, "subject": ref(c.subject), "object": ref(c.object),
            "place": ref(c.place), "event": ref(c.event), "modality": c.modality,
            "time": c.time.value if c.time is not None else None}


def diff_runs(before: Run, after: Run) -> RunDiff:
    """How ``after`` differs from ``before`` (two runs over the same articles)."""
    old = {c.id: c for c in before.claims}
    new = {c.id: c for c in after.claims}
    common = sorted(old.keys() & new.keys())
    labels = {cl.id: cl.label for cl in [*before.clusters, *after.clusters]}
    into: dict[str, set[str]] = defaultdict(set)  # after event -> before events of its claims
    outof: dict[str, set[str]] = defaultdict(set)  # before event -> after events of its claims
    sizes: dict[str, int] = defaultdict(int)
    for cid in common:
        b, a = old[cid].cluster_id, new[cid].cluster_id
        if a is None or b is None:
            continue
        into[a].add(b)
        outof[b].add(a)
        sizes[a] += 1
    out = RunDiff(claims_added=len(new.keys() - old.keys()), claims_removed=len(old.keys() - new.keys()))
    for a, bs in sorted(into.items()):
        if len(bs) > 1:
            out.merged.append(EventChange(before=sorted(bs), after=[a], label=labels.get(a, ""), claims=sizes[a]))
    for b, as_ in sorted(outof.items()):
        if len(as_) > 1:
            out.split.append(EventChange(before=[b], after=sorted(as_), label=labels.get(b, ""),
                                         claims=sum(1 for cid in common if old[cid].cluster_id == b)))
    old_x = {x.id: x for x in before.conflicts}
    new_x = {x.id: x for x in after.conflicts}
    out.conflicts_added = [ConflictLine.of(new_x[i]) for i in sorted(new_x.keys() - old_x.keys())]
    out.conflicts_removed = [ConflictLine.of(old_x[i]) for i in sorted(old_x.keys() - new_x.keys())]
    for cid in common:
        vo, vn = _values(old[cid]), _values(new[cid])
        out.claims_changed += [ClaimChange(id=cid, slot=k, before=vo[k], after=vn[k]) for k in vo if vo[k] != vn[k]]
    return out


def render_diff(diff: RunDiff, limit: int = 8) -> str:
    """The diff as a few lines a person reads before saying yes."""
    if diff.empty:
        return "  no change to the run: no event merged or split, no conflict in or out"
    lines = [f"  events merged: {len(diff.merged)}; split: {len(diff.split)}; "
             f"conflicts new: {len(diff.conflicts_added)}, gone: {len(diff.conflicts_removed)}; "
             f"claims re-read: {len({c.id for c in diff.claims_changed})}"
             + (f", new: {diff.claims_added}, dropped: {diff.claims_removed}"
                if diff.claims_added or diff.claims_removed else "")]
    for e in diff.merged[:limit]:
        lines.append(f"  merged  {' + '.join(e.before)} → {e.after[0]}  {e.label} ({e.claims} claims)")
    for e in diff.split[:limit]:
        lines.append(f"  split   {e.before[0]} → {' + '.join(e.after)}  {e.label}")
    for x in diff.conflicts_added[:limit]:
        lines.append(f"  + conflict {x.id} {x.kind} {x.slot}: {' vs '.join(x.values)}  ({x.event})")
    for x in diff.conflicts_removed[:limit]:
        lines.append(f"  - conflict {x.id} {x.kind} {x.slot}: {' vs '.join(x.values)}  ({x.event})")
    for c in diff.claims_changed[:limit]:
        lines.append(f"  claim {c.id} {c.slot}: {c.before!r} → {c.after!r}")
    return "\n".join(lines)
