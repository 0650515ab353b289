"""Events → verdicts: what the sources agree on, where they contradict each other, and run warnings.

Each event's claims are compared slot by slot:

- time: stated spans that overlap agree ("October 2023" holds "16 October");
  spans that do not are two sides;
- place: places the rules know agree when one lies within the other (the
  Kremlin, Moscow, Russia); two known places apart are two sides. Places no
  rule knows are not judged: their relation cannot be told;
- status: confirmed against unconfirmed or denied;
- numbers: counts of one role (killed, injured, amount…) beyond the role's
  tolerance; "at least 12" agrees with 14;
- negation: an assertion against a denial of the same event.

A conflict is ``hard`` when plain assertions stand on both sides, ``soft``
when one side is only a forecast, hedge or expectation, or a status or count
that a later report overtook. Agreements count independent origins: copies
of one wire story, credited or near-duplicate, count once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .allocator import steady_heap
from .claim import Claim
from .engine import Engine
from .events import Action, Cluster
from .findings import Agreement, CheckResult, Conflict, Kind, RunWarning, Side, Slot
from .gcpause import paused_gc
from .models import ArticleInfo, DateOrigin
from .origins import copies, origin_groups
from .progress import Progress, every
from .rules import Rules

_PLAIN = frozenset({"asserted", "negated"})


class Checker:
    """What checking an event needs of the run: the rules' places, tolerances and reporting
    predicates, the articles and their independent origins. ``copy_of``: which articles copy which
    (``origins.copies``), found from the claims when not given."""

    def __init__(self, rules: Rules, articles: Sequence[ArticleInfo], claims: Sequence[Claim],
                 copy_of: Mapping[str, str] | None = None) -> None:
        self.rules = rules
        self.copy_of = copies(claims) if copy_of is None else copy_of
        self.places = {p.id: p for p in rules.places.places}
        self.tolerance = {r.id: r.tolerance for r in rules.quantities.roles}
        self.lead = rules.quantities.lead_sentences
        self.reporting = {p.id for p in rules.predicates.predicates if p.reporting}
        # two reported days next to each other agree (a late-night event, a time zone): the slack
        # clustering allows plain reports
        self.day_slack = rules.clustering.slack_days.get("asserted", 0)
        self.articles = {a.id: a for a in articles}
        self.trusted = {a.id: d for a in articles if (d := a.trusted_date) is not None}
        self.origin_of = origin_groups(articles, claims, self.copy_of)

    def __reduce__(self) -> tuple[type, tuple]:
        # compiled (compiled.py), the class is not rebuilt from its attributes: an engine's workers
        # get it as its arguments; with the copies given, the claims are not read again
        return Checker, (self.rules, list(self.articles.values()), (), self.copy_of)

    def source(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return (a.source if a is not None and a.source else None) or article_id

    # --- one event ----------------------------------------------------------------------------------

    def event(self, event_id: str, action: Action, claims: Sequence[Claim]) -> list[Conflict]:
        """The conflicts among the claims of one action of an event: claims of different actions (the
        shooting on Saturday, the arrest on Monday) are not compared."""
        out: list[Conflict] = []
        # sentences that name no event, or only someone speaking, make no event to disagree about
        claims = [c for c in claims if c.predicate != "state" and c.predicate not in self.reporting]
        if not claims:
            return out
        timed = [(c, c.time) for c in claims if c.time is not None and c.time.start is not None]
        # one span told by every claim cannot disagree with itself (most events): its values go unread
        if len({(t.start, t.end) for _, t in timed}) > 1:
            slack = self.day_slack
            # the day of slack is for reports of one event (a late night, a time zone); a plan for
            # Thursday that happened on Wednesday is a schedule that changed
            spans = [(c, (t.start.toordinal(), t.end.toordinal(), c.modality in _PLAIN),  # type: ignore[union-attr]
                      t.value or "") for c, t in timed]
            spans = self._without_earlier_occurrence(spans, slack)
            out += self._split(event_id, action, "time", spans,
                               lambda a, b: _overlap(a[:2], b[:2], slack if a[2] and b[2] else 0),
                               vague=lambda span: span[1] - span[0])
        placed = [(c, c.place) for c in claims if c.place is not None and c.place.id in self.places]
        out += self._split(event_id, action, "place", [(c, (p.id, frozenset([p.id, *p.within])), p.value or "")
                                              for c, p in placed], _within, vague=lambda place: -len(place[1]))
        stated = [(c, c.status) for c in claims if c.status is not None]
        out += self._split(event_id, action, "status", [(c, s == "confirmed", s) for c, s in stated],
                           lambda a, b: a == b)
        out += self._numbers(event_id, action, claims)
        # "refused to criticize the invasion" against "denounced the sanctions": only the same subject
        # denying the same thing done to the same object contradicts an assertion
        by_object: dict[tuple[str, str, str], list[tuple[Claim, Any, str]]] = defaultdict(list)
        for c in claims:
            if c.object is not None and c.object.value and c.subject is not None and c.subject.value:
                by_object[(c.subject.value, c.predicate, c.object.value)].append(
                    (c, c.negated, "denied" if c.negated else "asserted"))
        for key in sorted(by_object):
            out += self._split(event_id, action, "negation", by_object[key], lambda a, b: a == b)
        return out

    def _without_earlier_occurrence(self, spans: list[tuple[Claim, tuple[int, int, bool], str]],
                                    slack: int) -> list[tuple[Claim, tuple[int, int, bool], str]]:
        """The time items less the reports of an occurrence the forecasts that disagree with them
        cannot be about.

        "A hearing will be held on September 6", published on June 18, is not overtaken by "at the
        earlier hearing on Monday" (June 17): the forecaster knew of that hearing and spoke of the
        next. A report is left out when its time was already past when each forecast that disagrees
        with it was last published (a trusted date: a forecast repeated after the report still
        stood), and only when the reports agree among themselves: reports that disagree are a
        conflict whatever the forecasts say."""
        reports = [it for it in spans if it[1][2]]
        forecasts = [it for it in spans if not it[1][2]]
        if not reports or not forecasts or not _agree(reports, slack):
            return spans

        # per forecast, the latest trusted day a forecast of its time was published: repeated, it still stood
        held = [max((d.toordinal() for c, other, _ in forecasts if _overlap(span[:2], other[:2])
                     and (d := self.trusted.get(c.article_id)) is not None), default=-1) for _, span, _ in forecasts]

        def earlier(report: tuple[Claim, tuple[int, int, bool], str]) -> bool:
            return all(_overlap(span[:2], report[1][:2]) or report[1][1] < day
                       for (_, span, _), day in zip(forecasts, held, strict=True))

        return [it for it in spans if not (it[1][2] and earlier(it))]

    def _split(self, event_id: str, action: Action, slot: Slot, items: list[tuple[Claim, Any, str]],
               agree: Callable[[Any, Any], bool], vague: Callable[[Any], float] = lambda _: 0,
               opens: Callable[[Claim], bool] | None = None) -> list[Conflict]:
        """Group the claims into sides that agree; more than one side from different origins is a conflict.

        The most specific values (smallest ``vague``) go first. A vaguer value that agrees with two sides ("Russia" with
        Moscow and with St Petersburg, "2023" with March and April) stands on neither: it cannot
        bridge them, and it does not contradict either. A claim that ``opens`` does not hold of only
        joins a side that others opened, after them; alone it stands on none.
        """
        # claims that all state one value agree (every ``agree`` holds of a value and itself)
        if len({value for _, value, _ in items}) < 2 or \
                len({self.origin_of.get(c.article_id, c.article_id) for c, _, _ in items}) < 2:
            return []
        sides: list[list[tuple[Claim, Any, str]]] = []
        may_open = [True] * len(items) if opens is None else [opens(c) for c, _, _ in items]
        order = sorted(range(len(items)), key=lambda k: (not may_open[k], vague(items[k][1]), items[k][0].id))
        for k in order:
            item = items[k]
            joined = [s for s in sides if any(agree(item[1], other[1]) for other in s)]
            if len(joined) == 1:
                joined[0].append(item)
            elif not joined and may_open[k]:
                sides.append([item])
        if len(sides) < 2:
            return []
        # sides that come only from one article's own sentences are the article disagreeing with itself
        side_origins = [{self.origin_of.get(c.article_id, c.article_id) for c, _, _ in s} for s in sides]
        if len(set().union(*side_origins)) < 2:
            return []
        return [self._conflict(event_id, action, slot, sides)]

    def _conflict(self, event_id: str, action: Action, slot: Slot,
                  sides: list[list[tuple[Claim, Any, str]]]) -> Conflict:
        built = []
        # the fingerprint: the values and the evidence each side stands on; a verdict holds while it does
        seen = hashlib.sha1(slot.encode())
        for s in sorted(sides, key=lambda s: (min(c.id for c, _, _ in s))):
            values = sorted({v for _, _, v in s}, key=lambda v: (-sum(1 for _, _, x in s if x == v), v))
            claims = sorted((c for c, _, _ in s), key=lambda c: c.id)
            seen.update(f"\0{values[0]}".encode())
            for c in claims:
                seen.update(f"\1{c.id}\1{c.evidence}".encode())
            built.append(Side(value=values[0], claim_ids=[c.id for c in claims],
                              articles=sorted({c.article_id for c in claims}),
                              sources=sorted({self.source(c.article_id) for c in claims}),
                              modalities=sorted({c.modality for c in claims})))
        plain = [any(m in _PLAIN for m in s.modalities) for s in built]
        kind: Kind = "hard" if all(plain) else "soft"
        reason = ("plain assertions disagree" if kind == "hard"
                  else "one side is only a forecast, plan or hedge: later reporting may have overtaken it")
        if slot in ("status", "number") and kind == "hard" and self._different_days(built):
            kind, reason = "soft", f"the {slot} changed between reports of different dates"
        if slot == "time" and kind == "hard" and self._only_relative(sides):
            reason += "; one side is a relative date read from its article's date: check that date"
        # the action by its label, not by claim ids: a new report joining the action keeps the id (and
        # re-opens a verdict through the fingerprint); check() separates the rare ids that collide
        key = f"{slot}|{'|'.join(sorted(s.value for s in built))}|{action.family}|{action.label}"
        return Conflict(id="cf-" + hashlib.sha1(key.encode()).hexdigest()[:12], cluster_id=event_id,
                        action_id=action.id, event=action.label, slot=slot, kind=kind, reason=reason,
                        claim_ids=sorted(i for s in built for i in s.claim_ids), sides=built,
                        fingerprint=seen.hexdigest()[:16])

    def _different_days(self, sides: list[Side]) -> bool:
        dates = {self.articles[a].published for s in sides for a in s.articles if a in self.articles}
        return len(dates - {None}) > 1

    @staticmethod
    def _only_relative(raw: list[list[tuple[Claim, Any, str]]]) -> bool:
        return any(all(c.time is not None and c.time.relative for c, _, _ in s) for s in raw)

    def _numbers(self, event_id: str, action: Action, claims: Sequence[Claim]) -> list[Conflict]:
        by_role: dict[str, list[tuple[Claim, Any, str]]] = defaultdict(list)
        units: dict[str, set[str]] = defaultdict(set)
        for c in claims:
            roles = [q.role for q in c.quantities]
            for q in c.quantities:
                # a sentence with two counts of one role ("12 Somali and 11 Yemeni pirates") gives neither alone
                if q.role is not None and roles.count(q.role) == 1:
                    by_role[q.role].append((c, (q.value, q.qualifier, q.unit), _number(q.value, q.qualifier)))
                    if q.unit:
                        units[q.role].add(q.unit)
        out = []
        for role, items in sorted(by_role.items()):
            tol = self.tolerance.get(role, 0.0)
            if len(units[role]) > 1:
                # "$28 billion" and "22 billion euros" may be one sum: only amounts in one currency are
                # compared, and an amount whose currency is not said is compared with none
                for unit in sorted(units[role]):
                    out += self._number_conflicts(event_id, action, role, tol,
                                                  [it for it in items if it[1][2] == unit])  # type: ignore[index]
                continue
            out += self._number_conflicts(event_id, action, role, tol, items)
        return out

    def _number_conflicts(self, event_id: str, action: Action, role: str, tol: float,
                          items: list[tuple[Claim, Any, str]]) -> list[Conflict]:
        # a count further down its article may be of another occasion (the previous quake's toll): it
        # supports a side a lead count opened, and opens none (rules: quantities.lead_sentences)
        lead = self.lead
        out = self._split(event_id, action, "number", items, lambda a, b: _numbers_agree(a, b, tol),
                          vague=lambda count: 0 if count[1] is None else 1,
                          opens=None if lead is None else lambda c: c.sentence < lead)
        for conflict in out:
            conflict.reason = f"{role}: {conflict.reason}"
            conflict.id = "cf-" + hashlib.sha1(f"{conflict.id}|{role}".encode()).hexdigest()[:12]
        return out

    # --- agreements and warnings ------------------------------------------------------------------

    def agreement(self, event_id: str, action: Action, claims: Sequence[Claim],
                  conflicts: list[Conflict]) -> Agreement | None:
        origins = {self.origin_of.get(c.article_id, c.article_id) for c in claims}
        if len(origins) < 2:
            return None
        disputed = {x.slot for x in conflicts}
        # each distinct span's value once: most claims of an event state the same one
        spans = {(t.start, t.end, t.granularity): t for c in claims if (t := c.time) is not None}
        times = sorted({v for t in spans.values() if (v := t.value)})
        places = sorted({c.place.value for c in claims if c.place is not None and c.place.value})
        return Agreement(cluster_id=event_id, event=action.label, claims=len(claims), articles=action.articles,
                         sources=sorted({self.source(a) for a in action.articles}), origins=len(origins),
                         time=times[0] if len(times) == 1 and "time" not in disputed else None,
                         place=places[0] if len(places) == 1 and "place" not in disputed else None)

    def warnings(self, conflicts: list[Conflict], claims_by_id: dict[str, Claim]) -> list[RunWarning]:
        out = []
        for a in sorted(self.articles.values(), key=lambda a: a.id):
            if a.published is None:
                out.append(RunWarning(kind="no_date", article_id=a.id, message=(
                    f"{a.id}: no publication date found; its relative times (\"Wednesday\", \"next month\") are "
                    "left open. Give its date with --sources.")))
            elif a.published_from == DateOrigin.PAGE:
                out.append(RunWarning(kind="untrusted_date", article_id=a.id, message=(
                    f"{a.id}: the page prints {a.published}, which may be a republish date; it is not used to "
                    "read relative times. Give the real date with --sources.")))
        out += self._date_shifts(conflicts, claims_by_id)
        return out

    def _date_shifts(self, conflicts: list[Conflict], claims_by_id: dict[str, Claim]) -> list[RunWarning]:
        """An article whose relative times alone make time conflicts, all by the same number of years."""
        shifts: dict[str, set[int]] = defaultdict(set)
        counts: dict[str, int] = defaultdict(int)
        for x in conflicts:
            if x.slot != "time":
                continue
            for side in x.sides:
                claims = [claims_by_id[i] for i in side.claim_ids]
                arts = {c.article_id for c in claims}
                if len(arts) != 1 or not all(c.time is not None and c.time.relative for c in claims):
                    continue
                others = [claims_by_id[i] for s in x.sides if s is not side for i in s.claim_ids]
                mine = claims[0].time
                other = next((c.time for c in others if c.time is not None and c.time.start is not None), None)
                if mine is None or mine.start is None or other is None or other.start is None:
                    continue
                article = arts.pop()
                shifts[article].add(other.start.year - mine.start.year)
                counts[article] += 1
        out = []
        for article, years in sorted(shifts.items()):
            if len(years) == 1 and (delta := years.pop()) != 0:
                date = self.articles[article].published if article in self.articles else None
                out.append(RunWarning(kind="date_shift", article_id=article, message=(
                    f"{article}: {counts[article]} time conflict(s) would disappear if its date ({date}) were "
                    f"{abs(delta)} year(s) {'earlier' if delta < 0 else 'later'}: its relative dates may be read "
                    "from the wrong date (a republished or stale story).")))
        return out


def _within(a: Any, b: Any) -> bool:
    (ida, chain_a), (idb, chain_b) = a, b
    return ida in chain_b or idb in chain_a


def _agree(items: list[tuple[Claim, tuple[int, int, bool], str]], slack: int) -> bool:
    """Whether every two of the time items overlap: they tell one time."""
    return all(_overlap(a[1][:2], b[1][:2], slack) for i, a in enumerate(items) for b in items[i + 1:])


def _overlap(a: Any, b: Any, day_slack: int = 0) -> bool:
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:  # two single days
        return abs(s1 - s2) <= day_slack
    return s1 <= e2 and s2 <= e1


def _number(value: float, qualifier: str | None) -> str:
    text = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return f"{qualifier} {text}" if qualifier else text


_LOWER_BOUND = frozenset({"at least", "more than", "over", "some"})
_UPPER_BOUND = frozenset({"up to", "fewer than", "less than", "nearly", "almost"})


def _numbers_agree(a: Any, b: Any, tolerance: float) -> bool:
    (x, qx, _), (y, qy, _) = a, b  # value, qualifier, unit
    if qx in _LOWER_BOUND and y >= x or qy in _LOWER_BOUND and x >= y:
        return True
    if qx in _UPPER_BOUND and y <= x or qy in _UPPER_BOUND and x <= y:
        return True
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def _separate_colliding_ids(conflicts: list[Conflict], actions: dict[str, Action]) -> None:
    """Two actions with one label and the same disagreement: their conflicts get ids told apart by each
    action's first claim."""
    count: dict[str, int] = defaultdict(int)
    for x in conflicts:
        count[x.id] += 1
    for x in conflicts:
        if count[x.id] > 1 and x.action_id is not None:
            first = min(actions[x.action_id].claim_ids)
            x.id = "cf-" + hashlib.sha1(f"{x.id}|{first}".encode()).hexdigest()[:12]


CHECK_BATCH = 500
Checked = tuple[list[Conflict], Agreement | None]
Unit = tuple[str, Action, list[Claim]]  # an event's id, one of its actions, the action's claims


def check_batch(batch: list[Unit], checker: Checker) -> list[Checked]:
    """The conflicts and agreement of each action of the batch; runs on an engine's worker."""
    out: list[Checked] = []
    for event_id, action, members in batch:
        if len({checker.origin_of.get(a, a) for a in action.articles}) < 2:
            out.append(([], None))  # one origin: nothing to contradict it, and nothing to agree with it
            continue
        conflicts = checker.event(event_id, action, members)
        out.append((conflicts, checker.agreement(event_id, action, members, conflicts)))
    return out


@paused_gc(freeze=True)
def check(rules: Rules, articles: Sequence[ArticleInfo], claims: Sequence[Claim],
          clusters: Sequence[Cluster], progress: Progress | None = None,
          engine: Engine | None = None, copy_of: Mapping[str, str] | None = None) -> CheckResult:
    """Conflicts (hard before soft, more sources first), agreements, single-source events, warnings.
    Claims are compared within each action of an event. On a Dask engine the actions are checked
    there, in batches, with the checker sent once. ``copy_of``: which articles copy which
    (``origins.copies``, kept by the clusterer as ``Clusterer.copy_of``), so it is not found twice.
    Holds glibc's mmap threshold for the rest of the process (``allocator.steady_heap``)."""
    steady_heap()
    checker = Checker(rules, articles, claims, copy_of)
    by_id = {c.id: c for c in claims}
    result = CheckResult(independent_origins=len(set(checker.origin_of.values())))
    units = [(cl.id, a) for cl in clusters for a in cl.actions]
    tick = every(progress, "check", len(units), 500)
    batches = ([(cid, a, [by_id[i] for i in a.claim_ids]) for cid, a in units[k:k + CHECK_BATCH]]
               for k in range(0, len(units), CHECK_BATCH))
    if engine is not None and engine.name == "dask":
        checked = engine.map(check_batch, batches, checker)
    else:
        checked = (check_batch(batch, checker) for batch in batches)
    n = 0
    for batch in checked:
        for conflicts, agreement in batch:
            n += 1
            tick(n)
            result.conflicts += conflicts
            if agreement is not None:
                result.agreements.append(agreement)
    for cluster in clusters:
        if len({checker.origin_of.get(a, a) for a in cluster.articles}) < 2 and (
                len(cluster.claim_ids) > 1 or by_id[cluster.claim_ids[0]].predicate != "state"):
            result.single_source.append(cluster.id)
    _separate_colliding_ids(result.conflicts, {a.id: a for _, a in units})
    result.conflicts.sort(key=lambda x: (x.kind != "hard", -len({a for s in x.sides for a in s.articles}), x.id))
    result.agreements.sort(key=lambda a: (-a.origins, -a.claims, a.cluster_id))
    result.warnings = checker.warnings(result.conflicts, by_id)
    return result
