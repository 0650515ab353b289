"""Extraction: each sentence of a clean article → the claims it states, one per event.

A rule-driven pattern extractor (see the README for why not a parser): the
lexicon finds mentions and event triggers, triggers that name one event are
merged ("met … on a visit"), and each event takes the participants, place,
time, numbers and cues nearest to it inside its clause. A sentence that names
no event still gives one claim, so no statement is dropped; reporting verbs
("said", "according to") give the attribution instead of a claim of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from .claim import Claim, Quantity, Ref, claim_id
from .cues import CueHit, CueMatcher, Reading
from .gcpause import paused_gc
from .lexicon import Lexicon, Mention, Trigger, cased_words
from .models import Article, Sentence
from .normalize import Discourse
from .phrases import Tokens, tokenize
from .progress import Progress, every
from .quantities import QuantityFinder
from .rules import Rules
from .timeanchor import TimeMention, find_times

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s|\s--\s")
_PLACE_PREP = re.compile(
    r"\b(?:in|at|near|outside|inside|across|off|from|struck|strikes|hit|hits|rocked|rocks|jolted|jolts|shook|shakes|"
    r"battered|batters|ravaged|ravages)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|northeastern|northwestern|"
    r"southeastern|southwestern|coastal|rural|downtown)\s+)?$", re.IGNORECASE)
_PLACE_PREP_WORDS = tuple(
    "in at near outside inside across off from struck strikes hit hits rocked rocks jolted jolts shook shakes "
    "battered batters ravaged ravages".split())


def _after_place_prep(text: str, at: int, width: int) -> bool:
    """Whether a place preposition ends just before ``at``: "in", "near the", "struck northern"."""
    window = text[max(0, at - width):at]
    # the regex ends at the window's end, so one of its last three words ends in the preposition: a
    # cheap test that most windows fail
    if not any(w.lower().endswith(_PLACE_PREP_WORDS) for w in window.split()[-3:]):
        return False
    return bool(_PLACE_PREP.search(window))


def _place_in_pp(text: str, m: Mention) -> bool:
    """A place right after a place preposition ("in Lima"): where, not who."""
    return m.is_place and _after_place_prep(text, m.start, 12)


def _after_prep(text: str, at: int) -> bool:
    """Whether a preposition (and perhaps an article) stands just before ``at``: not a subject."""
    return bool(_PREP_BEFORE.search(text[max(0, at - 16):at]))


# between a trigger and its object: a preposition, then only determiners, titles and nationalities
# ("met French President Emmanuel Macron", "talks with the top Chinese diplomat")
_OBJECT_PREP = re.compile(r"^\s*(?:(?:with|to|on|against|of|for|into|in|at)\s+)?", re.IGNORECASE)
_GAP_WORDS = frozenset("the a an his her their its top".split())
_FRAME_GAP = re.compile(
    r"\b(?:on|during|for|at|in|as part of)\s+(?:(?:a|an|the|his|her|their|its)\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
_PREP_BEFORE = re.compile(
    r"\b(?:from|with|to|of|by|for|against|between|among|at|in|on|into|toward|towards|near|about|over)\s+"
    r"(?:(?:the|a|an|his|her|their|its|top)\s+)?$", re.IGNORECASE)
_SEPARATORS = {"after", "following", "before", "since", "ahead", "than", "and", "or", "but", "while", "with", "then"}
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BY_AGENT = re.compile(r"^\s*(?:\w+\s+){0,3}?by\s+$", re.IGNORECASE)
_COORD_GAP = re.compile(r"^\s*(?:\([^)]*\)\s*)?,?\s*and\s+(?:\w+\s+){0,4}$")
_CONJ_NEXT = re.compile(
    r"^(?:,\s*(?:the|a|an|secretary|head|chief|director|minister)\b[^,]*,)?\s*(?:,\s*)?"
    r"(?:and|as well as)(?:\s+with)?\s+",
    re.IGNORECASE)
_OF_AGENT = re.compile(r"^\s*(?:of|from)\s+(?:the\s+)?$", re.IGNORECASE)
_APPOSED = re.compile(r"\band\s+(?:[\w'’]+\s+){0,2}[\w'’]+,\s*$")
_BETWEEN = re.compile(r"^\s*(?:\S+\s+){0,3}?between\s+", re.IGNORECASE)
_FRAME_START = re.compile(r"^(?:during|at|before|after|ahead of|following|in|on)\b", re.IGNORECASE)
_OPENING = re.compile(r"^\s*(?:earlier\s+|later\s+)?(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_NEAR_BEFORE = re.compile(r"^\s*(?:just\s+|only\s+)?(?:days|weeks|months|hours|shortly|soon)\s+(?:before|after)\b",
                          re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to\s+(?:the\s+)?$", re.IGNORECASE)
_FUTURE = {"planned", "expected", "hedged"}
# between an event verb and the number that is its object: "captures 26", "killing at least 12"
_OBJECT_COUNT = re.compile(r"\s+(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|an estimated)\s+)?",
                           re.IGNORECASE)
_PURPOSE = re.compile(r"\b(?:in order\s+)?to\s+$", re.IGNORECASE)


class _Event:
    """Triggers that name one event, and what has been attached to it so far."""

    def __init__(self, head: Trigger) -> None:
        self.head = head
        self.others: list[Trigger] = []
        self.subject: int | None = None  # index into the sentence's mentions
        self.subject_event: _Event | None = None  # ", killing 12": the earlier event is the subject
        self.objects: list[int] = []
        self.place: int | None = None
        self.event: int | None = None
        self.time: TimeMention | None = None
        self.quantities: list[Quantity] = []

    @property
    def start(self) -> int:
        start = self.head.start
        for t in self.others:
            start = min(start, t.start)
        return start


# "such an encounter", "the visit", "this meeting": the noun points back to an event already told
_DEFINITE_EVENT = re.compile(r"(?:^|\s)(?:[Ss]uch an?|[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w-]+\s+)?$")


def _distance(ev: _Event, tm: TimeMention) -> int:
    """Characters between an event's trigger and a time mention."""
    return min(abs(tm.start - ev.head.end), abs(ev.head.start - tm.end))


def _words(text: str) -> int:
    return len(text.split())  # the runs of non-space characters


class Extractor:
    """Compiled once per rule set, then run article by article."""

    def __init__(self, rules: Rules) -> None:
        self.lex = Lexicon(rules)
        self.cues = CueMatcher(rules.cues)
        self.numbers = QuantityFinder(rules.quantities)
        self.gap_words = _GAP_WORDS | {t.lower() for t in self.lex.titles} | {d.lower() for d in self.lex.demonyms}

    def _object_gap(self, gap: str) -> bool:
        rest = gap[_OBJECT_PREP.match(gap).end():]  # type: ignore[union-attr]
        return all(w.lower() in self.gap_words for w in rest.split())

    def article(self, article: Article) -> list[Claim]:
        # every object built here is acyclic, and the claims outlive the call: collector passes
        # over them while they are built find nothing to free (see gcpause)
        with paused_gc():
            return self._article(article)

    def _article(self, article: Article) -> list[Claim]:
        anchor = article.trusted_date
        sentences = article.sentences
        tokens = [tokenize(s.text) for s in sentences]
        body = [(s.text, t) for s, t in zip(sentences, tokens, strict=True) if s.kind != "headline"]
        cased = cased_words(body) if body else None
        mentions = [self.lex.mentions(s.text, s.kind == "headline", t, cased)
                    for s, t in zip(sentences, tokens, strict=True)]
        discourse = Discourse.for_article(self.lex, mentions)
        claims: list[Claim] = []
        for sentence, found, toks in zip(sentences, mentions, tokens, strict=True):
            claims.extend(self._sentence(article.id, sentence, found, toks, anchor, discourse))
        return _event_anaphora(claims)

    # --- one sentence -----------------------------------------------------------------------------

    def _sentence(self, article_id: str, s: Sentence, mentions: list[Mention], tokens: Tokens,
                  anchor: dt.date | None, discourse: Discourse) -> list[Claim]:
        text = s.text
        headline = s.kind == "headline"
        words = tokens.parts()
        past = find_times(text, anchor, "past", words)
        triggers = self.lex.triggers_in(text, headline, tokens)
        cue_hits: list[CueHit] = []
        if triggers:  # a cue matters only to the triggers it governs or hides ("as early as" is no event)
            cue_hits = self.cues.hits(text, tokens)
            blocked = [(m.start, m.end) for m in mentions] + [(t.start, t.end) for t in past] + \
                      [(h.start, h.end) for h in cue_hits]
            triggers = [t for t in triggers if all(t.end <= a or t.start >= b for a, b in blocked)]
        events_t = [t for t in triggers if not t.predicate.reporting]
        reporting = [t for t in triggers if t.predicate.reporting]

        speakers = self._speakers(text, mentions, reporting)
        refs = self._refs(text, mentions, reporting, speakers, discourse)
        events = self._group(text, events_t)
        if not events:
            head = reporting[0] if reporting else None
            events = [_Event(head)] if head else []

        used: set[int] = set()
        parenthetical = self._parenthetical(text, reporting, speakers)
        for k, ev in enumerate(events):
            said = [t.end for t in reporting if t.end <= ev.start and t.start in speakers
                    and mentions[speakers[t.start]].start < t.start]
            self._participants(text, ev, mentions, used, parenthetical, said[-1] if said else 0)
            if k and not ev.head.noun and ev.head.text.lower().endswith("ing") and re.search(
                    r",\s*$|,?\s+and\s+$", text[:ev.head.start]):
                prev = events[k - 1]  # "…, killing 12 and injuring 80": both the quake's doing
                ev.subject, ev.subject_event = None, prev.subject_event or prev
            elif k and ev.subject is None and not ev.head.noun and not ev.head.predicate.reporting and \
                    not _CLAUSE_BREAK.search(text[events[k - 1].head.end:ev.start]):
                prev = events[k - 1]  # "the quake that struck Lima on Monday killed 12": the quake did
                ev.subject_event = prev.subject_event or prev
        self._attach_places(text, events, mentions, used, triggers)
        self._attach_times(text, events, past, triggers)
        # what an event did happened when it did, and there when that time is known (a place alone,
        # undated, joined two similar events of one place on ECB+)
        for k, ev in enumerate(events):
            if ev.subject_event is not None:
                ev.time = ev.subject_event.time if ev.time is None else ev.time
                if ev.place is None and ev.time is not None and ev.time is ev.subject_event.time \
                        and ev.time.span.start is not None:
                    ev.place = ev.subject_event.place
            elif k and not ev.head.noun and _PURPOSE.search(text[events[k - 1].head.end:ev.start]) and \
                    _words(text[events[k - 1].head.end:ev.start]) <= 8:
                prev = events[k - 1]  # "met in Berlin on Saturday to discuss trade": there and then
                ev.time = prev.time if ev.time is None else ev.time
                ev.place = prev.place if ev.place is None else ev.place
        # a sentence that names no event keeps no numbers: its one claim states no event to count for
        found = self.numbers.find(text, [(t.start, t.end) for t in past], tokens) if events else []
        for pos, q, counts_noun in found:
            ev = self._nearest(text, events, pos, triggers) or min(events, key=lambda e: abs(e.head.start - pos))
            role = q.role
            if role is None and (not counts_noun or _OBJECT_COUNT.fullmatch(text, ev.head.end, pos)):
                role = self.numbers.role_for(ev.head.predicate.id)
            if role is not None:
                ev.quantities.append(q if q.role else q.model_copy(update={"role": role}))
        attribution = self._attribution(text, mentions, refs, reporting, speakers)

        claims: list[Claim] = []
        if not events:
            claims.append(self._fallback(article_id, s, mentions, refs, past, attribution))
        future: list[TimeMention] | None = None
        for ev in events:
            reading = self.cues.read(text, ev.head, triggers, cue_hits)
            if ev.time and reading.modality in _FUTURE and ev.time.span.relative:
                if future is None:
                    future = find_times(text, anchor, "future", words)
                ev.time = next((x for x in future if x.start == ev.time.start), ev.time)
            claims.extend(self._claims(article_id, s, ev, reading, refs, attribution, discourse))
        discourse.observe(refs)
        return claims

    def _speakers(self, text: str, mentions: list[Mention], reporting: list[Trigger]) -> dict[int, int]:
        """Reporting trigger start → index of the mention that speaks."""
        out: dict[int, int] = {}
        for t in reporting:
            left = [i for i, m in enumerate(mentions) if m.end <= t.start and not m.is_place
                    and not _CLAUSE_BREAK.search(text[m.end:t.start])]
            right = [i for i, m in enumerate(mentions) if m.start >= t.end and _words(text[t.end:m.start]) <= 1
                     and not m.is_place]
            if left:
                out[t.start] = left[-1]
            elif right:
                out[t.start] = right[0]
        return out

    @staticmethod
    def _parenthetical(text: str, reporting: list[Trigger], speakers: dict[int, int]) -> set[int]:
        """Speakers of a closing ', X reports, citing …': they are not the subject of the event."""
        out = set()
        for t in reporting:
            rest = text[t.end:].lstrip()
            if t.start in speakers and (not rest or rest[0] in ",.;:" or _words(rest.split(",")[0]) <= 1):
                out.add(speakers[t.start])
        return out

    def _refs(self, text: str, mentions: list[Mention], reporting: list[Trigger], speakers: dict[int, int],
              discourse: Discourse) -> list[Ref]:
        refs: list[Ref] = []
        first_break = _CLAUSE_BREAK.search(text)
        for i, m in enumerate(mentions):
            speaker = None
            if m.kind == "pronoun" and m.possessive and i == 0 and first_break and m.end <= first_break.start():
                # "In his meeting with Wang Yi, Putin said": the pronoun looks ahead to the main clause
                ahead = next((mentions[j] for j in range(i + 1, len(mentions))
                              if mentions[j].start >= first_break.end() and mentions[j].kind == "person"), None)
                if ahead is not None:
                    speaker = discourse.resolve(ahead, [])
            if m.kind == "pronoun" and speaker is None:
                said = [t for t in reporting if t.end <= m.start and t.start in speakers
                        and mentions[speakers[t.start]].start < m.start]
                if said:
                    idx = speakers[said[-1].start]
                    speaker = refs[idx] if idx < len(refs) else None
            refs.append(discourse.resolve(m, refs, speaker))
        return refs

    def _group(self, text: str, triggers: list[Trigger]) -> list[_Event]:
        """One _Event per event: a noun that frames a verb's event joins it ("met … on a visit")."""
        events: list[_Event] = []
        for t in triggers:
            home = None
            for ev in events:
                h = ev.head
                same = h.predicate.id == t.predicate.id or (
                    h.predicate.family is not None and h.predicate.family == t.predicate.family)
                if not same or _CLAUSE_BREAK.search(text[h.end:t.start]):
                    continue
                gap = text[h.end:t.start]
                gap_words = {w.lower() for w in gap.split()}
                if t.noun and not h.noun and (_FRAME_GAP.search(gap) or (
                        _words(gap) <= 3 and not gap_words & _SEPARATORS)):
                    home = ev
                elif h.noun and not t.noun and _words(gap) <= 6 and not gap_words & _SEPARATORS:
                    ev.others.append(ev.head)  # "the earthquake struck": the verb leads
                    ev.head = t
                    home = ev
                    break
            if home is None:
                events.append(_Event(t))
            elif home.head is not t:
                home.others.append(t)
        return events

    def _participants(self, text: str, ev: _Event, mentions: list[Mention], used: set[int],
                      speakers: set[int], complement: int) -> None:
        """Subject and objects of one event; ``complement``: where the clause after "X said" starts."""
        t = ev.head
        pred = t.predicate

        # in "Toha said 340 homes were damaged" the speaker is not the one damaged
        # nor is the place an earlier verb struck ("a quake hit Lima and killed 12")
        left = [i for i, m in enumerate(mentions) if complement <= m.start and m.end <= ev.start and i not in used
                and m.kind != "event" and not _after_prep(text, m.start) and not _place_in_pp(text, m)]
        after = [i for i, m in enumerate(mentions) if m.start >= t.end and m.kind != "event"]
        if t.noun:
            poss = [i for i, m in enumerate(mentions) if m.end <= ev.start and m.possessive and m.kind != "event"
                    and _words(text[m.end:ev.start]) <= 3]
            by = [i for i in after if _BY_AGENT.match(text[t.end:mentions[i].start])]
            of = [i for i in after if _OF_AGENT.match(text[t.end:mentions[i].start])]
            between = _BETWEEN.match(text[t.end:])
            if between:
                # "between him and their president, Xi Jinping": the name after the comma is the one meant
                after = [i for i in after if mentions[i].start >= t.end + between.end()
                         and (not _CLAUSE_BREAK.search(text[t.end:mentions[i].start])
                              or _APPOSED.search(text[t.end:mentions[i].start]))]
            if poss:
                ev.subject = poss[-1]
            elif by:
                ev.subject = by[0]
            elif between and after:
                ev.subject = after[0]
                after = after[1:]
            elif of and not pred.object_is_place or (of and pred.object_is_place and not mentions[of[0]].is_place):
                ev.subject = of[0]
            elif re.search(r"\btheir\s+$", text[max(0, ev.start - 8):ev.start]) and len(left) >= 2:
                ev.subject, after = left[-2], [left[-1], *after]  # "A told B during their meeting"
            else:
                ev.subject = self._clause_left(text, left, mentions, ev.start)
            if ev.subject is None:  # "Speaking after a meeting with X, Putin said": the main clause's subject
                ev.subject = next((i for i in after if _CLAUSE_BREAK.search(text[t.end:mentions[i].start])
                                   and not _after_prep(text, mentions[i].start) and not mentions[i].is_place
                                   and i not in speakers),
                                  None)
            from_ = max(t.end, mentions[ev.subject].end if ev.subject is not None else 0)
            obj = [i for i in after if i != ev.subject and (
                   mentions[i].start < t.start or (
                       self._object_gap(text[from_:mentions[i].start]) or (between and _words(
                           text[t.end:mentions[i].start]) <= 8))
                   and not _CLAUSE_BREAK.search(text[t.end:mentions[i].start])
                   and (pred.object_is_place or not _place_in_pp(text, mentions[i]))) or (
                   between and i == (after[0] if after else None))]
        else:
            passive = not t.text.lower().endswith("ing") and bool(_PASSIVE.search(text[max(0, t.start - 20):t.start]))
            obj = [i for i in after if not _CLAUSE_BREAK.search(text[t.end:mentions[i].start])
                   and (self._object_gap(text[t.end:mentions[i].start]) or (
                       _words(text[t.end:mentions[i].start]) <= 4 and text[t.end:mentions[i].start].islower()))
                   and (pred.object_is_place or not _place_in_pp(text, mentions[i]))]
            if passive:
                by = [i for i in after if _BY_AGENT.match(text[t.end:mentions[i].start])]
                ev.subject = by[0] if by else None
                patient = self._clause_left(text, left, mentions, ev.start)
                obj = [patient] if patient is not None else []
            else:
                ev.subject = self._clause_left(text, left, mentions, ev.start)
        if obj:
            ev.objects = [obj[0]]
            if re.search(r"\bseparate\s+$", text[max(0, t.start - 12):t.start], re.IGNORECASE):
                ev.objects = self._conjoined(text, mentions, obj[0])
        elif ev.subject is not None and ev.subject > 0:
            prev = ev.subject - 1
            if _COORD_GAP.match(text[mentions[prev].end:mentions[ev.subject].start]):
                ev.subject, ev.objects = prev, [ev.subject]  # "A and B shake hands before a meeting"
        used.update(ev.objects)

    @staticmethod
    def _clause_left(text: str, left: list[int], mentions: list[Mention], at: int) -> int | None:
        for i in reversed(left):
            if not _CLAUSE_BREAK.search(text[mentions[i].end:at]):
                return i
        return left[0] if left else None  # the sentence's first participant: its main subject

    @staticmethod
    def _conjoined(text: str, mentions: list[Mention], first: int) -> list[int]:
        """"with A and B, the head of …, as well as with C" → [A, B, C]."""
        out = [first]
        i = first
        while i + 1 < len(mentions):
            m = _CONJ_NEXT.match(text[mentions[i].end:])
            if m is None:
                break
            nxt = next((j for j in range(i + 1, len(mentions))
                        if mentions[j].start >= mentions[i].end + m.end() - 1), None)
            if nxt is None or mentions[nxt].start > mentions[i].end + m.end() + 2:
                break
            out.append(nxt)
            i = nxt
        return out

    def _attach_places(self, text: str, events: list[_Event], mentions: list[Mention], used: set[int],
                       triggers: list[Trigger]) -> None:
        for i, m in enumerate(mentions):
            if i in used or m.kind not in ("place", "event", "name"):
                continue
            if m.kind != "event" and not _after_place_prep(text, m.start, 30):
                continue
            target = self._nearest(text, events, m.start, triggers)
            if target is None:
                continue
            if m.kind == "event":
                target.event = i if target.event is None else target.event
            elif target.place is None:
                target.place = i
        # "In St Petersburg, Putin met Wang": an opening place frames the sentence, but not what a
        # speaker there says will happen elsewhere ("…, Putin tells Wang he will attend the forum")
        first = next((i for i, m in enumerate(mentions) if m.is_place), None)
        if first is not None and _OPENING.match(text[:mentions[first].start]) and _CLAUSE_BREAK.match(
                text[mentions[first].end:].lstrip()[:1]):
            for ev in events:
                reported = any(t.predicate.reporting and mentions[first].end <= t.start < ev.start for t in triggers)
                if ev.place is None and not reported:
                    ev.place = first

    def _attach_times(self, text: str, events: list[_Event], times: list[TimeMention],
                      triggers: list[Trigger]) -> None:
        for tm in times:
            if tm.span.expression.lower().rstrip().endswith(("anniversary", "anniversary of")):
                # "the 10th anniversary of Xi's announcement": the date is the announcement's
                nxt = [ev for ev in events if ev.head.start >= tm.end]
                if nxt and nxt[0].time is None:
                    nxt[0].time = tm
                    continue
            target = self._nearest(text, events, tm.start, triggers)
            if target is None and events and not any(t.start >= tm.end for t in triggers):
                # a date closing the sentence after its last clause ("…, Russia, on Wednesday, September 20")
                target = min(events, key=lambda ev: _distance(ev, tm))
            if target is not None and (target.time is None or _distance(target, tm) < _distance(target, target.time)):
                target.time = tm
        if not times:
            return
        # "On Tuesday, X called for … as he hosted Y": an opening adverbial dates the whole sentence;
        # so does "Just weeks before X last February, Putin met Xi", roughly
        head = text[:times[0].start]
        if (_words(head) <= 1 and _CLAUSE_BREAK.match(text[times[0].end:].lstrip()[:1])) or (
                _NEAR_BEFORE.match(head) and not _CLAUSE_BREAK.search(head)):
            for ev in events:
                if ev.time is None:
                    ev.time = times[0]

    @staticmethod
    def _nearest(text: str, events: list[_Event], at: int, triggers: list[Trigger]) -> _Event | None:
        """The event a modifier at ``at`` belongs to: the closest trigger before it in its clause,
        else the closest after it. A reporting verb can win: then the modifier is the saying's,
        unless the clause goes straight on to an event ("told Wang on Wednesday during their meeting")."""
        heads = {id(t): ev for ev in events for t in [ev.head, *ev.others]}
        before = [t for t in triggers if t.end <= at and not _CLAUSE_BREAK.search(text[t.end:at])]
        if before:
            if before[-1].predicate.reporting:
                nxt = next((t for t in triggers if t.start >= at and id(t) in heads), None)
                gap = re.sub(r"^\s*(?:on\s+)?\w+\s+", "", text[at:nxt.start]) if nxt is not None else ""
                if nxt is not None and not _CLAUSE_BREAK.search(text[at:nxt.start]) and _FRAME_START.match(gap):
                    return heads[id(nxt)]
            return heads.get(id(before[-1]))
        after = [t for t in triggers if t.start >= at]
        return heads.get(id(after[0])) if after else None

    def _attribution(self, text: str, mentions: list[Mention], refs: list[Ref], reporting: list[Trigger],
                     speakers: dict[int, int]) -> Ref | None:
        if "ccording to" in text:
            for i, m in enumerate(mentions):
                if _ACCORDING.search(text[max(0, m.start - 20):m.start]):
                    return refs[i]
        for t in reporting:
            if t.start in speakers:
                return refs[speakers[t.start]]
        return None

    # --- building claims -------------------------------------------------------------------------

    def _claims(self, article_id: str, s: Sentence, ev: _Event, reading: Reading, refs: list[Ref],
                attribution: Ref | None, discourse: Discourse) -> Iterator[Claim]:
        t = ev.head
        time = ev.time.span if ev.time else None
        subject = refs[ev.subject] if ev.subject is not None else None
        if subject is None and ev.subject_event is not None:
            head = ev.subject_event.head
            subject = Ref(raw=head.text, value=head.predicate.label, kind="event", resolved_by="event")
        place = refs[ev.place] if ev.place is not None else None
        if place is not None and place.kind == "name":  # "near Corral": a place no rule knows
            place = place.model_copy(update={"kind": "place"})
        objects: list[Ref | None] = [refs[i] for i in ev.objects] or [None]
        for obj in objects:
            if obj is not None and t.predicate.object_is_place and obj.kind == "place":
                known = self.lex.place_by_id.get(obj.id or "")
                if place is None and known is not None and known.kind != "country":
                    place = obj
                obj = discourse.country(obj)
            yield Claim(
                id=claim_id(article_id, s.start, t.start, t.predicate.id, obj.raw if obj else None),
                article_id=article_id, sentence=s.index, evidence=s.text, start=s.start, end=s.end,
                predicate=t.predicate.id, family=t.predicate.family, trigger=t.text, trigger_span=(t.start, t.end),
                subject=subject, object=obj, place=place,
                event=refs[ev.event] if ev.event is not None else None,
                time=time, quantities=tuple(ev.quantities), modality=reading.modality,
                modality_cue=reading.modality_cue, status=reading.status,
                attribution=attribution if attribution is not None and attribution != subject else None,
            )

    def _fallback(self, article_id: str, s: Sentence, mentions: list[Mention], refs: list[Ref],
                  times: list[TimeMention], attribution: Ref | None) -> Claim:
        """A sentence that names no event: one 'state' claim keeps what it says."""
        who = next((i for i, m in enumerate(mentions) if not m.is_place and m.kind != "event"), None)
        where = next((i for i, m in enumerate(mentions) if m.is_place), None)
        return Claim(
            id=claim_id(article_id, s.start, -1, "state", None), article_id=article_id, sentence=s.index,
            evidence=s.text, start=s.start, end=s.end, predicate="state",
            subject=refs[who] if who is not None else None, place=refs[where] if where is not None else None,
            time=times[0].span if times else None, attribution=attribution,
        )


def _event_anaphora(claims: list[Claim]) -> list[Claim]:
    """'Such an encounter could happen in April': a definite event noun with no participants
    speaks of the article's latest event of its family, and takes its participants and place."""
    out: list[Claim] = []
    latest: dict[str, Claim] = {}
    for c in claims:
        if (c.family and c.subject is None and c.object is None and c.trigger_span is not None
                and c.family in latest and _DEFINITE_EVENT.search(c.evidence[:c.trigger_span[0]])):
            prev = latest[c.family]
            c = c.model_copy(update={
                "subject": prev.subject and prev.subject.model_copy(update={"resolved_by": "event anaphora"}),
                "object": prev.object and prev.object.model_copy(update={"resolved_by": "event anaphora"}),
                "place": c.place or prev.place,
            })
        if c.family and (c.subject is not None or c.object is not None):
            latest[c.family] = c
        out.append(c)
    return out


def extract(articles: Sequence[Article], rules: Rules, progress: Progress | None = None) -> list[Claim]:
    """Every claim of every article, in article and sentence order."""
    extractor = Extractor(rules)
    claims: list[Claim] = []
    tick = every(progress, "extract", len(articles), 25)
    for n, a in enumerate(articles, 1):
        claims.extend(extractor.article(a))
        tick(n)
    return claims
