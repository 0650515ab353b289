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
from .errors import CrosscheckError
from .extract import extract
from .ingest import ingest
from .models import ArticleInfo
from .progress import Progress
from .readers import DEFAULT_MAX_BYTES
from .result import Extraction, Run, RunInputs
from .review import RUN_NAME, ReviewStore, apply_decisions, kept_apart
from .rules import Rules, load_rules


def extract_claims(
    paths: Sequence[Path | str],
    sources: Path | str | None = None,
    rules: Rules | Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> Extraction:
    """Read the articles under ``paths`` and extract their claims (nothing is written)."""
    loaded = rules if isinstance(rules, Rules) else load_rules(rules)
    result = ingest(paths, sources=sources, rules=loaded, max_bytes=max_bytes, progress=progress)
    return Extraction(
        version=__version__,
        rules_hash=loaded.hash,
        articles=[ArticleInfo.of(a) for a in result.articles],
        problems=result.problems,
        claims=extract(result.articles, loaded, progress),
    )


def run(
    paths: Sequence[Path | str],
    sources: Path | str | None = None,
    rules: Rules | Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    review: ReviewStore | None = None,
    progress: Progress | None = None,
) -> Run:
    """Run the pipeline over ``paths`` and return the run (nothing is written).

    With a review store, its verdicts are applied: conflicts show them, and sides called different
    events are kept in separate events."""
    loaded = rules if isinstance(rules, Rules) else load_rules(rules)
    decisions = review.latest() if review is not None else {}
    extraction = extract_claims(paths, sources=sources, rules=loaded, max_bytes=max_bytes, progress=progress)
    claims, clusters = cluster_claims(extraction.claims, loaded, extraction.articles, kept_apart(decisions), progress)
    verdicts = check(loaded, extraction.articles, claims, clusters, progress)
    inputs = RunInputs(paths=[str(Path(p).resolve()) for p in paths],
                       sources=str(Path(sources).resolve()) if sources is not None else None,
                       rules=loaded.source, max_bytes=max_bytes)
    result = Run(**{**dict(extraction), "claims": claims}, clusters=clusters, **dict(verdicts), inputs=inputs,
                 separated=sorted(cid for cid, d in decisions.items() if d.verdict == "different-events"))
    return apply_decisions(result, decisions)


def rerun(previous: Run, rules: Rules | Path | str | None = None, review: ReviewStore | None = None) -> Run:
    """Run again over the inputs of ``previous`` (with other rules, say)."""
    if previous.inputs is None:
        raise CrosscheckError("the last run does not record its inputs", "run `crosscheck check` again")
    i = previous.inputs
    return run(i.paths, sources=i.sources, rules=rules if rules is not None else i.rules, max_bytes=i.max_bytes,
               review=review)


def failing(result: Run, fail_on: str | None) -> bool:
    """Does the run hold conflicts of the kind ``--fail-on`` names (soft also counts hard ones)?"""
    if fail_on is None:
        return False
    kinds = {"hard"} if fail_on == "hard" else {"hard", "soft"}
    return any(x.kind in kinds for x in result.conflicts)


def write_outputs(result: Run, out_dir: Path | str, json_path: Path | str | None = None) -> list[Path]:
    """Write the reports (``report.html``, ``report.md``, ``claims.csv``, ``conflicts.csv``), the run
    (``run.json``, which review and rule previews read) and its JSON Schema into ``out_dir``, and the
    run JSON to ``json_path`` if asked; each atomically."""
    from .csvreport import claims_csv, conflicts_csv
    from .htmlreport import html_report
    from .report import markdown_report
    from .safewrite import write_atomic

    data = result.model_dump_json(indent=2)
    last = Path(out_dir) / RUN_NAME
    written = [write_atomic(Path(out_dir) / "report.html", html_report(result)),
               write_atomic(Path(out_dir) / "report.md", markdown_report(result)),
               write_atomic(Path(out_dir) / "claims.csv", claims_csv(result)),
               write_atomic(Path(out_dir) / "conflicts.csv", conflicts_csv(result)),
               write_atomic(last, data),
               write_atomic(Path(out_dir) / "run.schema.json", json.dumps(Run.model_json_schema(), indent=2))]
    if json_path is not None and Path(json_path).resolve() != last.resolve():
        written.append(write_atomic(json_path, data))
    return written
