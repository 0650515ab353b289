"""Why a claim reads as it does, and why it shares an event with other claims.

For a claim: which rule entries normalized each slot (the entity, place,
event, predicate and cue ids, with the words they matched and how a name was
resolved), and how its time was anchored. For its event: the comparison
levels each pair of claims reached, with their labels and weights, against
the clustering threshold, the same levels clustering used to decide.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from .claim import Claim, Ref
from .cluster import Clusterer
from .errors import CrosscheckError
from .models import ArticleInfo, Model
from .rules import Rules


class RuleUse(Model):
    """One rule that shaped one slot of a claim."""

    slot: str
    rule: str = Field(description="file and entry id: 'places.yaml: moscow'")
    matched: str = Field(description="the words in the article")
    value: str | None = None
    how: str | None = Field(default=None, description="alias, title, coreference, descriptor, anchor…")


class PairLevel(Model):
    comparison: str
    level: str
    label: str
    weight: float
    veto: bool = False


class PairExplanation(Model):
    """How one other claim of the event compares with the explained one."""

    other: str
    evidence: str
    article_id: str
    score: float
    threshold: float
    vetoed: bool
    levels: list[PairLevel]

    @property
    def direct(self) -> bool:
        return not self.vetoed and self.score >= self.threshold


class Explanation(Model):
    claim: Claim
    uses: list[RuleUse]
    cluster_id: str | None
    event_size: int
    pairs: list[PairExplanation] = Field(default_factory=list, description="strongest first")


def _ref_use(slot: str, ref: Ref | None, file: str) -> RuleUse | None:
    if ref is None:
        return None
    if ref.id is not None:
        rule = f"{file}: {ref.id}"
    elif ref.resolved_by is not None:
        rule = f"({ref.resolved_by} in the article)"
    else:
        rule = "(no rule: kept as written)" if ref.value else "(unresolved)"
    return RuleUse(slot=slot, rule=rule, matched=ref.raw, value=ref.value, how=ref.resolved_by)


_REF_FILE = {"place": "places.yaml", "event": "events.yaml"}


def rules_fired(c: Claim) -> list[RuleUse]:
    """Every rule entry that shaped the claim, slot by slot."""
    out: list[RuleUse] = []
    if c.predicate == "state":
        out.append(RuleUse(slot="predicate", rule="(no trigger: the sentence is kept as a statement)",
                           matched="", value="state"))
    else:
        out.append(RuleUse(slot="predicate", rule=f"predicates.yaml: {c.predicate}", matched=c.trigger or "",
                           value=c.predicate, how=f"family {c.family}" if c.family else None))
    for slot, ref in (("subject", c.subject), ("object", c.object), ("place", c.place), ("event", c.event),
                      ("attribution", c.attribution)):
        if ref is None:
            continue
        use = _ref_use(slot, ref, _REF_FILE.get(ref.kind, "entities.yaml"))
        if use is not None:
            out.append(use)
    if c.time is not None:
        t = c.time
        how = (f"relative, read from {t.anchor}" if t.relative and t.anchor else
               "relative, left open: no trusted date" if t.relative else "absolute")
        out.append(RuleUse(slot="time", rule=f"time expression ({t.granularity})", matched=t.expression,
                           value=t.value, how=how))
    if c.modality_cue is not None:
        out.append(RuleUse(slot="modality", rule=f"cues.yaml: {c.modality_cue}", matched="", value=c.modality))
    else:
        out.append(RuleUse(slot="modality", rule="(no cue: plain report)", matched="", value=c.modality))
    if c.status is not None:
        out.append(RuleUse(slot="status", rule="cues.yaml", matched="", value=c.status))
    for q in c.quantities:
        out.append(RuleUse(slot="number", rule=f"quantities.yaml: {q.role}" if q.role else "(no role)",
                           matched=q.raw, value=str(q.value), how=q.qualifier))
    return out


def explain(claims: Sequence[Claim], claim_id: str, rules: Rules,
            articles: Sequence[ArticleInfo] = ()) -> Explanation:
    """Explain ``claim_id`` (a prefix is enough when it is unique) among the run's ``claims``."""
    found = [c for c in claims if c.id == claim_id] or [c for c in claims if c.id.startswith(claim_id)]
    if len(found) != 1:
        raise CrosscheckError(f"{'no claim' if not found else f'{len(found)} claims'} with id {claim_id!r} "
                              "in the last run", "claim ids are in the run JSON (claims[].id)")
    claim = found[0]
    members = [c for c in claims if claim.cluster_id is not None and c.cluster_id == claim.cluster_id]
    clusterer = Clusterer(rules, articles)
    clusterer.read_stories(claims)
    me = clusterer.signature(0, claim)
    pairs = []
    for i, other in enumerate(m for m in members if m.id != claim.id):
        score = clusterer.compare(me, clusterer.signature(i + 1, other))
        pairs.append(PairExplanation(
            other=other.id, evidence=other.evidence, article_id=other.article_id, score=score.score,
            threshold=clusterer.settings.threshold, vetoed=score.veto,
            levels=[PairLevel(comparison=k, level=v.level, label=v.label, weight=v.weight, veto=v.veto)
                    for k, v in score.levels.items()]))
    pairs.sort(key=lambda p: (-p.score, p.other))
    return Explanation(claim=claim, uses=rules_fired(claim), cluster_id=claim.cluster_id,
                       event_size=len(members), pairs=pairs)
