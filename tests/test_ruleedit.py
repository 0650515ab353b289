"""rules add: validated, previewed on the last run, written with the file's comments kept, or refused."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.errors import ExitCode, RulesError
from crosscheck.result import Run
from crosscheck.ruleedit import RuleEditError, RuleEditor, candidate_rules, write_change
from crosscheck.rules import load_rules
from crosscheck.rundiff import RunDiff, diff_runs

from .conftest import ROOT

runner = CliRunner()


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    return folder


def only_insertions(old: str, new: str) -> bool:
    ops = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines()).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


def test_alias_of_a_known_entity_is_added_to_its_aliases(rules_dir: Path):
    change = RuleEditor(rules_dir).alias("Vladimir Putin", "V. V. Putin")
    assert "vladimir-putin" in change.summary
    candidate = candidate_rules(change)
    putin = next(e for e in candidate.entities.entities if e.id == "vladimir-putin")
    assert "V. V. Putin" in putin.aliases
    assert (rules_dir / "entities.yaml").read_text() == change.old_text  # nothing written before confirmation
    write_change(change)
    text = (rules_dir / "entities.yaml").read_text()
    assert only_insertions(change.old_text, text) or text.count("\n") == change.old_text.count("\n")
    assert "# People, organisations and groups" in text
    assert "V. V. Putin" in next(e for e in load_rules(rules_dir).entities.entities if e.id == "vladimir-putin").aliases


@pytest.mark.parametrize("canonical, alias, kind, file, section", [
    ("Mohammed bin Salman", "MBS", "person", "entities.yaml", "entities"),
    ("Acme Holdings", "Acme", "org", "entities.yaml", "entities"),
    ("Corral", "Corral town", "place", "places.yaml", "places"),
    ("Ocean Summit", "Global Ocean Summit", "event", "events.yaml", "events"),
])
def test_alias_of_an_unknown_name_creates_an_entry(rules_dir: Path, canonical, alias, kind, file, section):
    change = RuleEditor(rules_dir).alias(canonical, alias, kind)
    write_change(change)
    assert only_insertions(change.old_text, (rules_dir / file).read_text())
    loaded = load_rules(rules_dir)
    entry = {"entities": loaded.entities.entities, "places": loaded.places.places,
             "events": loaded.events.events}[section][-1]
    assert entry.name == canonical and alias in entry.aliases


@pytest.mark.parametrize("canonical, alias, kind, message", [
    ("Xi Jinping", "Putin", None, "already names vladimir-putin"),
    ("Vladimir Putin", "Putin", None, "already a name of vladimir-putin"),
    ("Nobody Known", "N. K.", None, "no rule knows"),
    ("Vladimir Putin", "V. Putin", "place", "not a place"),
    ("Xi Jinping", "  ", None, "must not be empty"),
])
def test_bad_aliases_are_refused(rules_dir: Path, canonical, alias, kind, message):
    before = {p.name: p.read_text() for p in rules_dir.iterdir()}
    with pytest.raises(RuleEditError, match=message):
        RuleEditor(rules_dir).alias(canonical, alias, kind)
    assert {p.name: p.read_text() for p in rules_dir.iterdir()} == before


def test_new_place_lies_within_its_parent_one_level_below(rules_dir: Path):
    change = RuleEditor(rules_dir).place("Zhongnanhai", "Beijing")
    write_change(change)
    place = next(p for p in load_rules(rules_dir).places.places if p.name == "Zhongnanhai")
    assert (place.within, place.kind) == ("beijing", "site")


def test_a_place_already_elsewhere_is_not_moved(rules_dir: Path):
    with pytest.raises(RuleEditError, match="lies within russia"):
        RuleEditor(rules_dir).place("Moscow", "China")
    with pytest.raises(RuleEditError, match="no place 'Atlantis'"):
        RuleEditor(rules_dir).place("Zhongnanhai", "Atlantis")


def test_a_rule_that_breaks_the_rules_is_refused_whole(rules_dir: Path):
    change = RuleEditor(rules_dir).place("Russia", "Moscow")  # Russia has no parent yet: this makes a loop
    with pytest.raises(RulesError, match="loops back"):
        candidate_rules(change)
    assert "within: moscow" not in (rules_dir / "places.yaml").read_text().split("id: russia,")[1].split("\n")[0]


def test_predicate_trigger_added_to_verbs_or_nouns(rules_dir: Path):
    write_change(RuleEditor(rules_dir).predicate("visit", "pay a call on"))
    write_change(RuleEditor(rules_dir).predicate("meet", "tete-a-tete", noun=True))
    preds = {p.id: p for p in load_rules(rules_dir).predicates.predicates}
    assert "pay a call on" in preds["visit"].verbs and "tete-a-tete" in preds["meet"].nouns
    with pytest.raises(RuleEditError, match="already signals visit"):
        RuleEditor(rules_dir).predicate("meet", "pay a call on")


def test_nothing_is_written_when_the_file_changed_after_the_preview(rules_dir: Path):
    change = RuleEditor(rules_dir).alias("Vladimir Putin", "V. V. Putin")
    (rules_dir / "entities.yaml").write_text(change.old_text + "\n# edited meanwhile\n")
    with pytest.raises(RuleEditError, match="changed since the preview"):
        write_change(change)
    assert "V. V. Putin" not in (rules_dir / "entities.yaml").read_text()


ARTICLE_A = """Crown prince meets Macron in Paris

PARIS (Reuters) - Saudi Crown Prince Mohammed bin Salman met French President Emmanuel Macron at the Elysee Palace in Paris on Friday, officials said.
"""
ARTICLE_B = """Saudi heir to visit France

MBS is expected to meet Macron in Paris on June 20, a French official said on Saturday.
"""


def test_alias_changes_the_report_exactly_as_its_preview_said(tmp_path: Path, rules_dir: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text(ARTICLE_A)
    (arts / "b.txt").write_text(ARTICLE_B)
    sources = tmp_path / "sources.csv"
    sources.write_text("id,source,url,published\na,Wire One,,2023-06-17\nb,Gulf Daily,,2023-06-10\n")
    out = tmp_path / "reports"
    args = ["check", str(arts), "--sources", str(sources), "--rules", str(rules_dir), "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    before = Run.model_validate_json((out / "run.json").read_text())

    preview = runner.invoke(app, ["rules", "add", "alias", "Mohammed bin Salman", "MBS", "--kind", "person",
                                  "--out", str(out), "--yes", "--preview-json", str(tmp_path / "preview.json")])
    assert preview.exit_code == 0, preview.output
    said = RunDiff.model_validate_json((tmp_path / "preview.json").read_text())
    assert len(said.merged) == 1 and len(said.conflicts_added) == 1  # the two spellings were two events
    assert "events merged: 1" in preview.output and said.conflicts_added[0].id in preview.output

    assert runner.invoke(app, args).exit_code == 0
    after = Run.model_validate_json((out / "run.json").read_text())
    assert diff_runs(before, after) == said
    assert said.conflicts_added[0].id in {x.id for x in after.conflicts}
    assert "soft time" in json.dumps([(x.kind + " " + x.slot) for x in after.conflicts])


def test_rules_add_without_confirmation_writes_nothing(tmp_path: Path, rules_dir: Path):
    before = (rules_dir / "entities.yaml").read_text()
    result = runner.invoke(app, ["rules", "add", "alias", "Vladimir Putin", "V. V. Putin", "--rules", str(rules_dir),
                                 "--out", str(tmp_path / "none")], input="n\n")
    assert result.exit_code == 0
    assert "no run in" in result.output and "Nothing written" in result.output
    assert (rules_dir / "entities.yaml").read_text() == before


def test_rules_add_refusal_is_one_error_line(tmp_path: Path, rules_dir: Path):
    result = runner.invoke(app, ["rules", "add", "alias", "Xi Jinping", "Putin", "--rules", str(rules_dir),
                                 "--out", str(tmp_path), "--yes"])
    assert result.exit_code == ExitCode.ERROR
    assert "Error: 'Putin' already names vladimir-putin" in result.output
