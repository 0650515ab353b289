from __future__ import annotations

import pytest

from crosscheck.sentences import split_line


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_line(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He met U.S. officials on Monday. Talks ended.", ["He met U.S. officials on Monday.", "Talks ended."]),
        ("They met in St. Petersburg on Wednesday.", ["They met in St. Petersburg on Wednesday."]),
        ("The summit runs Oct. 17-18 in Beijing. It is the third.",
         ["The summit runs Oct. 17-18 in Beijing.", "It is the third."]),
        ('"Everything is progressing, developing. We are reaching new frontiers," Putin said.',
         ['"Everything is progressing, developing. We are reaching new frontiers," Putin said.']),
        ("“We agree. We will go,” he said. Then he left.", ["“We agree. We will go,” he said.", "Then he left."]),
        ("He flew to the U.S. The talks ended.", ["He flew to the U.S.", "The talks ended."]),
        ("Dr. Jane Smith and Gov. Tim Walz spoke.", ["Dr. Jane Smith and Gov. Tim Walz spoke."]),
        ("John F. Kennedy was shot in 1963.", ["John F. Kennedy was shot in 1963."]),
        ("Prices rose 2.5 percent. Wages fell.", ["Prices rose 2.5 percent.", "Wages fell."]),
        ("Is it over? No. It goes on!", ["Is it over?", "No.", "It goes on!"]),
        ("Putin 'Intends' to Visit China in October", ["Putin 'Intends' to Visit China in October"]),
        ("  • In St Petersburg, Putin tells Wang he will attend", ["In St Petersburg, Putin tells Wang he will attend"]),
        ("- Stamford Road collision sends motorcyclist flying", ["Stamford Road collision sends motorcyclist flying"]),
        ("It happened at 4 a.m. near the coast.", ["It happened at 4 a.m. near the coast."]),
    ],
)
def test_split_line(text: str, expected: list[str]):
    assert _split(text) == expected


def test_an_unclosed_quote_does_not_swallow_a_long_paragraph():
    text = '"' + "This is a long sentence about the floods. " * 15 + "End."
    assert len(_split(text)) > 1
