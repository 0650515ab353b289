"""The seed run against the gold: events, conflicts and warnings (issue 4's bars)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.errors import ExitCode

from .conftest import GOLD, SEEDS, SHARED

runner = CliRunner()
SCORER = SHARED / "gold" / "score.py"


def _run(tmp_path, *extra: str) -> tuple[dict, object]:
    if not SEEDS.exists():
        pytest.skip("seeds not available")
    out = tmp_path / "out"
    result = runner.invoke(app, ["check", str(SEEDS), "--out", str(out), "--json", str(out / "run.json"), *extra])
    return json.loads((out / "run.json").read_text()), result


@pytest.fixture(scope="module")
def with_sources(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("seeds"), "--sources", str(SEEDS / "sources.csv"))


@pytest.fixture(scope="module")
def as_published(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("published"))


def test_seed_run_meets_the_event_and_conflict_bars(with_sources, tmp_path):
    if not SCORER.exists():
        pytest.skip("scorer not available")
    path = tmp_path / "run.json"
    path.write_text(json.dumps(with_sources[0]))
    scores = json.loads(subprocess.run([sys.executable, str(SCORER), str(GOLD), str(path), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    assert scores["cluster_pair_recall"] >= 0.9
    assert scores["wrong_merges"] == 0
    assert scores["conflict_recall"] == 1.0
    assert scores["conflict_precision"] >= 0.8
    assert scores["kind_accuracy"] == 1.0


def test_the_stale_last_february_is_a_hard_time_conflict_with_a_date_shift_warning(with_sources):
    run = with_sources[0]
    time_conflicts = [x for x in run["conflicts"] if x["slot"] == "time" and x["kind"] == "hard"]
    assert any({"2023-02", "2022-02"} == {s["value"] for s in x["sides"]} for x in time_conflicts)
    assert any(w["kind"] == "date_shift" and w["article_id"].startswith("003") for w in run["warnings"])


def test_as_published_the_dates_are_flagged_and_no_anchor_makes_a_hard_time_conflict(as_published):
    run, _ = as_published
    kinds = {w["article_id"][:3]: w["kind"] for w in run["warnings"] if w["kind"] != "date_shift"}
    assert kinds["000"] == kinds["003"] == "untrusted_date"
    assert kinds["002"] == kinds["004"] == "no_date"
    claims = {c["id"]: c for c in run["claims"]}
    for x in run["conflicts"]:
        if x["slot"] == "time" and x["kind"] == "hard":
            for i in x["claim_ids"]:
                assert not (claims[i]["time"] or {}).get("relative"), "a relative date was anchored to a page date"


def test_the_report_has_every_section_and_the_schema_is_written(with_sources, tmp_path):
    _, result = _run(tmp_path, "--sources", str(SEEDS / "sources.csv"))
    report = (tmp_path / "out" / "report.md").read_text()
    for heading in ("## Summary", "## Warnings", "## Conflicts", "## Agreements", "## Single-source events"):
        assert heading in report
    schema = json.loads((tmp_path / "out" / "run.schema.json").read_text())
    assert {"claims", "clusters", "conflicts"} <= set(schema["properties"])
    # the schema describes the run as written, the fields worked out from others (negated) included
    written = json.loads((tmp_path / "out" / "run.json").read_text())
    assert set(written["claims"][0]) <= set(schema["$defs"]["Claim"]["properties"])
    assert "conflicts: hard" in result.output


@pytest.mark.parametrize("kind, code", [("hard", ExitCode.CONFLICTS), ("soft", ExitCode.CONFLICTS)])
def test_fail_on_exits_3_when_such_conflicts_exist(tmp_path, kind, code):
    _, result = _run(tmp_path, "--sources", str(SEEDS / "sources.csv"), "--fail-on", kind)
    assert result.exit_code == code
    assert "conflicts found" in result.output


def test_without_fail_on_conflicts_do_not_fail_the_run(with_sources):
    assert with_sources[1].exit_code == ExitCode.OK
