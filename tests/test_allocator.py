"""allocator.steady_heap: glibc's mmap threshold held, so big blocks are mapped apart after a big one was freed."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crosscheck import allocator

# the probe counts mapped blocks with mallinfo2 (glibc 2.33 and later)
glibc_only = pytest.mark.skipif(not (allocator.glibc() and hasattr(ctypes.CDLL(None), "mallinfo2")),
                                reason="the threshold is glibc's; the probe needs glibc 2.33 or later")

# in a fresh process: malloc and free an 8 MiB block (mapped; glibc then raises its threshold to
# 8 MiB), then malloc 1 MiB, and print whether it was mapped too (mallinfo2's count of mapped blocks)
_PROBE = textwrap.dedent("""
    import ctypes, sys
    from crosscheck.allocator import steady_heap
    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in
                    "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, (ctypes.c_size_t,)
    libc.free.argtypes = (ctypes.c_void_p,)
    libc.mallinfo2.restype = Info
    if sys.argv[1] == "held":
        assert steady_heap()
    libc.free(libc.malloc(8 << 20))
    before = libc.mallinfo2().hblks
    block = libc.malloc(1 << 20)
    print(libc.mallinfo2().hblks - before)
    libc.free(block)
""")


def _mapped_after_big_free(mode: str) -> int:
    env = {"PATH": "/usr/bin:/bin"}  # without the user's MALLOC_* settings
    run = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True, env=env,
                         cwd=Path(allocator.__file__).resolve().parents[1])
    return int(run.stdout)


@glibc_only
def test_held_threshold_maps_a_big_block_after_a_bigger_one_was_freed() -> None:
    assert _mapped_after_big_free("held") == 1


@glibc_only
def test_glibc_left_alone_raises_its_threshold() -> None:
    # what steady_heap is for: without it, the 1 MiB block comes from the heap
    assert _mapped_after_big_free("left") == 0


def test_the_users_own_threshold_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    monkeypatch.setattr(allocator, "glibc", lambda: pytest.fail("looked at the C library"))
    assert allocator.steady_heap()


def test_another_c_library_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.setattr(allocator, "glibc", lambda: False)
    assert not allocator.steady_heap()
