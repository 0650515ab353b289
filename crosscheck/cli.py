"""The ``crosscheck`` command: a thin typer shell over the library.

Each command parses its arguments, calls one library function, renders the
result and maps library errors to ``Error: …`` plus an exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from . import __version__
from .errors import CrosscheckError, ExitCode, NoUsableInputError
from .models import InputProblem

app = typer.Typer(
    name="crosscheck", no_args_is_help=True, add_completion=False,
    help="Cross-check the claims news articles make: where sources agree, where they contradict.",
)
rules_app = typer.Typer(no_args_is_help=True, help="Validate and manage normalization rules.")
app.add_typer(rules_app, name="rules")

_state = {"traceback": False, "quiet": False}
T = TypeVar("T")

Paths = Annotated[list[Path], typer.Argument(help="Article files or folders (.txt .md .html .jsonl).")]
SourcesOpt = Annotated[
    Path | None, typer.Option("--sources", help="Metadata sidecar (CSV or JSONL: id,source,url,published).")
]
RulesOpt = Annotated[Path | None, typer.Option("--rules", help="Rules folder (default: the shipped rules/).")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Skip article files larger than this.")]


class FailOn(StrEnum):
    hard = "hard"
    soft = "soft"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _print_problems(problems: list[InputProblem]) -> None:
    if _state["quiet"]:
        return
    for p in problems:
        _err(f"{p.severity}: {p}")


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one 'Error: …' line and the matching exit code."""
    try:
        yield
    except CrosscheckError as e:
        if _state["traceback"]:
            raise
        if isinstance(e, NoUsableInputError):
            _print_problems(e.problems)
        hint = f" — {e.hint}" if e.hint else ""
        _err(f"Error: {e.message}{hint}")
        raise typer.Exit(int(e.exit_code)) from None


def _call(fn: Callable[[], T]) -> T:
    with _errors():
        return fn()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crosscheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    traceback: Annotated[bool, typer.Option("--traceback", help="Show Python tracebacks on errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    _state["traceback"], _state["quiet"] = traceback, quiet


@app.command()
def ingest(
    paths: Paths,
    json_out: Annotated[Path, typer.Option("--json", help="Write the articles here as JSON.")],
    sources: SourcesOpt = None,
    rules: RulesOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
) -> None:
    """Read and clean articles; write them with sentences and removed lines as JSON.

    Example: crosscheck ingest articles/ --sources sources.csv --json articles.json
    """
    from .ingest import ingest as run_ingest
    from .rules import load_rules
    from .safewrite import write_atomic

    def go() -> int:
        result = run_ingest(paths, sources=sources, rules=load_rules(rules), max_bytes=max_bytes)
        _print_problems(result.problems)
        write_atomic(json_out, result.model_dump_json(indent=2))
        return len(result.articles)

    n = _call(go)
    if not _state["quiet"]:
        _err(f"{n} article(s) written to {json_out}")


@app.command()
def extract(
    paths: Paths,
    json_out: Annotated[Path, typer.Option("--json", help="Write the claims here as JSON.")],
    sources: SourcesOpt = None,
    rules: RulesOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
) -> None:
    """Extract the claims each article makes; write them as JSON.

    Example: crosscheck extract articles/ --sources sources.csv --json claims.json
    """
    from .pipeline import extract_claims
    from .safewrite import write_atomic

    result = _call(lambda: extract_claims(paths, sources=sources, rules=rules, max_bytes=max_bytes))
    _print_problems(result.problems)
    _call(lambda: write_atomic(json_out, result.model_dump_json(indent=2)))
    if not _state["quiet"]:
        _err(f"{len(result.claims)} claim(s) from {len(result.articles)} article(s) written to {json_out}")


@app.command()
def check(
    paths: Paths,
    sources: SourcesOpt = None,
    rules: RulesOpt = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the reports.")] = Path("reports"),
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the run as JSON here.")] = None,
    max_bytes: MaxBytesOpt = 5_000_000,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help="Exit 3 when the run finds conflicts of this kind (soft: any conflict).")] = None,
) -> None:
    """Run the pipeline and write the consistency report into --out.

    Example: crosscheck check articles/ --sources sources.csv --out reports/ --json run.json --fail-on hard
    """
    from .pipeline import failing, run, write_outputs
    from .report import summary_table

    result = _call(lambda: run(paths, sources=sources, rules=rules, max_bytes=max_bytes))
    _print_problems(result.problems)
    written = _call(lambda: write_outputs(result, out, json_out))
    if not _state["quiet"]:
        typer.echo(summary_table(result))
        for path in written:
            typer.echo(f"wrote {path}")
    if failing(result, fail_on.value if fail_on else None):
        typer.echo(f"Error: {fail_on.value if fail_on else ''} conflicts found (--fail-on)", err=True)
        raise typer.Exit(ExitCode.CONFLICTS)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (YAML, shared/gold/README.md format).")],
    run_json: Annotated[Path, typer.Argument(help="A run written by `crosscheck check --json`.")],
    level: Annotated[str, typer.Option("--level", help="Score core gold only, or all.")] = "core",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Score a run against gold: the numbers of shared/gold/score.py, plus slot accuracy.

    Example: crosscheck eval ../shared/gold/seeds.yaml run.json
    """
    import json

    from .evaluate import score

    if level not in ("core", "all"):
        _err("Error: --level must be core or all")
        raise typer.Exit(2)
    result = _call(lambda: score(gold, run_json, level))
    slots = {f"{k}_accuracy": v.accuracy for k, v in result.slots.items()}
    slots |= {f"{k}_checked": v.total for k, v in result.slots.items()}
    if as_json:
        typer.echo(json.dumps(result.values | slots))
        return
    for k, v in result.values.items():
        typer.echo(f"{k}: {v}")
    for w in result.wrong_merges[:10]:
        typer.echo(f"wrong merge: {w}")
    typer.echo(" ".join(f"{k}={v}" for k, v in result.values.items() if k != "found"))
    typer.echo("slots: " + " ".join(f"{k}={v.accuracy} ({v.right}/{v.total})" for k, v in result.slots.items()))
    for v in result.slots.values():
        for miss in v.misses:
            typer.echo(f"  miss {miss}")


@rules_app.command("check")
def rules_check(
    directory: Annotated[
        Path | None, typer.Argument(help="Rules folder (default: the shipped rules/).")
    ] = None,
) -> None:
    """Validate every rule file; list every problem at once.

    Example: crosscheck rules check rules/
    """
    from .rules import load_rules

    loaded = _call(lambda: load_rules(directory))
    counts = {
        "boilerplate line rules": len(loaded.boilerplate.line_rules),
        "boilerplate strip rules": len(loaded.boilerplate.strip_rules),
        "agencies": len(loaded.agencies.agencies),
        "entities": len(loaded.entities.entities),
        "places": len(loaded.places.places),
        "named events": len(loaded.events.events),
        "predicates": len(loaded.predicates.predicates),
        "modality and status cues": len(loaded.cues.cues),
        "quantity roles": len(loaded.quantities.roles),
        "clustering comparison levels": sum(len(v) for v in loaded.clustering.comparisons.values()),
    }
    typer.echo(f"OK: {loaded.source} (rules hash {loaded.hash})")
    for kind, count in counts.items():
        typer.echo(f"  {kind}: {count}")


def main() -> None:
    app()
