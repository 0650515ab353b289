from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.errors import OutputError, UnsafeIdError
from crosscheck.safewrite import path_inside, write_atomic


def test_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "out" / "report.md"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "run.json"
    write_atomic(target, "old")

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("crosscheck.safewrite.os.replace", boom)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


@pytest.mark.parametrize("name", ["../x", "a/../../x", "/etc/passwd"])
def test_path_inside_refuses_escapes(tmp_path: Path, name: str):
    with pytest.raises(UnsafeIdError):
        path_inside(tmp_path, name)


def test_path_inside_allows_plain_names(tmp_path: Path):
    assert path_inside(tmp_path, "000_abc.html") == (tmp_path / "000_abc.html").resolve()
