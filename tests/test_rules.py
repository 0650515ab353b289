from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.errors import RulesError
from crosscheck.rules import default_rules_dir, load_rules

from .conftest import ROOT


def test_shipped_rules_load():
    rules = load_rules(ROOT / "rules")
    assert len(rules.boilerplate.line_rules) >= 10
    assert {a.name for a in rules.agencies.agencies} >= {"AP", "AFP", "Reuters"}
    assert len(rules.hash) == 16


def test_default_rules_dir_is_the_shipped_folder():
    assert default_rules_dir().resolve() == (ROOT / "rules").resolve()


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_all_problems_are_reported_at_once_with_file_entry_and_field(tmp_path: Path):
    _write(tmp_path, "boilerplate.yaml", """
line_rules:
  - {id: ok-rule, label: fine, pattern: '^fine$'}
  - {id: bad-regex, label: broken, pattern: '(unclosed'}
  - {id: typo, label: typo, pattern: 'x', acton: drop}
  - {id: no-matcher, label: nothing to match}
  - {id: ok-rule, label: again, pattern: 'y'}
""")
    _write(tmp_path, "agencies.yaml", "agencies:\n  - {id: ap, name: AP, aliases: []}\n")
    with pytest.raises(RulesError) as e:
        load_rules(tmp_path)
    problems = e.value.problems
    bp, ag = tmp_path / "boilerplate.yaml", tmp_path / "agencies.yaml"
    assert f"{bp}: line_rules[4] (id ok-rule): field 'id': duplicate of line_rules[0]" in problems
    assert any(p.startswith(f"{bp}: line_rules[1] (id bad-regex): field 'pattern': not a valid regular expression")
               for p in problems)
    assert f"{bp}: line_rules[2] (id typo): field 'acton': Extra inputs are not permitted" in problems
    assert f"{bp}: line_rules[3] (id no-matcher): give a pattern or phrases" in problems
    assert any(p.startswith(f"{ag}: agencies[0] (id ap): field 'aliases'") for p in problems)
    assert len(problems) == 5


def test_yaml_syntax_error_names_the_line(tmp_path: Path):
    _write(tmp_path, "agencies.yaml", "agencies:\n  - {id: ap, name: AP\n")
    with pytest.raises(RulesError) as e:
        load_rules(tmp_path)
    assert e.value.problems[0].startswith(f"{tmp_path / 'agencies.yaml'}:3: not valid YAML")


def test_unknown_rule_file_and_empty_folder(tmp_path: Path):
    with pytest.raises(RulesError, match="no rule files"):
        load_rules(tmp_path)
    _write(tmp_path, "agencys.yaml", "agencies: []\n")
    with pytest.raises(RulesError, match="agencys.yaml: unknown rule file"):
        load_rules(tmp_path)


def test_yaml_is_loaded_safely(tmp_path: Path):
    _write(tmp_path, "agencies.yaml", "agencies: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(RulesError, match="not valid YAML"):
        load_rules(tmp_path)


def test_rules_hash_changes_with_content(tmp_path: Path):
    _write(tmp_path, "agencies.yaml", "agencies: [{id: ap, name: AP, aliases: [AP]}]\n")
    first = load_rules(tmp_path).hash
    _write(tmp_path, "agencies.yaml", "agencies: [{id: ap, name: AP, aliases: [AP, Associated Press]}]\n")
    assert load_rules(tmp_path).hash != first


def test_shipped_normalization_rules_load():
    rules = load_rules(ROOT / "rules")
    names = {e.name for e in rules.entities.entities}
    assert {"Vladimir Putin", "Xi Jinping", "Wang Yi"} <= names
    places = {p.id: p for p in rules.places.places}
    assert places["kremlin"].within == "moscow" and places["moscow"].within == "russia"
    assert {"St Petersburg", "St. Petersburg"} <= set(places["saint-petersburg"].aliases)
    assert {p.id for p in rules.predicates.predicates} >= {"visit", "meet", "kill", "arrest", "acquire"}
    assert any("Belt and Road Summit" in e.aliases for e in rules.events.events)
    assert {c.modality for c in rules.cues.cues} >= {"planned", "expected", "hedged", "negated"}


def test_place_hierarchy_errors_name_the_entry_and_field(tmp_path: Path):
    (tmp_path / "places.yaml").write_text(
        "places:\n"
        "  - {id: a, name: A, within: b}\n"
        "  - {id: b, name: B, within: a}\n"
        "  - {id: c, name: C, within: nowhere}\n"
    )
    with pytest.raises(RulesError) as e:
        load_rules(tmp_path)
    text = str(e.value)
    assert "places[0] (id a): field 'within': the chain loops back on itself" in text
    assert "places[2] (id c): field 'within': no place has id 'nowhere'" in text


def test_predicate_and_cue_errors_are_all_reported(tmp_path: Path):
    (tmp_path / "predicates.yaml").write_text("predicates:\n  - {id: x, label: X}\n  - {id: Bad Id, label: Y, verbs: [y]}\n")
    (tmp_path / "cues.yaml").write_text("cues:\n  - {id: c, label: C, phrases: [maybe], scope: sideways, modality: hedged}\n")
    with pytest.raises(RulesError) as e:
        load_rules(tmp_path)
    text = str(e.value)
    assert "predicates.yaml: predicates[0] (id x): give verbs or nouns" in text
    assert "predicates[1] (id Bad Id): field 'id'" in text
    assert "cues.yaml: cues[0] (id c): field 'scope'" in text
