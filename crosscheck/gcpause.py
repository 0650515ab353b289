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
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector inside the block; leave it as it was found afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
