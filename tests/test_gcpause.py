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
