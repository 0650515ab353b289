"""Independent origins: copies share most sentences; a wire credit groups what it credits."""

from __future__ import annotations

from crosscheck.origins import copies, origin_groups

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
