"""Engines: a process pool and a Dask LocalCluster give exactly what one process gives, in input order."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.engine import Engine, EngineError, PoolEngine, open_engine
from crosscheck.errors import ExitCode
from crosscheck.pipeline import Execution, run

from .conftest import EXAMPLES


def _slow_square(batch: list[int], delay: float) -> list[int]:
    time.sleep(delay * (10 - batch[0]))  # early batches finish last
    return [x * x for x in batch]


def test_pool_yields_in_input_order_while_reading_lazily():
    read: list[int] = []

    def batches():
        for i in range(10):
            read.append(i)
            yield [i]

    with PoolEngine(2) as engine:
        results = engine.map(_slow_square, batches(), 0.01)
        first = next(results)
        assert first == [0]
        assert len(read) < 10  # the input is not drained before the first result
        assert [first, *results] == [[i * i] for i in range(10)]


@pytest.mark.parametrize("kwargs,message", [
    ({"jobs": 0}, "--jobs must be 1 or more"),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "--scheduler needs --engine dask"),
])
def test_bad_engine_settings_are_clear_errors(kwargs: dict, message: str):
    with pytest.raises(EngineError, match=message):
        open_engine(**kwargs)


def test_one_job_needs_no_pool():
    assert type(open_engine(jobs=1)) is Engine


def _signature(result) -> tuple:
    return ([c.model_dump() for c in result.claims], [c.model_dump() for c in result.clusters],
            [c.model_dump() for c in result.conflicts], [a.model_dump() for a in result.articles],
            [p.model_dump() for p in result.problems])


@pytest.fixture(scope="module")
def local_run():
    return run([EXAMPLES / "articles"], sources=EXAMPLES / "sources.csv")


def test_process_pool_run_equals_local_run(local_run):
    pooled = run([EXAMPLES / "articles"], sources=EXAMPLES / "sources.csv", execution=Execution(jobs=2))
    assert _signature(pooled) == _signature(local_run)


def test_dask_local_cluster_run_equals_local_run(local_run):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    on_dask = run([EXAMPLES / "articles"], sources=EXAMPLES / "sources.csv",
                  execution=Execution(engine="dask", jobs=2))
    assert _signature(on_dask) == _signature(local_run)


def test_cli_check_with_jobs_and_a_stray_scheduler(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["-q", "check", str(EXAMPLES / "articles"), "--sources", str(EXAMPLES / "sources.csv"),
                             "--out", str(tmp_path / "r"), "--jobs", "2"])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "r" / "store.sqlite").exists()
    bad = runner.invoke(app, ["check", str(EXAMPLES / "articles"), "--out", str(tmp_path / "r2"),
                              "--scheduler", "tcp://127.0.0.1:1"])
    assert bad.exit_code == ExitCode.ERROR
    assert "Error: --scheduler needs --engine dask" in bad.output and "Traceback" not in bad.output
    assert not (tmp_path / "r2").exists()


class _Shipping(Engine):
    """Runs here, but as a Dask engine would: every batch and shared argument pickled on the way."""

    name = "dask"

    def __init__(self) -> None:
        self.ran: list[str] = []

    def map(self, fn, batches, *shared):  # noqa: ANN001, ANN201
        import pickle

        shared = pickle.loads(pickle.dumps(shared))
        for batch in batches:
            self.ran.append(fn.__name__)
            yield pickle.loads(pickle.dumps(fn(pickle.loads(pickle.dumps(batch)), *shared)))


def test_on_dask_pairs_are_judged_and_events_checked_on_the_workers(rules, seed_articles, monkeypatch):
    from crosscheck import remote
    from crosscheck.check import check
    from crosscheck.cluster import Clusterer, labelled
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    monkeypatch.setattr(remote, "PAIR_BATCH", 50)  # several batches even on five articles
    articles = [ArticleInfo.of(a) for a in seed_articles.values()]
    claims = extract(list(seed_articles.values()), rules)

    def events_and_verdicts(engine):  # noqa: ANN001, ANN202
        clusters, of_claim = Clusterer(rules, articles).cluster(claims, engine=engine)
        verdicts = check(rules, articles, labelled(claims, of_claim), clusters, engine=engine)
        return [c.model_dump() for c in clusters], verdicts.model_dump()

    shipping = _Shipping()
    assert events_and_verdicts(shipping) == events_and_verdicts(None)
    assert shipping.ran.count("judge_batch") > 1 and "check_batch" in shipping.ran
