from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.provenance import find_origin, find_page_date, is_byline, parse_printed_date


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Date:2025-04-18 12:54:14", dt.date(2025, 4, 18)),
        (" date 2023-07-25 Support The Moscow Times!", dt.date(2023, 7, 25)),
        ("Published: March 3, 2023", dt.date(2023, 3, 3)),
        ("Updated 4 Sept 2024", dt.date(2024, 9, 4)),
        ("on July 13, 2009 at 10:50 AM, updated July 29, 2009 at 12:16 PM", dt.date(2009, 7, 13)),
        ("Posted on 2024/02/29", dt.date(2024, 2, 29)),
        ("Date: 2023-02-30", None),  # not a real day
        ("The date of the summit is not yet set.", None),
        ("China's President Xi Jinping made a state visit to Moscow in March 2023.", None),
    ],
)
def test_page_date(line: str, expected: dt.date | None):
    found = find_page_date(["Headline here", line, "Body text."])
    assert (found.date if found else None) == expected


def test_page_date_only_near_the_top():
    lines = ["Some prose line."] * 30 + ["Date: 2024-01-01"]
    assert find_page_date(lines) is None


@pytest.mark.parametrize(
    "text, expected",
    [("2024-02-04", dt.date(2024, 2, 4)), ("Feb. 4, 2024", dt.date(2024, 2, 4)),
     ("4th February 2024", dt.date(2024, 2, 4)), ("sometime soon", None)],
)
def test_parse_printed_date(text: str, expected: dt.date | None):
    assert parse_printed_date(text) == expected


@pytest.mark.parametrize(
    "line, agency, evidence",
    [
        ("MOSCOW (AP) — Russia's President Vladimir Putin said Wednesday", "AP", "MOSCOW (AP) —"),
        ("TAIPEI, Taiwan (AP) — Russian President Vladimir Putin is expected", "AP", "TAIPEI, Taiwan (AP) —"),
        ("LONDON, March 3 (Reuters) - Britain's economy grew", "Reuters", "LONDON, March 3 (Reuters) -"),
        ("(Reuters) - Shares rose on Tuesday", "Reuters", "(Reuters) -"),
        ("By AFP", "AFP", "By AFP"),
        ("By Jane Doe, Associated Press", "AP", "By Jane Doe, Associated Press"),
        ("By Jane Doe", None, None),
        ("Putin told top Chinese diplomat Wang Yi, according to Reuters.", None, None),
        ("The Associated Press contributed to this report.", None, None),
        ("Officials (AP) — said nothing", None, None),  # not a capitalised dateline place
    ],
)
def test_origin_credit(rules, line: str, agency: str | None, evidence: str | None):
    found = find_origin(["Headline", line], rules.agencies)
    assert (found.agency if found else None) == agency
    assert (found.evidence if found else None) == evidence


@pytest.mark.parametrize(
    "line, expected",
    [("By Ana Reyes", True), ("By AFP", True), ("By Jane Doe and John Roe", True),
     ("By accessing this page, you agree to the following", False), ("By the end of the day", False)],
)
def test_is_byline(line: str, expected: bool):
    assert is_byline(line) is expected
