"""Time expressions, table-driven: (text, article date, tense) → (expression, value, granularity)."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.timeanchor import find_times

D = dt.date

CASES = [
    # weekday names: the most recent one (or today) in a report, the coming one in a plan
    ("Putin said Wednesday he accepted", D(2023, 9, 20), "past", [("Wednesday", "2023-09-20", "day")]),
    ("Wang arrived in Russia on Monday", D(2023, 9, 20), "past", [("on Monday", "2023-09-18", "day")]),
    ("he will be arriving late Monday", D(2023, 10, 16), "future", [("late Monday", "2023-10-16", "day")]),
    ("the vote will be held on Friday", D(2023, 10, 16), "future", [("on Friday", "2023-10-20", "day")]),
    ("they met last Monday", D(2023, 10, 16), "past", [("last Monday", "2023-10-09", "day")]),
    ("talks resume next Monday", D(2023, 10, 16), "future", [("next Monday", "2023-10-23", "day")]),
    # months: the coming one in a plan, the past one in a report
    ("to visit China in October", D(2023, 7, 25), "future", [("in October", "2023-10", "month")]),
    ("he visited China in October", D(2023, 7, 25), "past", [("in October", "2022-10", "month")]),
    ("Xi visited Moscow in March", D(2023, 10, 16), "past", [("in March", "2023-03", "month")]),
    ("could happen as early as April", D(2023, 2, 22), "future", [("as early as April", "2023-04", "month")]),
    ("the invasion of Ukraine last February", D(2023, 10, 16), "past", [("last February", "2023-02", "month")]),
    ("elections next March", D(2023, 3, 10), "future", [("next March", "2024-03", "month")]),
    ("in February last year", D(2023, 7, 25), "past", [("in February last year", "2022-02", "month")]),
    # relative units
    ("declared last year that", D(2023, 9, 20), "past", [("last year", "2022", "year")]),
    ("meet Xi in Beijing next month", D(2023, 9, 20), "future", [("next month", "2023-10", "month")]),
    ("expected to meet this week", D(2023, 10, 16), "future", [("this week", "2023-10-16/2023-10-22", "week")]),
    ("his talks in Malta over the weekend", D(2023, 9, 20), "past",
     [("over the weekend", "2023-09-16/2023-09-17", "range")]),
    ("A project proposed by Xi 10 years ago", D(2023, 9, 20), "past", [("10 years ago", "2013", "year")]),
    ("three days ago", D(2023, 9, 20), "past", [("three days ago", "2023-09-17", "day")]),
    ("just days before the 1-year anniversary of the invasion", D(2023, 2, 22), "past",
     [("days before the 1-year anniversary", "2022-02", "month")]),
    ("marking the 10th anniversary of the policy", D(2023, 10, 16), "past", [("the 10th anniversary", "2013", "year")]),
    ("it happened yesterday", D(2024, 3, 1), "past", [("yesterday", "2024-02-29", "day")]),
    # absolute dates need no anchor
    ("Putin last visited China in 2022, attending", None, "past", [("in 2022", "2022", "year")]),
    ("Forums held in China in 2017 and 2019.", None, "past", [("in 2017", "2017", "year"), ("2019", "2019", "year")]),
    ("between 2017 and 2019", None, "past", [("between 2017 and 2019", "2017-01-01/2019-12-31", "range")]),
    ("on Wednesday, September 20, 2023", None, "past", [("Wednesday, September 20, 2023", "2023-09-20", "day")]),
    ("on 20 September 2023", None, "past", [("20 September 2023", "2023-09-20", "day")]),
    ("in March 2023", None, "past", [("in March 2023", "2023-03", "month")]),
    ("the summit on Oct. 17-18", D(2023, 9, 1), "future", [("Oct. 17-18", "2023-10-17/2023-10-18", "range")]),
    ("on Sept. 20", D(2023, 9, 25), "past", [("Sept. 20", "2023-09-20", "day")]),
    ("dated 2023-09-20", None, "past", [("2023-09-20", "2023-09-20", "day")]),
    # not times
    ("It paid $2019 million to 1,500 people", None, "past", []),
    ("Officials may march on the capital", D(2023, 9, 1), "past", []),
]


@pytest.mark.parametrize("text, anchor, tense, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_find_times(text, anchor, tense, expected):
    found = [(t.span.expression, t.span.value, t.span.granularity) for t in find_times(text, anchor, tense)]
    assert found == expected


@pytest.mark.parametrize("text", ["in October", "on Wednesday", "last year", "this week", "10 years ago"])
def test_relative_expressions_stay_open_without_an_anchor(text):
    [t] = find_times(text, None, "past")
    assert t.span.is_open and t.span.value is None and t.span.anchor is None
    assert t.span.expression == text


def test_anchor_is_recorded_for_relative_and_not_for_absolute():
    rel, absolute = find_times("in October, unlike in March 2022", D(2023, 7, 25), "future")
    assert rel.span.anchor == D(2023, 7, 25) and rel.span.relative
    assert absolute.span.anchor is None and not absolute.span.relative


def test_mention_offsets_cover_the_expression():
    text = "He said Wednesday he would visit in October."
    for t in find_times(text, D(2023, 9, 20), "future"):
        assert text[t.start:t.end] == t.span.expression


@pytest.mark.parametrize("text, month_day", [
    ("on January 18", (1, 18)), ("on Feb. 29", (2, 29)), ("in October", None), ("on Wednesday", None),
    ("on February 30", None),
])
def test_an_open_date_keeps_its_day_of_the_year(text, month_day):
    span = find_times(text, None, "past")[0].span if find_times(text, None, "past") else None
    assert span is None or span.is_open
    assert (span.month_day if span is not None else None) == month_day
