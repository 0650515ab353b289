from __future__ import annotations

from crosscheck.phrases import PhraseIndex


def test_longest_match_wins_and_matches_are_whole_words():
    index = PhraseIndex([("visit", 1), ("state visit", 2), ("meet", 3)])
    hits = index.find("A state visit, not a meeting or a revisit.")
    assert [(h.text, h.value) for h in hits] == [("state visit", 2)]


def test_quotes_may_stand_inside_a_phrase_but_not_punctuation():
    index = PhraseIndex([("agreed to", "cue")])
    assert [h.text for h in index.find('China has "agreed" to a meeting')] == ['agreed" to']
    assert index.find("They agreed, to be fair, later") == []


def test_case_and_curly_apostrophes_are_folded():
    index = PhraseIndex([("didn't", 1)])
    assert [h.value for h in index.find("He Didn’t go")] == [1]
