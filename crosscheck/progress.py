"""How long stages tell how far they are: a callback, so the library never draws on a terminal.

Stages call ``progress(stage, done, total)`` now and then (``total`` None
when it is not known in advance, as when files are streamed); the CLI turns
the calls into progress bars on stderr, and a library caller may log them or
pass nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, "int | None"], None]


def every(progress: Progress | None, stage: str, total: int | None, step: int) -> Callable[[int], None]:
    """A ticker that reports ``done`` every ``step`` items, and always the last one."""
    if progress is None:
        return lambda done: None

    def tick(done: int) -> None:
        if done % step == 0 or (total is not None and done == total):
            progress(stage, done, total)

    return tick
