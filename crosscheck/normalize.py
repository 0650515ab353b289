"""Normalization: surface forms → canonical values, and in-article coreference.

The rules say that "Russian President Vladimir Putin" is Vladimir Putin, that
the Kremlin lies within Moscow and that "Belt and Road Summit" is the Belt and
Road Forum. The article says who "he", "the Russian leader" and "Wang" are:
a ``Discourse`` follows one article, sentence by sentence, and resolves them
to the full name used before. A role description only resolves to someone the
article names somewhere; a pronoun with no one to point at stays unresolved
(``value`` None) rather than guessed.
"""

from __future__ import annotations

from .claim import Ref
from .lexicon import Lexicon, Mention
from .rules import Entity, NamedEvent, Place

PERSONAL = ("person",)
# an unknown name ending in one of these is an organisation, not someone "he" can point at
ORG_WORDS = frozenset("""
commission council committee party center centre ministry agency university company corporation corp inc
group bank court department office institute association union forum organization organisation service
police army navy force forces government administration parliament congress senate assembly board
foundation fund team club league network news times post journal press
""".split())


class Discourse:
    """What one article has named so far."""

    def __init__(self, lexicon: Lexicon, named_in_article: set[str], full_names: dict[str, str]) -> None:
        self.lex = lexicon
        self.named = named_in_article  # entity ids named anywhere in the article
        self.full_names = full_names  # "Gabuev" → "Alexander Gabuev" for names no rule knows
        self.recent: list[Ref] = []  # people and unknown names, most recent last

    @classmethod
    def for_article(cls, lexicon: Lexicon, mentions: list[list[Mention]]) -> Discourse:
        named: set[str] = set()
        full: dict[str, str] = {}
        for sentence in mentions:
            for m in sentence:
                if m.kind in ("person", "organization", "group") and m.ref is not None:
                    named.add(m.ref.id)
                elif m.kind == "name" and " " in m.text:
                    full.setdefault(m.text.split()[-1], m.text)
        return cls(lexicon, named, full)

    def resolve(self, m: Mention, before: list[Ref], speaker: Ref | None = None) -> Ref:
        """The ``Ref`` for mention ``m``; ``before`` holds the refs earlier in its sentence."""
        if m.kind == "place":
            assert isinstance(m.ref, Place)
            return self.place(m.ref, m.text)
        if m.kind == "event":
            assert isinstance(m.ref, NamedEvent)
            return Ref(raw=m.text, value=m.ref.name, id=m.ref.id, kind="event", resolved_by="alias")
        if m.kind in ("person", "organization", "group"):
            assert isinstance(m.ref, Entity)
            return Ref(raw=m.text, value=m.ref.name, id=m.ref.id, kind=m.kind, resolved_by="alias")
        if m.kind == "descriptor":
            assert isinstance(m.ref, Entity)
            if m.ref.id in self.named:
                return Ref(raw=m.text, value=m.ref.name, id=m.ref.id, kind=m.ref.kind, resolved_by="descriptor")
            return Ref(raw=m.text, value=None, kind="descriptor")
        if m.kind == "pronoun":
            target = speaker or next((r for r in reversed(before) if self._personal(r)), None)
            if target is None:
                target = next((r for r in reversed(self.recent) if self._personal(r)), None)
            if target is None:
                return Ref(raw=m.text, value=None, kind="pronoun")
            return target.model_copy(update={"raw": m.text, "resolved_by": "coreference"})
        # a name no rule knows: a lone surname takes the full name the article used
        if " " not in m.text and m.text in self.full_names:
            return Ref(raw=m.text, value=self.full_names[m.text], kind="name", resolved_by="surname")
        return Ref(raw=m.text, value=m.text, kind="name")

    def place(self, place: Place, raw: str) -> Ref:
        """A place's ref: its value is the city it lies in (or itself above city level)."""
        chain = self.lex.ancestors(place)
        shown = next((p for p in chain if p.kind in ("city", "region", "country")), place)
        return Ref(raw=raw, value=shown.name, id=place.id, kind="place", resolved_by="alias",
                   within=[p.id for p in chain[1:]])

    def country(self, ref: Ref) -> Ref:
        """For a destination: the country a place lies in ("visit Beijing" → China)."""
        if ref.kind != "place" or ref.id is None:
            return ref
        place = self.lex.place_by_id[ref.id]
        country = self.lex.country_of(place)
        if country.id == place.id:
            return ref
        return self.place(country, ref.raw)

    def observe(self, refs: list[Ref]) -> None:
        """Remember a finished sentence's people for the sentences that follow."""
        self.recent.extend(r for r in refs if self._personal(r))
        del self.recent[:-20]

    @staticmethod
    def _personal(r: Ref) -> bool:
        return r.value is not None and (r.kind in PERSONAL or (
            r.kind == "name" and " " in r.value and r.value.split()[-1].lower() not in ORG_WORDS))
