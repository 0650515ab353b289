"""The ``crosscheck`` command: a thin typer shell over the library.

Each command parses its arguments, calls one library function, renders the
result and maps library errors to ``Error: …`` plus an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO, TypeVar

import typer

from . import __version__
from .errors import CrosscheckError, ExitCode, NoUsableInputError
from .models import InputProblem
from .progress import Progress

app = typer.Typer(
    name="crosscheck", no_args_is_help=True, add_completion=False,
    help="Cross-check the claims news articles make: where sources agree, where they contradict.",
)
rules_app = typer.Typer(no_args_is_help=True, help="Validate, grow and explain the normalization rules.")
app.add_typer(rules_app, name="rules")
rules_add_app = typer.Typer(no_args_is_help=True, help="Add a rule: validated, previewed on the last run, "
                                                       "written on confirmation with the file's comments kept.")
rules_app.add_typer(rules_add_app, name="add")
review_app = typer.Typer(invoke_without_command=True)
app.add_typer(review_app, name="review")

_state = {"traceback": False, "quiet": False}
T = TypeVar("T")

Paths = Annotated[list[Path], typer.Argument(
    help="Article files or folders (.txt .md .html .jsonl .jsonl.gz .warc .warc.gz).")]
SourcesOpt = Annotated[
    Path | None, typer.Option("--sources", help="Metadata sidecar (CSV or JSONL: id,source,url,published).")
]
RulesOpt = Annotated[Path | None, typer.Option("--rules", help="Rules folder (default: the shipped rules/).")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Skip article files larger than this.")]
OutOpt = Annotated[Path, typer.Option("--out", help="The reports folder of the run (where check wrote).")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Write without asking (for scripts).")]
JobsOpt = Annotated[int | None, typer.Option(
    "--jobs", "-j", help="Worker processes for reading and extraction (default: every core; 1: no pool).")]


class EngineChoice(StrEnum):
    local = "local"
    dask = "dask"


EngineOpt = Annotated[EngineChoice, typer.Option(
    "--engine", help="local: this machine; dask: a Dask cluster (pip install 'crosscheck[dask]').")]
SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a LocalCluster.")]


class FailOn(StrEnum):
    hard = "hard"
    soft = "soft"


PROGRESS_DELAY = 2.0  # seconds before a bar shows: short runs stay quiet


def _progress(stream: TextIO | None = None) -> Progress | None:
    """Progress bars on stderr (tqdm), or None when stderr is not a terminal or under --quiet."""
    stream = stream or sys.stderr
    if _state["quiet"] or not stream.isatty():
        return None
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def show(stage: str, done: int, total: int | None) -> None:
        bar = bars.get(stage)
        if bar is None:
            for other in bars.values():
                other.close()
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="", file=stream, delay=PROGRESS_DELAY,
                                     leave=False, dynamic_ncols=True)
        bar.update(done - bar.n)
        if total is not None and done >= total:
            bar.close()

    return show


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _print_problems(problems: list[InputProblem]) -> None:
    if _state["quiet"]:
        return
    for p in problems:
        _err(f"{p.severity}: {p}")


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one 'Error: …' line and the matching exit code; anything else is an
    internal error, reported the same way."""
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
    except (typer.Exit, typer.Abort):
        raise
    except Exception as e:  # a bug or a broken installation: still one line, the traceback on request
        if _state["traceback"]:
            raise
        _err(f"Error: internal error ({type(e).__name__}: {e}) — a bug or a broken installation, not your "
             "input; rerun with --traceback to see where, and report it")
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


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
    jobs: JobsOpt = None,
    engine: EngineOpt = EngineChoice.local,
    scheduler: SchedulerOpt = None,
) -> None:
    """Extract the claims each article makes; write them as JSON.

    Example: crosscheck extract articles/ --sources sources.csv --json claims.json
    """
    from .pipeline import Execution, extract_claims
    from .safewrite import write_atomic

    execution = Execution(jobs=jobs, engine=engine.value, scheduler=scheduler)
    result = _call(lambda: extract_claims(paths, sources=sources, rules=rules, max_bytes=max_bytes,
                                          progress=_progress(), execution=execution))
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
    store: Annotated[Path | None, typer.Option(
        "--store", help="Run store: documents already extracted under the same rules are not read again "
                        "(default: store.sqlite in --out).")] = None,
    full: Annotated[bool, typer.Option("--full", help="Ignore the store: re-extract every document.")] = False,
    jobs: JobsOpt = None,
    engine: EngineOpt = EngineChoice.local,
    scheduler: SchedulerOpt = None,
) -> None:
    """Run the pipeline and write the consistency report into --out.

    Example: crosscheck check articles/ --sources sources.csv --out reports/ --json run.json --fail-on hard
    """
    from .pipeline import Execution, failing, run, write_outputs
    from .report import summary_table
    from .review import ReviewStore
    from .store import STORE_NAME

    execution = Execution(jobs=jobs, engine=engine.value, scheduler=scheduler, store=store or out / STORE_NAME,
                          full=full)
    result = _call(lambda: run(paths, sources=sources, rules=rules, max_bytes=max_bytes,
                               review=ReviewStore.in_folder(out), progress=_progress(), execution=execution))
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


class VerdictChoice(StrEnum):
    confirmed = "confirmed"
    false_alarm = "false-alarm"
    different_events = "different-events"
    superseded = "superseded"


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except KeyboardInterrupt:
        raise EOFError from None


@review_app.callback()
def review(ctx: typer.Context, out: OutOpt = Path("reports")) -> None:
    """Review the last run's flagged conflicts; without a subcommand, an interactive session, keyboard only.

    Open conflicts come one by one, strongest first: each side's evidence, source, date, anchor and rules,
    and the event's other claims. Keys: c confirmed, f false alarm, d different events, s superseded, n note,
    Enter skip, q quit. Each verdict is saved at once.

    Example: crosscheck review --out reports/
    """
    if ctx.invoked_subcommand is not None:
        return
    from .review import ReviewStore, load_last_run
    from .session import review_session

    last = _call(lambda: load_last_run(out))
    _call(lambda: review_session(last, ReviewStore.in_folder(out), ask=_ask, show=typer.echo))


@review_app.command("list")
def review_list(
    out: OutOpt = Path("reports"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the conflicts as JSON.")] = False,
    open_only: Annotated[bool, typer.Option("--open", help="Only conflicts with no verdict yet.")] = False,
) -> None:
    """List the last run's conflicts in rank order, with their verdicts.

    Example: crosscheck review list --out reports/ --open
    """
    import json

    from .report import conflict_table
    from .review import load_last_run, open_conflicts

    last = _call(lambda: load_last_run(out))
    shown = open_conflicts(last) if open_only else last.conflicts
    if as_json:
        typer.echo(json.dumps([x.model_dump(mode="json") for x in shown], indent=2))
    elif shown:
        typer.echo(conflict_table(shown))
    else:
        typer.echo("No open conflicts." if open_only else "No conflicts.")


@review_app.command("decide")
def review_decide(
    conflict_id: Annotated[str, typer.Argument(help="The conflict's id (a unique prefix is enough).")],
    verdict: Annotated[VerdictChoice, typer.Option("--verdict", help="What the reviewer found.")],
    note: Annotated[str | None, typer.Option("--note", help="A note kept with the verdict.")] = None,
    out: OutOpt = Path("reports"),
) -> None:
    """Record a verdict on one conflict of the last run.

    Example: crosscheck review decide cf-1a2b3c --verdict different-events --note "two trips" --out reports/
    """
    from .review import ReviewStore, decide, find_conflict, load_last_run

    def go() -> str:
        conflict = find_conflict(load_last_run(out), conflict_id)
        decide(ReviewStore.in_folder(out), conflict, verdict.value, note)
        return conflict.id

    cid = _call(go)
    if not _state["quiet"]:
        typer.echo(f"recorded {verdict.value} on {cid}")


def _add_rule(propose: Callable, rules: Path | None, out: Path, yes: bool, preview_json: Path | None) -> None:
    """Validate, preview on the last run, confirm, write: what every ``rules add`` does."""
    from .ruleedit import plan_change, write_change
    from .rundiff import render_diff
    from .safewrite import write_atomic

    plan = _call(lambda: plan_change(propose, out, rules))
    effect = plan.effect
    if preview_json is not None and effect is not None:
        _call(lambda: write_atomic(preview_json, effect.model_dump_json(indent=2)))
    typer.echo(plan.change.summary)
    typer.echo(plan.change.text_diff().rstrip())
    if plan.effect is None:
        typer.echo(f"(no run in {out}: its effect cannot be previewed; run `crosscheck check --out {out}` first)")
    else:
        typer.echo(f"Effect on the last run ({plan.last_run}):")
        typer.echo(render_diff(plan.effect))
    if not yes and not typer.confirm("Write this rule?", default=False):
        typer.echo("Nothing written.")
        return
    path = _call(lambda: write_change(plan.change))
    typer.echo(f"wrote {path}; re-run `crosscheck check` to update the report")


class AliasKindChoice(StrEnum):
    person = "person"
    org = "org"
    group = "group"
    place = "place"
    event = "event"


class PlaceKindChoice(StrEnum):
    country = "country"
    region = "region"
    city = "city"
    site = "site"


RulesDirOpt = Annotated[Path | None, typer.Option(
    "--rules", help="Rules folder to change (default: the one the last run used).")]
PreviewOpt = Annotated[Path | None, typer.Option(
    "--preview-json", help="Also write the preview (events merged/split, conflicts in/out) here as JSON.")]


@rules_add_app.command("alias")
def rules_add_alias(
    canonical: Annotated[str, typer.Argument(help="The name the rules know (or will know) it by.")],
    alias: Annotated[str, typer.Argument(help="Another name articles use for it.")],
    kind: Annotated[AliasKindChoice | None, typer.Option(
        "--kind", help="What it is; needed only when no rule knows CANONICAL yet.")] = None,
    rules: RulesDirOpt = None, out: OutOpt = Path("reports"), yes: YesOpt = False, preview_json: PreviewOpt = None,
) -> None:
    """Say that ALIAS names what CANONICAL names (a person, organisation, group, place or named event).

    Example: crosscheck rules add alias "Belt and Road Forum" "New Silk Road summit" --kind event
    """
    _add_rule(lambda ed: ed.alias(canonical, alias, kind.value if kind else None), rules, out, yes, preview_json)


@rules_add_app.command("place")
def rules_add_place(
    name: Annotated[str, typer.Argument(help="The place.")],
    within: Annotated[str, typer.Option("--within", help="The place it lies within (name or id).")],
    kind: Annotated[PlaceKindChoice | None, typer.Option(
        "--kind", help="country, region, city or site (default: one level below its parent).")] = None,
    rules: RulesDirOpt = None, out: OutOpt = Path("reports"), yes: YesOpt = False, preview_json: PreviewOpt = None,
) -> None:
    """Say that NAME lies within another place (a new place, or a known one with no parent yet).

    Example: crosscheck rules add place "Zhongnanhai" --within Beijing --kind site
    """
    _add_rule(lambda ed: ed.place(name, within, kind.value if kind else None), rules, out, yes, preview_json)


@rules_add_app.command("predicate")
def rules_add_predicate(
    canonical: Annotated[str, typer.Argument(help="The predicate's id or label (a new one is created).")],
    trigger: Annotated[str, typer.Argument(help="A word or phrase that signals it: a verb in base form.")],
    noun: Annotated[bool, typer.Option("--noun", help="The trigger is a noun (singular), not a verb.")] = False,
    rules: RulesDirOpt = None, out: OutOpt = Path("reports"), yes: YesOpt = False, preview_json: PreviewOpt = None,
) -> None:
    """Say that TRIGGER signals the predicate CANONICAL.

    Example: crosscheck rules add predicate visit "pay a call on"
    """
    _add_rule(lambda ed: ed.predicate(canonical, trigger, noun), rules, out, yes, preview_json)


@rules_app.command("explain")
def rules_explain(
    claim_id: Annotated[str, typer.Argument(help="A claim id from the last run (a unique prefix is enough).")],
    out: OutOpt = Path("reports"),
) -> None:
    """Show which rules read a claim, and why it shares its event with other claims (the comparison levels).

    Example: crosscheck rules explain c-1a2b3c4d5e6f --out reports/
    """
    from .explain import explain
    from .report import explanation_text
    from .review import load_last_run
    from .rules import load_rules

    def go() -> str:
        last = load_last_run(out)
        rules = load_rules(last.inputs.rules if last.inputs is not None else None)
        return explanation_text(explain(last.claims, claim_id, rules, last.articles))

    typer.echo(_call(go))


def main() -> None:
    app()
