"""The library's entry points, composing the stages.

ingest → extract (with normalize) → (cluster → check, as they land) → a ``Run``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .check import check
from .cluster import cluster_claims
from .extract import extract
from .ingest import ingest
from .models import ArticleInfo
from .readers import DEFAULT_MAX_BYTES
from .result import Extraction, Run
from .rules import Rules, load_rules


def extract_claims(
    paths: Sequence[Path | str],
    sources: Path | str | None = None,
    rules: Rules | Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Extraction:
    """Read the articles under ``paths`` and extract their claims (nothing is written)."""
    loaded = rules if isinstance(rules, Rules) else load_rules(rules)
    result = ingest(paths, sources=sources, rules=loaded, max_bytes=max_bytes)
    return Extraction(
        version=__version__,
        rules_hash=loaded.hash,
        articles=[ArticleInfo.of(a) for a in result.articles],
        problems=result.problems,
        claims=extract(result.articles, loaded),
    )


def run(
    paths: Sequence[Path | str],
    sources: Path | str | None = None,
    rules: Rules | Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Run:
    """Run the pipeline over ``paths`` and return the run (nothing is written)."""
    loaded = rules if isinstance(rules, Rules) else load_rules(rules)
    extraction = extract_claims(paths, sources=sources, rules=loaded, max_bytes=max_bytes)
    claims, clusters = cluster_claims(extraction.claims, loaded, extraction.articles)
    verdicts = check(loaded, extraction.articles, claims, clusters)
    return Run(**{**dict(extraction), "claims": claims}, clusters=clusters, **dict(verdicts))


def failing(result: Run, fail_on: str | None) -> bool:
    """Does the run hold conflicts of the kind ``--fail-on`` names (soft also counts hard ones)?"""
    if fail_on is None:
        return False
    kinds = {"hard"} if fail_on == "hard" else {"hard", "soft"}
    return any(x.kind in kinds for x in result.conflicts)


def write_outputs(result: Run, out_dir: Path | str, json_path: Path | str | None = None) -> list[Path]:
    """Write the Markdown report and the run's JSON Schema into ``out_dir`` (and the run JSON if asked),
    each atomically."""
    from .report import markdown_report
    from .safewrite import write_atomic

    written = [write_atomic(Path(out_dir) / "report.md", markdown_report(result)),
               write_atomic(Path(out_dir) / "run.schema.json", json.dumps(Run.model_json_schema(), indent=2))]
    if json_path is not None:
        written.append(write_atomic(json_path, result.model_dump_json(indent=2)))
    return written
