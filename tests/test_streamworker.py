"""A computation in a worker process fed by a byte stream: its answer comes back, errors are raised
here, and a worker that dies says so."""

from __future__ import annotations

import os

import pytest

from crosscheck.streamworker import StreamWorker, WorkerDied


def joined_with_pid(chunks, separator: bytes) -> tuple[int, bytes]:
    return os.getpid(), separator.join(chunks)


class Refused(ValueError):
    pass


def refuse(chunks, what: str) -> None:
    raise Refused(f"no {what} after {sum(len(c) for c in chunks)} bytes")


def die(chunks) -> None:
    os._exit(3)  # as a worker killed for its memory would: no answer


def test_the_chunks_reach_the_worker_in_order_and_its_result_comes_back():
    worker = StreamWorker(joined_with_pid, b"|")
    for chunk in (b"one", bytearray(b"two"), b"", memoryview(b"three\0four")):  # the empty one is skipped
        worker.send(chunk)
    worker.end()
    pid, joined = worker.result()
    assert joined == b"one|two|three\0four"
    assert pid != os.getpid()


def test_an_error_in_the_worker_is_raised_here():
    worker = StreamWorker(refuse, "answer")
    worker.send(b"abc")
    worker.end()
    with pytest.raises(Refused, match="no answer after 3 bytes"):
        worker.result()


def test_a_worker_that_dies_without_an_answer_says_so():
    worker = StreamWorker(die)
    worker.end()
    with pytest.raises(WorkerDied, match="exit code 3"):
        worker.result()


def test_close_stops_a_worker_still_waiting_for_input():
    worker = StreamWorker(joined_with_pid, b"")
    worker.send(b"more to come")
    worker.close()
    assert worker._process.returncode is not None


def test_a_worker_that_cannot_start_says_which_interpreter(monkeypatch):
    import crosscheck.streamworker as streamworker

    monkeypatch.setattr(streamworker.sys, "executable", "/nonexistent/python")
    with pytest.raises(WorkerDied, match="cannot start a worker process \\(/nonexistent/python\\)"):
        StreamWorker(die)
