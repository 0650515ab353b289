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
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Final

import numpy as np
from rapidfuzz import fuzz

from .allocator import steady_heap
from .blocking import Blocker, Candidates, read_pairs
from .claim import Claim, Ref, canonical
from .engine import Engine, default_jobs
from .events import Action, Cluster
from .gcpause import paused_gc
from .incident import Incidents
from .judging import (
    BITS,
    DIFFERENT_PAIRS,
    ELSE,
    IN_STORY,
    NEAR,
    ONCE,
    OVERLAP,
    SAME,
    SHARED,
    SIMILAR,
    SLOTS,
    UNKNOWN,
    Columns,
    judge_pairs,
    place_bits,
)
from .models import ArticleInfo
from .origins import copies
from .pairmemory import PairMemory, fingerprint
from .progress import Progress, every
from .remote import judge_batch, pair_batches
from .rules import ClusterSettings, Level, Rules
from .story import join_central, read_stories, stories
from .vetoes import NOT_JUDGED, Vetoes

# a claim whose participants are these pronouns or descriptions names nobody in particular
_ACTOR_KINDS = frozenset({"person", "organization", "group", "name", "place", "descriptor"})

_PLAIN = frozenset({"asserted", "negated"})
_NO_NAMES: frozenset[str] = frozenset()  # a signature's doubtful names until the salient ones are counted
_SIMILAR_KEPT = 200_000  # name pairs a clusterer remembers comparing
# claims from which stories are read by a worker process alongside the signatures (Clusterer.signatures):
# the worker is a fresh interpreter, about a second to start; at 100k claims it saved 0.2-0.8 s of the
# signatures' 2.8-3.5 s, at a million about 9 of 27 s
_WORKER_FROM = 100_000
# the stages of Clusterer.cluster, as its ``seconds`` names them: copies, stories and signatures; blocking,
# judging and ordering the pairs; joining them into groups; cutting groups at story bounds and making
# the actions; grouping actions into events
STAGES = ("signatures", "pairs", "joining", "actions", "events")
# a claim's place in the run, in the columns of scored pairs: a C int (4 bytes, two billion claims),
# not 8 bytes: at a million claims the pairs are held twice over while they are joined
_CLAIM: Final = "i"


class PlaceKey:
    """Where a claim happens, as clustering compares it; a value (equal and hashed by its fields)."""

    def __init__(self, value: str, id: str | None, chain: frozenset[str], country: str | None) -> None:
        self.value = value  # case folded
        self.id = id
        self.chain = chain  # ids of the place and everything it lies within
        self.country = country

    def _key(self) -> tuple[str, str | None, frozenset[str], str | None]:
        return self.value, self.id, self.chain, self.country

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlaceKey) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[type, tuple]:
        return PlaceKey, self._key()


class Signature:
    """What clustering compares of one claim (a plain class: a million are made, see compiled.py)."""

    def __init__(self, index: int, claim: Claim, family: str, actors: tuple[str, ...], where: PlaceKey | None,
                 named: str | None, span: tuple[int, int] | None, stated: bool, once: tuple[str, str] | None,
                 known: frozenset[str], story: str | None, doubtful: frozenset[str],
                 yearless: tuple[int, int] | None, slack: int) -> None:
        self.index = index
        self.claim = claim
        self.family = family
        self.actors = actors  # canonical names, sorted
        self.where = where
        self.named = named
        self.span = span  # day ordinals, inclusive
        self.stated = stated  # the span is the claim's own, not implied by its article's date
        self.once = once  # (subject, object or place) of a once-only predicate
        self.known = known  # the actors a rule entry knows (not unknown names)
        self.story = story  # set only for claims that state an event (not "state", not saying)
        self.doubtful = doubtful  # actors neither known to the rules nor named across the story
        self.yearless = yearless  # (month, day) of a date with no year to place it ("January 18")
        self.slack = slack  # days a span of this claim's modality may miss by (settings.slack_days)
        # what judging reads of the claim, kept here so a pair is judged without touching the model
        self.claim_id: str = claim.id
        self.article_id: str = claim.article_id
        self.sentence: int = claim.sentence  # in its article
        self.predicate: str = claim.predicate
        self.modality: str = claim.modality
        self.plain = claim.modality in _PLAIN

    def with_claim(self, claim: Claim) -> Signature:
        """The same signature over another copy of its claim (a lean one, to ship to a worker)."""
        index, _, *rest = self._args()
        return Signature(index, claim, *rest)

    def _args(self) -> tuple:
        return (self.index, self.claim, self.family, self.actors, self.where, self.named, self.span, self.stated,
                self.once, self.known, self.story, self.doubtful, self.yearless, self.slack)

    def __reduce__(self) -> tuple[type, tuple]:
        # compiled (compiled.py), the class is not rebuilt from its attributes: pickle it as its arguments
        return Signature, self._args()


class PairScore:
    """A pair's level per comparison, their summed weight, and whether any level vetoes."""

    def __init__(self, score: float, veto: bool, levels: dict[str, Level] | None = None) -> None:
        self.score = score
        self.veto = veto
        self.levels: dict[str, Level] = levels if levels is not None else {}


class Clusterer:
    """Built once per rule set and run: holds the place hierarchy and the settings."""

    # one object for each value signatures hold many times over (names, sets of names, places,
    # spans): a million signatures then share them instead of each holding its own copy (_forget)
    _names: dict[str, str]
    _actors: dict[tuple[str, ...], tuple[str, ...]]
    _sets: dict[frozenset[str], frozenset[str]]
    _wheres: dict[tuple[str | None, str, tuple[str, ...]], PlaceKey]
    _spans: dict[tuple[int, int], tuple[int, int]]
    _similar_seen: dict[tuple[str, str], bool]  # name pairs compared: see _similar

    def __init__(self, rules: Rules, articles: Sequence[ArticleInfo] = (),
                 apart: Iterable[tuple[Sequence[str], Sequence[str]]] = (),
                 recall: PairMemory | None = None, remember: bool = False, jobs: int | None = 1) -> None:
        self.rules = rules
        # processes clustering may use at once (None: every core this process may use)
        self.jobs = default_jobs() if jobs is None else jobs
        self.settings: ClusterSettings = rules.clustering
        defaults = ClusterSettings().comparisons
        self.levels: dict[str, list[Level]] = {slot: self.settings.comparisons.get(slot) or defaults[slot]
                                               for slot in defaults}
        self.places = {p.id: p for p in rules.places.places}
        self.once = {p.id for p in rules.predicates.predicates if p.once}
        self.reporting = {p.id for p in rules.predicates.predicates if p.reporting}
        self.story_of: dict[str, str] = {}
        self.copy_of: dict[str, str] = {}  # article id → the first of its copies (origins.copies)
        self.salient: set[tuple[str, str]] = set()  # (story, name) named in many of the story's articles
        self.trusted = {a.id: d for a in articles if (d := a.trusted_date) is not None}
        self._forget()
        # when claims too far apart in time are vetoed, blocks are swept in time order
        time_vetoes = bool(next((lv.veto for lv in self.levels["time"] if lv.level == "else"), False))
        self.blocker = Blocker(self.settings, time_vetoes)
        # judge's order, with each slot's levels as (bits, weight, veto)
        self._order = [[(BITS[lv.level], lv.weight, lv.veto) for lv in self.levels[slot]] for slot in SLOTS]
        self.recall = recall  # what an earlier run judged (same rules and code), or None
        # keep what this run judges (fingerprints, scored pairs) for a store to save: a run without a
        # store does not pay for it (a few hundred MB and seconds at a million claims)
        self.remember = remember
        self.judged = PairMemory()
        self.pairs_judged = 0  # candidate pairs the last cluster() judged afresh, not recalled
        self.stories_apart = False  # whether the last cluster() read its stories in a worker process
        # seconds the last cluster() spent in each of the STAGES, for benchmarks to print
        self.seconds: dict[str, float] = {}
        # reviewers said these claims speak of different events ("different-events" verdicts)
        self.apart: dict[str, set[str]] = defaultdict(set)
        for left, right in apart:
            for a in left:
                self.apart[a].update(right)
            for b in right:
                self.apart[b].update(left)

    def _forget(self) -> None:
        """Empty the tables signatures share their values through, and the name pairs compared. A
        run's signatures are gone once its claims are grouped, but the tables held on to what they
        shared: after clustering a million claims the process held 1,993 MiB with them, 1,850
        without, through checking. Signatures made afterwards (``signature``) fill them again."""
        self._names = {}
        self._actors = {}
        self._sets = {}
        self._wheres = {}
        self._spans = {}
        self._similar_seen = {}

    # --- signatures -------------------------------------------------------------------------------

    def read_stories(self, claims: Sequence[Claim]) -> None:
        """Group the claims' articles into stories and find the names each story is about;
        signatures made afterwards carry them. Which articles copy which is kept (``copy_of``) for
        checking to count origins by."""
        self.copy_of = copies(claims)
        self.story_of = stories(claims, self.settings.stories, self.copy_of)
        self.salient = salient(((c.article_id, _actor_names(c)) for c in claims), self.story_of,
                               self.settings.stories.salient_share)

    def signatures(self, claims: Sequence[Claim]) -> list[Signature]:
        """``read_stories``, then each claim's signature, as ``signature`` makes them. With more than
        one job (``jobs``) and enough claims, a worker process reads the stories while this process
        makes the signatures, whose stories are set once it answers (story.read_stories). The names
        each story is about are counted from the signatures' actors, not from the claims: at a
        million claims, reading the claims' parts again took 8 s, most of it waiting on memory."""
        self.copy_of = copies(claims)
        reading = read_stories(claims, self.settings.stories, self.copy_of,
                               worker=self.jobs > 1 and len(claims) >= _WORKER_FROM)
        self.stories_apart = reading.in_worker
        try:
            sigs = [self._signature(i, c, False) for i, c in enumerate(claims)]
            self.story_of = reading.result()
        finally:
            reading.cancel()  # when making the signatures failed: the worker's answer is not wanted
        self.salient = salient(((s.article_id, s.actors) for s in sigs), self.story_of,
                               self.settings.stories.salient_share)
        for s in sigs:
            if self._eventful(s.predicate):
                s.story = self.story_of.get(s.article_id)
            s.doubtful = self._doubtful(s.actors, s.known, s.story)
        return sigs

    def signature(self, index: int, c: Claim) -> Signature:
        """What clustering compares of one claim (after ``read_stories``)."""
        return self._signature(index, c, True)

    def _signature(self, index: int, c: Claim, whole: bool) -> Signature:
        """``whole``: with its story and doubtful names, else left for ``signatures`` to set."""
        refs = _actor_refs(c)
        names = self._names
        actors = sorted({names.setdefault(x, x) for x in (canonical(r) for r in refs)})
        known = self._set(frozenset(canonical(r) for r in refs if r.id))
        story = self.story_of.get(c.article_id) if whole and self._eventful(c.predicate) else None
        where = self._place(c.place) or (self._place(c.object) if c.object is not None and c.object.kind == "place"
                                         else None)
        span, stated = self._span(c)
        once = None
        if c.predicate in self.once and c.subject is not None and c.subject.value:
            target = c.object if c.object is not None and c.object.value else c.place
            if target is not None and target.value:
                once = (canonical(c.subject), canonical(target))
        together = tuple(actors)
        together = self._actors.setdefault(together, together)
        return Signature(index, c, c.family or c.predicate, together, where,
                         (c.event.id or c.event.value) if c.event is not None else None, span, stated, once, known,
                         story, self._doubtful(together, known, story) if whole else _NO_NAMES,
                         c.time.month_day if span is None and c.time is not None else None,
                         self.settings.slack_days.get(c.modality, 0))

    def _eventful(self, predicate: str) -> bool:
        """Whether a claim of the predicate states an event (not "state", not a saying): only those
        carry their story."""
        return predicate != "state" and predicate not in self.reporting

    def _doubtful(self, actors: tuple[str, ...], known: frozenset[str], story: str | None) -> frozenset[str]:
        return self._set(frozenset(x for x in actors if x not in known and (story, x) not in self.salient))

    def _set(self, names: frozenset[str]) -> frozenset[str]:
        return self._sets.setdefault(names, names)

    def _place(self, ref: Ref | None) -> PlaceKey | None:
        if ref is None or not ref.value:
            return None
        key = (ref.id, ref.value, tuple(ref.within))
        found = self._wheres.get(key)
        if found is None:
            chain = frozenset([ref.id, *ref.within]) if ref.id else frozenset()
            country = next((pid for pid in ([ref.id, *ref.within] if ref.id else [])
                            if pid in self.places and self.places[pid].kind == "country"), None)
            found = self._wheres[key] = PlaceKey(value=ref.value.casefold(), id=ref.id, chain=chain, country=country)
        return found

    def _span(self, c: Claim) -> tuple[tuple[int, int] | None, bool]:
        if c.time is not None and c.time.start is not None and c.time.end is not None:
            span = (c.time.start.toordinal(), c.time.end.toordinal())
            return self._spans.setdefault(span, span), True
        date = self.trusted.get(c.article_id)
        if date is None:
            return None, False
        w = self.settings.implied.get(c.modality)
        if w is None:
            return None, False
        first, last = date - dt.timedelta(days=w.before), date + dt.timedelta(days=w.after)
        implied = (first.toordinal(), last.toordinal())
        return self._spans.setdefault(implied, implied), False

    # --- comparing two claims ---------------------------------------------------------------------

    def _similar(self, a: str, b: str) -> bool:
        """Whether two names are spellings of one (rapidfuzz). Remembered, as a run compares the
        same names over and over, up to ``_SIMILAR_KEPT`` pairs, then forgotten at once. (Not an
        lru_cache of the bound method: that and the clusterer would hold each other, a cycle that
        kept every clusterer, its caches and its stories, after it was done with.)"""
        seen = self._similar_seen
        found = seen.get((a, b))
        if found is None:
            if len(seen) >= _SIMILAR_KEPT:
                seen.clear()
            found = seen[(a, b)] = min(len(a), len(b)) >= 4 and \
                fuzz.token_set_ratio(a, b) >= self.settings.name_similarity
        return found

    def _participants(self, a: Signature, b: Signature) -> int:
        if not a.actors or not b.actors:
            return UNKNOWN
        if a.actors is b.actors:  # one shared tuple (signature() keeps one per set of names): the same people
            return SAME | SHARED
        holds = 0
        only_a = [x for x in a.actors if not self._matched(x, b.actors)]
        only_b = [y for y in b.actors if not self._matched(y, a.actors)]
        if not only_a and not only_b:
            holds |= SAME
        elif len(a.actors) >= 2 and len(b.actors) >= 2:
            holds |= DIFFERENT_PAIRS
        if any(x in b.actors for x in a.actors):
            holds |= SHARED
        elif len(only_a) < len(a.actors):
            holds |= SIMILAR
        # only where the names would otherwise keep the two apart
        if not holds & SAME and (holds & DIFFERENT_PAIRS or not holds & (SHARED | SIMILAR)) \
                and self._doubted(a, b, only_a, only_b, bool(holds & DIFFERENT_PAIRS)):
            holds |= IN_STORY
        return holds

    def _matched(self, x: str, ys: tuple[str, ...]) -> bool:
        if x in ys:
            return True
        for y in ys:
            if self._similar(x, y):
                return True
        return False

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

    def _time(self, a: Signature, b: Signature) -> int:
        holds = 0
        if a.once is not None and a.once == b.once:
            holds |= ONCE
        sa, sb = a.span, b.span
        if sa is None or sb is None:
            if not self._other_day_of_year(a, b):
                holds |= UNKNOWN
            return holds
        gap = max(0, max(sa[0], sb[0]) - min(sa[1], sb[1]))
        if gap == 0 and a.stated and b.stated:
            holds |= OVERLAP
        if gap <= self._slack(a, b):
            holds |= NEAR
        return holds

    def _other_day_of_year(self, a: Signature, b: Signature) -> bool:
        """A date without its year ("January 18") still differs from one more than the slack away
        in every year: a quake on January 18 is not the quake of Friday 10 June 2022."""
        if a.yearless is None:
            a, b = b, a
        if a.yearless is None or (b.span is None and b.yearless is None):
            return False
        slack = max(a.slack, b.slack)
        month, day = a.yearless
        if b.yearless is not None:
            first = last = dt.date(2000, *b.yearless).toordinal()  # a leap year holds every month/day
            years = [1999, 2000, 2001]
        else:
            assert b.span is not None
            first, last = b.span
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

    @staticmethod
    def _slack(a: Signature, b: Signature) -> int:
        """Days two spans may lie apart and still be one event: a forecast may miss by the slack of
        its modality; a plain report only by a day or so, and only when both give a single day
        (March and April are two months however close they lie)."""
        sa, sb = a.span, b.span
        single = sa is not None and sb is not None and sa[0] == sa[1] and sb[0] == sb[1]
        out = 0
        if (single or not a.plain) and a.slack > out:
            out = a.slack
        if (single or not b.plain) and b.slack > out:
            out = b.slack
        return out

    @staticmethod
    def _where(a: Signature, b: Signature) -> int:
        return place_bits(a.where, b.where)

    @staticmethod
    def _named(a: Signature, b: Signature) -> int:
        if a.named is None or b.named is None:
            return UNKNOWN
        return SAME if a.named == b.named else 0

    def _holds(self, slot: int, a: Signature, b: Signature) -> int:
        """What holds of the pair for one comparison (SLOTS[slot]), as bits, ELSE among them."""
        if slot == 0:
            return ELSE | SAME if a.story is not None and a.story == b.story else ELSE
        if slot == 1:
            return ELSE | self._named(a, b)
        if slot == 2:
            return ELSE | self._where(a, b)
        if slot == 3:
            return ELSE | self._time(a, b)
        if slot == 4:
            return ELSE | self._participants(a, b)
        return ELSE | SAME if a.predicate == b.predicate else ELSE

    @staticmethod
    def _one_sentence_apart(a: Signature, b: Signature, participants: int) -> bool:
        """Two claims of one sentence can be one event only when they tell it of the same people
        ("shot and killed him"); "separate meetings with Lavrov and Patrushev" are two."""
        return a.sentence == b.sentence and a.article_id == b.article_id and not participants & (SAME | UNKNOWN)

    def compare(self, a: Signature, b: Signature) -> PairScore:
        """The level each comparison gives the pair, their summed weight, and whether any vetoes."""
        if self._one_sentence_apart(a, b, self._participants(a, b)):
            return PairScore(0.0, True)
        out = PairScore(0.0, False)
        for k, slot in enumerate(SLOTS):
            holds = self._holds(k, a, b)
            level = next(lv for lv in self.levels[slot] if BITS[lv.level] & holds)
            out.levels[slot] = level
            out.score += level.weight
            out.veto = out.veto or level.veto
        return out

    def judge(self, a: Signature, b: Signature) -> tuple[float, bool]:
        """``compare``'s summed weight and veto, cheapest comparisons first, stopping at a veto
        (clustering asks this of every candidate pair; explanations ask ``compare``)."""
        score = 0.0
        for k in range(6):
            holds = self._holds(k, a, b)
            if k == 4 and self._one_sentence_apart(a, b, holds):
                return 0.0, True
            for bits, weight, veto in self._order[k]:
                if bits & holds:
                    if veto:
                        return score, True
                    score += weight
                    break
        return score, False

    # --- blocking and cutting -----------------------------------------------------------------------

    @paused_gc(freeze=True)
    def cluster(self, claims: Sequence[Claim], progress: Progress | None = None,
                engine: Engine | None = None) -> tuple[list[Cluster], dict[str, str]]:
        """The events (each made of its actions), and claim id → event id for every claim; afterwards
        ``judged`` holds what this run judged (when it remembers), for the next run to reuse. On a Dask
        engine the pairs are judged there. Holds glibc's mmap threshold for the rest of the process
        (``allocator.steady_heap``). ``seconds`` then holds the time each of the ``STAGES`` took."""
        steady_heap()
        self.seconds = {}
        lap = time.perf_counter()
        sigs = self.signatures(claims)
        lap = self._lap("signatures", lap)
        self.pairs_judged = 0
        ids = [c.id for c in claims]
        # the blocks are let go once the pairs are scored: only the pairs that scored are joined
        lefts, rights, scores, vetoes = self._scored_pairs(sigs, ids, progress, engine)
        xs, ys = _strongest_first(ids, lefts, rights, scores)
        del lefts, rights, scores
        lap = self._lap("pairs", lap)
        parent = list(range(len(sigs)))
        shares = _shares_sentence(sigs)
        groups: dict[int, _Group] = {}  # made when a claim first meets another: most never do
        for x, y in zip(xs, ys, strict=True):
            rx, ry = _root(parent, x), _root(parent, y)
            if rx == ry:
                continue
            gx, gy = groups.get(rx), groups.get(ry)
            if gx is None:
                gx = groups[rx] = _Group(sigs[rx], shares[rx])
            if gy is None:
                gy = groups[ry] = _Group(sigs[ry], shares[ry])
            if not self._may_join(sigs, vetoes, gx, gy, x, y):
                continue
            if len(gx.members) < len(gy.members):
                rx, ry, gx, gy = ry, rx, gy, gx
            parent[ry] = rx
            gx.absorb(gy, sigs)
            del groups[ry]
        del xs, ys, vetoes
        groups.clear()  # what was joined is in parent: the groups' sentences and shapes go
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(sigs)):
            members[_root(parent, i)].append(i)
        parts = list(members.values())
        lap = self._lap("joining", lap)
        story_of = self.story_of
        if self.settings.stories.enabled and self.settings.incidents.enabled:
            story_of, parts = self._within_stories(sigs, parts)
        actions = self._actions(sigs, parts)
        lap = self._lap("actions", lap)
        told = [[sigs[i] for i in part] for part in parts]
        # the actions' lists now hold the only references to the signatures: grouping lets each
        # action's go once it has read them, half a gigabyte at a million claims
        del sigs, parts, parent
        self._forget()
        events = Incidents(self.settings.incidents, self.apart).group(actions, told, story_of)
        self._lap("events", lap)
        return events

    def _lap(self, stage: str, since: float) -> float:
        """Note the seconds since ``since`` as the stage's; the time now."""
        now = time.perf_counter()
        self.seconds[stage] = now - since
        return now

    def _scored_pairs(self, sigs: list[Signature], ids: list[str], progress: Progress | None,
                      engine: Engine | None) -> tuple[array, array, array, Vetoes]:
        """The candidate pairs that score at least the threshold and that no level vetoes, as three
        columns (claim, claim, score), and whether each pair judged here vetoes, for joining to look
        up; ``judged`` then holds what this run judged, when it remembers."""
        recall = self.recall
        prints = [fingerprint(s) for s in sigs] if recall is not None or self.remember else []
        found = self.blocker.candidate_pairs(sigs, recall.big if recall is not None else None)
        big = found.big
        # pairs an earlier run judged between claims that kept their fingerprints: look them up
        same = [recall.fingerprints.get(i) == p for i, p in zip(ids, prints, strict=True)] if recall is not None \
            else [False] * len(ids)
        reuse: dict[tuple[int, int], float] = {}
        if recall is not None:
            index = {i: k for k, i in enumerate(ids)}
            for (a, b), score in recall.scored.items():
                x, y = index.get(a), index.get(b)
                if x is not None and y is not None and same[x] and same[y]:
                    reuse[(x, y) if x < y else (y, x)] = score
        # the pairs that scored, as three columns: a million claims score millions of pairs
        kept = _Scored()
        dask = engine is not None and engine.name == "dask"
        fresh: tuple[np.ndarray, np.ndarray] | None = None  # every candidate pair, judged here afresh
        todo: Iterator[tuple[int, int]] | None = None
        if recall is not None and found.big == recall.big:
            # the same big blocks: the pairs of unchanged claims are those last run judged, so
            # only pairs with a new or changed claim are made at all
            todo = self._changed_pairs(found, reuse, same, progress, kept)
        else:
            # the pairs as columns, and the blocks let go before judging: the blocks and each
            # claim's keys take about 570 bytes a claim
            xs, ys, unseen = found.columns()
            del found
            if recall is None and not dask:
                fresh = (xs, ys)
            else:
                todo = self._todo(read_pairs(xs, ys, unseen), reuse, same, progress, kept)
            del xs, ys, unseen
        vetoes = Vetoes()
        if dask:
            assert todo is not None
            # the workers send back only the pairs that scored: those are known not to veto
            for batch in engine.map(judge_batch, pair_batches(sigs, todo), self.rules):  # type: ignore[union-attr]
                for x, y, score in batch:
                    kept.add(x, y, score)
                    vetoes.add(x, y, False)
        else:
            chunks = _slices(*fresh) if fresh is not None else _chunks(todo) if todo is not None else iter(())
            # the columns are made here, once the blocks are let go: made along with the signatures, their
            # numbers lay among them in memory, and 143 MB more stayed with the process after clustering
            # a million claims
            self._judge_columns(sigs, Columns(sigs), chunks, fresh is not None, vetoes, kept, progress)
        del todo, fresh
        vetoes.seal(len(sigs))
        lefts, rights, scores = kept.lefts, kept.rights, kept.scores
        if self.remember:
            self.judged = PairMemory(fingerprints=dict(zip(ids, prints, strict=True)), big=big, scored={
                ((ids[x], ids[y]) if ids[x] < ids[y] else (ids[y], ids[x])): score
                for x, y, score in zip(lefts, rights, scores, strict=True)})
        else:
            self.judged = PairMemory()
        return lefts, rights, scores, vetoes

    def _judge_columns(self, sigs: list[Signature], cols: Columns, chunks: Iterator[tuple[np.ndarray, np.ndarray]],
                       count: bool, vetoes: Vetoes, kept: _Scored, progress: Progress | None) -> None:
        """Judge the pairs of ``chunks`` as columns (judging.judge_pairs): each verdict to ``vetoes``,
        the pairs that score to ``kept``. ``count``: these are candidate pairs no one counted yet."""
        threshold = self.settings.threshold
        done = 0
        for x, y in chunks:
            score, veto = judge_pairs(self, cols, sigs, x, y)
            vetoes.extend(x, y, veto)
            keep = ~veto & (score >= threshold)
            kept.extend(x[keep], y[keep], score[keep])
            done += len(x)
            if count:
                self.pairs_judged += len(x)
            if progress is not None:
                progress("cluster", done, None)

    def _changed_pairs(self, found: Candidates, reuse: dict[tuple[int, int], float], same: list[bool],
                       progress: Progress | None, kept: _Scored) -> Iterator[tuple[int, int]]:
        """The pairs to judge when an earlier run had the same big blocks: those with a new or changed
        claim; the pairs it judged that scored go straight to ``kept``. (Methods, not functions nested in
        ``_scored_pairs``: compiled, a nested function and the variables it shares hold each other, a
        cycle that kept every signature and block alive after clustering: 110 MiB per 100k claims.)"""
        tick = every(progress, "cluster", None, 20_000)
        for pair, known in reuse.items():
            kept.add(pair[0], pair[1], known)
        changed = (i for i, unchanged in enumerate(same) if not unchanged)
        for n, pair in enumerate(sorted(found.around(changed)), 1):
            tick(n)
            self.pairs_judged += 1
            yield pair

    def _todo(self, pairs: Iterator[tuple[int, int, bool]], reuse: dict[tuple[int, int], float], same: list[bool],
              progress: Progress | None, kept: _Scored) -> Iterator[tuple[int, int]]:
        """The candidate pairs to judge afresh; those an earlier run judged between unchanged claims,
        and that scored, go straight to ``kept``."""
        tick = every(progress, "cluster", None, 20_000)
        for n, (x, y, unseen) in enumerate(pairs, 1):
            tick(n)
            if same[x] and same[y] and not unseen:
                earlier = reuse.get((x, y))  # judged last run: it scored, or it did not
                if earlier is not None:
                    kept.add(x, y, earlier)
            else:
                self.pairs_judged += 1
                yield x, y

    def _within_stories(self, sigs: Sequence[Signature],
                        groups: list[list[int]]) -> tuple[dict[str, str], list[list[int]]]:
        """The stories joined by the named actions they both tell centrally (story.join_central),
        and the groups cut at story bounds: the part of a group that a story tells only in passing
        (in fewer than ``central_share`` of its articles) is an action of that story. What two
        stories tell alike (the Chargers' arrests of two players; a minister's remarks on two
        affairs) is then two actions, each part of its own story's events."""
        told = [{sigs[i].article_id for i in g} for g in groups
                if any(x not in sigs[i].doubtful for i in g for x in sigs[i].actors)]
        story_of = join_central(self.story_of, told, self.settings.stories.central_share)
        size = Counter(story_of.values())
        share = self.settings.stories.central_share
        parts: list[list[int]] = []
        for g in groups:
            by_story: dict[str | None, list[int]] = defaultdict(list)
            for i in g:
                by_story[story_of.get(sigs[i].article_id)].append(i)
            if len(by_story) == 1:
                parts.append(g)
                continue
            kept: list[int] = []
            for story, members in by_story.items():
                n = len({sigs[i].article_id for i in members})
                if story is None or size[story] == 1 or n >= share * size[story]:
                    kept.extend(members)
                else:
                    parts.append(members)
            if kept:
                parts.append(kept)
        return story_of, parts

    def _may_join(self, sigs: Sequence[Signature], vetoes: Vetoes, left: _Group, right: _Group,
                  x0: int, y0: int) -> bool:
        """No pair across the two groups may be vetoed (compared on their distinct shapes). The pair
        that joins them, ``x0`` of ``left`` and ``y0`` of ``right``, scored: it is not judged again,
        nor is any pair scoring judged (``vetoes``)."""
        if left.sentences is not None and right.sentences is not None:
            for sentence in left.sentences.keys() & right.sentences.keys():
                if any(self._vetoed(sigs, vetoes, x, y)
                       for x in left.sentences[sentence] for y in right.sentences[sentence] if x != x0 or y != y0):
                    return False
        if self.apart:
            small, big = sorted((left, right), key=lambda g: len(g.members))
            ids = {sigs[i].claim_id for i in big.members}
            if any(not self.apart[sigs[i].claim_id].isdisjoint(ids) for i in small.members
                   if sigs[i].claim_id in self.apart):
                return False
        for x in left.standing():
            for y in right.standing():
                if (x != x0 or y != y0) and self._vetoed(sigs, vetoes, x, y):
                    return False
        return True

    def _vetoed(self, sigs: Sequence[Signature], vetoes: Vetoes, x: int, y: int) -> bool:
        """Whether the pair vetoes: as scoring judged it, else judged now."""
        known = vetoes.get(x, y)
        if known != NOT_JUDGED:
            return known == 1
        return self.judge(sigs[x], sigs[y])[1]

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


def _root(parent: list[int], i: int) -> int:
    """The claim that stands for ``i``'s group (union-find, halving the path as it goes)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _strongest_first(ids: Sequence[str], lefts: array, rights: array, scores: array) -> tuple[array, array]:
    """The scored pairs' two claims, strongest pair first, ties by the pair's claim ids (smaller id,
    then larger): an order independent of the claims' input order. Arrays, not a list of pairs:
    read one at a time, a pair is made only while it is joined."""
    xs, ys = array(_CLAIM), array(_CLAIM)
    if not scores:
        return xs, ys
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(np.asarray(ids), kind="stable")] = np.arange(len(ids))
    x, y = np.frombuffer(lefts, dtype=np.intc), np.frombuffer(rights, dtype=np.intc)
    rx, ry = rank[x], rank[y]
    order = np.lexsort((np.maximum(rx, ry), np.minimum(rx, ry), -np.frombuffer(scores, dtype=np.float64)))
    xs.frombytes(x[order].tobytes())
    ys.frombytes(y[order].tobytes())
    return xs, ys


class _Scored:
    """The pairs that scored, as three columns (claim, claim, score)."""

    def __init__(self) -> None:
        self.lefts, self.rights, self.scores = array(_CLAIM), array(_CLAIM), array("d")

    def add(self, x: int, y: int, score: float) -> None:
        self.lefts.append(x)
        self.rights.append(y)
        self.scores.append(score)

    def extend(self, x: np.ndarray, y: np.ndarray, score: np.ndarray) -> None:
        self.lefts.frombytes(x.astype(np.intc).tobytes())
        self.rights.frombytes(y.astype(np.intc).tobytes())
        self.scores.frombytes(score.astype(np.float64).tobytes())


_JUDGED_AT_ONCE = 1 << 16  # pairs judged in one numpy step: a few dozen temporaries of 8 bytes a pair (or a cell)


def _slices(xs: np.ndarray, ys: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for lo in range(0, len(xs), _JUDGED_AT_ONCE):
        yield xs[lo:lo + _JUDGED_AT_ONCE], ys[lo:lo + _JUDGED_AT_ONCE]


def _chunks(pairs: Iterator[tuple[int, int]]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The pairs as columns, ``_JUDGED_AT_ONCE`` at a time."""
    xs, ys = array("q"), array("q")
    for x, y in pairs:
        xs.append(x)
        ys.append(y)
        if len(xs) == _JUDGED_AT_ONCE:
            yield np.frombuffer(xs, dtype=np.int64), np.frombuffer(ys, dtype=np.int64)
            xs, ys = array("q"), array("q")
    if xs:
        yield np.frombuffer(xs, dtype=np.int64), np.frombuffer(ys, dtype=np.int64)


def _shares_sentence(sigs: Sequence[Signature]) -> bytearray:
    """Per claim, 1 where another claim may come from its sentence: the claims whose sentence's hash
    is not one of a kind. (A hash two sentences share only marks more claims than need be.)"""
    if not sigs:
        return bytearray()
    hashes = np.fromiter((hash((s.article_id, s.sentence)) for s in sigs), dtype=np.int64, count=len(sigs))
    _, where, counts = np.unique(hashes, return_inverse=True, return_counts=True)
    return bytearray((counts[where] > 1).astype(np.uint8).tobytes())


class _Group:
    """A growing event: its members, their sentences (only those that other claims may come from),
    and one member per distinct comparable shape. Groups are held for every claim that meets another,
    and most claims are the only one of their sentence: a dict of sentences for each took 24 of the
    121 MiB clustering held over the claims at 100k claims."""

    def __init__(self, s: Signature, shares_sentence: int) -> None:
        self.members: list[int] = [s.index]
        self.sentences: dict[tuple[str, int], list[int]] | None = \
            {(s.article_id, s.sentence): [s.index]} if shares_sentence else None
        # one member per distinct shape, by the shape's hash: nearly every member of a group is a shape
        # of its own, and the shapes themselves (ten fields) took 7.6 of the groups' 28 MiB at 100k
        # claims. A member whose shape only shares a hash with another shape stands for it in ``clashes``.
        self.shapes: dict[int, int] = {hash(_shape(s)): s.index}
        self.clashes: list[int] | None = None

    def absorb(self, other: _Group, sigs: Sequence[Signature]) -> None:
        self.members.extend(other.members)
        if other.sentences is not None:
            if self.sentences is None:
                self.sentences = {}
            for sentence, members in other.sentences.items():
                self.sentences.setdefault(sentence, []).extend(members)
        for h, i in other.shapes.items():
            mine = self.shapes.setdefault(h, i)
            if mine != i and _shape(sigs[mine]) != _shape(sigs[i]):
                self.clashes = [*(self.clashes or []), i]
        if other.clashes:  # a shape twice costs a judgement more, never a missed veto
            self.clashes = [*(self.clashes or []), *other.clashes]

    def standing(self) -> Iterable[int]:
        """A member for each distinct shape (some shapes may have two)."""
        return self.shapes.values() if self.clashes is None else [*self.shapes.values(), *self.clashes]


def _shape(s: Signature) -> tuple:
    return (s.family, s.actors, s.where, s.named, s.span, s.stated, s.once, s.modality, s.story, s.yearless)


def salient(named: Iterable[tuple[str, Iterable[str]]], story_of: Mapping[str, str],
            share: float) -> set[tuple[str, str]]:
    """(story, name) for each participant named in at least ``share`` of its story's articles, and in
    two of them: what the story is about. ``named``: per claim, its article and the canonical names
    of its participants (``_actor_names``).

    Counted as three columns of numbers (story, name, article), sorted, not as a set of articles per
    (story, name): on a million synthetic claims, 1.78 million (story, name) pairs are named and 3,579
    are salient; their sets took 586 MB (and 8.1 to 11.4 s, interpreted), the columns take 24 bytes a
    name, 43 MB, in about the same time."""
    # each claim as (article, set of names), both numbered: the names of a set are read once per set,
    # and an article's story once per article
    article_ids: dict[str, int] = {}
    story_of_article = array("q")  # per article number, its story's number, or -1
    story_ids: dict[str, int] = {}
    set_ids: dict[tuple[str, ...], int] = {}
    arts, sets = array("q"), array("q")
    for article, actors in named:
        a = article_ids.get(article)
        if a is None:
            a = article_ids[article] = len(article_ids)
            story = story_of.get(article)
            story_of_article.append(-1 if story is None else story_ids.setdefault(story, len(story_ids)))
        if story_of_article[a] < 0:
            continue
        together = tuple(actors)
        if together:
            arts.append(a)
            sets.append(set_ids.setdefault(together, len(set_ids)))
    if not arts:
        return set()
    # each set's names, numbered, one after another (``set_first[k]`` is where set k's start)
    name_ids: dict[str, int] = {}
    set_names = array("q")
    set_size = array("q")
    for together in set_ids:
        set_size.append(len(together))
        for name in together:
            set_names.append(name_ids.setdefault(name, len(name_ids)))
    size_of_set = np.frombuffer(set_size, dtype=np.int64)
    set_first = np.zeros(len(size_of_set), dtype=np.int64)
    np.cumsum(size_of_set[:-1], out=set_first[1:])
    # each (article, set) once, then one row per name of the set: (story, name, article)
    pair = np.unique(np.frombuffer(arts, dtype=np.int64) * len(set_ids) + np.frombuffer(sets, dtype=np.int64))
    art_of, set_of = np.divmod(pair, len(set_ids))
    width = size_of_set[set_of]
    by = np.repeat(art_of, width)
    at = np.repeat(set_first[set_of] - (np.cumsum(width) - width), width) + np.arange(len(by))
    names = np.frombuffer(set_names, dtype=np.int64)[at]
    in_story = np.frombuffer(story_of_article, dtype=np.int64)[by]
    order = np.lexsort((by, names, in_story))
    st, nm, art = in_story[order], names[order], by[order]
    # each (story, name, article) once, then the articles of each (story, name)
    once = np.ones(len(st), dtype=bool)
    once[1:] = (st[1:] != st[:-1]) | (nm[1:] != nm[:-1]) | (art[1:] != art[:-1])
    st, nm = st[once], nm[once]
    first = np.ones(len(st), dtype=bool)
    first[1:] = (st[1:] != st[:-1]) | (nm[1:] != nm[:-1])
    starts = np.flatnonzero(first)
    articles = np.diff(np.append(starts, len(st)))
    size = Counter(story_of.values())
    stories_in_order = list(story_ids)
    need = np.maximum(2, np.ceil(share * np.array([size[x] for x in stories_in_order], dtype=np.float64)))
    names_in_order = list(name_ids)
    st, nm = st[starts], nm[starts]
    found = articles >= need[st]
    return {(stories_in_order[x], names_in_order[y])
            for x, y in zip(st[found].tolist(), nm[found].tolist(), strict=True)}


def _actor_refs(c: Claim) -> list[Ref]:
    """The claim's participants: its subject and object, where they name someone (``_is_actor``)."""
    return [r for r in (c.subject, c.object) if r is not None and _is_actor(r, c)]


def _actor_names(c: Claim) -> list[str]:
    """The canonical names of the claim's participants (as ``Signature.actors`` holds them, unsorted)."""
    return [canonical(r) for r in _actor_refs(c)]


def _is_actor(ref: Ref | None, c: Claim) -> bool:
    if ref is None or not ref.value or ref.kind not in _ACTOR_KINDS:
        return False
    # the destination of a visit is where it happens, not who takes part
    return not (ref is c.object and ref.kind == "place")


def _display_actors(c: Claim) -> list[str]:
    return [r.value for r in _actor_refs(c) if r.value]  # _is_actor asks for a value: the test is for the type


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
    11 µs a claim and, while both sets live, twice their memory (3.7 GiB for a million claims).

    The id goes straight into the claim's fields: what pydantic's assignment does for a field of a model
    that neither validates assignments nor is frozen, without its per-call checks (a million claims
    took 1.2 s through ``setattr``)."""
    for c in claims:
        c.__dict__["cluster_id"] = of_claim[c.id]
