"""Grow the rules from what reviewers find: aliases, places, predicate triggers.

Each command proposes a ``RuleChange`` (the file's new text), which is
validated by loading the whole rules folder with the change in a temporary
copy, previewed on the last run (``preview``) and written only on
confirmation, atomically, and only if nobody changed the file meanwhile.
The edit keeps the file's comments and order (``yamledit``).
"""

from __future__ import annotations

import copy
import difflib
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import yaml

from .errors import CrosscheckError, RulesError
from .models import Model
from .result import Run
from .review import RUN_NAME, ReviewStore, find_last_run
from .rules import RULE_FILES, Rules, default_rules_dir, load_rules
from .rundiff import RunDiff, diff_runs
from .safewrite import write_atomic
from .yamledit import add_to_list, append_entry, set_key

AliasKind = Literal["person", "org", "group", "place", "event"]
PlaceKind = Literal["country", "region", "city", "site"]
_ENTITY_KIND = {"person": "person", "org": "organization", "group": "group"}
_BELOW = {"country": "city", "region": "city", "city": "site", "site": "site"}


class RuleEditError(CrosscheckError):
    """The rule asked for is refused; nothing was written."""


class RuleChange(Model):
    path: str
    summary: str
    old_text: str
    new_text: str

    def text_diff(self) -> str:
        return "".join(difflib.unified_diff(self.old_text.splitlines(True), self.new_text.splitlines(True),
                                            fromfile=self.path, tofile=self.path, n=0))


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return s or "rule"


class RuleEditor:
    """Proposes changes to the rule files of one folder."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        load_rules(self.folder)  # refuse to edit a folder whose rules do not load
        self.texts: dict[str, str] = {}
        self.data: dict[str, dict[str, Any]] = {}
        for name in ("entities.yaml", "places.yaml", "events.yaml", "predicates.yaml"):
            path = self.folder / name
            self.texts[name] = path.read_text(encoding="utf-8") if path.exists() else ""
            self.data[name] = yaml.safe_load(self.texts[name]) or {}

    def _entries(self, file: str, section: str) -> list[dict[str, Any]]:
        return list(self.data[file].get(section) or [])

    def _names(self) -> dict[str, tuple[str, str, int, str]]:
        """Every name the rules know → (file, section, index, entry id)."""
        out: dict[str, tuple[str, str, int, str]] = {}
        for file, section, fields in (("entities.yaml", "entities", ("name", "aliases")),
                                      ("places.yaml", "places", ("name", "aliases")),
                                      ("events.yaml", "events", ("name", "aliases"))):
            for i, e in enumerate(self._entries(file, section)):
                for f in fields:
                    values = e.get(f) or []
                    for v in [values] if isinstance(values, str) else values:
                        out.setdefault(str(v), (file, section, i, str(e.get("id"))))
        return out

    def _find(self, name: str) -> tuple[str, str, int, str] | None:
        names = self._names()
        if name in names:
            return names[name]
        for file, section in (("entities.yaml", "entities"), ("places.yaml", "places"), ("events.yaml", "events")):
            for i, e in enumerate(self._entries(file, section)):
                if e.get("id") == name or str(e.get("name", "")).casefold() == name.casefold():
                    return file, section, i, str(e.get("id"))
        return None

    def _new_id(self, file: str, section: str, name: str) -> str:
        taken = {str(e.get("id")) for e in self._entries(file, section)}
        base = slug(name)
        out, n = base, 2
        while out in taken:
            out, n = f"{base}-{n}", n + 1
        return out

    def _change(self, file: str, new_text: str, expected: dict[str, Any], summary: str) -> RuleChange:
        if yaml.safe_load(new_text) != expected:
            raise RuleEditError(f"{self.folder / file}: the edit would not read back as intended",
                                "add the rule by hand; this file's layout is unusual")
        return RuleChange(path=str(self.folder / file), summary=summary, old_text=self.texts[file],
                          new_text=new_text)

    def _expected(self, file: str) -> dict[str, Any]:
        """A copy of the file's data to apply the change to, for checking the edited text against."""
        return copy.deepcopy(self.data[file])

    def alias(self, canonical: str, alias: str, kind: AliasKind | None = None) -> RuleChange:
        """``alias`` names what ``canonical`` names (an entity, a place or a named event)."""
        canonical, alias = canonical.strip(), alias.strip()
        if not canonical or not alias:
            raise RuleEditError("the canonical name and the alias must not be empty")
        taken = self._names().get(alias)
        target = self._find(canonical)
        if taken is not None:
            file, section, i, rid = taken
            if target is not None and target[:3] == taken[:3]:
                raise RuleEditError(f"{alias!r} is already a name of {rid} ({self.folder / file}, {section}[{i}])")
            raise RuleEditError(f"{alias!r} already names {rid} ({self.folder / file}, {section}[{i}])",
                                "remove it there first if it is wrong")
        file_of_kind = {"place": "places.yaml", "event": "events.yaml"}.get(kind or "", "entities.yaml")
        if target is not None:
            file, section, i, rid = target
            if kind is not None and file != file_of_kind:
                raise RuleEditError(f"{canonical!r} is {rid} in {file}, not a {kind}", "leave out --kind")
            expected = self._expected(file)
            expected[section][i].setdefault("aliases", []).append(alias)
            text = add_to_list(self.texts[file], section, i, "aliases", alias)
            return self._change(file, text, expected, f"alias {alias!r} → {rid} ({file})")
        if kind is None:
            raise RuleEditError(f"no rule knows {canonical!r}",
                                "give --kind person|org|group|place|event to create it")
        section = {"places.yaml": "places", "events.yaml": "events"}.get(file_of_kind, "entities")
        new_id = self._new_id(file_of_kind, section, canonical)
        entry: dict[str, Any] = {"id": new_id, "name": canonical}
        if file_of_kind == "entities.yaml":
            entry |= {"kind": _ENTITY_KIND[kind], "aliases": [canonical, alias]}
        elif file_of_kind == "places.yaml":
            entry |= {"aliases": [alias]}
        else:
            entry |= {"aliases": [canonical, alias]}
        expected = self._expected(file_of_kind)
        expected.setdefault(section, []).append(entry)
        text = append_entry(self.texts[file_of_kind], section, entry)
        return self._change(file_of_kind, text, expected, f"new {kind} {new_id} ({canonical!r}, alias {alias!r})")

    def place(self, name: str, within: str, kind: PlaceKind | None = None) -> RuleChange:
        """``name`` lies within the place ``within`` (a new place, or a known one with no parent yet)."""
        parent = self._find(within)
        if parent is None or parent[0] != "places.yaml":
            raise RuleEditError(f"no place {within!r} in the rules", f"add it first: crosscheck rules add place "
                                f"{within!r} --within COUNTRY, or name a known place")
        places = self._entries("places.yaml", "places")
        parent_entry = places[parent[2]]
        target = self._find(name)
        expected = self._expected("places.yaml")
        if target is not None:
            file, section, i, rid = target
            if file != "places.yaml":
                raise RuleEditError(f"{name!r} is {rid} in {file}, not a place")
            if rid == parent[3]:
                raise RuleEditError(f"{name!r} cannot lie within itself")
            current = places[i].get("within")
            if current == parent[3]:
                raise RuleEditError(f"{rid} already lies within {current}")
            if current is not None:
                raise RuleEditError(f"{rid} lies within {current}, not {parent[3]}",
                                    f"edit {self.folder / file} by hand to move it")
            expected["places"][i]["within"] = parent[3]
            text = set_key(self.texts["places.yaml"], "places", i, "within", parent[3])
            return self._change("places.yaml", text, expected, f"{rid} within {parent[3]} (places.yaml)")
        new_id = self._new_id("places.yaml", "places", name)
        entry = {"id": new_id, "name": name,
                 "kind": kind or _BELOW.get(str(parent_entry.get("kind", "city")), "city"), "within": parent[3]}
        expected.setdefault("places", []).append(entry)
        text = append_entry(self.texts["places.yaml"], "places", entry)
        return self._change("places.yaml", text, expected, f"new place {new_id} within {parent[3]} (places.yaml)")

    def predicate(self, canonical: str, trigger: str, noun: bool = False) -> RuleChange:
        """``trigger`` signals the predicate ``canonical`` (a verb in base form, or a noun)."""
        trigger = trigger.strip()
        if not trigger:
            raise RuleEditError("the trigger must not be empty")
        preds = self._entries("predicates.yaml", "predicates")
        for i, p in enumerate(preds):
            if trigger in (p.get("verbs") or []) or trigger in (p.get("nouns") or []):
                raise RuleEditError(f"{trigger!r} already signals {p.get('id')} (predicates.yaml, predicates[{i}])")
        field = "nouns" if noun else "verbs"
        expected = self._expected("predicates.yaml")
        found = next((i for i, p in enumerate(preds)
                      if p.get("id") == canonical or str(p.get("label", "")).casefold() == canonical.casefold()), None)
        if found is not None:
            expected["predicates"][found].setdefault(field, []).append(trigger)
            text = add_to_list(self.texts["predicates.yaml"], "predicates", found, field, trigger)
            return self._change("predicates.yaml", text, expected,
                                f"{field[:-1]} {trigger!r} → {preds[found].get('id')} (predicates.yaml)")
        new_id = self._new_id("predicates.yaml", "predicates", canonical)
        entry = {"id": new_id, "label": canonical, field: [trigger]}
        expected.setdefault("predicates", []).append(entry)
        text = append_entry(self.texts["predicates.yaml"], "predicates", entry)
        return self._change("predicates.yaml", text, expected, f"new predicate {new_id} ({field[:-1]} {trigger!r})")


def candidate_rules(change: RuleChange) -> Rules:
    """The rules of the change's folder with the change made, validated as a whole (nothing is written)."""
    target = Path(change.path)
    folder = target.parent
    with tempfile.TemporaryDirectory(prefix="crosscheck-rules-") as tmp:
        for name in RULE_FILES:
            if (folder / name).exists():
                shutil.copyfile(folder / name, Path(tmp) / name)
        (Path(tmp) / target.name).write_text(change.new_text, encoding="utf-8")
        try:
            loaded = load_rules(tmp)
        except RulesError as e:
            problems = [p.replace(tmp, str(folder)) for p in e.problems]
            raise RulesError(problems, "the rule was refused; nothing was written") from None
    return loaded.model_copy(update={"source": str(folder)})


def preview(last: Run, rules: Rules, review: ReviewStore | None = None,
            current: Path | str | None = None) -> RunDiff:
    """The last run's inputs run with the ``current`` rules folder (default: the one the last run used)
    and with ``rules``, and the diff between them.

    Both are run afresh, so that rule edits or verdicts made since the last run do not show as the
    new rule's effect."""
    from .pipeline import rerun

    if current is None and last.inputs is not None:
        current = last.inputs.rules
    before = rerun(last, rules=current, review=review)
    after = rerun(last, rules=rules, review=review)
    return diff_runs(before, after)


class RulePlan(Model):
    """A proposed rule change and its effect on the last run (None when there is no last run)."""

    change: RuleChange
    effect: RunDiff | None = None
    last_run: str | None = None


def plan_change(propose: Callable[[RuleEditor], RuleChange], out: Path | str,
                rules_dir: Path | str | None = None) -> RulePlan:
    """Propose a change to the rules (of ``rules_dir``, else those the last run in ``out`` used), validate it,
    and preview it on that run."""
    last = find_last_run(out)
    folder = rules_dir or (last.inputs.rules if last is not None and last.inputs is not None else None)
    folder = folder if folder is not None else default_rules_dir()
    change = propose(RuleEditor(folder))
    rules = candidate_rules(change)
    if last is None or last.inputs is None:
        return RulePlan(change=change)
    effect = preview(last, rules, ReviewStore.in_folder(out), current=folder)
    return RulePlan(change=change, effect=effect, last_run=str(Path(out) / RUN_NAME))


def write_change(change: RuleChange) -> Path:
    """Write the change, unless the file changed since it was proposed."""
    path = Path(change.path)
    now = path.read_text(encoding="utf-8") if path.exists() else ""
    if now != change.old_text:
        raise RuleEditError(f"{path} changed since the preview; nothing was written", "run the command again")
    return write_atomic(path, change.new_text)
