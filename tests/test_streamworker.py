"""A computation in a worker process fed by a byte stream: its answer comes back, errors are raised
here, and a worker that dies says so."""

from __future__ import annotations

import os
import sys
import threading

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


def die_saying(chunks, last: str) -> None:
    print("first words", file=sys.stderr)
    print(last, file=sys.stderr, flush=True)
    os._exit(3)


def _shout() -> str:
    sys.stderr.write("x" * (1 << 20))  # far more than a pipe holds, before any input is read
    sys.stderr.flush()
    return "loud"


class Loud:
    """An argument that prints a megabyte as the worker unpickles it, before it reads its input."""

    def __reduce__(self):
        return _shout, ()


def length_and(chunks, word: str) -> tuple[int, str]:
    return sum(len(c) for c in chunks), word


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


def test_a_dead_workers_last_printed_line_is_in_the_error():
    worker = StreamWorker(die_saying, "killed: out of memory, as it were")
    worker.end()
    with pytest.raises(WorkerDied, match="exit code 3\\): killed: out of memory, as it were$"):
        worker.result()


def test_a_worker_that_prints_much_before_reading_its_input_does_not_hold_the_input_back():
    answers: list = []

    def talk(worker: StreamWorker) -> None:
        for _ in range(64):
            worker.send(b"y" * (1 << 16))  # 4 MB: more than the input pipe holds
        worker.end()
        answers.append(worker.result())

    worker = StreamWorker(length_and, Loud())
    talking = threading.Thread(target=talk, args=(worker,), daemon=True)
    talking.start()
    talking.join(timeout=60)
    if talking.is_alive():  # each side waiting on the other: free the test, and fail it
        worker._process.kill()
        pytest.fail("the worker and this side waited on each other")
    assert answers == [(64 << 16, "loud")]
