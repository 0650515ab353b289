"""Progress bars: on stderr when it is a terminal, silent when it is not or under --quiet."""

from __future__ import annotations

import io

import pytest

from crosscheck import cli
from crosscheck.extract import extract
from crosscheck.progress import every


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_are_drawn_on_a_terminal(monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
    monkeypatch.setitem(cli._state, "quiet", False)
    term = Terminal()
    show = cli._progress(term)
    assert show is not None
    for n in range(1, 11):
        show("extract", n, 10)
    assert "extract" in term.getvalue() and "/10" in term.getvalue()


@pytest.mark.parametrize("stream, quiet", [(io.StringIO(), False), (Terminal(), True)])
def test_no_bars_off_a_terminal_or_when_quiet(monkeypatch, stream, quiet):
    monkeypatch.setitem(cli._state, "quiet", quiet)
    assert cli._progress(stream) is None


def test_stages_report_every_step_and_the_last(seed_articles, rules):
    calls: list[tuple[str, int, int | None]] = []
    articles = list(seed_articles.values())
    extract(articles, rules, lambda stage, done, total: calls.append((stage, done, total)))
    assert calls[-1] == ("extract", len(articles), len(articles))
    ticks: list[int] = []
    tick = every(lambda s, d, t: ticks.append(d), "x", 7, 3)
    for n in range(1, 8):
        tick(n)
    assert ticks == [3, 6, 7]
