"""Ingest on the real scraped seed pages, judged against the hand-made gold."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.models import DateOrigin

from .conftest import norm


def _core_quotes(gold):
    for event in gold["events"]:
        if event.get("level", "core") != "core":
            continue
        for claim in event["claims"]:
            yield claim["article"], claim["quote"]


def test_every_core_gold_quote_survives_inside_one_sentence(gold, seed_articles):
    lost = []
    for article, quote in _core_quotes(gold):
        sentences = [norm(s.text) for s in seed_articles[article].sentences]
        if not any(norm(quote) in s for s in sentences):
            lost.append((article, quote))
    assert lost == []


def test_no_junk_quote_survives_cleaning(gold, seed_articles):
    kept = [(j["article"], j["quote"]) for j in gold["junk"]
            if norm(j["quote"]) in norm(seed_articles[j["article"]].text)]
    assert kept == []


def test_every_junk_quote_is_accounted_for_in_removed_lines(gold, seed_articles):
    for j in gold["junk"]:
        removed = " ".join(norm(r.text) for r in seed_articles[j["article"]].removed)
        assert norm(j["quote"]) in removed, j["quote"]


@pytest.mark.parametrize(
    "article, page_date",
    [
        ("000_c15b944e6abe4084", dt.date(2025, 4, 18)),
        ("001_06c041df9202c053", dt.date(2023, 7, 25)),
        ("002_16597241de7539c5", None),
        ("003_6512205255edc4fc", dt.date(2025, 4, 24)),
        ("004_4bc4eefcb2fef158", None),
    ],
)
def test_page_dates_read_as_printed(seed_articles_as_published, article, page_date):
    a = seed_articles_as_published[article]
    assert a.page_date == page_date
    assert a.published == page_date
    assert a.published_from == (DateOrigin.PAGE if page_date else DateOrigin.NONE)


def test_sidecar_dates_win_over_page_dates(seed_articles):
    a = seed_articles["000_c15b944e6abe4084"]
    assert a.published == dt.date(2023, 9, 20)
    assert a.published_from == DateOrigin.SIDECAR
    assert a.page_date == dt.date(2025, 4, 18)  # kept beside it, for the audit
    assert seed_articles["004_4bc4eefcb2fef158"].published == dt.date(2023, 9, 20)
    assert seed_articles["004_4bc4eefcb2fef158"].source == "South China Morning Post"


@pytest.mark.parametrize(
    "article, origin",
    [
        ("000_c15b944e6abe4084", "AP"),
        ("001_06c041df9202c053", "AFP"),
        ("002_16597241de7539c5", None),  # "according to Reuters" and an AP contributor note are not its origin
        ("003_6512205255edc4fc", "AP"),
        ("004_4bc4eefcb2fef158", None),
    ],
)
def test_origin_credit(seed_articles, article, origin):
    assert seed_articles[article].origin == origin


def test_headlines_and_bullets_are_sentences(seed_articles):
    a = seed_articles["004_4bc4eefcb2fef158"]
    kinds = {s.text[:30]: s.kind for s in a.sentences}
    assert kinds["China-Russia ties: Vladimir Pu"] == "headline"
    assert kinds["In St Petersburg, Russian pres"] == "bullet"


def test_sentence_offsets_point_into_clean_text(seed_articles):
    for a in seed_articles.values():
        for s in a.sentences:
            assert a.text[s.start:s.end] == s.text


def test_removed_lines_carry_rule_and_reason(seed_articles):
    removed = seed_articles["000_c15b944e6abe4084"].removed
    by_text = {r.text: r for r in removed}
    assert by_text["Date:2025-04-18 12:54:14"].rule == "page-date"
    assert by_text["Related"].rule == "related-list"
    assert by_text["veryGood! (797)"].rule == "vote-counter"
    assert all(r.reason for r in removed)
