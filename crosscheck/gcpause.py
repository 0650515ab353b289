"""Pausing Python's cyclic garbage collector while a stage builds many long-lived objects.

CPython starts a collection whenever allocations outrun deallocations by a
threshold, and its full collections visit every object it tracks. Clustering
and checking allocate hundreds of thousands of small objects (signatures,
pair scores, groups, conflicts) that all live until the stage ends: with the
collector on, each full pass walks all of them again, for nothing, and the
stage's time grows faster than its input. None of them needs the collector
to be freed (they hold no reference cycles), so the collector is paused for
the stage and resumes after it. Extraction pauses it per article for the
same reason: an article's mentions, refs and claims are built at once and
hold no cycles.

What such a stage leaves behind lives on (the claims it read, the events it made), and the
collector, once resumed, would still walk it: the objects the stage kept move to older
generations, and once they outnumber a quarter of those already there, a full pass visits every
object in the process. After clustering a million claims that pass took 23 s. A stage that keeps
what it built therefore freezes, as it resumes the collector, every object the collector tracks
at that moment (``gc.freeze``): the stage's, and whatever the process held before it. They move to
a generation the collector never visits. Reference counting still frees them when they are no
longer used; only a reference cycle among them would outlive its use (crosscheck's objects hold
none, and a test checks that a whole run leaves none behind; a program that calls clustering or
checking many times and makes cycles of its own between calls can call ``gc.unfreeze()`` to hand
them back).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc(freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic collector inside the block; leave it as it was found afterwards. ``freeze``:
    the objects tracked when the block ends are never collected by it (see above)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
