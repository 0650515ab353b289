"""The vocabulary built from the rule files: names, places, named events and triggers.

A ``Lexicon`` is compiled once per rule set and then finds, in one sentence,
the mentions (people, organisations, places, named events, pronouns, role
descriptions, unknown capitalised names) and the event triggers the extractor
works from. It only finds and labels; deciding who did what is extract.py's
job, and resolving a mention against the article is normalize.py's.
"""

from __future__ import annotations

import re
from typing import Literal

from .phrases import PhraseIndex, Tokens, tokenize
from .rules import Entity, NamedEvent, Place, Predicate, Rules

MentionKind = Literal["person", "organization", "group", "place", "event", "name", "pronoun", "descriptor"]

PRONOUNS = frozenset({"he", "she", "him", "her", "his"})

# Capitalised words that start sentences or headlines without being names.
FUNCTION_WORDS = frozenset("""
a an the in on at to of for from by with as and or but nor if when while after before since until
during following amid despite about over under into onto upon near across through between among
he she it they we i you his her its their our my your him them us this that these those there here
such just also still yet even only both each every all some any no not one two three four five
speaking asked according earlier later meanwhile however then now today yesterday tomorrow
what who which where why how so than because though although whether once instead
mr mrs ms dr new old last next first second third several many much more most other another
six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty
thirty forty fifty sixty seventy eighty ninety hundred hundreds thousands dozens dozen
""".split())

_CAP_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|St\.|[A-Z][\w'’\-]*\.?)"
# the lookahead first lets the regex engine skip to capitals instead of testing the lookbehind everywhere
_NAME_RUN = re.compile(
    rf"(?=[A-Z])(?<![\w'’]){_CAP_WORD}(?:\s+(?:(?:of|de|da|del|von|van|bin|al|la|le|du)\s+)?{_CAP_WORD})*"
)
_OPENERS = " \"'“‘([—–-"
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|inside|outside)\s+(?:the\s+)?$", re.IGNORECASE)
_NAME_NEXT = re.compile(r"\s+[A-Z][a-z]")
_POSSESSIVE = re.compile(r"^['’]s?(?!\w)")
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Z]\.)+$|(?:^|\s)(?:St|Jr|Sr|Inc|Corp|Co|Ltd|Mt|Ft|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Dr|Mr|Mrs|Ms)\.$"
)
MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_VERBISH = frozenset("to will would can could may might must should shall not also did do does is are was were be "
                     "been has have had he she they we it who that which".split())
DETERMINERS = frozenset("a an the his her their its this that our my your whose first latest recent "
                        "upcoming planned separate another any each every no".split())


class Mention:
    """Something named in a sentence, with what the rules know of it."""

    def __init__(self, start: int, end: int, text: str, kind: MentionKind,
                 ref: Entity | Place | NamedEvent | None = None, possessive: bool = False,
                 nationality: str | None = None) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.kind: MentionKind = kind
        self.ref = ref
        self.possessive = possessive
        self.nationality = nationality  # place id of a demonym in front of the name ("Russian")

    @property
    def is_place(self) -> bool:
        return self.kind == "place"


class Trigger:
    """Words that name an event, and the predicate they name."""

    def __init__(self, start: int, end: int, text: str, predicate: Predicate, noun: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.predicate = predicate
        self.noun = noun


def inflect_verb(base: str, irregular: dict[str, list[str]]) -> set[str]:
    """All forms of a (possibly multi-word) verb: 'arrive in' → arrives in, arrived in, arriving in."""
    head, sep, rest = base.partition(" ")
    forms = {head}
    if head.endswith("e") and not head.endswith(("ee", "ye", "oe")):
        forms |= {head + "s", head + "d", head[:-1] + "ing"}
    elif head.endswith("y") and len(head) > 2 and head[-2] not in "aeiou":
        forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {head + "es", head + "ed", head + "ing"}
    else:
        forms |= {head + "s", head + "ed", head + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgmnprt]$", head) and len(head) <= 4:
            # one-syllable consonant-vowel-consonant verbs double the last letter: stab → stabbed
            forms |= {head + head[-1] + "ed", head + head[-1] + "ing"}
    forms |= set(irregular.get(head, []))
    out = {f + sep + rest for f in forms}
    if rest and rest.split(" ", 1)[0] in _PARTICLES:
        # a phrasal verb takes a reflexive between verb and particle: "checked herself into"
        out |= {f"{f} {r} {rest}" for f in forms for r in REFLEXIVES}
    return out


REFLEXIVES = ("himself", "herself", "themselves", "itself", "myself", "ourselves", "yourself")
_PARTICLES = frozenset("in into out up down off on over back away".split())


def pluralize(noun: str) -> set[str]:
    head, sep, rest = noun.rpartition(" ")
    last = rest
    if last.endswith(("s", "sh", "ch", "x", "z")):
        plural = last + "es" if not last.endswith("s") else last
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return {noun, head + sep + plural}


class Lexicon:
    """Compiled lookups over one rule set."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.entities: dict[str, Entity] = {}
        for e in rules.entities.entities:
            for alias in [e.name, *e.aliases]:
                self.entities.setdefault(alias, e)
        self.places: dict[str, Place] = {}
        self.place_by_id: dict[str, Place] = {}
        self.demonyms: dict[str, Place] = {}
        for p in rules.places.places:
            self.place_by_id[p.id] = p
            for alias in [p.name, *p.aliases]:
                self.places.setdefault(alias, p)
                if alias.lower().startswith("the "):
                    self.places.setdefault(alias[4:], p)
            for d in p.demonyms:
                self.demonyms.setdefault(d, p)
        self.events: dict[str, NamedEvent] = {}
        for ev in rules.events.events:
            for alias in [ev.name, *ev.aliases]:
                self.events.setdefault(alias, ev)
        self.titles = frozenset(rules.entities.titles)
        self.descriptors: dict[str, Entity] = {}
        for e in rules.entities.entities:
            for d in e.descriptors:
                self.descriptors.setdefault(d.lower(), e)
        # names with lower-case words inside ("Belt and Road Forum") escape the capitalised-run regex
        joined = [a for a in [*self.entities, *self.places, *self.events] if re.search(r"\s[a-z]", a)]
        self._joined = PhraseIndex([(a, a) for a in joined])
        self._descriptor_index = PhraseIndex(list(self.descriptors.items()))
        # "the Chinese capital" is Beijing: a demonym and the word capital name the capital city
        self._capitals = PhraseIndex([
            (f"{article}{d} capital", p) for p in rules.places.places if p.capital and p.within
            for d in self.place_by_id[p.within].demonyms for article in ("the ", "")])
        self.triggers: dict[str, tuple[Predicate, bool]] = {}
        irregular = rules.predicates.irregular
        for pred in rules.predicates.predicates:
            for verb in pred.verbs:
                for form in inflect_verb(verb.lower(), irregular):
                    self.triggers.setdefault(form, (pred, False))
            for noun in pred.nouns:
                for form in pluralize(noun.lower()):
                    self.triggers.setdefault(form, (pred, True))
        self._trigger_index = PhraseIndex(self.triggers.items())
        # every noun form, also those a verb claimed first: for them context decides ("a visit")
        self.noun_forms = frozenset(f for pred in rules.predicates.predicates for noun in pred.nouns
                                    for f in pluralize(noun.lower()))
        self.trigger_words = frozenset(w for t in self.triggers for w in t.split())

    # --- places -------------------------------------------------------------------------------

    def ancestors(self, place: Place) -> list[Place]:
        """The place and every place it lies within, most specific first."""
        chain: list[Place] = []
        seen: set[str] = set()
        node: Place | None = place
        while node is not None and node.id not in seen:
            chain.append(node)
            seen.add(node.id)
            node = self.place_by_id.get(node.within) if node.within else None
        return chain

    def country_of(self, place: Place) -> Place:
        for p in self.ancestors(place):
            if p.kind == "country":
                return p
        return place

    # --- one sentence ---------------------------------------------------------------------------

    def mentions(self, text: str, headline: bool = False,
                 tokens: Tokens | None = None, cased: frozenset[str] | None = None) -> list[Mention]:
        """Every mention in ``text``, left to right, without overlaps.

        ``cased``: the words the article capitalises inside its sentences (``cased_words``). A lone
        word no rule knows that is capitalised only where every word is (a sentence's first word, a
        headline) names someone only if the article capitalises it elsewhere too: "Officials said",
        "Magnitude 6.1", "Deadly quake" are common words, "Lohan said" after "Lindsay Lohan" a name."""
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        def add(m: Mention) -> None:
            found.append(m)
            taken.append((m.start, m.end))

        if tokens is None:
            tokens = tokenize(text)
        # a role phrase counts only where no name follows it: "Russian president tells",
        # not "Russian President Vladimir Putin"
        for role in self._descriptor_index.find(text, tokens):
            if not _NAME_NEXT.match(text, role.end):
                add(Mention(role.start, role.end, role.text, "descriptor", ref=role.value,
                            possessive=self._poss(text, role.end)))
        for capital in self._capitals.find(text, tokens):
            if free(capital.start, capital.end):
                add(Mention(capital.start, capital.end, capital.text, "place", ref=capital.value))
        for joined in self._joined.find(text, tokens):
            known = self._known(text, joined.start, joined.end) if joined.text[0].isupper() else None
            if known is not None and free(joined.start, joined.end):
                add(known)
        for m in _NAME_RUN.finditer(text):
            for s, e in self._split_run(text, m.start(), m.end(), headline):
                mention = self._name(text, s, e)
                if mention is not None and free(mention.start, mention.end) and not (
                        cased is not None and self._common_word(text, mention, headline, cased)):
                    add(mention)
        for low in PRONOUNS.intersection(tokens.wordset):
            for i in tokens.positions(low):
                start, end, _ = tokens.spans[i]
                if free(start, end):
                    add(Mention(start, end, text[start:end], "pronoun", possessive=low == "his"))
        found.sort(key=lambda x: x.start)
        return [self._as_place(text, m) for m in found]

    def _as_place(self, text: str, m: Mention) -> Mention:
        """'at the Kremlin' is a place even though 'the Kremlin said' is an organisation."""
        if m.kind in ("organization", "group") and not m.possessive and m.text in self.places and _PLACE_BEFORE.search(
                text[max(0, m.start - 12):m.start]):
            return Mention(m.start, m.end, m.text, "place", ref=self.places[m.text], possessive=m.possessive)
        return m

    def triggers_in(self, text: str, headline: bool = False,
                    tokens: Tokens | None = None) -> list[Trigger]:
        out: list[Trigger] = []
        for hit in self._trigger_index.find(text, tokens):
            word = hit.text
            # a capitalised trigger word inside a sentence is a name ("Strike Force", "State Department")
            if word[0].isupper() and hit.start > 0 and not headline:
                continue
            pred, noun = hit.value
            # "earthquake strikes": right after a noun of an event, a plural form is the event's verb
            if noun and out and out[-1].noun and word.endswith("s") and not text[out[-1].end:hit.start].strip():
                continue
            if not noun and word.lower().split()[0] in self.noun_forms:
                noun = self._noun_context(text[max(0, hit.start - 40):hit.start].split())
            out.append(Trigger(hit.start, hit.end, word, pred, noun))
        return out

    # --- helpers -----------------------------------------------------------------------------------

    def _noun_context(self, before: list[str]) -> bool:
        """Is a word that can be verb or noun ('visit', 'meeting') used as a noun here?

        Yes after a determiner or a possessive, also across up to two modifiers
        ("a four-day visit", "a trilateral security meeting").
        """
        for k, word in enumerate(reversed(before[-3:])):
            low = word.lower()
            if low in DETERMINERS or low.endswith(("'s", "’s", "s'", "s’")) or (k == 0 and "-" in low):
                return True
            if low in _VERBISH or low.endswith(("ed", "ing")) or not low.isalpha():
                return False
        return False

    @staticmethod
    def _common_word(text: str, m: Mention, headline: bool, cased: frozenset[str]) -> bool:
        word = m.text
        # only a word cased like any sentence's first word: not "FBI", not "McCain"
        if m.kind != "name" or m.text in cased or not (word[0].isupper() and word[1:].islower()):
            return False
        return headline or not text[:m.start].strip(_OPENERS)

    @staticmethod
    def _poss(text: str, end: int) -> bool:
        return bool(_POSSESSIVE.match(text[end:end + 2]))

    def _known(self, text: str, s: int, e: int, nationality: str | None = None) -> Mention | None:
        """The mention of a name the rules know (event, entity or place), else None."""
        name = text[s:e]
        poss = self._poss(text, e)
        if name in self.events:
            return Mention(s, e, name, "event", ref=self.events[name], possessive=poss)
        if name in self.entities:
            ent = self.entities[name]
            return Mention(s, e, name, ent.kind, ref=ent, possessive=poss, nationality=nationality)
        if name in self.places:
            return Mention(s, e, name, "place", ref=self.places[name], possessive=poss)
        return None

    def _split_run(self, text: str, s: int, e: int, headline: bool) -> list[tuple[int, int]]:
        """Cut a capitalised run where it holds words that are not part of a name."""
        pieces: list[tuple[int, int]] = []
        cur: list[tuple[int, int]] = []
        for ws, word in _nonspace(text, s, e):
            we = ws + len(word)
            low = word.lower().rstrip(".")
            breaks = (
                (low[:-2] if low.endswith(("'s", "’s")) else low.rstrip("'’")) in MONTHS_AND_DAYS
                or (low in FUNCTION_WORDS and (ws == 0 or headline or not cur))
                or (low in self.trigger_words and word not in self.entities and (headline or ws == 0))
            )
            if breaks:
                if cur:
                    pieces.append((cur[0][0], cur[-1][1]))
                cur = []
            else:
                cur.append((ws, we))
                if word.endswith(("'s", "’s")) and we < e:  # "Russia’s President Vladimir Putin": two names
                    pieces.append((cur[0][0], cur[-1][1]))
                    cur = []
        if cur:
            pieces.append((cur[0][0], cur[-1][1]))
        return [self._trim(text, a, b) for a, b in pieces]

    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int]:
        """Drop a possessive or a full stop that ends the sentence from a name's span."""
        piece = text[s:e]
        for suffix in ("'s", "’s", "'", "’"):
            if piece.endswith(suffix) and len(piece) > len(suffix) + 1:
                return s, e - len(suffix)
        if piece.endswith(".") and not _ABBREVIATION.search(piece):
            return s, e - 1
        return s, e

    def _name(self, text: str, s: int, e: int) -> Mention | None:
        """Label a capitalised run: cut titles and nationality words, then look the rest up."""
        found = _nonspace(text, s, e)
        words = [w for _, w in found]
        offsets = [at for at, _ in found]
        nationality = None
        i = 0
        while len(words) - i > 1 and (
                words[i] in self.titles or (words[i] in self.demonyms and words[i] not in self.places)):
            if words[i] in self.demonyms:
                nationality = self.demonyms[words[i]].id
            i += 1
        words, offsets = words[i:], offsets[i:]
        if not words:
            return None
        # a trailing title word ("Wang Yi, Minister") is not part of the name
        while len(words) > 1 and words[-1] in self.titles:
            words, offsets = words[:-1], offsets[:-1]
        start = offsets[0]
        end = offsets[-1] + len(words[-1])
        name = text[start:end]
        known = self._known(text, start, end, nationality)
        if known is not None:
            return known
        if name in self.demonyms:
            # "Russian" alone: an adjective, kept only as a hint for the object ("Russian officials")
            return None
        if name in self.titles or name.lower() in FUNCTION_WORDS or len(name) < 2:
            return None
        return Mention(start, end, name, "name", possessive=self._poss(text, end), nationality=nationality)


def _nonspace(text: str, s: int, e: int) -> list[tuple[int, str]]:
    """(offset, word) for each run of non-space characters in ``text[s:e]``: ``str.split`` and a
    left-to-right find, several times cheaper than a regex match object per word."""
    out: list[tuple[int, str]] = []
    at = s
    for word in text[s:e].split():
        at = text.find(word, at)
        out.append((at, word))
        at += len(word)
    return out


def cased_words(sentences: list[tuple[str, Tokens]]) -> frozenset[str]:
    """The words (possessive cut) an article capitalises after the first word of a body sentence:
    the article's own evidence of which capitalised words are names."""
    out: set[str] = set()
    for text, tokens in sentences:
        for start, end, _ in tokens.spans[1:]:
            if text[start].isupper():
                word = text[start:end]
                out.add(word[:-2] if word.endswith(("'s", "’s")) else word)
    return frozenset(out)
