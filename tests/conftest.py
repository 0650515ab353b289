from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.yaml"
EXAMPLES = ROOT / "examples"

_TR = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def norm(text: str) -> str:
    """The gold's matching normalization (../shared/gold/README.md)."""
    text = unicodedata.normalize("NFKC", text or "").translate(_TR)
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.exists():
        pytest.skip(f"gold not found at {GOLD}")
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rules():
    from crosscheck.rules import load_rules

    return load_rules(ROOT / "rules")


@pytest.fixture(scope="session")
def seed_articles(rules):
    from crosscheck.ingest import ingest

    if not SEEDS.exists():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    result = ingest([SEEDS], sources=SEEDS / "sources.csv", rules=rules)
    return {a.id: a for a in result.articles}


@pytest.fixture(scope="session")
def seed_articles_as_published(rules):
    from crosscheck.ingest import ingest

    if not SEEDS.exists():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    return {a.id: a for a in ingest([SEEDS], rules=rules).articles}


@pytest.fixture
def seed_out(tmp_path_factory) -> Path:
    """A reports folder written by ``crosscheck check`` over the seeds (a fresh one per test: tests
    record review decisions in it)."""
    from typer.testing import CliRunner

    from crosscheck.cli import app

    if not SEEDS.exists():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    out = tmp_path_factory.mktemp("reports")
    result = CliRunner().invoke(app, ["check", str(SEEDS), "--sources", str(SEEDS / "sources.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
