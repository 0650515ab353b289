from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.errors import OutputError, UnsafeIdError
from crosscheck.safewrite import copy_atomic, path_inside, write_atomic


def test_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "out" / "report.md"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]


def test_a_file_written_in_pieces_is_whole_or_absent(tmp_path: Path):
    target = tmp_path / "run.json"
    write_atomic(target, (str(i) for i in range(5)))
    assert target.read_text() == "01234"

    def failing():
        yield "half"
        raise RuntimeError("the run stopped")

    with pytest.raises(RuntimeError):
        write_atomic(target, failing())
    assert target.read_text() == "01234"
    copy_atomic(target, tmp_path / "copy.json")
    assert (tmp_path / "copy.json").read_text() == "01234"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.json", "run.json"]


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
