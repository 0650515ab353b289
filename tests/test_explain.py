"""rules explain: which rules read a claim, and the comparison levels that put it in its event."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.errors import CrosscheckError
from crosscheck.explain import explain, rules_fired
from crosscheck.review import load_last_run

from .claimkit import claim

runner = CliRunner()


def test_rules_fired_names_each_slot_rule():
    c = claim("a", "visit", "Xi Jinping", where="moscow", when="2023-03")
    c = c.model_copy(update={"subject": c.subject.model_copy(update={"id": "xi-jinping", "resolved_by": "alias"})})
    uses = {u.slot: u for u in rules_fired(c)}
    assert uses["predicate"].rule == "predicates.yaml: visit"
    assert uses["subject"].rule == "entities.yaml: xi-jinping"
    assert uses["place"].rule == "places.yaml: moscow"
    assert uses["time"].value == "2023-03"
    assert uses["modality"].rule == "(no cue: plain report)"


def test_explain_gives_the_pair_levels_clustering_used(rules):
    claims = [claim("a", "meet", "Vladimir Putin", "Xi Jinping", where="moscow", when="2023-03"),
              claim("b", "meet", "Vladimir Putin", "Xi Jinping", where="russia", when="2023-03-21")]
    claims = [c.model_copy(update={"cluster_id": "ev-1"}) for c in claims]
    e = explain(claims, claims[0].id[:6], rules)
    assert e.event_size == 2 and len(e.pairs) == 1
    pair = e.pairs[0]
    levels = {lv.comparison: lv.level for lv in pair.levels}
    assert levels["participants"] == "same" and levels["place"] == "within" and levels["time"] == "overlap"
    assert pair.score == sum(lv.weight for lv in pair.levels) and pair.direct
    with pytest.raises(CrosscheckError, match="no claim with id"):
        explain(claims, "c-zzz", rules)


def test_rules_explain_on_the_seed_run(seed_out: Path):
    out = seed_out
    run = load_last_run(out)
    target = next(c for c in run.claims if c.evidence.startswith("Xi visited Moscow in March"))
    result = runner.invoke(app, ["rules", "explain", target.id, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "entities.yaml: xi-jinping" in result.output and "places.yaml: moscow" in result.output
    assert "joined directly" in result.output and "participants:" in result.output
    missing = runner.invoke(app, ["rules", "explain", "c-nothing", "--out", str(out)])
    assert missing.exit_code == 1 and "Error: no claim with id 'c-nothing'" in missing.output
