"""The C allocator during the large stages: big arrays get memory of their own, which goes back.

glibc's malloc serves a request of at least its mmap threshold (128 KiB at first) with a mapping
of its own, handed back to the system as soon as it is freed. But each time such a block is
freed, glibc raises the threshold to the block's size (up to 32 MiB on 64-bit systems), to
spare programs that allocate and free one big buffer over and over. Clustering frees numpy
arrays of several MB from its first stages on; from then on, arrays up to that size come from
the heap, and once freed they leave holes that the small objects made later only partly fill:
the heap grows, and stays. After clustering a million synthetic claims glibc's heap held 365 MB,
65 MB of it in use, and the run's peak was 2,115 MiB; with the threshold held at 128 KiB the
peak was 1,888 MiB in about the same time (``benchmarks/cluster_scale.py``).

``steady_heap`` holds the threshold at glibc's starting value (``mallopt``, which also stops
glibc from raising it) for the rest of the process; clustering and checking call it as they
start. It leaves the allocator alone where the C library is not glibc, and where the user set
the threshold through ``MALLOC_MMAP_THRESHOLD_`` (glibc's own variable, which also stops the
raising).
"""

from __future__ import annotations

import ctypes
import os
from typing import Final

THRESHOLD: Final = 128 * 1024  # bytes: glibc's starting value
_M_MMAP_THRESHOLD: Final = -3  # mallopt's parameter number (glibc's malloc.h)


def glibc() -> bool:
    """Whether this process runs on glibc."""
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (ValueError, OSError, AttributeError):  # no such name on this system, or no confstr
        return False


def steady_heap() -> bool:
    """Hold glibc's mmap threshold at ``THRESHOLD`` for the rest of the process (again: it is
    cheap); whether the threshold is held, by this call or by the user's ``MALLOC_MMAP_THRESHOLD_``."""
    if "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return True
    if not glibc():
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, THRESHOLD))
