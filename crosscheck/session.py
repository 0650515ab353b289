"""The interactive review: open conflicts one by one, in rank order, keyboard only.

The session reads and writes through two callables (``ask`` for a line of
input, ``show`` for text), so the CLI runs it on a terminal and tests can run
it anywhere. Every verdict is recorded in the store the moment it is given;
quitting, or a killed process, loses nothing already decided.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from .claim import Claim
from .explain import rules_fired
from .findings import Conflict
from .models import Model
from .result import Run
from .review import VERDICT_HELP, ReviewStore, claims_by_id, decide, event_claims, open_conflicts

KEYS = {"c": "confirmed", "f": "false-alarm", "d": "different-events", "s": "superseded"}
PROMPT = "[c]onfirmed  [f]alse alarm  [d]ifferent events  [s]uperseded  [n]ote  [Enter] skip  [q]uit > "
_OTHER_CLAIMS_SHOWN = 6


class SessionResult(Model):
    decided: int = 0
    skipped: int = 0
    left: int = 0
    quit: bool = False


def _source_line(run: Run, c: Claim) -> str:
    a = next((x for x in run.articles if x.id == c.article_id), None)
    source = (a.source if a is not None else None) or c.article_id
    date = f"{a.published} ({a.published_from.value})" if a is not None and a.published else "no date"
    return f"{source} · article {c.article_id} · {date}"


def _claim_block(run: Run, c: Claim, indent: str = "    ") -> list[str]:
    lines = textwrap.wrap(f'"{c.evidence}"', width=96, initial_indent=indent, subsequent_indent=indent + " ")
    lines.append(f"{indent}— {_source_line(run, c)}; {c.modality}")
    if c.time is not None:
        anchor = f", anchored to {c.time.anchor}" if c.time.anchor else (
            ", left open (no trusted date)" if c.time.relative else "")
        lines.append(f"{indent}  time: '{c.time.expression}' → {c.time.value or 'open'}{anchor}")
    fired = [f"{u.slot} {u.rule}" for u in rules_fired(c) if "yaml" in u.rule]
    if fired:
        lines.append(f"{indent}  rules: " + "; ".join(fired))
    return lines


def render_conflict(run: Run, conflict: Conflict, position: str = "") -> str:
    """The conflict as a reviewer reads it: both sides' evidence, sources, dates, anchors, rules, the event."""
    out = [f"{position}{conflict.kind.upper()} {conflict.slot} conflict {conflict.id}",
           f"  event: {conflict.event} ({conflict.cluster_id})",
           f"  why: {conflict.reason}"]
    if conflict.reopened:
        out.append(f"  re-opened: it was marked {conflict.reopened}, and its evidence has changed since")
    if conflict.review_note:
        out.append(f"  notes: {conflict.review_note}")
    for n, side in enumerate(conflict.sides):
        out.append(f"  side {chr(ord('A') + n)}: {side.value}  ({', '.join(side.sources)})")
        for c in claims_by_id(run, side.claim_ids):
            out.extend(_claim_block(run, c))
    others = event_claims(run, conflict)
    if others:
        out.append(f"  the event's other claims ({len(others)}):")
        for c in others[:_OTHER_CLAIMS_SHOWN]:
            out.extend(_claim_block(run, c))
        if len(others) > _OTHER_CLAIMS_SHOWN:
            out.append(f"    … and {len(others) - _OTHER_CLAIMS_SHOWN} more")
    return "\n".join(out)


def review_session(run: Run, store: ReviewStore, ask: Callable[[str], str], show: Callable[[str], None]) -> \
        SessionResult:
    """Walk the open conflicts; record each verdict at once. ``ask`` raising EOFError quits."""
    queue = open_conflicts(run)
    result = SessionResult(left=len(queue))
    if not queue:
        show("No open conflicts: every flagged conflict has a verdict.")
        return result
    show(f"{len(queue)} open conflict(s), strongest first. Verdicts are saved as you give them.")
    for n, conflict in enumerate(queue, 1):
        show("\n" + render_conflict(run, conflict, f"[{n}/{len(queue)}] "))
        note: str | None = None
        while True:
            try:
                key = ask(PROMPT).strip().lower()
            except EOFError:
                key = "q"
            if key == "q":
                if note:
                    decide(store, conflict, None, note)
                result.quit = True
                show(_summary(result))
                return result
            if key == "":
                if note:
                    decide(store, conflict, None, note)
                result.skipped += 1
                result.left -= 1
                show("skipped")
                break
            if key == "n":
                try:
                    text = ask("note > ").strip()
                except EOFError:
                    text = ""
                note = " ".join(filter(None, [note, text])) or None
                show("note kept; now give a verdict, or Enter to skip (the note is saved either way)")
                continue
            if key in KEYS:
                verdict = KEYS[key]
                decide(store, conflict, verdict, note)
                result.decided += 1
                result.left -= 1
                show(f"recorded: {verdict} — {VERDICT_HELP[verdict]}")
                break
            show(f"unknown key {key!r}")
    show(_summary(result))
    return result


def _summary(r: SessionResult) -> str:
    return f"decided {r.decided}, skipped {r.skipped}, {r.left} not reached" + (" (quit)" if r.quit else "")
