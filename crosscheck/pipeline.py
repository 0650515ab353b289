"""The library's entry points, composing the stages.

ingest → extract (with normalize) → cluster → check → a ``Run``.

Documents are read one by one (files, JSONL lines, WARC records) and go in
batches to an engine (this process, a process pool or Dask) that cleans and
extracts them; a run store, when given, answers for documents already
extracted under the same rules. Clustering and checking then see every claim.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path

from pydantic import Field

from . import __version__
from .check import check
from .claim import SharedParts
from .cluster import Clusterer, label
from .engine import Engine, EngineName, open_engine
from .errors import CrosscheckError
from .extract import Extractor
from .ingest import clean, iter_docs, no_usable_input
from .models import ArticleInfo, InputProblem, Model, SourceInfo
from .progress import Progress, every
from .readers import DEFAULT_MAX_BYTES, RawDoc
from .result import Extraction, Run, RunInputs, json_pieces
from .review import RUN_NAME, ReviewStore, apply_decisions, kept_apart
from .rules import Rules, load_rules
from .sources import load_sources
from .store import DocResult, Store, extraction_version

BATCH = 32  # documents per task: big enough to hide the hand-over, small enough to spread the load


class Execution(Model):
    """How a run executes; none of it changes the result."""

    jobs: int | None = Field(default=1, description="worker processes; None: every core; 1: no pool")
    engine: EngineName = "local"
    scheduler: str | None = Field(default=None, description="Dask scheduler address; None starts a LocalCluster")
    store: Path | None = Field(default=None, description="run store file; None: extract everything afresh")
    full: bool = Field(default=False, description="re-extract every document, ignoring the store (which is "
                                                  "refreshed)")


_extractors: dict[str, Extractor] = {}  # per process: a worker builds the extractor once per rules version


def read_batch(batch: list[tuple[str, RawDoc, SourceInfo | None]], rules: Rules) -> list[DocResult]:
    """Clean and extract a batch of documents; runs in whichever worker the engine picks."""
    extractor = _extractors.get(rules.hash)
    if extractor is None:
        _extractors.clear()
        extractor = _extractors[rules.hash] = Extractor(rules)
    out = []
    for key, doc, meta in batch:
        article, problems = clean(doc, meta, rules)
        out.append(DocResult(key=key, article=ArticleInfo.of(article) if article else None, problems=problems,
                             claims=extractor.article(article) if article else []))
    return out


def _doc_key(doc: RawDoc, meta: SourceInfo | None) -> str:
    """The document as read plus its sidecar entry: either changing makes it a new document."""
    sidecar = meta.model_dump_json() if meta is not None else ""
    return hashlib.sha256(json.dumps([doc.key(), sidecar]).encode("utf-8")).hexdigest()[:24]


def _batches(docs: Iterable[tuple[RawDoc, SourceInfo | None]]) -> Iterator[list[tuple[str, RawDoc, SourceInfo | None]]]:
    batch: list[tuple[str, RawDoc, SourceInfo | None]] = []
    for doc, meta in docs:
        batch.append((_doc_key(doc, meta), doc, meta))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _results(docs: Iterable[tuple[RawDoc, SourceInfo | None]], rules: Rules, engine: Engine,
             store: Store | None, full: bool, progress: Progress | None) -> Iterator[tuple[DocResult, bool]]:
    """Every document's result in input order, and whether it is new: from the store where it has one,
    else from the engine."""
    known: deque[tuple[list[str], dict[str, DocResult]]] = deque()

    def todo() -> Iterator[list[tuple[str, RawDoc, SourceInfo | None]]]:
        for batch in _batches(docs):
            keys = [key for key, _, _ in batch]
            stored = store.lookup(keys, extraction_version(rules.hash)) if store is not None and not full else {}
            known.append((keys, stored))
            yield [item for item in batch if item[0] not in stored]

    tick = every(progress, "extract", None, 25)
    done = 0
    for fresh in engine.map(read_batch, todo(), rules):
        keys, stored = known.popleft()
        by_key = {r.key: r for r in fresh}
        for key in keys:
            yield (stored[key], False) if key in stored else (by_key[key], True)
        done += len(keys)
        tick(done)


def extract_claims(
    paths: Sequence[Path | str],
    sources: Path | str | None = None,
    rules: Rules | Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    execution: Execution | None = None,
    engine: Engine | None = None,
) -> Extraction:
    """Read the articles under ``paths`` and extract their claims (nothing is written but the store).

    ``engine``: one already open (a run keeps it for clustering and checking); else the execution's
    engine is opened and closed here.

    Raises NoUsableInputError when no article could be read, MetadataError for a bad sidecar."""
    loaded = rules if isinstance(rules, Rules) else load_rules(rules)
    execution = execution or Execution()
    meta = load_sources(sources) if sources is not None else None
    # the sidecar often sits beside the articles: it is neither an article nor a skipped file
    exclude = frozenset({Path(sources).resolve()}) if sources is not None else frozenset()
    problems: list[InputProblem] = []
    articles: list[ArticleInfo] = []
    claims = []
    parts = SharedParts()  # over documents: each came back from a worker or the store with its own parts
    fresh: list[DocResult] = []
    store = Store(execution.store) if execution.store is not None else None
    try:
        with nullcontext(engine) if engine is not None else \
                open_engine(execution.engine, execution.jobs, execution.scheduler) as running:
            docs = iter_docs(paths, meta, max_bytes, problems, exclude)
            for result, new in _results(docs, loaded, running, store, execution.full, progress):
                problems.extend(result.problems)
                if result.article is not None:
                    articles.append(result.article)
                    parts.share(result.claims)
                    claims.extend(result.claims)
                if new and store is not None:
                    fresh.append(result)
        if store is not None and articles and fresh:
            store.save(fresh, extraction_version(loaded.hash))
    finally:
        if store is not None:
            store.close()
    if not articles:
        raise no_usable_input(paths, problems)
    return Extraction(version=__version__, rules_hash=loaded.hash, articles=articles, problems=problems,
                      claims=claims)


def run(
    paths: Sequence[Path | str],
    sources: Path | str | None = None,
    rules: Rules | Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    review: ReviewStore | None = None,
    progress: Progress | None = None,
    execution: Execution | None = None,
) -> Run:
    """Run the pipeline over ``paths`` and return the run (nothing is written but the store).

    With a review store, its verdicts are applied: conflicts show them, and sides called different
    events are kept in separate events. With a run store (``execution.store``), documents it holds
    are not extracted again, and the run's events and conflicts are saved to it."""
    loaded = rules if isinstance(rules, Rules) else load_rules(rules)
    decisions = review.latest() if review is not None else {}
    execution = execution or Execution()
    version = extraction_version(loaded.hash)
    # a Dask cluster also judges pairs and checks events, so it stays up for the whole run; a local
    # pool only extracts, and its workers are let go when extraction ends
    staying = open_engine(execution.engine, execution.jobs, execution.scheduler) if execution.engine == "dask" \
        else nullcontext(None)
    with staying as engine:
        extraction = extract_claims(paths, sources=sources, rules=loaded, max_bytes=max_bytes, progress=progress,
                                    execution=execution, engine=engine)
        recall = None
        if execution.store is not None and not execution.full:
            with Store(execution.store) as store:
                recall = store.memory(version)
        clusterer = Clusterer(loaded, extraction.articles, kept_apart(decisions), recall,
                              remember=execution.store is not None, jobs=execution.jobs)
        clusters, of_claim = clusterer.cluster(extraction.claims, progress, engine)
        label(extraction.claims, of_claim)  # in place: the run owns these claims, freshly extracted or stored
        verdicts = check(loaded, extraction.articles, extraction.claims, clusters, progress, engine,
                         clusterer.copy_of)
    inputs = RunInputs(paths=[str(Path(p).resolve()) for p in paths],
                       sources=str(Path(sources).resolve()) if sources is not None else None,
                       rules=loaded.source, max_bytes=max_bytes)
    result = Run(**dict(extraction), clusters=clusters, **dict(verdicts), inputs=inputs,
                 separated=sorted(cid for cid, d in decisions.items() if d.verdict == "different-events"))
    result = apply_decisions(result, decisions)
    if execution.store is not None:
        with Store(execution.store) as store:
            store.save_run(result, version, clusterer.judged)
    return result


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
    from .safewrite import copy_atomic, write_atomic

    last = Path(out_dir) / RUN_NAME
    # the schema of the run as written: with the fields worked out from others (a claim's negated)
    schema = Run.model_json_schema(mode="serialization")
    written = [write_atomic(Path(out_dir) / "report.html", html_report(result)),
               write_atomic(Path(out_dir) / "report.md", markdown_report(result)),
               write_atomic(Path(out_dir) / "claims.csv", claims_csv(result)),
               write_atomic(Path(out_dir) / "conflicts.csv", conflicts_csv(result)),
               write_atomic(last, json_pieces(result)),
               write_atomic(Path(out_dir) / "run.schema.json", json.dumps(schema, indent=2))]
    if json_path is not None and Path(json_path).resolve() != last.resolve():
        written.append(copy_atomic(last, json_path))
    return written
