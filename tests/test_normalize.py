"""In-article coreference and rule normalization."""

from __future__ import annotations

import datetime as dt

from crosscheck.extract import Extractor

from .test_extract import article


def subjects(rules, *sentences: str) -> list[str | None]:
    claims = Extractor(rules).article(article(*sentences, date=dt.date(2023, 10, 16)))
    return [c.subject.value if c.subject else None for c in claims if c.predicate != "state"]


def test_pronoun_and_role_description_resolve_to_the_name_used_before(rules):
    got = subjects(rules, "Russian President Vladimir Putin met Xi Jinping in Beijing.",
                   "The Russian leader will attend the forum.", "He visited Shanghai on Friday.")
    assert got == ["Vladimir Putin", "Vladimir Putin", "Vladimir Putin"]


def test_a_role_description_never_invents_someone_the_article_did_not_name(rules):
    assert subjects(rules, "The Russian leader will attend the forum.") == [None]


def test_a_surname_takes_the_full_name_of_someone_no_rule_knows(rules):
    got = subjects(rules, "Analyst Maria Kowalczyk visited Warsaw.", "Kowalczyk met reporters on Monday.")
    assert got == ["Maria Kowalczyk", "Maria Kowalczyk"]


def test_places_normalize_to_their_city_and_keep_the_hierarchy(rules):
    claims = Extractor(rules).article(article("Putin met Wang Yi at the Kremlin on Wednesday."))
    place = next(c.place for c in claims if c.predicate == "meet")
    assert (place.raw, place.value, place.within) == ("Kremlin", "Moscow", ["moscow", "russia"])


def test_spellings_of_one_place_are_one_value(rules):
    claims = Extractor(rules).article(article("They met in St. Petersburg.", "They met in Saint Petersburg."))
    assert {c.place.value for c in claims if c.place} == {"Saint Petersburg"}
