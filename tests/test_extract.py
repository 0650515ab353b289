"""Extraction: one claim per event, slots read from the sentence, on the seeds and on any news."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.extract import Extractor, extract
from crosscheck.models import Article, DateOrigin, Sentence


def article(*sentences: str, date: dt.date | None = dt.date(2023, 9, 20), trusted: bool = True) -> Article:
    out, pos = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(index=i, start=pos, end=pos + len(s), text=s))
        pos += len(s) + 1
    return Article(id="t", text=" ".join(sentences), sentences=out, published=date,
                   published_from=DateOrigin.SIDECAR if trusted else DateOrigin.PAGE, content_hash="x")


@pytest.fixture(scope="module")
def extractor(rules) -> Extractor:
    return Extractor(rules)


def v(ref) -> str | None:  # noqa: ANN001
    return None if ref is None else ref.value


# sentence, predicate, subject, object, place, time, modality
CASES = [
    ("Xi visited Moscow in March.", "visit", "Xi Jinping", "Russia", "Moscow", "2023-03", "asserted"),
    ("Putin is expected to meet Xi in Beijing next month.", "meet", "Vladimir Putin", "Xi Jinping", "Beijing",
     "2023-10", "expected"),
    ("Such a meeting could happen as early as April, the newspaper reports.", "meet", None, None, None,
     "2024-04", "hedged"),
    ("Russian President Vladimir Putin said he would attend the forum in October.", "attend",
     "Vladimir Putin", None, None, "2023-10", "planned"),
    ("A magnitude 6.1 earthquake struck southern Chile on Tuesday.", "quake", None, None, "Chile", "2023-09-19",
     "asserted"),
    ("Acme Corp agreed to buy Widget Inc for $2 billion.", "acquire", "Acme Corp", "Widget Inc", None, None,
     "planned"),
    ("The company did not complete the sale.", "complete", None, None, None, None, "negated"),
    ("FBI agents arrested John Doe in Denver on Monday.", "arrest", "FBI", "John Doe", "Denver", "2023-09-18",
     "asserted"),
    # a reflexive between a phrasal verb and its particle
    ("Ana Lima checked herself into a clinic on Tuesday.", "rehab", "Ana Lima", None, None, "2023-09-19",
     "asserted"),
]


@pytest.mark.parametrize(("sentence", "predicate", "subject", "obj", "place", "time", "modality"), CASES)
def test_slots(extractor, sentence, predicate, subject, obj, place, time, modality):
    claims = [c for c in extractor.article(article(sentence)) if c.predicate == predicate]
    assert claims, f"no {predicate} claim in {sentence!r}"
    c = claims[0]
    assert (v(c.subject), v(c.object), v(c.place)) == (subject, obj, place)
    assert (c.time.value if c.time else None) == time
    assert c.modality == modality


def test_one_claim_per_event_in_one_sentence(extractor):
    s = ("Speaking after a meeting with Chinese Foreign Minister Wang Yi in Moscow, Putin said he accepted "
         "an invitation to visit China in October.")
    claims = {c.predicate: c for c in extractor.article(article(s))}
    assert claims["meet"].modality == "asserted" and v(claims["meet"].place) == "Moscow"
    assert claims["visit"].modality == "planned" and claims["visit"].time.value == "2023-10"
    assert v(claims["meet"].subject) == v(claims["visit"].subject) == "Vladimir Putin"


def test_separate_meetings_give_one_claim_per_counterpart(extractor):
    s = "Earlier in Moscow, Wang held separate meetings with Sergey Lavrov and Nikolai Patrushev."
    objects = sorted(v(c.object) for c in extractor.article(article(s)) if c.predicate == "meet")
    assert objects == ["Nikolai Patrushev", "Sergey Lavrov"]


def test_every_sentence_gives_a_claim_and_unknown_names_are_kept(extractor):
    a = article("Zorblax Quimby runs the Flumington bakery.", "It is quiet there.")
    claims = extractor.article(a)
    assert {c.sentence for c in claims} == {0, 1}
    assert v(claims[0].subject) == "Zorblax Quimby"


@pytest.mark.parametrize(("sentences", "subject"), [
    # a common word capitalised only because it opens the sentence names nobody
    (("Officials met the mayor in Lisbon on Monday.", "The officials said little."), None),
    (("Trade dominated the talks on Monday.", "Ana Lima met Rui Costa."), None),
    # the article capitalises it elsewhere, so it is a name (and the surname of one named in full)
    (("Lohan met her lawyer on Monday.", "Lindsay Lohan said little."), "Lindsay Lohan"),
    (("Lohan met her lawyer on Monday.", "Her lawyer, Mark Heller, met Lohan."), "Lohan"),
    # acronyms and inner capitals are names wherever they stand
    (("NATO met in Brussels on Monday.",), "NATO"),
    (("McCain met Obama on Monday.",), "McCain"),
])
def test_a_sentence_opening_word_is_a_name_only_if_the_article_capitalises_it_elsewhere(
        extractor, sentences, subject):
    first = [c for c in extractor.article(article(*sentences)) if c.sentence == 0]
    assert [v(c.subject) for c in first][:1] == [subject]


@pytest.mark.parametrize("headline", ["Magnitude 6.1 earthquake strikes near Lima", "Deadly quake hits Lima"])
def test_a_headline_in_the_present_tense_keeps_its_place_and_its_one_event(extractor, headline):
    claims = [c for c in extractor.article(article(headline, "Rescue teams searched the rubble."))
              if c.sentence == 0]
    assert [(c.predicate, v(c.place), v(c.subject)) for c in claims] == [("quake", "Lima", None)]


@pytest.mark.parametrize("sentence", [
    "An earthquake hit Lima on Monday and killed 12 people.",
    "The quake that struck Lima on Monday killed 12 people.",
])
def test_what_an_event_did_is_told_of_the_event_and_at_its_time(extractor, sentence):
    kill = next(c for c in extractor.article(article(sentence)) if c.predicate == "kill")
    assert (kill.subject.kind, kill.subject.value, kill.time.value) == ("event", "earthquake", "2023-09-18")
    assert v(kill.place) == "Lima"
    undated = next(c for c in extractor.article(article(sentence, trusted=False)) if c.predicate == "kill")
    assert undated.place is None


def test_the_purpose_of_an_event_is_told_there_and_then(extractor):
    s = "Ana Lima and Rui Costa met in Lisbon on Monday to discuss trade."
    claims = [c for c in extractor.article(article(s)) if c.predicate == "meet"]
    assert len(claims) == 2 and {(v(c.place), c.time.value) for c in claims} == {("Lisbon", "2023-09-18")}


def test_numbers_are_claimed_with_what_they_count(extractor):
    s = "The blast killed at least 14 people and injured more than 200, officials said."
    got = {(q.role, q.value, q.qualifier) for c in extractor.article(article(s)) for q in c.quantities}
    assert got == {("killed", 14.0, "at least"), ("injured", 200.0, "more than")}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Indian Navy captures 26 Somali pirates in Gulf of Aden", {("arrested", 26.0)}),  # the verb's own object
    ("The navy thwarted a piracy attack and captured three boats of the pirates.", set()),
    ("Bush injured his left knee on Oct. 19 and missed four games.", set()),
    ("Police allege Kirkpatrick opened fire at the party, killing Benjamin David Banky, 40.", set()),
    ("The death toll rose to 14 on Monday.", {("killed", 14.0)}),
    # a part of a group counts for the event only as the verb's object or where a cue names it
    ("After a brief skirmish, two of them managed to flee but three boats were captured.", set()),
    ("The navy captured two of them after a chase.", {("arrested", 2.0)}),
    ("Two of them were killed in the attack.", {("killed", 2.0)}),
    # a vote and a record before the event count nothing
    ("The jury was deadlocked, with nine in favor of the death penalty.", set()),
    ("Police arrested Gray, who has four prior arrests.", set()),
    # "one" as anyone, in a general truth, is no count; one person in a report is
    ("When one is killed, all of us lose, the mayor said after the shooting.", set()),
    ("When one was killed in the shooting, the others fled.", {("killed", 1.0)}),
    # "one or two jurors" counts jurors, as "two jurors" would
    ("He led a bid to allow judges to approve death penalties even if one or two jurors voted against it.", set()),
])
def test_a_count_is_the_events_only_where_nothing_else_is_counted(extractor, sentence, expected):
    got = {(q.role, q.value) for c in extractor.article(article(sentence)) for q in c.quantities}
    assert got == expected


def test_without_a_trusted_date_relative_times_stay_open(extractor):
    claims = extractor.article(article("Putin will visit China next month.", trusted=False))
    time = next(c.time for c in claims if c.predicate == "visit")
    assert time.is_open and time.expression == "next month" and time.anchor is None


def test_ids_are_stable_and_distinct(rules):
    a = article("Xi visited Moscow in March.", "Putin met Wang Yi on Wednesday.")
    first, second = extract([a], rules), extract([a], rules)
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)


def test_seed_claims_cover_the_gold_without_junk(seed_articles, rules, gold, tmp_path):
    from crosscheck.evaluate import score
    from crosscheck.result import Extraction

    claims = extract(seed_articles.values(), rules)
    run = tmp_path / "run.json"
    run.write_text(Extraction(version="t", rules_hash="t", articles=[], claims=claims).model_dump_json())
    from .conftest import GOLD

    result = score(GOLD, run)
    assert result.values["claim_recall"] >= 0.9
    assert result.values["junk_claims"] == 0
    assert result.slots["time_or_place"].accuracy >= 0.9
    assert result.slots["modality"].accuracy >= 0.8


def test_claims_read_back_keep_no_set_of_given_fields(extractor):
    """Half a claim's memory was pydantic's record of which fields the input gave; a run of 100k
    articles holds half a million claims."""
    from crosscheck.claim import Claim

    c = extractor.article(article("Ana Lima met Rui Costa in Lisbon on Monday."))[0]
    back = Claim.model_validate_json(c.model_dump_json())
    assert back == c
    assert back.__pydantic_fields_set__ == set() and back.subject.__pydantic_fields_set__ == set()
    assert back.model_copy(update={"cluster_id": "ev-1"}).cluster_id == "ev-1"
