"""Claims → actions → events: block, compare slot by slot, cut, with vetoes that stop chaining;
then the actions of one story become events (incident.py).

Articles are first grouped into stories (story.py). Blocking (blocking.py)
pairs the claims that share a participant's name, a named event, a story or,
for claims that name nobody, a place, and that time does not already rule
out. Each pair is compared with the ordered levels of
``rules/clustering.yaml`` (participants, time, place, named event, predicate,
story); rapidfuzz decides whether two names are one participant. Pairs an
earlier run judged, between claims that have not changed, are looked up
instead (pairmemory.py).
Pairs at or above the threshold are joined strongest first; two groups join
only if no pair across them is vetoed, so one vague claim cannot chain two
different events into one.

Action and event ids hash the smallest claim id of the action or event: the same
claims give the same ids whatever order they came in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from .blocking import Blocker
from .claim import Claim, Ref, canonical
from .engine import Engine
from .gcpause import paused_gc
from .incident import Action, Cluster, Incidents
from .models import ArticleInfo
from .pairmemory import PairMemory, fingerprint
from .progress import Progress, every
from .remote import judge_batch, pair_batches
from .rules import ClusterSettings, Level, Rules
from .story import join_central, stories

_SAME: frozenset[str] = frozenset({"same"})
_NONE: frozenset[str] = frozenset()
# a claim whose participants are these pronouns or descriptions names nobody in particular
_ACTOR_KINDS = frozenset({"person", "organization", "group", "name", "place", "descriptor"})


@dataclass(frozen=True)
class PlaceKey:
    value: str
    id: str | None
    chain: frozenset[str]  # ids of the place and everything it lies within
    country: str | None


@dataclass
class Signature:
    """What clustering compares of one claim."""

    index: int
    claim: Claim
    family: str
    actors: tuple[str, ...]  # canonical names, sorted
    where: PlaceKey | None
    named: str | None
    span: tuple[int, int] | None  # day ordinals, inclusive
    stated: bool  # the span is the claim's own, not implied by its article's date
    once: tuple[str, str] | None  # (subject, object or place) of a once-only predicate
    sentence: tuple[str, int]
    known: frozenset[str] = frozenset()  # the actors a rule entry knows (not unknown names)
    story: str | None = None  # set only for claims that state an event (not "state", not saying)
    doubtful: frozenset[str] = frozenset()  # actors neither known to the rules nor named across the story
    yearless: tuple[int, int] | None = None  # (month, day) of a date with no year to place it ("January 18")


@dataclass
class PairScore:
    score: float
    veto: bool
    levels: dict[str, Level] = field(default_factory=dict)


class Clusterer:
    """Built once per rule set and run: holds the place hierarchy and the settings."""

    def __init__(self, rules: Rules, articles: Sequence[ArticleInfo] = (),
                 apart: Iterable[tuple[Sequence[str], Sequence[str]]] = (),
                 recall: PairMemory | None = None) -> None:
        self.rules = rules
        self.settings: ClusterSettings = rules.clustering
        defaults = ClusterSettings().comparisons
        self.levels = {slot: self.settings.comparisons.get(slot) or defaults[slot] for slot in defaults}
        self.places = {p.id: p for p in rules.places.places}
        self.once = {p.id for p in rules.predicates.predicates if p.once}
        self.reporting = {p.id for p in rules.predicates.predicates if p.reporting}
        self.story_of: dict[str, str] = {}
        self.salient: set[tuple[str, str]] = set()  # (story, name) named in many of the story's articles
        self.trusted = {a.id: d for a in articles if (d := a.trusted_date) is not None}
        self._similar = lru_cache(maxsize=200_000)(self._similar_uncached)
        # when claims too far apart in time are vetoed, blocks are swept in time order
        time_vetoes = bool(next((lv.veto for lv in self.levels["time"] if lv.level == "else"), False))
        self.blocker = Blocker(self.settings, time_vetoes)
        # judge's order, cheapest first, with each slot's levels as plain tuples
        self._order = [(slot, [(lv.level, lv.weight, lv.veto) for lv in self.levels[slot]])
                       for slot in ("story", "named_event", "place", "time", "participants", "predicate")]
        self.recall = recall  # what an earlier run judged (same rules and code), or None
        self.judged = PairMemory()
        # reviewers said these claims speak of different events ("different-events" verdicts)
        self.apart: dict[str, set[str]] = defaultdict(set)
        for left, right in apart:
            for a in left:
                self.apart[a].update(right)
            for b in right:
                self.apart[b].update(left)

    # --- signatures -------------------------------------------------------------------------------

    def read_stories(self, claims: Sequence[Claim]) -> None:
        """Group the claims' articles into stories and find the names each story is about;
        signatures made afterwards carry them."""
        self.story_of = stories(claims, self.settings.stories)
        size: dict[str, int] = defaultdict(int)
        for story in self.story_of.values():
            size[story] += 1
        named: dict[tuple[str, str], set[str]] = defaultdict(set)
        for c in claims:
            story = self.story_of.get(c.article_id)
            for r in (c.subject, c.object):
                if story is not None and _is_actor(r, c):
                    named[(story, canonical(r))].add(c.article_id)
        share = self.settings.stories.salient_share
        self.salient = {key for key, arts in named.items()
                        if len(arts) >= max(2, math.ceil(share * size[key[0]]))}

    def signature(self, index: int, c: Claim) -> Signature:
        refs = [r for r in (c.subject, c.object) if _is_actor(r, c)]
        actors = sorted({canonical(r) for r in refs})
        known = frozenset(canonical(r) for r in refs if r is not None and r.id)
        eventful = c.predicate != "state" and c.predicate not in self.reporting
        story = self.story_of.get(c.article_id) if eventful else None
        doubtful = frozenset(x for x in actors if x not in known and (story, x) not in self.salient)
        where = self._place(c.place) or (self._place(c.object) if c.object is not None and c.object.kind == "place"
                                         else None)
        span, stated = self._span(c)
        once = None
        if c.predicate in self.once and c.subject is not None and c.subject.value:
            target = c.object if c.object is not None and c.object.value else c.place
            if target is not None and target.value:
                once = (canonical(c.subject), canonical(target))
        return Signature(index=index, claim=c, family=c.family or c.predicate, actors=tuple(actors), where=where,
                         named=(c.event.id or c.event.value) if c.event is not None else None, span=span,
                         stated=stated, once=once, sentence=(c.article_id, c.sentence), known=known,
                         story=story, doubtful=doubtful,
                         yearless=c.time.month_day if span is None and c.time is not None else None)

    def _place(self, ref: Ref | None) -> PlaceKey | None:
        if ref is None or not ref.value:
            return None
        chain = frozenset([ref.id, *ref.within]) if ref.id else frozenset()
        country = next((pid for pid in ([ref.id, *ref.within] if ref.id else [])
                        if pid in self.places and self.places[pid].kind == "country"), None)
        return PlaceKey(value=ref.value.casefold(), id=ref.id, chain=chain, country=country)

    def _span(self, c: Claim) -> tuple[tuple[int, int] | None, bool]:
        if c.time is not None and c.time.start is not None and c.time.end is not None:
            return (c.time.start.toordinal(), c.time.end.toordinal()), True
        date = self.trusted.get(c.article_id)
        if date is None:
            return None, False
        w = self.settings.implied.get(c.modality)
        if w is None:
            return None, False
        first, last = date - dt.timedelta(days=w.before), date + dt.timedelta(days=w.after)
        return (first.toordinal(), last.toordinal()), False

    # --- comparing two claims ---------------------------------------------------------------------

    def _similar_uncached(self, a: str, b: str) -> bool:
        return min(len(a), len(b)) >= 4 and fuzz.token_set_ratio(a, b) >= self.settings.name_similarity

    def _participants(self, a: Signature, b: Signature) -> set[str]:
        if not a.actors or not b.actors:
            return {"unknown"}
        exact = set(a.actors) & set(b.actors)

        def matched(x: str, ys: tuple[str, ...]) -> bool:
            return x in ys or any(self._similar(x, y) for y in ys)

        holds = set()
        only_a = [x for x in a.actors if not matched(x, b.actors)]
        only_b = [y for y in b.actors if not matched(y, a.actors)]
        if not only_a and not only_b:
            holds.add("same")
        elif len(a.actors) >= 2 and len(b.actors) >= 2:
            holds.add("different_pairs")
        if exact:
            holds.add("shared")
        elif any(matched(x, b.actors) for x in a.actors):
            holds.add("similar")
        # only where the names would otherwise keep the two apart
        if "same" not in holds and ("different_pairs" in holds or not holds & {"shared", "similar"}) \
                and self._doubted(a, b, only_a, only_b, two_pairs="different_pairs" in holds):
            holds.add("in_story")
        return holds

    @staticmethod
    def _doubted(a: Signature, b: Signature, only_a: list[str], only_b: list[str], two_pairs: bool) -> bool:
        """Whether the names that differ may be a misreading ("Pie" for "the American Pie
        actress"): within one story, a name no rule knows does not prove another event; a known
        name does. When both claims name two people and the pairs differ, a name the story keeps
        repeating does too: it is what the story is about."""
        if a.story is None or a.story != b.story:
            return False
        if any(x in a.known for x in only_a) or any(y in b.known for y in only_b):
            return False
        if not two_pairs:
            return True
        return bool(only_a and all(x in a.doubtful for x in only_a)) or \
            bool(only_b and all(y in b.doubtful for y in only_b))

    def _time(self, a: Signature, b: Signature) -> set[str]:
        holds = set()
        if a.once is not None and a.once == b.once:
            holds.add("once")
        if a.span is None or b.span is None:
            if not self._other_day_of_year(a, b):
                holds.add("unknown")
            return holds
        gap = max(0, max(a.span[0], b.span[0]) - min(a.span[1], b.span[1]))
        if gap == 0 and a.stated and b.stated:
            holds.add("overlap")
        if gap <= self._slack(a, b):
            holds.add("near")
        return holds

    def _other_day_of_year(self, a: Signature, b: Signature) -> bool:
        """A date without its year ("January 18") still differs from one more than the slack away
        in every year: a quake on January 18 is not the quake of Friday 10 June 2022."""
        if a.yearless is None:
            a, b = b, a
        if a.yearless is None or (b.span is None and b.yearless is None):
            return False
        days = self.settings.slack_days
        slack = max(days.get(s.claim.modality, 0) for s in (a, b))
        month, day = a.yearless
        if b.yearless is not None:
            first, last = (dt.date(2000, *b.yearless).toordinal(),) * 2  # a leap year holds every month/day
            years = [1999, 2000, 2001]
        else:
            first, last = b.span  # type: ignore[misc]
            if last - first >= 366:
                return False
            year = dt.date.fromordinal(first).year
            years = [year - 1, year, year + 1, year + 2]
        for y in years:
            try:
                when = dt.date(y, month, day).toordinal()
            except ValueError:  # 29 February of a common year
                continue
            if first - slack <= when <= last + slack:
                return False
        return True

    def _slack(self, a: Signature, b: Signature) -> int:
        """Days two spans may lie apart and still be one event: a forecast may miss by the slack of
        its modality; a plain report only by a day or so, and only when both give a single day
        (March and April are two months however close they lie)."""
        days = self.settings.slack_days
        single = a.span is not None and b.span is not None and a.span[0] == a.span[1] and b.span[0] == b.span[1]
        out = 0
        for s in (a, b):
            if s.claim.modality in ("asserted", "negated") and not single:
                continue
            out = max(out, days.get(s.claim.modality, 0))
        return out

    @staticmethod
    def _where(a: Signature, b: Signature) -> set[str]:
        p, q = a.where, b.where
        if p is None or q is None:
            return {"unknown"}
        if (p.id is not None and p.id == q.id) or p.value == q.value:
            return {"same"}
        if p.id is not None and q.id is not None and (p.id in q.chain or q.id in p.chain):
            return {"within"}
        if p.country is None or q.country is None:
            return {"unknown"}  # a place no rule knows: where it lies cannot be told
        if p.country == q.country:
            return {"same_country"}
        return set()

    @staticmethod
    def _named(a: Signature, b: Signature) -> set[str]:
        if a.named is None or b.named is None:
            return {"unknown"}
        return {"same"} if a.named == b.named else set()

    @staticmethod
    def _one_event_twice(a: Signature, b: Signature, participants: set[str]) -> bool:
        """Two claims of one sentence can be one event only when they tell it of the same people
        ("shot and killed him"); "separate meetings with Lavrov and Patrushev" are two."""
        return bool(participants & {"same", "unknown"})

    def compare(self, a: Signature, b: Signature) -> PairScore:
        """The level each comparison gives the pair, their summed weight, and whether any vetoes."""
        participants = self._participants(a, b)
        if a.sentence == b.sentence and not self._one_event_twice(a, b, participants):
            return PairScore(0.0, True)
        holds = {"participants": participants, "time": self._time(a, b),
                 "place": self._where(a, b), "named_event": self._named(a, b),
                 "predicate": {"same"} if a.claim.predicate == b.claim.predicate else set(),
                 "story": {"same"} if a.story is not None and a.story == b.story else set()}
        out = PairScore(0.0, False)
        for slot, levels in self.levels.items():
            level = next(lv for lv in levels if lv.level == "else" or lv.level in holds[slot])
            out.levels[slot] = level
            out.score += level.weight
            out.veto = out.veto or level.veto
        return out

    def judge(self, a: Signature, b: Signature) -> tuple[float, bool]:
        """``compare``'s summed weight and veto, cheapest comparisons first, stopping at a veto
        (clustering asks this of every candidate pair; explanations ask ``compare``)."""
        score = 0.0
        for slot, levels in self._order:
            if slot == "story":
                holds = _SAME if a.story is not None and a.story == b.story else _NONE
            elif slot == "named_event":
                holds = self._named(a, b)
            elif slot == "place":
                holds = self._where(a, b)
            elif slot == "time":
                holds = self._time(a, b)
            elif slot == "participants":
                holds = self._participants(a, b)
                if a.sentence == b.sentence and not self._one_event_twice(a, b, holds):
                    return 0.0, True
            else:
                holds = _SAME if a.claim.predicate == b.claim.predicate else _NONE
            for level, weight, veto in levels:
                if level == "else" or level in holds:
                    if veto:
                        return score, True
                    score += weight
                    break
        return score, False

    # --- blocking and cutting -----------------------------------------------------------------------

    @paused_gc()
    def cluster(self, claims: Sequence[Claim], progress: Progress | None = None,
                engine: Engine | None = None) -> tuple[list[Cluster], dict[str, str]]:
        """The events (each made of its actions), and claim id → event id for every claim; afterwards
        ``judged`` holds what this run judged, for the next run to reuse. On a Dask engine the pairs are
        judged there."""
        self.read_stories(claims)
        sigs = [self.signature(i, c) for i, c in enumerate(claims)]
        prints = [fingerprint(s) for s in sigs]
        ids = [c.id for c in claims]
        recall = self.recall
        found = self.blocker.candidate_pairs(sigs, recall.big if recall is not None else None)
        # pairs an earlier run judged between claims that kept their fingerprints: look them up
        same = [recall is not None and recall.fingerprints.get(i) == p for i, p in zip(ids, prints, strict=True)]
        reuse: dict[tuple[int, int], float] = {}
        if recall is not None:
            index = {i: k for k, i in enumerate(ids)}
            for (a, b), score in recall.scored.items():
                x, y = index.get(a), index.get(b)
                if x is not None and y is not None and same[x] and same[y]:
                    reuse[(x, y) if x < y else (y, x)] = score
        scored = []

        def keep(x: int, y: int, score: float) -> None:
            a, b = (ids[x], ids[y]) if ids[x] < ids[y] else (ids[y], ids[x])
            scored.append((-score, a, b, x, y))

        def todo() -> Iterator[tuple[int, int]]:
            tick = every(progress, "cluster", None, 20_000)
            if recall is not None and found.big == recall.big:
                # the same big blocks: the pairs of unchanged claims are those last run judged, so
                # only pairs with a new or changed claim are made at all
                for pair, known in reuse.items():
                    keep(*pair, known)
                for n, pair in enumerate(sorted(found.around(i for i, kept in enumerate(same) if not kept)), 1):
                    tick(n)
                    yield pair
                return
            for n, (x, y, unseen) in enumerate(found, 1):
                tick(n)
                if same[x] and same[y] and not unseen:
                    known = reuse.get((x, y))  # judged last run: it scored, or it did not
                    if known is not None:
                        keep(x, y, known)
                else:
                    yield x, y

        if engine is not None and engine.name == "dask":
            for kept in engine.map(judge_batch, pair_batches(sigs, todo()), self.rules):
                for x, y, score in kept:
                    keep(x, y, score)
        else:
            threshold = self.settings.threshold
            for x, y in todo():
                score, veto = self.judge(sigs[x], sigs[y])
                if not veto and score >= threshold:
                    keep(x, y, score)
        self.judged = PairMemory(fingerprints=dict(zip(ids, prints, strict=True)), big=found.big,
                                 scored={(a, b): -neg for neg, a, b, _, _ in scored})
        scored.sort()  # strongest first, then by claim ids: independent of input order
        parent = list(range(len(sigs)))
        groups: dict[int, _Group] = {}  # made when a claim first meets another: most never do

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def group(i: int) -> _Group:
            if i not in groups:
                groups[i] = _Group.of(sigs[i])
            return groups[i]

        for _, _, _, x, y in scored:
            rx, ry = root(x), root(y)
            if rx == ry or not self._may_join(sigs, group(rx), group(ry)):
                continue
            if len(groups[rx].members) < len(groups[ry].members):
                rx, ry = ry, rx
            parent[ry] = rx
            groups[rx].absorb(groups.pop(ry))
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(sigs)):
            members[root(i)].append(i)
        groups: list[list[int]] = list(members.values())
        story_of = self.story_of
        if self.settings.stories.enabled and self.settings.incidents.enabled:
            story_of, groups = self._within_stories(sigs, groups)
        return Incidents(self.settings.incidents, self.apart).group(
            self._actions(sigs, groups), {s.claim.id: s for s in sigs}, story_of)

    def _within_stories(self, sigs: Sequence[Signature],
                        groups: list[list[int]]) -> tuple[dict[str, str], list[list[int]]]:
        """The stories joined by the named actions they both tell centrally (story.join_central),
        and the groups cut at story bounds: the part of a group that a story tells only in passing
        (in fewer than ``central_share`` of its articles) is an action of that story. What two
        stories tell alike (the Chargers' arrests of two players; a minister's remarks on two
        affairs) is then two actions, each part of its own story's events."""
        told = [{sigs[i].claim.article_id for i in g} for g in groups
                if any(x not in sigs[i].doubtful for i in g for x in sigs[i].actors)]
        story_of = join_central(self.story_of, told, self.settings.stories.central_share)
        size = Counter(story_of.values())
        share = self.settings.stories.central_share
        parts: list[list[int]] = []
        for g in groups:
            by_story: dict[str | None, list[int]] = defaultdict(list)
            for i in g:
                by_story[story_of.get(sigs[i].claim.article_id)].append(i)
            if len(by_story) == 1:
                parts.append(g)
                continue
            kept: list[int] = []
            for story, members in by_story.items():
                n = len({sigs[i].claim.article_id for i in members})
                if story is None or size[story] == 1 or n >= share * size[story]:
                    kept.extend(members)
                else:
                    parts.append(members)
            if kept:
                parts.append(kept)
        return story_of, parts

    def _may_join(self, sigs: Sequence[Signature], left: _Group, right: _Group) -> bool:
        """No pair across the two groups may be vetoed (compared on their distinct shapes)."""
        for sentence in left.sentences.keys() & right.sentences.keys():
            if any(self.judge(sigs[x], sigs[y])[1]
                   for x in left.sentences[sentence] for y in right.sentences[sentence]):
                return False
        if self.apart:
            small, big = sorted((left, right), key=lambda g: len(g.members))
            ids = {sigs[i].claim.id for i in big.members}
            if any(not self.apart[sigs[i].claim.id].isdisjoint(ids) for i in small.members
                   if sigs[i].claim.id in self.apart):
                return False
        for x in left.shapes.values():
            for y in right.shapes.values():
                if self.judge(sigs[x], sigs[y])[1]:
                    return False
        return True

    @staticmethod
    def _actions(sigs: Sequence[Signature], groups: Iterable[list[int]]) -> list[Action]:
        actions: list[Action] = []
        for group in groups:
            claims = sorted((sigs[i].claim for i in group), key=lambda c: c.id)
            actions.append(Action(
                id="ac-" + hashlib.sha1(claims[0].id.encode()).hexdigest()[:12], label=_label(claims),
                family=sigs[group[0]].family, claim_ids=[c.id for c in claims],
                articles=sorted({c.article_id for c in claims}),
                participants=sorted({a for i in group for a in _display_actors(sigs[i].claim)}),
                places=sorted({c.place.value for c in claims if c.place is not None and c.place.value}),
            ))
        return actions


@dataclass
class _Group:
    """A growing event: its members, their sentences, and one member per distinct comparable shape."""

    members: list[int]
    sentences: dict[tuple[str, int], list[int]]
    shapes: dict[tuple, int]

    @classmethod
    def of(cls, s: Signature) -> _Group:
        return cls([s.index], {s.sentence: [s.index]}, {_shape(s): s.index})

    def absorb(self, other: _Group) -> None:
        self.members.extend(other.members)
        for sentence, members in other.sentences.items():
            self.sentences.setdefault(sentence, []).extend(members)
        for shape, i in other.shapes.items():
            self.shapes.setdefault(shape, i)


def _shape(s: Signature) -> tuple:
    return (s.family, s.actors, s.where, s.named, s.span, s.stated, s.once, s.claim.modality, s.story, s.yearless)


def _is_actor(ref: Ref | None, c: Claim) -> bool:
    if ref is None or not ref.value or ref.kind not in _ACTOR_KINDS:
        return False
    # the destination of a visit is where it happens, not who takes part
    return not (ref is c.object and ref.kind == "place")


def _display_actors(c: Claim) -> list[str]:
    return [r.value for r in (c.subject, c.object) if r is not None and r.value and _is_actor(r, c)]


def _label(claims: Sequence[Claim]) -> str:
    """'Vladimir Putin – visit – China': the most common subject, predicate and object."""
    def common(values: Iterable[str | None]) -> str | None:
        counts: dict[str, int] = defaultdict(int)
        for v in values:
            if v:
                counts[v] += 1
        return max(sorted(counts), key=lambda v: counts[v]) if counts else None

    subject = common(c.subject.value for c in claims if c.subject is not None)
    pred = common(c.predicate for c in claims)
    obj = common(c.object.value for c in claims if c.object is not None and c.object.value != subject)
    return " – ".join(x for x in (subject, pred, obj) if x)


def cluster_claims(claims: Sequence[Claim], rules: Rules, articles: Sequence[ArticleInfo] = (),
                   apart: Iterable[tuple[Sequence[str], Sequence[str]]] = (),
                   progress: Progress | None = None) -> tuple[list[Claim], list[Cluster]]:
    """The claims with their ``cluster_id`` set, and the clusters; ``apart`` lists claim sets that
    reviewers said are different events."""
    clusters, of_claim = Clusterer(rules, articles, apart).cluster(claims, progress)
    return labelled(claims, of_claim), clusters


def labelled(claims: Sequence[Claim], of_claim: dict[str, str]) -> list[Claim]:
    """Copies of the claims with their ``cluster_id`` set; the caller's claims stay as they were."""
    return [c.model_copy(update={"cluster_id": of_claim[c.id]}) for c in claims]


def label(claims: Sequence[Claim], of_claim: dict[str, str]) -> None:
    """Set each claim's ``cluster_id`` in place, for claims a run owns: copying them (``labelled``) takes
    11 µs a claim and, while both sets live, twice their memory (3.7 GiB for a million claims)."""
    for c in claims:
        c.cluster_id = of_claim[c.id]
