"""`crosscheck eval` gives the numbers of shared/gold/score.py."""

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


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> str:
    if not SEEDS.exists():
        pytest.skip("seeds not available")
    out = tmp_path_factory.mktemp("run")
    result = runner.invoke(app, ["-q", "check", str(SEEDS), "--sources", str(SEEDS / "sources.csv"),
                                 "--out", str(out), "--json", str(out / "run.json")])
    assert result.exit_code == 0, result.output
    return str(out / "run.json")


def test_eval_equals_the_shared_scorer(seed_run):
    if not SCORER.exists():
        pytest.skip("scorer not available")
    theirs = json.loads(subprocess.run([sys.executable, str(SCORER), str(GOLD), seed_run, "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    ours = json.loads(runner.invoke(app, ["eval", str(GOLD), seed_run, "--json"]).output)
    assert {k: ours[k] for k in theirs} == theirs


def test_eval_reports_slot_accuracy(seed_run):
    result = runner.invoke(app, ["eval", str(GOLD), seed_run])
    assert result.exit_code == 0
    assert "slots: time=" in result.output and "modality=" in result.output


def test_eval_names_a_missing_file(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path / "nope.yaml"), str(tmp_path / "run.json")])
    assert result.exit_code == ExitCode.ERROR
    assert "nope.yaml" in result.output and "Error:" in result.output


def test_eval_refuses_a_file_that_is_not_gold(tmp_path):
    (tmp_path / "g.yaml").write_text("just: text\n")
    (tmp_path / "r.json").write_text("{}")
    result = runner.invoke(app, ["eval", str(tmp_path / "g.yaml"), str(tmp_path / "r.json")])
    assert result.exit_code == ExitCode.ERROR and "not a gold file" in result.output


def test_eval_names_a_claim_without_id(tmp_path):
    (tmp_path / "r.json").write_text('{"claims": [{"article_id": "a", "evidence": "x"}]}')
    result = runner.invoke(app, ["eval", str(GOLD), str(tmp_path / "r.json")])
    assert result.exit_code == ExitCode.ERROR and "claims[0] has no 'id'" in result.output
