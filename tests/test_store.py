"""The run store: an incremental run equals a full one, and only new or changed documents are read again."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from crosscheck import pipeline
from crosscheck import store as store_module
from crosscheck.errors import NoUsableInputError
from crosscheck.pipeline import Execution, run
from crosscheck.result import Run
from crosscheck.review import ReviewStore, decide
from crosscheck.rules import load_rules
from crosscheck.store import Store, StoreError, extraction_version

from .conftest import EXAMPLES, ROOT


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the documents the engine was given, run after run."""
    seen: list[str] = []
    real = pipeline.read_batch

    def counting(batch, rules):
        seen.extend(doc.id for _, doc, _ in batch)
        return real(batch, rules)

    monkeypatch.setattr(pipeline, "read_batch", counting)
    return seen


def _same(a: Run, b: Run) -> None:
    assert [(c.id, c.cluster_id) for c in a.claims] == [(c.id, c.cluster_id) for c in b.claims]
    assert [(c.id, c.claim_ids) for c in a.clusters] == [(c.id, c.claim_ids) for c in b.clusters]
    assert [(c.id, c.kind, c.verdict) for c in a.conflicts] == [(c.id, c.kind, c.verdict) for c in b.conflicts]
    assert [x.model_dump() for x in a.agreements] == [x.model_dump() for x in b.agreements]
    assert [w.model_dump() for w in a.warnings] == [w.model_dump() for w in b.warnings]


def test_incremental_runs_in_batches_equal_a_full_run(tmp_path: Path, extracted: list[str]):
    files = sorted((EXAMPLES / "articles").iterdir())
    corpus, store = tmp_path / "corpus", tmp_path / "store.sqlite"
    corpus.mkdir()
    sources = EXAMPLES / "sources.csv"
    batches = [files[:2], files[2:4], files[4:]]
    per_run = []
    for batch in batches:
        for f in batch:
            shutil.copy(f, corpus / f.name)
        before = len(extracted)
        incremental = run([corpus], sources=sources, execution=Execution(store=store))
        per_run.append(extracted[before:])
    # each run read only the documents its batch added
    assert [len(ids) for ids in per_run] == [len({*ids}) for ids in per_run]
    assert not set(per_run[0]) & set(per_run[1]) and not set(per_run[1]) & set(per_run[2])
    full = run([corpus], sources=sources)
    assert incremental.conflicts, "the examples should disagree somewhere, or this compares too little"
    _same(incremental, full)
    with Store(store) as s:  # the runs recalled what the run before them judged
        memory = s.memory(extraction_version(load_rules(ROOT / "rules").hash))
    assert memory is not None and set(memory.fingerprints) == {c.id for c in full.claims}

    # a reviewer's verdict shows the same way in both
    review = ReviewStore(tmp_path / "review.sqlite")
    decide(review, full.conflicts[0], "confirmed")
    before = len(extracted)
    again = run([corpus], sources=sources, review=review, execution=Execution(store=store))
    assert extracted[before:] == []  # nothing new: nothing read again
    _same(again, run([corpus], sources=sources, review=review))
    assert again.conflicts[0].verdict == "confirmed"


def test_changed_article_changed_sidecar_and_changed_rules_are_read_again(tmp_path: Path, extracted: list[str]):
    corpus, store = tmp_path / "corpus", tmp_path / "store.sqlite"
    shutil.copytree(EXAMPLES / "articles", corpus)
    sources = tmp_path / "sources.csv"
    shutil.copy(EXAMPLES / "sources.csv", sources)
    run([corpus], sources=sources, execution=Execution(store=store))
    everything = set(extracted)

    def rerun_reads(**kw) -> set[str]:
        before = len(extracted)
        run([corpus], sources=sources, execution=Execution(store=store, **kw))
        return set(extracted[before:])

    assert rerun_reads() == set()
    quake = corpus / "quake-ap.txt"
    quake.write_text(quake.read_text(encoding="utf-8") + "\nRescuers were still searching on Tuesday.\n",
                     encoding="utf-8")
    assert rerun_reads() == {"quake-ap"}
    sources.write_text(sources.read_text(encoding="utf-8").replace("quake-copy,DailyFeedNow",
                                                                   "quake-copy,Daily Feed Now"), encoding="utf-8")
    assert rerun_reads() == {"quake-copy"}
    assert rerun_reads(full=True) == everything

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "clustering.yaml").write_text((rules / "clustering.yaml").read_text(encoding="utf-8") + "\n# edited\n",
                                           encoding="utf-8")
    assert load_rules(rules).hash != load_rules(ROOT / "rules").hash
    before = len(extracted)
    run([corpus], sources=sources, rules=rules, execution=Execution(store=store))
    assert set(extracted[before:]) == everything
    with Store(store) as s:  # the old rules' rows are gone once the new run completes
        assert s.count(extraction_version(load_rules(ROOT / "rules").hash)) == 0
        assert s.count(extraction_version(load_rules(rules).hash)) > 0


def test_another_crosscheck_version_extracts_again(tmp_path: Path, extracted: list[str],
                                                   monkeypatch: pytest.MonkeyPatch):
    corpus, store = tmp_path / "corpus", tmp_path / "store.sqlite"
    shutil.copytree(EXAMPLES / "articles", corpus)
    sources = EXAMPLES / "sources.csv"
    run([corpus], sources=sources, execution=Execution(store=store))
    first = set(extracted)
    run([corpus], sources=sources, execution=Execution(store=store))
    assert set(extracted[len(first):]) == set()  # nothing changed: nothing read again
    monkeypatch.setattr(store_module, "_code_hash", lambda: "upgraded")  # an upgrade changes the extractor
    before = len(extracted)
    run([corpus], sources=sources, execution=Execution(store=store))
    assert set(extracted[before:]) == first


def test_a_run_that_reads_nothing_writes_no_store(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    store = tmp_path / "out" / "store.sqlite"
    with pytest.raises(NoUsableInputError):
        run([tmp_path / "empty.txt"], execution=Execution(store=store))
    assert not store.exists() and not store.parent.exists()


def test_store_of_another_schema_or_not_sqlite_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "store.sqlite"
    bad.write_text("not a database at all\n" * 100)
    with pytest.raises(StoreError, match="cannot open the run store"):
        Store(bad).save([], "x")
    other = tmp_path / "other.sqlite"
    with Store(other) as s:
        s.save([], "x")
    with sqlite3.connect(other) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="store schema 0"):
        Store(other).lookup(["k"], "x")


def test_the_store_keeps_the_latest_events_and_conflicts(tmp_path: Path):
    store = tmp_path / "store.sqlite"
    result = run([EXAMPLES / "articles"], sources=EXAMPLES / "sources.csv", execution=Execution(store=store))
    with sqlite3.connect(store) as conn:
        clusters = {row[0] for row in conn.execute("SELECT id FROM clusters")}
        conflicts = {row[0] for row in conn.execute("SELECT id FROM conflicts")}
    assert clusters == {c.id for c in result.clusters}
    assert conflicts == {c.id for c in result.conflicts}
