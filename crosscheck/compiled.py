"""The hot paths, compiled to C with mypyc where the machine can build it: extraction, and
clustering's stories (copies, article features), blocking, pair judging and grouping actions
into events, and checking.

They are plain typed Python. ``main()`` (run by ``make demo`` and
``make test``) compiles ``MODULES`` with mypyc into extension modules beside their
sources: the same code, and the same claims and events (tests and a hash of the claims and of
the events check that); extraction runs 1.2 to 1.4 times as fast on ECB+. Where mypyc or a C
compiler is missing the build says so in one line and crosscheck runs as pure Python.

Python imports an extension module before a source file of the same name, so
an extension built from older source would silently run old code. The build
therefore writes a stamp with the hash of every source it compiled, and
``guard()``, called before any of these modules is imported, lets the
extensions load only while every source still matches its stamp and every
extension is present. Otherwise all of them load from source: compiled modules
call each other directly, so a mix of compiled and source is never used.

What the modules may hold: no pydantic model (mypyc cannot compile one; that is
why ``TimeSpan`` lives in ``timespan``, ``Conflict`` in ``findings`` and ``Cluster`` in
``events``), and small value classes (``Mention``, ``Trigger``, ``Hit``, ``TimeMention``,
``Signature``, ``_Traits``…) are plain classes with an ``__init__``,
not dataclasses or NamedTuples, whose generated ``__init__`` stays interpreted
and cost 3 to 17 times as much per object (a micro-benchmark under mypyc). A compiled
class cannot be subclassed by interpreted code, and one that travels to a worker
(``Signature``) says how to pickle it (``__reduce__``).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import tempfile
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import Literal

from .safewrite import write_atomic

PACKAGE = "crosscheck"
# the modules extraction and clustering spend their time in; none defines a pydantic model, which
# mypyc cannot compile
MODULES = ("phrases", "lexicon", "cues", "quantities", "timeanchor", "normalize", "extract", "origins", "storytext",
           "story", "blocking", "vetoes", "judging", "cluster", "incident", "check")
GROUP = f"{PACKAGE}.hotpath"  # mypyc's shared library for the group: crosscheck/hotpath__mypyc.*.so
_HERE = Path(__file__).resolve().parent
STAMP = _HERE / "_compiled.json"

Build = Literal["compiled", "source"]
_active: Build | None = None


def fingerprint() -> dict[str, str]:
    """sha256 of the source, as it is on disk now, of each compiled module and of each module of the
    package they import: mypyc compiles against the types those declare (a claim's ``quantities``
    made a tuple left compiled checking expecting a list, a TypeError at run time)."""
    return {m: hashlib.sha256((_HERE / f"{m}.py").read_bytes()).hexdigest() for m in sorted(_imported(MODULES))}


def _imported(modules: tuple[str, ...]) -> set[str]:
    """``modules`` and every module of the package they import, directly or not (those imported only
    for type checking too)."""
    found: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in found or not (_HERE / f"{name}.py").is_file():
            continue
        found.add(name)
        for node in ast.walk(ast.parse((_HERE / f"{name}.py").read_bytes())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:  # from .claim import …, from . import x
                todo += [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(PACKAGE):
                rest = (node.module or "").split(".")[1:]
                todo += [rest[0]] if rest else [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                todo += [a.name.split(".")[1] for a in node.names if a.name.startswith(PACKAGE + ".")]
    return found


def _extension(name: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = _HERE / f"{name}{suffix}"
        if path.exists():
            return path
    return None


def up_to_date() -> bool:
    """Whether the extensions here were built from exactly the sources here, for this Python."""
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    names = [*MODULES, GROUP.rsplit(".", 1)[1] + "__mypyc"]
    return (isinstance(stamp, dict) and stamp.get("sources") == fingerprint()
            and all(_extension(n) is not None for n in names))


class _FromSource(importlib.abc.MetaPathFinder):
    """Loads the hot-path modules from their .py files, ahead of any extension beside them."""

    def find_spec(self, fullname: str, path: object = None, target: ModuleType | None = None) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, _HERE / f"{name}.py")


def guard() -> Build:
    """Decide, once per process and before the first import of ``MODULES``, which build runs.

    ``CROSSCHECK_SOURCE=1`` in the environment runs the source even where the build is up to date:
    for profiling, debugging with line numbers, and timing one build against the other."""
    global _active
    if _active is None:
        wanted = os.environ.get("CROSSCHECK_SOURCE", "") in ("", "0")
        _active = "compiled" if wanted and up_to_date() else "source"
        if _active == "source" and any(_extension(m) is not None for m in MODULES):
            sys.meta_path.insert(0, _FromSource())
    return _active


def active() -> Build:
    """Which build of the hot path this process runs: 'compiled' or 'source'."""
    return guard()


def build() -> None:
    """Compile ``MODULES`` in place; the stamp is written last, so a failed build is never trusted."""
    from mypyc.build import mypycify  # build-time only: `pip install -e '.[compile]'`
    from setuptools import Distribution

    STAMP.unlink(missing_ok=True)
    sources = fingerprint()
    root = _HERE.parent
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="crosscheck-mypyc-") as tmp:
        os.chdir(root)  # mypyc names modules after their paths: crosscheck/extract.py → crosscheck.extract
        try:
            extensions = mypycify(
                ["--ignore-missing-imports", "--follow-imports=silent", f"--cache-dir={tmp}/cache",
                 *(f"{PACKAGE}/{m}.py" for m in MODULES)],
                opt_level="3", group_name=GROUP, target_dir=f"{tmp}/c")
            dist = Distribution({"name": f"{PACKAGE}-hotpath", "ext_modules": extensions})
            cmd = dist.get_command_obj("build_ext")
            cmd.inplace = True  # type: ignore[attr-defined]
            cmd.build_temp = f"{tmp}/obj"  # type: ignore[attr-defined]
            dist.run_command("build_ext")
        finally:
            os.chdir(cwd)
    if fingerprint() != sources:
        raise RuntimeError("the sources changed during the build; run it again")
    write_atomic(STAMP, json.dumps({"sources": sources, "python": sys.version.split()[0]}, indent=1) + "\n")


def main() -> None:
    """Build unless up to date; never fails: a machine that cannot compile runs the source."""
    if up_to_date():
        print("crosscheck: the compiled hot path is up to date")
        return
    try:
        build()
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error; any failure leaves pure Python
        print(f"crosscheck: could not compile the hot path ({type(exc).__name__}: {exc}); "
              "crosscheck runs as pure Python", file=sys.stderr)
        return
    print(f"crosscheck: compiled {len(MODULES)} hot-path modules with mypyc")
