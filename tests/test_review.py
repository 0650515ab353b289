"""Verdicts: stored at once, kept across re-runs, re-opened only when the evidence changes, never lost."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.cluster import cluster_claims
from crosscheck.errors import ExitCode
from crosscheck.findings import Conflict, Side
from crosscheck.result import Run
from crosscheck.review import (
    Decision,
    ReviewError,
    ReviewStore,
    apply_decisions,
    decide,
    kept_apart,
    load_last_run,
    open_conflicts,
)

from .claimkit import claim
from .conftest import EXAMPLES, SEEDS

runner = CliRunner()
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def conflict(cid: str = "cf-1", fingerprint: str = "f1") -> Conflict:
    sides = [Side(value="Moscow", claim_ids=["c-a"], articles=["a"], sources=["A"], modalities=["asserted"]),
             Side(value="Paris", claim_ids=["c-b", "c-c"], articles=["b"], sources=["B"], modalities=["asserted"])]
    return Conflict(id=cid, cluster_id="ev-1", event="x – meet – y", slot="place", kind="hard", reason="r",
                    claim_ids=["c-a", "c-b", "c-c"], sides=sides, fingerprint=fingerprint)


def run_of(*conflicts: Conflict) -> Run:
    return Run(version="t", rules_hash="h", articles=[], conflicts=list(conflicts))


def test_latest_verdict_wins_and_notes_add_up(tmp_path: Path):
    store = ReviewStore.in_folder(tmp_path)
    x = conflict()
    decide(store, x, "confirmed", "first look", now=NOW)
    decide(store, x, None, "asked the desk", now=NOW)
    decide(store, x, "superseded", None, now=NOW)
    latest = store.latest()
    assert latest["cf-1"].verdict == "superseded"
    assert latest["cf-1"].note == "first look / asked the desk"
    assert len(store.decisions()) == 3
    assert latest["cf-1"].sides == [["c-a"], ["c-b", "c-c"]]


@pytest.mark.parametrize("verdict, note, message", [("wrong", None, "unknown verdict"), (None, "", "nothing to")])
def test_bad_decisions_are_refused(tmp_path: Path, verdict, note, message):
    store = ReviewStore.in_folder(tmp_path)
    with pytest.raises(ReviewError, match=message):
        decide(store, conflict(), verdict, note)
    assert store.decisions() == []


def test_verdict_stands_while_the_evidence_is_unchanged_and_reopens_when_it_changes():
    decided = {"cf-1": Decision(conflict_id="cf-1", verdict="false-alarm", fingerprint="f1", decided_at=NOW)}
    same = apply_decisions(run_of(conflict(fingerprint="f1")), decided)
    assert same.conflicts[0].verdict == "false-alarm" and open_conflicts(same) == []
    changed = apply_decisions(run_of(conflict(fingerprint="f2")), decided)
    assert changed.conflicts[0].verdict is None
    assert changed.conflicts[0].reopened == "false-alarm"
    assert open_conflicts(changed) == changed.conflicts


def test_different_events_verdict_splits_the_event(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Xi Jinping", where="moscow", when="2023-03"),
              claim("b", "meet", "Vladimir Putin", "Xi Jinping", where="saint-petersburg", when="2023-03")]
    together, _ = cluster_claims(claims, rules)
    assert together[0].cluster_id == together[1].cluster_id
    d = Decision(conflict_id="cf-9", verdict="different-events", fingerprint="f", decided_at=NOW,
                 sides=[[claims[0].id], [claims[1].id]])
    apart, _ = cluster_claims(claims, rules, apart=kept_apart({"cf-9": d}))
    assert apart[0].cluster_id != apart[1].cluster_id


_KILLER = textwrap.dedent("""
    import datetime as dt, sys
    from crosscheck.findings import Conflict, Side
    from crosscheck.review import ReviewStore, decide
    store = ReviewStore(sys.argv[1])
    side = Side(value="v", claim_ids=["c"], articles=["a"], sources=["s"], modalities=["asserted"])
    for i in range(100000):
        x = Conflict(id=f"cf-{i}", cluster_id="ev", event="e", slot="time", kind="hard", reason="r",
                     claim_ids=["c"], sides=[side, side], fingerprint="f")
        decide(store, x, "confirmed", "n" * 200)
        print(i, flush=True)
""")


def test_killing_the_process_mid_decision_loses_no_completed_decision(tmp_path: Path):
    path = tmp_path / "review.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", _KILLER, str(path)], stdout=subprocess.PIPE, text=True)
    done = -1
    assert proc.stdout is not None
    for line in proc.stdout:
        done = int(line)
        if done >= 40:
            break
    proc.send_signal(signal.SIGKILL)  # in the middle of the next decisions
    proc.wait()
    decisions = ReviewStore(path).decisions()
    ids = [d.conflict_id for d in decisions]
    assert len(ids) >= done + 1
    assert ids == [f"cf-{i}" for i in range(len(ids))]  # every completed one, in order, none half-made


def test_a_rerun_keeps_every_verdict_and_queues_none(seed_out: Path):
    first = load_last_run(seed_out)
    assert len(first.conflicts) >= 3
    given = {x.id: v for x, v in zip(first.conflicts, itertools.cycle(["confirmed", "false-alarm", "superseded"]))}
    for cid, verdict in given.items():
        result = runner.invoke(app, ["review", "decide", cid[:8], "--verdict", verdict, "--out", str(seed_out)])
        assert result.exit_code == 0, result.output
    rerun = runner.invoke(app, ["check", str(SEEDS), "--sources", str(SEEDS / "sources.csv"), "--out", str(seed_out)])
    assert rerun.exit_code == 0
    again = Run.model_validate_json((seed_out / "run.json").read_text())
    assert {x.id: x.verdict for x in again.conflicts} == given
    listed = runner.invoke(app, ["review", "list", "--open", "--out", str(seed_out)])
    assert "No open conflicts" in listed.output


def test_conflict_ids_and_verdicts_survive_an_unrelated_article(seed_out: Path, tmp_path: Path):
    first = load_last_run(seed_out)
    decide(ReviewStore.in_folder(seed_out), first.conflicts[0], "confirmed")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    shutil.copy(EXAMPLES / "articles" / "quake-ap.txt", corpus / "quake-ap.txt")
    result = runner.invoke(app, ["check", str(corpus), "--out", str(seed_out),
                                 "--sources", str(SEEDS / "sources.csv")])
    assert result.exit_code == 0
    again = load_last_run(seed_out)
    assert {x.id for x in first.conflicts} <= {x.id for x in again.conflicts}
    assert next(x for x in again.conflicts if x.id == first.conflicts[0].id).verdict == "confirmed"


def test_review_commands_fail_clearly(tmp_path: Path, seed_out: Path):
    no_run = runner.invoke(app, ["review", "list", "--out", str(tmp_path / "empty")])
    assert no_run.exit_code == ExitCode.ERROR and "no run to review" in no_run.output
    unknown = runner.invoke(app, ["review", "decide", "cf-nope", "--verdict", "confirmed", "--out", str(seed_out)])
    assert unknown.exit_code == ExitCode.ERROR and "no conflict with id 'cf-nope'" in unknown.output
    bad = runner.invoke(app, ["review", "decide", "cf-x", "--verdict", "maybe", "--out", str(seed_out)])
    assert bad.exit_code == ExitCode.USAGE


NEW_REPORT = "Xi in Moscow\n\nChinese President Xi Jinping visited Moscow in March, state media said.\n"


def test_a_new_report_joining_a_side_reopens_the_verdict(seed_out: Path, tmp_path: Path):
    first = load_last_run(seed_out)
    target = next(x for x in first.conflicts if x.slot == "time" and x.kind == "soft")
    decide(ReviewStore.in_folder(seed_out), target, "superseded")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "zz-new.txt").write_text(NEW_REPORT)
    sources = tmp_path / "sources.csv"
    sources.write_text((SEEDS / "sources.csv").read_text().rstrip("\n") + "\nzz-new,State Wire,2023-09-01\n")
    assert runner.invoke(app, ["check", str(corpus), "--sources", str(sources), "--out", str(seed_out)]).exit_code == 0
    again = load_last_run(seed_out)
    x = next(x for x in again.conflicts if x.id == target.id)
    assert "zz-new" in {a for s in x.sides for a in s.articles}
    assert x.verdict is None and x.reopened == "superseded"
    assert x in open_conflicts(again)
    listed = runner.invoke(app, ["review", "list", "--out", str(seed_out)])
    assert "open (was superseded)" in listed.output
