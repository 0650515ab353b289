"""Schemas for the rule files in ``rules/`` and their loader.

Rules are data a non-programmer edits. Each file kind has a pydantic schema
with ``extra="forbid"``; ``load_rules`` validates every file and raises one
``RulesError`` that lists every problem (file, entry id, field), never just
the first.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import RulesError

RULE_ID = r"^[a-z0-9][a-z0-9_.-]*$"


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_regex(value: str | None) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as e:
            raise ValueError(f"not a valid regular expression: {e}") from e
    return value


class LineRule(RuleModel):
    """A kind of page line that is not part of the story (nav, promo, footer…)."""

    id: str = Field(pattern=RULE_ID)
    label: str = Field(min_length=1)
    pattern: str | None = Field(default=None, description="regular expression, case-insensitive")
    phrases: list[str] = Field(default_factory=list, description="the line starts with one of these")
    action: Literal["drop", "trailer"] = "drop"
    max_words: int | None = Field(default=None, ge=1)

    _check = field_validator("pattern")(_check_regex)

    @model_validator(mode="after")
    def _needs_a_matcher(self) -> LineRule:
        if not self.pattern and not self.phrases:
            raise ValueError("give a pattern or phrases")
        return self

    def matches(self, line: str) -> bool:
        if self.max_words is not None and len(line.split()) > self.max_words:
            return False
        low = line.lower()
        if any(low.startswith(p.lower()) for p in self.phrases):
            return True
        return bool(self.pattern and re.search(self.pattern, line, re.IGNORECASE))


class StripRule(RuleModel):
    """A piece of a line (a photo credit, say) to cut away, keeping the rest."""

    id: str = Field(pattern=RULE_ID)
    label: str = Field(min_length=1)
    pattern: str

    _check = field_validator("pattern")(_check_regex)


class BoilerplateRules(RuleModel):
    line_rules: list[LineRule] = Field(default_factory=list)
    strip_rules: list[StripRule] = Field(default_factory=list)


class Agency(RuleModel):
    """A wire service or agency whose credit marks a story's origin."""

    id: str = Field(pattern=RULE_ID)
    name: str = Field(min_length=1, description="the name reports show")
    aliases: list[str] = Field(min_length=1, description="how pages credit it: AP, Associated Press")


class AgencyRules(RuleModel):
    agencies: list[Agency] = Field(default_factory=list)


class Rules(RuleModel):
    """Every rule kind, loaded and validated, plus a hash that changes when any file does."""

    boilerplate: BoilerplateRules = BoilerplateRules()
    agencies: AgencyRules = AgencyRules()
    source: str | None = None
    hash: str = ""


# file name -> (attribute of Rules, schema)
RULE_FILES: dict[str, tuple[str, type[RuleModel]]] = {
    "boilerplate.yaml": ("boilerplate", BoilerplateRules),
    "agencies.yaml": ("agencies", AgencyRules),
}


def default_rules_dir() -> Path:
    """The rules shipped with crosscheck: in the wheel, or beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "default_rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RulesError(["no default rules folder found"], "reinstall crosscheck, or pass --rules DIR")


def _entry_label(data: Any, loc: tuple[Any, ...]) -> str:
    """'line_rules[3] (id nav-crumb)' for a location inside a rule file."""
    parts: list[str] = []
    node = data
    entry_id = None
    for key in loc:
        if isinstance(key, int):
            parts[-1:] = [f"{parts[-1]}[{key}]" if parts else f"[{key}]"]
        else:
            parts.append(str(key))
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(node, dict) and "id" in node:
            entry_id = node["id"]
    label = ".".join(parts) or "(top level)"
    return f"{label} (id {entry_id})" if entry_id is not None else label


def _problems_from(file: str, data: Any, err: ValidationError) -> list[str]:
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        # a field error ends in the field's name; an entry-level error ends in the entry's index
        field = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
        entry_loc = loc[:-1] if field else loc
        where = _entry_label(data, entry_loc)
        msg = e["msg"].removeprefix("Value error, ")
        out.append(f"{file}: {where}: field '{field}': {msg}" if field else f"{file}: {where}: {msg}")
    return out


def _duplicate_ids(file: str, data: Any) -> list[str]:
    out = []
    if not isinstance(data, dict):
        return out
    for section, entries in data.items():
        if not isinstance(entries, list):
            continue
        seen: dict[str, int] = {}
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                if entry["id"] in seen:
                    out.append(
                        f"{file}: {section}[{i}] (id {entry['id']}): field 'id': "
                        f"duplicate of {section}[{seen[entry['id']]}]"
                    )
                seen.setdefault(entry["id"], i)
    return out


def load_rules(directory: Path | str | None = None) -> Rules:
    """Load and validate every rule file in ``directory`` (default: the shipped rules).

    Raises RulesError listing all problems across all files.
    """
    folder = Path(directory) if directory is not None else default_rules_dir()
    if not folder.is_dir():
        raise RulesError([f"{folder}: not a folder"], "pass --rules with a folder of rule files")
    problems: list[str] = []
    values: dict[str, Any] = {}
    digest = hashlib.sha256()
    known = set(RULE_FILES)
    for path in sorted(folder.iterdir()):
        if path.suffix in {".yaml", ".yml"} and path.name not in known:
            problems.append(f"{path}: unknown rule file; known files: {', '.join(sorted(known))}")
    found = 0
    for name, (attr, schema) in RULE_FILES.items():
        path = folder / name
        if not path.exists():
            continue
        found += 1
        try:
            raw = path.read_bytes()
            data = yaml.safe_load(raw.decode("utf-8")) or {}
        except (OSError, UnicodeDecodeError) as e:
            problems.append(f"{path}: cannot read: {e}")
            continue
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            problems.append(f"{path}{line}: not valid YAML: {getattr(e, 'problem', e)}")
            continue
        digest.update(name.encode() + b"\0" + raw + b"\0")
        if not isinstance(data, dict):
            problems.append(f"{path}: expected a mapping of sections at the top level")
            continue
        dupes = _duplicate_ids(str(path), data)
        problems.extend(dupes)
        try:
            values[attr] = schema.model_validate(data)
        except ValidationError as e:
            problems.extend(_problems_from(str(path), data, e))
    if found == 0 and not problems:
        problems.append(f"{folder}: no rule files ({', '.join(sorted(known))})")
    if problems:
        raise RulesError(problems, "fix the entries named above, then run `crosscheck rules check`")
    return Rules(**values, source=str(folder), hash=digest.hexdigest()[:16])
