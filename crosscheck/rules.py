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


class Entity(RuleModel):
    """A person, organisation or group, and every way articles name it."""

    id: str = Field(pattern=RULE_ID)
    name: str = Field(min_length=1, description="the canonical name reports show")
    kind: Literal["person", "organization", "group"] = "person"
    aliases: list[str] = Field(default_factory=list, description="names: Putin, Vladimir Putin")
    descriptors: list[str] = Field(
        default_factory=list,
        description="role phrases ('the Russian leader') that mean this entity once the article has named it",
    )


class EntityRules(RuleModel):
    titles: list[str] = Field(default_factory=list, description="words cut from before a name: President")
    entities: list[Entity] = Field(default_factory=list)


class Place(RuleModel):
    """A place, its other spellings, and the place it lies within."""

    id: str = Field(pattern=RULE_ID)
    name: str = Field(min_length=1)
    kind: Literal["country", "region", "city", "site"] = "city"
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list, description="Russian → Russia")
    within: str | None = Field(default=None, description="id of the enclosing place")
    capital: bool = Field(default=False, description="the capital of the country it lies within")


class PlaceRules(RuleModel):
    places: list[Place] = Field(default_factory=list)

    @model_validator(mode="after")
    def _hierarchy(self) -> PlaceRules:
        ids = {p.id for p in self.places}
        parent = {p.id: p.within for p in self.places}
        bad = [f"places[{i}] (id {p.id}): field 'within': no place has id {p.within!r}"
               for i, p in enumerate(self.places) if p.within is not None and p.within not in ids]
        for i, p in enumerate(self.places):
            seen: set[str] = set()
            node: str | None = p.id
            while node is not None and node in parent:
                if node in seen:
                    bad.append(f"places[{i}] (id {p.id}): field 'within': the chain loops back on itself")
                    break
                seen.add(node)
                node = parent[node]
        if bad:
            raise ValueError("; ".join(bad))
        return self


class NamedEvent(RuleModel):
    """A recurring named event (a forum, a summit) and the other names articles give it."""

    id: str = Field(pattern=RULE_ID)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(min_length=1)


class EventRules(RuleModel):
    events: list[NamedEvent] = Field(default_factory=list)


class Predicate(RuleModel):
    """An event type and the words that signal it ('visit': visit, trip to, arrive in)."""

    id: str = Field(pattern=RULE_ID)
    label: str = Field(min_length=1)
    verbs: list[str] = Field(default_factory=list, description="base forms; inflections are generated")
    nouns: list[str] = Field(default_factory=list, description="singular forms; plurals are generated")
    family: str | None = Field(
        default=None, description="predicates of one family may describe one event (meet, visit)"
    )
    object_is_place: bool = Field(default=False, description="the object is a destination (visit China)")
    reporting: bool = Field(default=False, description="a verb of saying: marks attribution, not an event")
    once: bool = Field(
        default=False,
        description="happens once between the same participants (invade, acquire): reports that disagree on "
                    "its date disagree about one event instead of telling of two",
    )

    @model_validator(mode="after")
    def _needs_a_trigger(self) -> Predicate:
        if not self.verbs and not self.nouns:
            raise ValueError("give verbs or nouns")
        return self


class PredicateRules(RuleModel):
    irregular: dict[str, list[str]] = Field(
        default_factory=dict, description="base form → irregular forms (meet: [met])"
    )
    predicates: list[Predicate] = Field(default_factory=list)


Modality = Literal["asserted", "planned", "expected", "hedged", "negated"]


class Cue(RuleModel):
    """Words that set a claim's modality, status or negation when they stand near its trigger."""

    id: str = Field(pattern=RULE_ID)
    label: str = Field(min_length=1)
    phrases: list[str] = Field(min_length=1)
    modality: Modality | None = None
    status: Literal["confirmed", "unconfirmed", "denied"] | None = None
    scope: Literal["before", "after", "near", "sentence"] = Field(
        default="before", description="where the cue must stand relative to the trigger"
    )
    window: int = Field(default=6, ge=1, le=40, description="most words between cue and trigger")

    @model_validator(mode="after")
    def _sets_something(self) -> Cue:
        if self.modality is None and self.status is None:
            raise ValueError("give a modality or a status")
        return self


class CueRules(RuleModel):
    cues: list[Cue] = Field(default_factory=list)


class QuantityRole(RuleModel):
    """What a number counts (killed, injured, amount), recognised from words beside it."""

    id: str = Field(pattern=RULE_ID)
    label: str = Field(min_length=1)
    cues: list[str] = Field(min_length=1, description="words near the number: killed, dead, deaths")
    predicates: list[str] = Field(default_factory=list, description="events whose bare numbers count this")
    tolerance: float = Field(default=0.0, ge=0, le=1, description="relative difference still agreeing")


class QuantityRules(RuleModel):
    roles: list[QuantityRole] = Field(default_factory=list)
    things: list[str] = Field(default_factory=list,
                              description="plural nouns of things: a number they follow counts them, never people")
    lead_sentences: int | None = Field(
        default=5, ge=1, description="a count opens a side of a disagreement only when stated in the first this many "
        "sentences of its article (a later one only supports a side); null: wherever it is stated")


Modalities = Literal["asserted", "planned", "expected", "hedged", "negated"]

# the conditions each comparison can test, in the words the settings file uses
LEVELS: dict[str, tuple[str, ...]] = {
    "participants": ("same", "in_story", "different_pairs", "shared", "similar", "unknown", "else"),
    "time": ("overlap", "near", "once", "unknown", "else"),
    "place": ("same", "within", "unknown", "same_country", "else"),
    "named_event": ("same", "unknown", "else"),
    "predicate": ("same", "else"),
    "story": ("same", "else"),
}


class Level(RuleModel):
    """One level of a comparison: the first level whose condition holds is the pair's level."""

    level: str
    label: str = Field(min_length=1, description="shown in reports and explanations")
    weight: float = 0.0
    veto: bool = Field(default=False, description="a pair at this level is never one event")


class Window(RuleModel):
    before: int = Field(ge=0, description="days before the article's date")
    after: int = Field(ge=0, description="days after the article's date")


class Blocking(RuleModel):
    max_block: int = Field(default=400, ge=2,
                           description="members of a larger block are paired only if they share a second big block")


class StorySettings(RuleModel):
    """How articles are grouped into stories before claims are compared (see story.py)."""

    enabled: bool = True
    similarity: float = Field(default=0.36, gt=0, le=1, description="cosine at which two articles can join")
    linkage: float = Field(default=0.8, gt=0, le=1,
                           description="two groups join only if their mean similarity is at least linkage × similarity")
    name_weight: float = Field(default=5.0, ge=1, description="weight of names and numbers against plain words")
    lead_sentences: int = Field(default=5, ge=0, description="the headline and lead: what the story is about")
    lead_weight: float = Field(default=4.0, ge=1, description="weight of what the lead says against the rest")
    max_index_df: int = Field(default=50, ge=2,
                              description="a feature in more articles than this finds no pairs: no story is that big")
    salient_share: float = Field(default=0.3, gt=0, le=1,
                                 description="a name in at least this share of a story's articles is what it is about")
    central_share: float = Field(default=0.5, ge=0, le=1,
                                 description="an action told in at least this share of two stories' articles joins "
                                             "them, and one told in less is cut at the story bound; 0: neither")


class IncidentSettings(RuleModel):
    """How the actions of one story become events (see incident.py)."""

    enabled: bool = Field(default=True, description="false: every action is an event of its own")
    window_days: int = Field(default=7, ge=0,
                             description="an action stated further than this from its event's first stated time "
                                         "is another event")


ComparisonSlot = Literal["participants", "time", "place", "named_event", "predicate", "story"]


# ClusterSettings' defaults, for what rules/clustering.yaml leaves out: functions, so each settings
# object gets its own dicts and levels
def _default_slack_days() -> dict[Modalities, int]:
    return {"asserted": 1, "negated": 1, "planned": 92, "expected": 92, "hedged": 92}


def _default_implied() -> dict[Modalities, Window]:
    return {"asserted": Window(before=30, after=7), "negated": Window(before=30, after=7),
            "planned": Window(before=0, after=180), "expected": Window(before=0, after=180),
            "hedged": Window(before=0, after=180)}


def _default_comparisons() -> dict[ComparisonSlot, list[Level]]:
    return {
        "participants": [Level(level="same", label="same participants", weight=3),
                         Level(level="in_story",
                               label="names that differ only by names the rules do not know, in one story"),
                         Level(level="different_pairs", label="different pairs of participants", veto=True),
                         Level(level="shared", label="a participant in common", weight=2),
                         Level(level="similar", label="similar names", weight=1.5),
                         Level(level="unknown", label="one side names nobody"),
                         Level(level="else", label="different participants", veto=True)],
        "time": [Level(level="overlap", label="same time", weight=1),
                 Level(level="near", label="close in time", weight=0.5),
                 Level(level="once", label="apart, but it happens once"),
                 Level(level="unknown", label="no time on one side"),
                 Level(level="else", label="too far apart in time", veto=True)],
        "place": [Level(level="same", label="same place", weight=1),
                  Level(level="within", label="one place within the other", weight=1),
                  Level(level="unknown", label="no place on one side"),
                  Level(level="same_country", label="different places in one country", weight=0),
                  Level(level="else", label="different countries", veto=True)],
        "named_event": [Level(level="same", label="same named event", weight=2),
                        Level(level="unknown", label="no named event on one side"),
                        Level(level="else", label="different named events", veto=True)],
        "predicate": [Level(level="same", label="same predicate", weight=1),
                      Level(level="else", label="another predicate of the family")],
        "story": [Level(level="same", label="articles of one story", weight=2),
                  Level(level="else", label="different stories")],
    }


class ClusterSettings(RuleModel):
    """How claims become events (rules/clustering.yaml)."""

    threshold: float = 3.0
    name_similarity: int = Field(default=90, ge=50, le=100, description="rapidfuzz token_set_ratio for one name")
    blocking: Blocking = Blocking()
    stories: StorySettings = StorySettings()
    incidents: IncidentSettings = IncidentSettings()
    slack_days: dict[Modalities, int] = Field(default_factory=_default_slack_days)
    implied: dict[Modalities, Window] = Field(default_factory=_default_implied)
    comparisons: dict[ComparisonSlot, list[Level]] = Field(default_factory=_default_comparisons)

    @field_validator("comparisons")
    @classmethod
    def _levels_known_and_closed(cls, value: dict[str, list[Level]]) -> dict[str, list[Level]]:
        problems = []
        for slot, levels in value.items():
            known = LEVELS[slot]
            names = [lv.level for lv in levels]
            unknown = [n for n in names if n not in known]
            if unknown:
                problems.append(f"{slot}: unknown level {', '.join(unknown)} (known: {', '.join(known)})")
            if len(set(names)) != len(names):
                problems.append(f"{slot}: a level is listed twice")
            if not names or names[-1] != "else":
                problems.append(f"{slot}: the last level must be 'else'")
        if problems:
            raise ValueError("; ".join(problems))
        return value


class Rules(RuleModel):
    """Every rule kind, loaded and validated, plus a hash that changes when any file does."""

    boilerplate: BoilerplateRules = BoilerplateRules()
    agencies: AgencyRules = AgencyRules()
    entities: EntityRules = EntityRules()
    places: PlaceRules = PlaceRules()
    events: EventRules = EventRules()
    predicates: PredicateRules = PredicateRules()
    cues: CueRules = CueRules()
    quantities: QuantityRules = QuantityRules()
    clustering: ClusterSettings = ClusterSettings()
    source: str | None = None
    hash: str = ""


# file name -> (attribute of Rules, schema)
RULE_FILES: dict[str, tuple[str, type[RuleModel]]] = {
    "boilerplate.yaml": ("boilerplate", BoilerplateRules),
    "agencies.yaml": ("agencies", AgencyRules),
    "entities.yaml": ("entities", EntityRules),
    "places.yaml": ("places", PlaceRules),
    "events.yaml": ("events", EventRules),
    "predicates.yaml": ("predicates", PredicateRules),
    "cues.yaml": ("cues", CueRules),
    "quantities.yaml": ("quantities", QuantityRules),
    "clustering.yaml": ("clustering", ClusterSettings),
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
    out: list[str] = []
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
