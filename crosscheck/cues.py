"""Modality and status cues: how sure a sentence is about each event it states.

A cue ("is expected to", "could", "has not been confirmed") governs the
nearest trigger on the side its rule names, within a window of words, and
never reaches across another trigger: in "accepted an invitation to visit
China after meeting Wang Yi", the plan cue belongs to the visit, not to the
meeting.
"""

from __future__ import annotations

import re

from .claim import Modality, Status
from .lexicon import Trigger
from .phrases import PhraseIndex, Tokens
from .rules import Cue, CueRules

_WORD = re.compile(r"\S+")


class CueHit:
    """A cue found in a sentence."""

    def __init__(self, cue: Cue, start: int, end: int) -> None:
        self.cue = cue
        self.start = start
        self.end = end


class Reading:
    """How sure a sentence is of one event it states."""

    def __init__(self, modality: Modality = "asserted", modality_cue: str | None = None,
                 status: Status | None = None) -> None:
        self.modality: Modality = modality
        self.modality_cue = modality_cue
        self.status: Status | None = status


class CueMatcher:
    """Finds cues in a sentence and decides which trigger each one governs."""

    def __init__(self, rules: CueRules) -> None:
        self.cues = rules.cues
        self._order = {id(c): i for i, c in enumerate(self.cues)}
        self._index = PhraseIndex([(p, cue) for cue in self.cues for p in cue.phrases])

    def hits(self, text: str, tokens: Tokens | None = None) -> list[CueHit]:
        return [CueHit(h.value, h.start, h.end) for h in self._index.find(text, tokens)]

    def read(self, text: str, trigger: Trigger, triggers: list[Trigger], hits: list[CueHit]) -> Reading:
        """The modality and status ``hits`` give ``trigger``; the first cue in rule order wins."""
        governing = [h for h in hits if self._governs(text, h, trigger, triggers)]
        governing.sort(key=lambda h: self._order[id(h.cue)])
        modality = next((h.cue for h in governing if h.cue.modality is not None), None)
        status = next((h.cue for h in governing if h.cue.status is not None), None)
        return Reading(
            modality=modality.modality if modality and modality.modality else "asserted",
            modality_cue=modality.id if modality else None,
            status=status.status if status else None,
        )

    @staticmethod
    def _governs(text: str, hit: CueHit, trigger: Trigger, triggers: list[Trigger]) -> bool:
        scope = hit.cue.scope
        if scope == "sentence":
            return True
        if hit.end <= trigger.start and scope in ("before", "near"):
            lo, hi = hit.end, trigger.start
        elif hit.start >= trigger.end and scope in ("after", "near"):
            lo, hi = trigger.end, hit.start
        else:
            return False
        if len(_WORD.findall(text[lo:hi])) > hit.cue.window:
            return False
        return not any(t is not trigger and lo <= t.start < hi for t in triggers)
