"""Independent origins: copies share most sentences; a wire credit groups what it credits."""

from __future__ import annotations

import numpy as np
import pytest

from crosscheck.origins import _copies_by_text, _same_text, copies, origin_groups

from .claimkit import article, claim

STORY = ["A landslide buried 30 homes in the Andean town of Huancabamba on Monday.",
         "Heavy rain had loosened the hillside above the town for a week, officials said.",
         "Soldiers were flown in from Piura to help dig through the mud on Tuesday."]
OTHER = ["The central bank of Peru held its main interest rate at 5.25 percent on Thursday.",
         "Economists polled by Reuters had expected the bank to hold the rate steady."]


def claims_of(texts: dict[str, list[str]]) -> list:
    return [claim(art, "state", sentence=i, evidence=text, family=None)
            for art, sentences in texts.items() for i, text in enumerate(sentences)]


def test_copies_go_to_the_smallest_id_and_a_different_text_stays_alone():
    found = copies(claims_of({"site-b": STORY, "site-a": STORY[:2], "bank": OTHER}))
    assert found == {"site-a": "site-a", "site-b": "site-a", "bank": "bank"}


def test_short_lines_do_not_make_copies():
    found = copies(claims_of({"a": ["Read more", "Related"], "b": ["Read more", "Related"]}))
    assert found["a"] != found["b"]


def test_an_article_sharing_one_sentence_of_three_is_not_a_copy():
    found = copies(claims_of({"a": STORY, "b": [STORY[0], *OTHER]}))
    assert found["a"] != found["b"]


def test_a_wire_credit_makes_one_origin_of_different_texts():
    claims = claims_of({"a": STORY, "b": OTHER, "c": OTHER})
    origin = origin_groups([article("a", origin="AP"), article("b", origin="AP"), article("c")], claims)
    assert origin["a"] == origin["b"] == "wire:AP"
    assert origin["c"] == "wire:AP"  # a copy of an AP text


def test_origin_groups_count_by_the_copies_they_are_given():
    claims = claims_of({"a": STORY, "b": STORY, "c": OTHER})
    infos = [article("a"), article("b"), article("c")]
    found = copies(claims)
    assert origin_groups(infos, claims, found) == origin_groups(infos, claims)
    # a copy map found elsewhere (the clusterer's) is used as given, not found again
    assert len(set(origin_groups(infos, claims, {"a": "a", "b": "b", "c": "a"}).values())) == 2
    assert origin_groups(infos, claims, {"a": "a", "b": "b", "c": "a"})["c"] == "story:a"


@pytest.mark.parametrize("texts", [
    {"site-b": STORY, "site-a": STORY[:2], "bank": OTHER},
    {"a": STORY, "b": [STORY[0], *OTHER]},
    {"a": STORY, "b": STORY[:1], "c": STORY[1:], "d": OTHER, "e": OTHER[:1]},  # chains of copies
    {"z": STORY + STORY, "y": [STORY[2], STORY[2]], "x": [s.upper() for s in STORY]},  # repeats, case
    {"a": ["Read more", *STORY], "b": ["Read more"]},
    {f"farm-{i}": [STORY[0]] for i in range(60)},  # one sentence on more pages than a copy is
])
def test_copies_by_hash_are_the_copies_by_text(texts):
    claims = claims_of(texts)
    found = copies(claims)
    assert found == _copies_by_text(claims)
    assert list(found) == list(dict.fromkeys(c.article_id for c in claims))  # in the order the claims name them


def test_sentences_that_share_a_hash_but_not_a_text_are_told_apart():
    claims = claims_of({"a": [STORY[0]], "b": [STORY[1]], "c": [STORY[1]]})
    assert _same_text(claims, np.array([1, 2]), [(0, 2)])
    assert not _same_text(claims, np.array([0, 1, 2]), [(0, 3)])
