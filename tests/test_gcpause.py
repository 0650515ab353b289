"""The collector pauses inside a stage and is left as it was found, even when the stage fails."""

from __future__ import annotations

import gc

import pytest

from crosscheck.gcpause import paused_gc


@pytest.fixture(autouse=True)
def restore_collector():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()
    gc.unfreeze()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_left_as_found(enabled):
    (gc.enable if enabled else gc.disable)()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_a_failing_stage_still_resumes_the_collector():
    gc.enable()

    @paused_gc()
    def stage():
        assert not gc.isenabled()
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        stage()
    assert gc.isenabled()


@pytest.mark.parametrize("freeze", [True, False])
def test_a_stage_that_keeps_what_it_built_freezes_it(freeze):
    gc.enable()
    before = gc.get_freeze_count()
    with paused_gc(freeze=freeze):
        kept = [[i] for i in range(1000)]
    assert gc.isenabled()
    # frozen, the stage's objects are out of reach of every later collection (gc.freeze)
    assert (gc.get_freeze_count() >= before + len(kept)) is freeze
    gc.unfreeze()


def _leaked(run) -> list[str]:
    """The crosscheck objects that ``run`` left in reference cycles: unreachable, yet kept until a
    collection that freezing (above) means never comes."""
    gc.unfreeze()
    gc.collect()  # what earlier tests left
    run()
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return sorted({type(o).__qualname__ for o in gc.garbage if type(o).__module__.startswith("crosscheck")})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_run_leaves_no_reference_cycles(rules):
    # compiled (mypyc), a function nested in another and the variables it shares hold each other;
    # such cycles kept every signature and block of a run alive after clustering, and every
    # clusterer with its caches (a method cached with lru_cache holds its object)
    from crosscheck.pipeline import run

    from .conftest import EXAMPLES

    assert _leaked(lambda: run([EXAMPLES], rules=rules)) == []
