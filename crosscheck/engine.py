"""Where the per-document work runs: in this process, in a local process pool, or on a Dask cluster.

Every engine offers one operation, ``map``: apply a function to a stream of
batches and yield the results in input order. At most ``window`` batches are in
flight at once, so a corpus of any size streams through in bounded memory
(``concurrent.futures.Executor.map`` would read the whole input before the
first result). The function and its arguments must be picklable module-level
objects: the same code runs whichever engine is chosen, so results are
identical by construction.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Literal, Protocol, TypeVar

from .errors import CrosscheckError, ExitCode

T = TypeVar("T")
R = TypeVar("R")
EngineName = Literal["local", "dask"]


class EngineError(CrosscheckError):
    """The chosen engine cannot start: Dask not installed, or its scheduler unreachable."""

    exit_code = ExitCode.ERROR


class _Pending(Protocol):
    def result(self) -> Any: ...


def default_jobs() -> int:
    """The cores this process may use (cgroup and affinity limits count, not the host's total)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _ordered(submit: Callable[[T], _Pending], items: Iterable[T], window: int) -> Iterator[Any]:
    """Submit items as earlier ones finish, keeping ``window`` in flight; yield results in input order."""
    pending: deque[_Pending] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class Engine:
    """Runs batches in this process: no pool to start, the right choice for one core or a small input."""

    name = "local"
    jobs = 1

    def map(self, fn: Callable[..., R], batches: Iterable[T], *shared: Any) -> Iterator[R]:
        for batch in batches:
            yield fn(batch, *shared)

    def close(self) -> None:
        pass

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PoolEngine(Engine):
    """A local process pool of ``jobs`` workers."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(max_workers=jobs)

    def map(self, fn: Callable[..., R], batches: Iterable[T], *shared: Any) -> Iterator[R]:
        def submit(batch: T) -> Future[R]:
            return self._pool.submit(fn, batch, *shared)

        return _ordered(submit, batches, 2 * self.jobs)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class DaskEngine(Engine):
    """An existing Dask cluster at ``address``, or a LocalCluster started for this run and stopped after it."""

    name = "dask"

    def __init__(self, address: str | None = None, jobs: int | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as e:
            raise EngineError("the dask engine needs Dask", "install it with: pip install 'crosscheck[dask]'") from e
        self._cluster = None
        try:
            if address is None:
                self._cluster = LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout=30)
        except (OSError, TimeoutError) as e:
            if self._cluster is not None:
                self._cluster.close()
            raise EngineError(f"cannot reach the Dask scheduler at {address or 'a new LocalCluster'}: {e}",
                              "check --scheduler, or leave it out to start a LocalCluster") from e
        self.jobs = max(1, sum(self._client.nthreads().values()))

    def map(self, fn: Callable[..., R], batches: Iterable[T], *shared: Any) -> Iterator[R]:
        # the shared arguments (the rules) go to every worker once, not with every batch; under keys of
        # their own, so that releasing an earlier map's copy cannot take this map's away
        scattered = [self._client.scatter(x, broadcast=True, hash=False) for x in shared]

        def submit(batch: T) -> Any:
            return self._client.submit(fn, batch, *scattered, pure=False)

        return _ordered(submit, batches, 2 * self.jobs)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def open_engine(name: EngineName = "local", jobs: int | None = None, scheduler: str | None = None) -> Engine:
    """The engine a run asked for; ``jobs`` None means every core, 1 means no pool at all."""
    if name == "dask":
        return DaskEngine(scheduler, jobs)
    if scheduler is not None:
        raise EngineError("--scheduler needs --engine dask", "add --engine dask, or drop --scheduler")
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise EngineError(f"--jobs must be 1 or more, not {jobs}", "give the number of worker processes")
    return Engine() if jobs == 1 else PoolEngine(jobs)
