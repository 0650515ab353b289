from __future__ import annotations

import pytest

from crosscheck.cues import CueMatcher
from crosscheck.lexicon import Lexicon


@pytest.mark.parametrize(("sentence", "trigger", "modality", "status"), [
    ("Putin is expected to meet Xi.", "meet", "expected", None),
    ("The encounter could happen as early as April.", "encounter", "hedged", None),
    ("He intends to visit China.", "visit", "planned", None),
    ('China has "agreed" to a meeting in Moscow.', "meeting", "planned", None),
    ("She did not attend the ceremony.", "attend", "negated", None),
    ("Putin's visit has not been confirmed.", "visit", "asserted", "unconfirmed"),
    ("Putin has confirmed he will meet Xi.", "meet", "planned", "confirmed"),
    ("Xi visited Moscow in March.", "visited", "asserted", None),
])
def test_modality_and_status(rules, sentence, trigger, modality, status):
    lex, cues = Lexicon(rules), CueMatcher(rules.cues)
    hits = cues.hits(sentence)
    blocked = [(h.start, h.end) for h in hits]
    triggers = [t for t in lex.triggers_in(sentence) if all(t.end <= a or t.start >= b for a, b in blocked)]
    t = next(t for t in triggers if t.text == trigger)
    reading = cues.read(sentence, t, triggers, hits)
    assert (reading.modality, reading.status) == (modality, status)


def test_a_cue_does_not_reach_across_another_event(rules):
    lex, cues = Lexicon(rules), CueMatcher(rules.cues)
    s = "Putin accepts invitation to visit China after meeting Wang Yi"
    triggers = lex.triggers_in(s, headline=True)
    meeting = next(t for t in triggers if t.text == "meeting")
    assert cues.read(s, meeting, triggers, cues.hits(s)).modality == "asserted"
