"""A computation in a second process, fed its input as a stream of bytes, while this one goes on.

Clustering reads its stories (story.py) from the claims' text while it makes the claims'
signatures, which do not need the stories: on two cores the two run side by side.

The worker is a fresh interpreter that runs ``serve`` from this module, not a fork of this
process: a forked child shares this process's pages until either side writes
one, and reading a Python object writes its reference count, so as this process went on reading
its claims each page it touched was copied. At a million claims, with a forked story reader, one
run took 124 s (the runs without it, that hour: 72–90 s) and the two processes 2,578 MiB (summed
Pss), against 1,880 MiB for one process. Nor is it multiprocessing's "spawn", which runs the caller's main module again
in the worker: a script without an ``if __name__ == "__main__":`` guard would run twice.

What travels: this process's import path (so the worker imports the same modules, this very
crosscheck among them), the function and its arguments (pickled, by reference for the function),
then the input as length-prefixed byte strings written straight from the caller's buffers, then the
result, pickled, back. The worker reads all of its input before it starts, so the caller waits
only on the pipe, never on the worker's pace. Should the worker fail to answer (killed for
memory, say), ``result()`` raises ``WorkerDied`` and the caller can compute the same thing itself.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

R = TypeVar("R")

_LENGTH = struct.Struct("<q")
# the folder that holds this crosscheck package: the worker imports the same one, not another on its path
_HOME = str(Path(__file__).resolve().parent.parent)
# run as a command, not ``-m crosscheck.streamworker``: the package imports this module on the way, so
# runpy would run it a second time as __main__ (and warn)
_START = "import sys; sys.path.insert(0, sys.argv[1]); from crosscheck.streamworker import serve; serve()"


class WorkerDied(RuntimeError):
    """The worker ended without sending a result."""


class StreamWorker(Generic[R]):
    """``fn(chunks, *args)`` in a worker process, where ``chunks`` yields the byte strings ``send``
    sent, in order, once ``end()`` marked the last. ``fn`` must be a module-level function and
    ``args`` plain data (both are pickled)."""

    def __init__(self, fn: Callable[..., R], *args: Any) -> None:
        """Raises ``WorkerDied`` when no worker process can be started."""
        # what the worker prints goes to a file, not a pipe: a pipe that nobody reads until the end
        # would hold a worker that printed 64 KB before reading its input, while this side waited to
        # write that input, each for the other
        self._errors = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen([sys.executable, "-c", _START, _HOME], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=self._errors)
        except OSError as e:  # no interpreter to run, no memory or processes left to start one
            self._errors.close()
            raise WorkerDied(f"cannot start a worker process ({sys.executable}): {e}") from e
        self._send(pickle.dumps([_HOME, *sys.path]))
        self._send(pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL))

    def send(self, chunk: bytes | bytearray | memoryview) -> None:
        """One more piece of the input (an empty one is skipped: it would mark the end)."""
        if len(chunk):
            self._send(chunk)

    def end(self) -> None:
        """No more input: the worker starts computing."""
        self._send(b"")
        try:
            self._process.stdin.flush()  # type: ignore[union-attr]  # else the end waits in this side's buffer
        except OSError:
            pass

    def _send(self, chunk: bytes | bytearray | memoryview) -> None:
        pipe = self._process.stdin
        assert pipe is not None
        try:
            pipe.write(_LENGTH.pack(len(chunk)))
            pipe.write(chunk)
        except OSError:  # the worker is gone: result() says so
            pass

    def result(self) -> R:
        """The worker's result; its exception, raised here; ``WorkerDied`` when it sent neither."""
        try:
            out, _ = self._process.communicate()
        except OSError as e:
            self.close()
            raise WorkerDied(f"lost the worker process: {e}") from e
        try:
            kind, value = pickle.loads(out)
        except Exception as e:
            last = self._last_words().strip().splitlines()[-1:] or ["no message"]
            raise WorkerDied(f"the worker process ended without a result (exit code "
                             f"{self._process.returncode}): {last[0]}") from e
        finally:
            self._errors.close()
        if kind == "error":
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the worker if it still runs."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()
        self._errors.close()

    def _last_words(self) -> str:
        """The end of what the worker printed."""
        self._errors.seek(0, os.SEEK_END)
        self._errors.seek(max(0, self._errors.tell() - 4096))
        return self._errors.read().decode("utf-8", "replace")


def serve() -> None:
    """The worker's side (``_START``): answer on the original standard output; anything printed
    goes to standard error."""
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _serve(sys.stdin.buffer, answer)


def _serve(given: IO[bytes], answer: IO[bytes]) -> None:
    """Read the import path, the function, its arguments and the input, then answer."""
    sys.path[:] = pickle.loads(_read(given))
    fn, args = pickle.loads(_read(given))
    chunks: deque[bytes] = deque()
    while chunk := _read(given):
        chunks.append(chunk)
    try:
        reply: tuple[str, Any] = ("ok", fn(_drained(chunks), *args))
    except Exception as e:  # sent to be raised in the caller, who can handle it
        reply = ("error", e)
    try:
        out = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:  # an exception that does not pickle: its text does
        out = pickle.dumps(("error", RuntimeError(f"{type(e).__name__}: {e}")))
    answer.write(out)
    answer.flush()


def _read(given: IO[bytes]) -> bytes:
    head = given.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the input ended early")
    (n,) = _LENGTH.unpack(head)
    data = given.read(n)
    if len(data) < n:
        raise EOFError("the input ended early")
    return data


def _drained(chunks: deque[bytes]) -> Iterator[bytes]:
    """The chunks in order, each let go once it is handed out."""
    while chunks:
        yield chunks.popleft()
