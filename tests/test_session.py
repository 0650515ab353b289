"""The interactive review: driven through a real pseudo-terminal, and through scripted input."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.review import ReviewStore, load_last_run
from crosscheck.session import review_session

runner = CliRunner()


def test_interactive_review_in_a_pseudo_terminal_records_verdicts(seed_out: Path):
    pexpect = pytest.importorskip("pexpect")
    run = load_last_run(seed_out)
    n = len(run.conflicts)
    assert n >= 3  # the seeds' three gold contradictions, and the tolerated status one if flagged
    kind = [c.kind.upper() for c in run.conflicts]
    child = pexpect.spawn(sys.executable, ["-m", "crosscheck", "review", "--out", str(seed_out)],
                          encoding="utf-8", timeout=60, dimensions=(50, 120))
    child.expect(rf"\[1/{n}\] {kind[0]}")
    child.expect("side A")  # each side's evidence, source and date
    child.expect(r"\[q\]uit > ")
    child.sendline("c")
    child.expect("recorded: confirmed")
    child.expect(rf"\[2/{n}\]")
    child.expect(r"\[q\]uit > ")
    child.sendline("n")
    child.expect("note > ")
    child.sendline("one meeting, two cities named")
    child.expect(r"\[q\]uit > ")
    child.sendline("f")
    child.expect("recorded: false-alarm")
    child.expect(rf"\[3/{n}\] {kind[2]}")
    child.expect(r"\[q\]uit > ")
    child.sendline("q")
    child.expect(f"decided 2, skipped 0, {n - 2} not reached")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    latest = ReviewStore.in_folder(seed_out).latest()
    assert {latest[x.id].verdict for x in run.conflicts[:2]} == {"confirmed", "false-alarm"}
    assert latest[run.conflicts[1].id].note == "one meeting, two cities named"
    assert run.conflicts[2].id not in latest

    # the next session starts where this one stopped
    child = pexpect.spawn(sys.executable, ["-m", "crosscheck", "review", "--out", str(seed_out)],
                          encoding="utf-8", timeout=60)
    child.expect(f"{n - 2} open conflict")
    child.expect(rf"\[1/{n - 2}\] {kind[2]}")
    child.expect(r"\[q\]uit > ")
    child.sendline("s")
    child.expect("recorded: superseded")
    if n > 3:
        child.expect(r"\[q\]uit > ")
        child.sendline("q")
    child.expect("decided 1")
    child.expect(pexpect.EOF)
    assert ReviewStore.in_folder(seed_out).latest()[run.conflicts[2].id].verdict == "superseded"


def test_session_shows_the_event_and_rules_and_handles_odd_keys(seed_out: Path):
    run = load_last_run(seed_out)
    keys = iter(["x", "", "d"])
    shown: list[str] = []

    def ask(prompt: str) -> str:
        try:
            return next(keys)
        except StopIteration:
            raise EOFError from None

    result = review_session(run, ReviewStore.in_folder(seed_out), ask, shown.append)
    text = "\n".join(shown)
    assert "unknown key 'x'" in text and "skipped" in text and "recorded: different-events" in text
    assert "rules: predicate predicates.yaml:" in text and "the event's other claims" in text
    assert "anchored to" in text
    assert (result.decided, result.skipped, result.quit) == (1, 1, True)
    assert ReviewStore.in_folder(seed_out).latest()[run.conflicts[1].id].verdict == "different-events"
