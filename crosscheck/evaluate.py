"""Scoring a run against hand-made gold (the rules of shared/gold/README.md).

The numbers equal those of ``shared/gold/score.py`` (claim recall, junk claims,
cluster pair recall, wrong merges, conflict recall and precision, kind
accuracy). On top, for the matched core gold claims, how often the claim's
normalized time, place and modality equal the gold's: the extraction bars.
For that, among the run's claims that match a gold quote, the one whose
predicate and subject fit the gold event best is compared.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CrosscheckError

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


class EvalInputError(CrosscheckError):
    """The gold file or the run file cannot be read as such."""


def fold(text: str | None) -> str:
    """NFKC, straight quotes and dashes, collapsed spaces, lower case: how quotes are compared."""
    t = unicodedata.normalize("NFKC", text or "").translate(_FOLD)
    return re.sub(r"\s+", " ", t).strip().lower()


@dataclass
class SlotScore:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return round(self.right / self.total, 3) if self.total else 0.0


@dataclass
class Scores:
    values: dict[str, Any]
    slots: dict[str, SlotScore]
    wrong_merges: list[tuple[str, str, str, str]]


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path | str, what: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise EvalInputError(f"{path}: cannot read the {what}: {e.strerror or e}") from None
    try:
        # libyaml's safe loader where PyYAML has it: same documents, some fifty times faster on large gold
        return yaml.load(text, Loader=_SAFE_LOADER) if what == "gold" else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as e:
        raise EvalInputError(f"{path}: the {what} is not valid {'YAML' if what == 'gold' else 'JSON'}: {e}",
                             "pass the gold YAML first, then the run JSON") from None


def _matches(claim: dict[str, Any], article: str, quote: str) -> bool:
    if str(claim.get("article_id")) != article:
        return False
    ev, q = fold(claim.get("evidence")), fold(quote)
    return bool(ev) and (q in ev or (ev in q and len(ev) * 2 >= len(q)))


def _value(slot: Any) -> str | None:
    if isinstance(slot, dict):
        return slot.get("value")
    return slot


def _time_value(time: Any) -> str | None:
    """The normalized value of a claim's time, as TimeSpan.value writes it."""
    if not isinstance(time, dict) or not time.get("start") or not time.get("end"):
        return None
    start, end, gran = time["start"], time["end"], time.get("granularity")
    if gran == "day":
        return start
    if gran == "month":
        return start[:7]
    if gran == "year":
        return start[:4]
    return f"{start}/{end}"


def _trigger_in_quote(claim: dict[str, Any], quote: str) -> bool:
    """Does the word that made this claim stand inside the gold quote? Then it is the quote's claim."""
    span = claim.get("trigger_span")
    evidence = claim.get("evidence") or ""
    if not span:
        return False
    text, q = fold(evidence), fold(quote)
    # folding keeps positions but for collapsed spaces: measure the trigger in folded text
    lo, hi = len(fold(evidence[:span[0]])), len(fold(evidence[:span[1]]))
    at = text.find(q)
    while at >= 0:
        if at - 1 <= lo and hi <= at + len(q) + 1:
            return True
        at = text.find(q, at + 1)
    return False


def score(gold_path: Path | str, run_path: Path | str, level: str = "core") -> Scores:
    gold = _load(gold_path, "gold")
    run = _load(run_path, "run")
    if not isinstance(gold, dict) or "events" not in gold:
        raise EvalInputError(f"{gold_path}: no 'events' list: not a gold file", "see shared/gold/README.md")
    if not isinstance(run, dict):
        raise EvalInputError(f"{run_path}: expected a JSON object with 'claims'")
    claims: list[dict[str, Any]] = run.get("claims", []) or []
    bad = next((i for i, c in enumerate(claims) if not isinstance(c, dict) or "id" not in c), None)
    if bad is not None:
        raise EvalInputError(f"{run_path}: claims[{bad}] has no 'id'",
                             "pass a run written by `crosscheck check --json`")
    cid = {c["id"]: c.get("cluster_id") for c in claims}
    for cl in run.get("clusters", []) or []:
        for x in cl.get("claim_ids", []) or []:
            cid[x] = cl.get("id")
    conflicts = run.get("conflicts") or []
    by_id = {c["id"]: c for c in claims}

    def want(x: dict[str, Any]) -> bool:
        return level == "all" or x.get("level", "core") == "core"

    # the scorer's rules, indexed: claims by article, matches remembered, so large corpora score in seconds
    of_article: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        of_article.setdefault(str(c.get("article_id")), []).append(c)
    memo: dict[tuple[str, str], list[str]] = {}

    def found(article: str, quote: str) -> list[str]:
        key = (article, quote)
        if key not in memo:
            memo[key] = [c["id"] for c in of_article.get(article, []) if _matches(c, article, quote)]
        return memo[key]

    events = {e["id"]: e for e in gold["events"]}
    gclaims = [(e["id"], g["article"], g["quote"], found(g["article"], g["quote"]), want(e), g)
               for e in gold["events"] for g in e["claims"]]
    core = [g for g in gclaims if g[4]]
    recall = sum(1 for g in core if g[3]) / max(1, len(core))

    junk: set[str] = set()
    for j in gold.get("junk", []) or []:
        junk.update(found(j["article"], j["quote"]))
        jq = fold(j["quote"])
        junk.update(c["id"] for c in of_article.get(j["article"], [])
                    if fold(c.get("evidence")) and fold(c.get("evidence")) in jq)

    def clusters_of(ids: list[str]) -> set[Any]:
        return {cid.get(i) for i in ids if cid.get(i) is not None}

    same_tot = same_ok = 0
    matched = sorted((g for g in gclaims if g[3] and g[4]), key=lambda g: g[0])
    for _, group in itertools.groupby(matched, key=lambda g: g[0]):
        for x, y in itertools.combinations(list(group), 2):
            if (x[1], x[2]) == (y[1], y[2]):
                continue
            same_tot += 1
            same_ok += bool(clusters_of(x[3]) & clusters_of(y[3]))
    wrong: list[tuple[str, str, str, str]] = []
    of_event: dict[str, list[tuple[Any, ...]]] = {}
    for g in gclaims:
        if g[3]:
            of_event.setdefault(g[0], []).append(g)
    for e1, e2 in gold.get("distinct", []) or []:
        for x in of_event.get(e1, []):
            for y in of_event.get(e2, []):
                if (x[1], x[2]) != (y[1], y[2]) and clusters_of(x[3]) & clusters_of(y[3]):
                    wrong.append((e1, e2, x[2][:40], y[2][:40]))

    def conflict_ids(c: dict[str, Any]) -> set[str]:
        ids = list(c.get("claim_ids", []) or [])
        for side in c.get("sides", []) or []:
            ids += side.get("claim_ids", []) or []
        return set(ids)

    def side_ids(side: dict[str, Any]) -> set[str]:
        qs = side.get("quotes") or [{"article": side["article"], "quote": side["quote"]}]
        return {i for q in qs for i in found(q["article"], q["quote"])}

    def event_ids(gc: dict[str, Any]) -> set[str]:
        return {i for ev in [gc["event"], *gc.get("also_events", [])]
                for g in events[ev]["claims"] for i in found(g["article"], g["quote"])}

    run_ids = [conflict_ids(c) for c in conflicts]
    with_claim: dict[str, list[int]] = {}  # claim id → the run's conflicts that hold it, in run order
    for k, ids in enumerate(run_ids):
        for i in ids:
            with_claim.setdefault(i, []).append(k)
    gconf = [c for c in gold.get("conflicts", []) or [] if want(c)]
    conf_found = kind_ok = 0
    found_list = []
    for gc in gconf:
        s1, s2 = side_ids(gc["sides"][0]), side_ids(gc["sides"][1])
        candidates = sorted({k for i in s1 for k in with_claim.get(i, [])})
        hit = next((conflicts[k] for k in candidates if fold(conflicts[k].get("slot")) == fold(gc["slot"])
                    and run_ids[k] & s1 and run_ids[k] & s2), None)
        if hit:
            conf_found += 1
            found_list.append(gc["id"])
            kind_ok += fold(str(hit.get("kind", hit.get("severity")))) == gc["kind"]

    def by_claim(entries: list[dict[str, Any]]) -> dict[str, list[tuple[dict[str, Any], set[str]]]]:
        """claim id → the gold entries whose event holds it, with the event's claim ids."""
        out: dict[str, list[tuple[dict[str, Any], set[str]]]] = {}
        for entry in entries:
            ids = event_ids(entry)
            for i in ids:
                out.setdefault(i, []).append((entry, ids))
        return out

    tolerated_at, gold_at = by_claim(gold.get("tolerated", []) or []), by_claim(gold.get("conflicts", []) or [])
    ok = counted = tolerated = 0
    for c, ids in zip(conflicts, run_ids, strict=True):
        first = next(iter(ids), "")  # every id must be in the event: the first one names the candidates
        if any(ids <= eids and fold(c.get("slot")) == fold(t["slot"]) for t, eids in tolerated_at.get(first, [])):
            tolerated += 1
            continue
        counted += 1
        ok += any(ids <= eids and fold(c.get("slot")) == fold(gc["slot"]) for gc, eids in gold_at.get(first, []))

    values: dict[str, Any] = {
        "claims": len(claims),
        "claim_recall": round(recall, 3),
        "junk_claims": len(junk),
        "cluster_pair_recall": round(same_ok / same_tot, 3) if same_tot else 0.0,
        "wrong_merges": len(wrong),
        "conflict_recall": round(conf_found / max(1, len(gconf)), 3),
        "conflicts_flagged": len(conflicts),
        "tolerated_flagged": tolerated,
        "conflict_precision": round(ok / counted, 3) if counted else 0.0,
        "kind_accuracy": round(kind_ok / conf_found, 3) if conf_found else 0.0,
        "found": found_list,
    }
    slots = _slot_scores(core, events, by_id)
    return Scores(values=values, slots=slots, wrong_merges=wrong)


def _slot_scores(core: list[tuple[Any, ...]], events: dict[str, Any],
                 by_id: dict[str, dict[str, Any]]) -> dict[str, SlotScore]:
    out = {"time": SlotScore(), "place": SlotScore(), "time_or_place": SlotScore(), "modality": SlotScore()}
    for event_id, article, quote, ids, _, g in core:
        if not ids:
            continue
        want = events[event_id].get("slots", {})
        best = max((by_id[i] for i in ids), key=lambda c: (
            _trigger_in_quote(c, quote), c.get("predicate") == want.get("predicate"),
            _value(c.get("subject")) == want.get("subject"), _value(c.get("object")) == want.get("object")))
        checks = [("modality", g.get("modality"), best.get("modality"))]
        if "time" in g:
            checks.append(("time", str(g["time"]), _time_value(best.get("time"))))
        if "place" in g:
            checks.append(("place", g["place"], _value(best.get("place"))))
        for slot, expected, got in checks:
            for name in (slot, "time_or_place") if slot != "modality" else (slot,):
                out[name].total += 1
                if expected == got:
                    out[name].right += 1
                elif name == slot:
                    out[name].misses.append(f"{article[:3]} {slot}: gold {expected!r}, run {got!r}: {quote[:60]}")
    return out
