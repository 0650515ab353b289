"""Reviewers' verdicts on flagged conflicts: stored at once, applied to every later run.

Decisions live in a SQLite file in the reports folder (``review.sqlite``).
Each decision is one row inserted in its own transaction, so a process
killed mid-decision leaves every completed decision readable and the
half-made one absent; rows are never updated, so the file is also the
history of who decided what.

A decision is keyed by the conflict's id, which hashes the slot, the values
and the event (stable across re-runs and when unrelated articles are added),
and remembers the conflict's evidence fingerprint. A later run shows the
verdict while the evidence is unchanged; when a new claim joins a side or a
sentence changes, the conflict is re-opened and queued again.

A verdict of ``different-events`` keeps the two sides' claims apart in the
clustering of every later run.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field, ValidationError

from .claim import Claim
from .errors import CrosscheckError, ExitCode
from .events import Action, Cluster
from .findings import Conflict
from .models import Model
from .result import Run

Verdict = Literal["confirmed", "false-alarm", "different-events", "superseded"]
VERDICTS: tuple[str, ...] = get_args(Verdict)
VERDICT_HELP = {
    "confirmed": "a real contradiction between the sources",
    "false-alarm": "the sources do not really disagree (a misreading)",
    "different-events": "the sides speak of two different events: keep them apart",
    "superseded": "a later report overtook an earlier one",
}
STORE_NAME = "review.sqlite"
RUN_NAME = "run.json"
_SCHEMA = """CREATE TABLE IF NOT EXISTS decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    conflict_id TEXT NOT NULL,
    verdict TEXT,
    note TEXT,
    fingerprint TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    sides TEXT NOT NULL
)"""


class ReviewError(CrosscheckError):
    """A review command cannot go on: no run to review, an unknown conflict id, an unreadable store."""

    exit_code = ExitCode.ERROR


class Decision(Model):
    """One reviewer's decision on one conflict."""

    conflict_id: str
    verdict: Verdict | None = Field(description="None for a note without a verdict")
    note: str | None = None
    fingerprint: str = Field(description="the conflict's evidence fingerprint when it was decided")
    decided_at: dt.datetime
    sides: list[list[str]] = Field(default_factory=list, description="claim ids of each side when it was decided")


class ReviewStore:
    """The decisions file of one reports folder."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    @classmethod
    def in_folder(cls, folder: Path | str) -> ReviewStore:
        return cls(Path(folder) / STORE_NAME)

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if not create and not self.path.exists():
            return None
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute(_SCHEMA)
            return conn
        except (sqlite3.Error, OSError) as e:
            raise ReviewError(f"{self.path}: cannot open the review store: {e}",
                              "check the reports folder; the store is an SQLite file") from e

    def record(self, decision: Decision) -> None:
        """Insert one decision, committed and synced before this returns."""
        conn = self._connect(create=True)
        assert conn is not None
        try:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO decisions (conflict_id, verdict, note, fingerprint, decided_at, sides) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             (decision.conflict_id, decision.verdict, decision.note, decision.fingerprint,
                              decision.decided_at.isoformat(), json.dumps(decision.sides)))
        except sqlite3.Error as e:
            raise ReviewError(f"{self.path}: cannot record the decision: {e}", "check the reports folder") from e
        finally:
            conn.close()

    def decisions(self) -> list[Decision]:
        """Every decision, oldest first."""
        conn = self._connect(create=False)
        if conn is None:
            return []
        try:
            rows = conn.execute("SELECT conflict_id, verdict, note, fingerprint, decided_at, sides "
                                "FROM decisions ORDER BY seq").fetchall()
        except sqlite3.Error as e:
            raise ReviewError(f"{self.path}: cannot read the review store: {e}", "check the reports folder") from e
        finally:
            conn.close()
        out = []
        for i, (cid, verdict, note, fingerprint, at, sides) in enumerate(rows, 1):
            try:
                out.append(Decision(conflict_id=cid, verdict=verdict, note=note, fingerprint=fingerprint,
                                    decided_at=dt.datetime.fromisoformat(at), sides=json.loads(sides)))
            except (ValidationError, ValueError, TypeError) as e:
                raise ReviewError(f"{self.path}: decision {i}: not a valid decision: {e}",
                                  "the store was edited by hand; remove that row") from e
        return out

    def latest(self) -> dict[str, Decision]:
        """Per conflict, its latest verdict, with every note given on it joined."""
        verdicts: dict[str, Decision] = {}
        notes: dict[str, list[str]] = {}
        for d in self.decisions():
            if d.note:
                notes.setdefault(d.conflict_id, []).append(d.note)
            if d.verdict is not None:
                verdicts[d.conflict_id] = d
        return {cid: d.model_copy(update={"note": " / ".join(notes.get(cid, [])) or None})
                for cid, d in verdicts.items()}


def apply_decisions(run: Run, latest: dict[str, Decision]) -> Run:
    """The run with each conflict's verdict set where the evidence it was given on still stands."""
    conflicts = []
    for x in run.conflicts:
        d = latest.get(x.id)
        stands = d is not None and d.fingerprint == x.fingerprint
        conflicts.append(x.model_copy(update={
            "verdict": d.verdict if d is not None and stands else None,
            "reopened": d.verdict if d is not None and not stands else None,
            "review_note": d.note if d is not None else None}))
    return run.model_copy(update={"conflicts": conflicts})


def kept_apart(latest: dict[str, Decision]) -> list[tuple[list[str], list[str]]]:
    """Sides that reviewers said are different events: each pair of claim-id lists must not share an event.

    The sides are taken from the decision itself, so the split holds in every later run, after the
    conflict it was given on has gone."""
    out = []
    for d in latest.values():
        if d.verdict == "different-events":
            for i, a in enumerate(d.sides):
                for b in d.sides[i + 1:]:
                    out.append((a, b))
    return out


def open_conflicts(run: Run) -> list[Conflict]:
    """The conflicts still to review, in rank order."""
    return [x for x in run.conflicts if x.verdict is None]


def find_conflict(run: Run, conflict_id: str) -> Conflict:
    matches = [x for x in run.conflicts if x.id.startswith(conflict_id)]  # the full id, or a unique prefix
    if len(matches) != 1:
        what = "no conflict" if not matches else f"{len(matches)} conflicts"
        raise ReviewError(f"{what} with id {conflict_id!r} in the last run",
                          "`crosscheck review list` shows the conflict ids")
    return matches[0]


def decide(store: ReviewStore, conflict: Conflict, verdict: str | None, note: str | None = None,
           now: dt.datetime | None = None) -> Decision:
    """Record a verdict (or a note alone) on a conflict, as it stands in the run under review."""
    if verdict is not None and verdict not in VERDICTS:
        raise ReviewError(f"unknown verdict {verdict!r}", f"use one of: {', '.join(VERDICTS)}")
    if verdict is None and not note:
        raise ReviewError("nothing to record", "give a verdict or a note")
    d = Decision(conflict_id=conflict.id, verdict=verdict, note=note or None,  # type: ignore[arg-type]
                 fingerprint=conflict.fingerprint, decided_at=now or dt.datetime.now(dt.UTC),
                 sides=[list(side.claim_ids) for side in conflict.sides])
    store.record(d)
    return d


def load_last_run(folder: Path | str) -> Run:
    """The run ``crosscheck check`` last wrote into ``folder``, with the store's verdicts applied."""
    run = find_last_run(folder)
    if run is None:
        raise ReviewError(f"{Path(folder) / RUN_NAME}: no run to review",
                          f"run `crosscheck check PATH... --out {folder}` first")
    return run


def find_last_run(folder: Path | str) -> Run | None:
    """The last run in ``folder`` with the store's verdicts applied, or None when there is none."""
    path = Path(folder) / RUN_NAME
    if not path.exists():
        return None
    try:
        run = Run.model_validate_json(path.read_bytes())
    except (ValidationError, OSError) as e:
        first = e.errors()[0] if isinstance(e, ValidationError) else None
        where = f" at {'.'.join(map(str, first['loc']))}: {first['msg']}" if first else f": {e}"
        raise ReviewError(f"{path}: not a crosscheck run{where}", "re-run `crosscheck check`") from e
    return apply_decisions(run, ReviewStore.in_folder(folder).latest())


def event_claims(run: Run, conflict: Conflict) -> list[Claim]:
    """The claims of the conflict's action (or, for a run without actions, its event) that stand on
    neither side."""
    cluster = next((c for c in run.clusters if c.id == conflict.cluster_id), None)
    if cluster is None:
        return []
    told: Action | Cluster = next((a for a in cluster.actions if a.id == conflict.action_id), cluster)
    by_id = {c.id: c for c in run.claims}
    on_sides = set(conflict.claim_ids)
    return [by_id[i] for i in told.claim_ids if i not in on_sides and i in by_id]


def claims_by_id(run: Run, ids: Sequence[str]) -> list[Claim]:
    by_id = {c.id: c for c in run.claims}
    return [by_id[i] for i in ids if i in by_id]
