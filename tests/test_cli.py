from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.errors import ExitCode

from .conftest import EXAMPLES, SEEDS

runner = CliRunner()


def _commands(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:  # noqa: ANN001 - a command group
    out = []
    for name, cmd in group.commands.items():
        out.append((*prefix, name))
        if hasattr(cmd, "commands"):
            out += _commands(cmd, (*prefix, name))
    return out


@pytest.mark.parametrize("command", _commands(get_command(app)))
def test_every_command_has_help(command: tuple[str, ...]):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    cmd = get_command(app)
    for name in command:
        cmd = cmd.commands[name]
    assert cmd.help and len(cmd.help.strip()) > 20


def test_check_on_examples_writes_report_and_json(tmp_path: Path):
    out, run_json = tmp_path / "reports", tmp_path / "run.json"
    result = runner.invoke(app, ["check", str(EXAMPLES / "articles"), "--sources", str(EXAMPLES / "sources.csv"),
                                 "--out", str(out), "--json", str(run_json)])
    assert result.exit_code == 0, result.output
    run = json.loads(run_json.read_text())
    assert {a["id"] for a in run["articles"]} >= {"quake-ap", "quake-copy", "deal-close", "trial-denver-post"}
    assert "claims" in run and "conflicts" in run
    assert (out / "report.md").read_text().startswith("# crosscheck consistency report")
    assert "articles" in result.output


def test_check_with_nothing_usable_exits_no_input(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["check", str(tmp_path), "--out", str(tmp_path / "r")])
    assert result.exit_code == ExitCode.NO_INPUT
    assert "skipped: " in result.output and "empty.txt: empty file" in result.output
    assert "Error: no usable article in" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


def test_bad_sidecar_exits_with_every_bad_row(tmp_path: Path):
    side = tmp_path / "s.csv"
    side.write_text("id,published\nquake-ap,yesterday\nquake-copy,2024-02-31\n")
    result = runner.invoke(app, ["check", str(EXAMPLES / "articles"), "--sources", str(side),
                                 "--out", str(tmp_path / "r")])
    assert result.exit_code == ExitCode.BAD_METADATA
    assert f"{side}:2: published 'yesterday' is not a YYYY-MM-DD date" in result.output
    assert f"{side}:3: published '2024-02-31' is not a real date" in result.output


def test_bad_rules_exit_code_and_message(tmp_path: Path):
    (tmp_path / "agencies.yaml").write_text("agencies:\n  - {id: ap, name: AP, aliases: [AP], colour: red}\n")
    result = runner.invoke(app, ["rules", "check", str(tmp_path)])
    assert result.exit_code == ExitCode.BAD_RULES
    assert "agencies[0] (id ap): field 'colour': Extra inputs are not permitted" in result.output


def test_rules_check_on_shipped_rules():
    result = runner.invoke(app, ["rules", "check"])
    assert result.exit_code == 0 and result.output.startswith("OK: ")


def test_ingest_writes_articles_json(tmp_path: Path):
    if not SEEDS.exists():
        pytest.skip("seed corpus missing")
    out = tmp_path / "articles.json"
    result = runner.invoke(app, ["ingest", str(SEEDS), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert len(data["articles"]) == 5
    first = data["articles"][0]
    assert {"sentences", "removed", "page_date", "origin", "published_from"} <= set(first)


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "crosscheck", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("crosscheck ")


def test_traceback_flag_shows_the_exception(tmp_path: Path):
    result = runner.invoke(app, ["--traceback", "check", str(tmp_path / "missing")])
    assert result.exit_code != 0
    assert result.exception is not None and type(result.exception).__name__ == "NoUsableInputError"


def _broken(*args, **kwargs):
    raise ImportError("lxml.html.clean module is now a separate project")


def test_an_internal_error_is_one_line_with_its_own_exit_code(monkeypatch):
    import crosscheck.pipeline

    monkeypatch.setattr(crosscheck.pipeline, "run", _broken)
    result = runner.invoke(app, ["check", str(EXAMPLES / "articles")])
    assert result.exit_code == 70
    assert "Error: internal error (ImportError: lxml.html.clean" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_traceback_flag_shows_an_internal_error(monkeypatch):
    import crosscheck.pipeline

    monkeypatch.setattr(crosscheck.pipeline, "run", _broken)
    result = runner.invoke(app, ["--traceback", "check", str(EXAMPLES / "articles")])
    assert isinstance(result.exception, ImportError)


def test_extract_writes_claims_json(tmp_path: Path):
    out = tmp_path / "claims.json"
    result = runner.invoke(app, ["extract", str(EXAMPLES / "articles"), "--sources", str(EXAMPLES / "sources.csv"),
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["claims"] and {"id", "article_id", "evidence", "predicate", "modality", "time"} <= set(data["claims"][0])
    assert "claim(s)" in result.output


def test_extract_needs_json(tmp_path: Path):
    result = runner.invoke(app, ["extract", str(EXAMPLES / "articles")])
    assert result.exit_code == ExitCode.USAGE


def test_the_run_json_is_written_in_pieces_with_the_models_values(seed_out):
    from crosscheck.result import Run, json_pieces

    run = Run.model_validate_json((seed_out / "run.json").read_text(encoding="utf-8"))
    assert json.loads("".join(json_pieces(run, batch=7))) == json.loads(run.model_dump_json())
