"""Writing output files so that a crash never leaves one half-written.

Every report, rule file and run JSON goes to a temporary file in the target
folder, is flushed and fsynced, then renamed over the target in one step.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError, UnsafeIdError

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: Path | str, data: str | bytes | Iterable[str]) -> Path:
    """Write ``data`` to ``path`` atomically; the parent folder is created if needed. ``data`` may
    come in pieces, so that a large file is never one string in memory."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise OutputError(f"cannot write {target}: {e.strerror or e}", "check the output folder") from e
    try:
        # mkstemp makes the file private; give it the mode the target has, or a new file's usual mode
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_UMASK
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, str | bytes):
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                for piece in data:
                    fh.write(piece.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(f"cannot write {target}: {e.strerror or e}", "check the output folder") from e
        raise
    return target


def copy_atomic(source: Path | str, path: Path | str) -> Path:
    """Copy the file ``source`` to ``path`` atomically."""
    def pieces() -> Iterable[str]:
        with open(source, encoding="utf-8") as fh:
            while piece := fh.read(1 << 20):
                yield piece

    return write_atomic(path, pieces())


def path_inside(folder: Path | str, name: str) -> Path:
    """``folder/name``, refusing any name that would land outside ``folder``."""
    base = Path(folder).resolve()
    candidate = (base / name).resolve()
    if candidate.parent != base and base not in candidate.parents:
        raise UnsafeIdError(f"refusing to write {name!r} outside {base}")
    return candidate
