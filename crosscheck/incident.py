"""Actions → events: the actions one story tells of the same incident.

Clustering (cluster.py) groups claims into actions: claims of one predicate
family about the same participants ("the quake struck Qeshm", "it injured
five", "police arrested two men"). A report of an earthquake or a shooting
tells several such actions, and readers (and the ECB+ annotators) see one
event in them. So the actions of one story (story.py) become one event unless
what they state keeps them apart:

- **time**: an action whose stated times lie more than ``window_days`` from
  the event's first stated time is another event (the arrest two days after
  the shooting is the same incident; the quake of 2005 that a 2008 report
  recalls is not). Implied times (from an article's date) are not used: they
  say when an article was written, not when its background happened.
- **place**: an action in another country is another event.
- **participants**: two actions that both name people or bodies the rules
  know or the story is about (named in many of its articles: see
  ``salient_share``), and share no participant nor a place, are two events
  (Putin's visit to China and China's refusal to condemn the invasion; two
  arrests of two players in a page of news in brief). A side character
  ("a spokesman told People") does not keep an action apart. A country, named
  as a party or as the place, links nothing: most actions of its story name it.
- **review**: claims a reviewer called different events stay apart.

Actions are taken largest first (ties by id), and each joins the first event
of its story it is compatible with, so the result does not depend on input
order. Clustering cuts an action at story bounds where a story tells it only in
passing (cluster.py), so an action still told by several stories is told
centrally by each, or by lone articles (stories of one article, which say too
little to cut at): it joins the one story of several articles among them, and
where there are two or more it stays an event of its own, so as not to chain
two stories. Checking (check.py) compares claims within an action, never across
the actions of an event: the shooting's Saturday and the arrest's Monday do
not conflict.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .claim import canonical
from .events import Action, Cluster
from .rules import IncidentSettings

if TYPE_CHECKING:
    from .cluster import Signature


class _Traits:
    """What an action, or an event so far, states that can keep an action out of an event."""

    def __init__(self, span: tuple[int, int] | None = None, countries: set[str] | None = None,
                 named: set[str] | None = None, links: set[str] | None = None, places: set[str] | None = None,
                 within: set[str] | None = None) -> None:
        # an event's span: the first stated time it got; its actions lie near it
        self.span = span
        self.countries: set[str] = countries if countries is not None else set()
        # participants the rules know or the story is about, and those of them not countries or other places
        self.named: set[str] = named if named is not None else set()
        self.links: set[str] = links if links is not None else set()
        self.places: set[str] = places if places is not None else set()
        # the places and all they lie within, but countries
        self.within: set[str] = within if within is not None else set()

    def absorb(self, other: _Traits) -> None:
        self.span = self.span or other.span
        self.countries.update(other.countries)
        self.named.update(other.named)
        self.links.update(other.links)
        self.places.update(other.places)
        self.within.update(other.within)


class _Event:
    def __init__(self) -> None:
        self.actions: list[Action] = []
        self.traits = _Traits()
        self.claims: set[str] = set()


def _traits(sigs: Sequence[Signature]) -> _Traits:
    spans = [s.span for s in sigs if s.stated and s.span is not None]
    # a country, as a party ("Russia") or a place, is shared by most actions of its story: it links none
    wheres = [s.where for s in sigs if s.where is not None and (s.where.id is None or s.where.id != s.where.country)]
    return _Traits(
        span=(min(a for a, _ in spans), max(b for _, b in spans)) if spans else None,
        countries={s.where.country for s in sigs if s.where is not None and s.where.country},
        named={x for s in sigs for x in s.actors if x not in s.doubtful},
        links={x for s in sigs for r in (s.claim.subject, s.claim.object)
               if r is not None and r.kind != "place" and (x := canonical(r)) in s.actors
               and x not in s.doubtful},
        places={w.id or w.value for w in wheres},
        within={p for w in wheres for p in (w.chain - {w.country} if w.chain else {w.value})},
    )


class Incidents:
    """Groups actions into events under one rule set's settings."""

    def __init__(self, settings: IncidentSettings, apart: Mapping[str, set[str]] | None = None) -> None:
        self.settings = settings
        self.apart = apart or {}

    def fits(self, event: _Event, action: Action, t: _Traits) -> bool:
        """Whether ``action`` can be one more action of ``event``."""
        e = event.traits
        if t.span is not None and e.span is not None:
            gap = max(0, max(t.span[0], e.span[0]) - min(t.span[1], e.span[1]))
            if gap > self.settings.window_days:
                return False
        if t.countries and e.countries and t.countries != e.countries:
            return False
        if t.named and e.named and not (t.links & e.links) and not (t.places & e.within) \
                and not (e.places & t.within):
            return False
        return not any(not self.apart.get(i, set()).isdisjoint(event.claims) for i in action.claim_ids)

    def group(self, actions: Sequence[Action], sigs: Sequence[list[Signature]],
              story_of: Mapping[str, str]) -> tuple[list[Cluster], dict[str, str]]:
        """The events, largest first, and claim id → event id. ``sigs``: each action's signatures;
        each list is emptied once read, so that signatures nothing else holds go before the events
        are made."""
        by_story: dict[str | None, list[tuple[Action, list[Signature]]]] = defaultdict(list)
        size = Counter(story_of.values())
        for action, members in zip(actions, sigs, strict=True):
            # lone articles (stories of one) go with the one story of several articles that tells it
            home: set[str | None] = {st for a in action.articles
                                     if (st := story_of.get(a)) is not None and size[st] > 1}
            if not home:
                home = {story_of.get(a) for a in action.articles}
            one = home.pop() if len(home) == 1 else None
            by_story[one if self.settings.enabled else None].append((action, members))
        # each event as its actions: what made them fit (traits, claims) goes once its story is done,
        # a few hundred bytes an event
        events: list[list[Action]] = []
        for story, told in by_story.items():
            if story is None:
                for a, members in told:
                    members.clear()
                    events.append([a])
                continue
            opened: list[_Event] = []
            for action, members in sorted(told, key=lambda am: (-len(am[0].claim_ids), am[0].id)):
                t = _traits(members)
                members.clear()
                event = next((e for e in opened if self.fits(e, action, t)), None)
                if event is None:
                    event = _Event()
                    opened.append(event)
                event.actions.append(action)
                event.traits.absorb(t)
                event.claims.update(action.claim_ids)
            events += [e.actions for e in opened]
        return _clusters(events)


def _clusters(events: Sequence[list[Action]]) -> tuple[list[Cluster], dict[str, str]]:
    out: list[Cluster] = []
    of_claim: dict[str, str] = {}
    for told in events:
        ids = sorted(i for a in told for i in a.claim_ids)
        cid = "ev-" + hashlib.sha1(ids[0].encode()).hexdigest()[:12]
        actions = sorted(told, key=lambda a: (-len(a.claim_ids), a.id))
        main = actions[0]
        for i in ids:
            of_claim[i] = cid
        out.append(Cluster(
            id=cid, label=main.label, family=main.family, claim_ids=ids,
            articles=sorted({a for action in told for a in action.articles}),
            participants=sorted({p for a in told for p in a.participants}),
            places=sorted({p for a in told for p in a.places}), actions=actions))
    out.sort(key=lambda cl: (-len(cl.articles), -len(cl.claim_ids), cl.id))
    return out, of_claim
