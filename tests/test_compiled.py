"""The compiled hot path loads only when it was built from the sources on disk."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck import compiled

PACKAGE_DIR = Path(compiled.__file__).resolve().parent


@pytest.fixture
def stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "_compiled.json"
    monkeypatch.setattr(compiled, "STAMP", path)
    monkeypatch.setattr(compiled, "_extension", lambda name: tmp_path / f"{name}.so")  # every extension present
    return path


def test_matching_stamp_is_up_to_date(stamp: Path) -> None:
    stamp.write_text(json.dumps({"sources": compiled.fingerprint()}))
    assert compiled.up_to_date()


@pytest.mark.parametrize("content", [None, "{not json", json.dumps({"sources": {}}), json.dumps(["x"])])
def test_missing_or_unreadable_stamp_is_not_up_to_date(stamp: Path, content: str | None) -> None:
    if content is not None:
        stamp.write_text(content)
    assert not compiled.up_to_date()


def test_a_changed_source_is_not_up_to_date(stamp: Path) -> None:
    sources = compiled.fingerprint()
    sources["extract"] = "0" * 64
    stamp.write_text(json.dumps({"sources": sources}))
    assert not compiled.up_to_date()


def test_a_changed_module_the_hot_path_imports_is_not_up_to_date(stamp: Path) -> None:
    # claim.py is not compiled, but compiled checking reads its types (a tuple where a list was)
    sources = compiled.fingerprint()
    assert "claim" in sources and "claim" not in compiled.MODULES and "cli" not in sources
    sources["claim"] = "0" * 64
    stamp.write_text(json.dumps({"sources": sources}))
    assert not compiled.up_to_date()


def test_a_missing_extension_is_not_up_to_date(stamp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stamp.write_text(json.dumps({"sources": compiled.fingerprint()}))
    monkeypatch.setattr(compiled, "_extension", lambda name: None if name == "lexicon" else Path(name))
    assert not compiled.up_to_date()


def test_source_finder_covers_the_hot_path_only() -> None:
    finder = compiled._FromSource()
    spec = finder.find_spec("crosscheck.extract")
    assert spec is not None and spec.origin == str(PACKAGE_DIR / "extract.py")
    assert finder.find_spec("crosscheck.cli") is None
    assert finder.find_spec("elsewhere.extract") is None


def test_the_loaded_modules_are_the_active_build() -> None:
    import crosscheck.extract

    if compiled.active() == "compiled":
        assert any(crosscheck.extract.__file__.endswith(s) for s in importlib.machinery.EXTENSION_SUFFIXES)
    else:
        assert crosscheck.extract.__file__.endswith(".py")


def _loaded_from(package_parent: Path, env: dict[str, str] | None = None) -> str:
    code = "import crosscheck.compiled as c, crosscheck.extract as e, crosscheck.lexicon as l; " \
           "print(c.active(), e.__file__.endswith('.py'), l.__file__.endswith('.py'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=package_parent, env={**os.environ, "PYTHONPATH": str(package_parent), **(env or {})})
    return out.stdout.strip()


def test_environment_forces_the_source() -> None:
    assert _loaded_from(PACKAGE_DIR.parent, {"CROSSCHECK_SOURCE": "1"}) == "source True True"


@pytest.mark.skipif(compiled.active() != "compiled", reason="the hot path is not compiled on this machine")
def test_an_edited_source_loads_every_hot_module_from_source(tmp_path: Path) -> None:
    copy = tmp_path / "crosscheck"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert _loaded_from(tmp_path) == "compiled False False"
    with (copy / "extract.py").open("a", encoding="utf-8") as f:
        f.write("\n# edited after the build\n")
    assert _loaded_from(tmp_path) == "source True True"  # lexicon too: never a mix


def test_a_failed_build_leaves_pure_python(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(compiled, "up_to_date", lambda: False)

    def no_compiler() -> None:
        raise SystemExit("error: command 'gcc' failed")

    monkeypatch.setattr(compiled, "build", no_compiler)
    compiled.main()  # must not raise: make demo goes on
    assert "could not compile the hot path" in capsys.readouterr().err
