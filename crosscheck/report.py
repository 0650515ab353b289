"""Pure functions from a run to the texts people read: Markdown report, terminal summary.

Article text is untrusted: in Markdown it is shown inside table cells with the
characters that would break a table or start markup escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate

from .explain import Explanation
from .findings import Conflict
from .models import ArticleInfo
from .result import Run


def _cell(value: object) -> str:
    """A table cell safe for Markdown: no pipes, newlines or HTML tags from article text."""
    text = "" if value is None else str(value)
    return (
        text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
        .replace("<", "&lt;").replace(">", "&gt;")
    )


def summary_rows(run: Run) -> list[tuple[str, int]]:
    hard = sum(1 for x in run.conflicts if x.kind == "hard")
    return [
        ("articles", len(run.articles)),
        ("sources", len({a.source or a.id for a in run.articles})),
        ("independent origins", run.independent_origins),
        ("claims", len(run.claims)),
        ("events", sum(1 for c in run.clusters if c.family != "state")),
        ("events reported by 2+ origins (agreements)", len(run.agreements)),
        ("conflicts: hard", hard),
        ("conflicts: soft", len(run.conflicts) - hard),
        ("warnings", len(run.warnings)),
        ("lines removed as page junk", sum(a.removed_lines for a in run.articles)),
        ("input problems", len(run.problems)),
    ]


def summary_table(run: Run) -> str:
    """The short summary printed on the terminal, with the top conflicts."""
    out = tabulate(summary_rows(run), tablefmt="simple", colalign=("left", "right"))
    if run.conflicts:
        rows = [(x.kind, x.slot, _short(x.event, 40), " vs ".join(_short(s.value, 24) for s in x.sides))
                for x in run.conflicts[:5]]
        out += "\n\n" + tabulate(rows, headers=["kind", "slot", "event", "sides"], tablefmt="simple")
        if len(run.conflicts) > 5:
            out += f"\n… and {len(run.conflicts) - 5} more in the report"
    return out


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _date_cell(a: ArticleInfo) -> str:
    if a.published is None:
        return "none"
    return f"{a.published} ({a.published_from.value})"


def markdown_report(run: Run) -> str:
    """The consistency report as Markdown: summary, conflicts, agreements, single-source events, warnings."""
    claims = {c.id: c for c in run.claims}
    articles = {a.id: a for a in run.articles}
    out = ["# crosscheck consistency report", ""]
    out += ["## Summary", "", tabulate(summary_rows(run), headers=["", "count"], tablefmt="github"), ""]
    if run.warnings:
        out += ["## Warnings", ""] + [f"- **{w.kind.replace('_', ' ')}**: {_cell(w.message)}" for w in run.warnings]
        out.append("")
    out += ["## Conflicts", ""]
    if not run.conflicts:
        out += ["No conflicts found.", ""]
    for n, x in enumerate(run.conflicts, 1):
        verdict = f" — reviewed: {x.verdict}" if x.verdict else ""
        out += [f"### {n}. {x.kind.upper()} {x.slot}: {_cell(x.event)}{verdict}", "",
                f"`{x.id}` · event `{x.cluster_id}` · {_cell(x.reason)}", ""]
        if x.reopened:
            out += [f"Re-opened: it was marked {x.reopened}, and its evidence has changed since.", ""]
        if x.review_note:
            out += [f"Reviewer's note: {_cell(x.review_note)}", ""]
        rows: list[tuple[object, ...]] = []
        for side in x.sides:
            for cid in side.claim_ids:
                c = claims[cid]
                a = articles.get(c.article_id)
                anchor = c.time.anchor if c.time is not None and c.time.anchor else ""
                rows.append((_cell(side.value), _cell(a.source if a and a.source else c.article_id),
                             _date_cell(a) if a else "", c.modality, anchor, _cell(c.evidence)))
        out += [tabulate(rows, headers=["says", "source", "date", "modality", "anchor", "evidence"],
                         tablefmt="github"), ""]
    if run.separated:
        out += [f"Reviewers called {len(run.separated)} flagged conflict(s) different events; their sides are kept "
                "in separate events: " + ", ".join(f"`{i}`" for i in run.separated) + ".", ""]
    out += ["## Agreements", ""]
    if run.agreements:
        rows = [(_cell(g.event), g.origins, len(g.articles), g.claims, _cell(g.time or ""), _cell(g.place or ""),
                 _cell(", ".join(g.sources))) for g in run.agreements]
        out += [tabulate(rows, headers=["event", "independent origins", "articles", "claims", "time", "place",
                                        "sources"], tablefmt="github"), ""]
    else:
        out += ["No event is reported by two independent origins.", ""]
    single_ids = set(run.single_source)
    single = [cl for cl in run.clusters if cl.id in single_ids]
    out += ["## Single-source events", ""]
    if single:
        rows = [(_cell(cl.label), _cell(", ".join(articles[a].source or a if a in articles else a
                                                 for a in cl.articles)),
                 _cell(claims[cl.claim_ids[0]].evidence)) for cl in single]
        out += [tabulate(rows, headers=["event", "source", "evidence"], tablefmt="github"), ""]
    else:
        out += ["None.", ""]
    rows = [
        (_cell(a.id), _cell(a.source), _date_cell(a), _cell(a.page_date), _cell(a.origin),
         a.sentences, a.removed_lines)
        for a in run.articles
    ]
    out += [
        "## Articles", "",
        tabulate(rows, headers=["article", "source", "date used", "page prints", "origin credit",
                                "sentences", "junk lines removed"], tablefmt="github"),
        "",
    ]
    if run.problems:
        prows = [(p.severity, _cell(p.path), p.line or "", _cell(p.reason)) for p in run.problems]
        out += ["## Input problems", "",
                tabulate(prows, headers=["", "file", "line", "reason"], tablefmt="github"), ""]
    out += [f"_crosscheck {run.version}, rules {run.rules_hash}_", ""]
    return "\n".join(out)


def conflict_table(conflicts: Sequence[Conflict]) -> str:
    """One line per conflict, for ``crosscheck review list``."""
    rows = [(n, x.id, x.kind, x.slot, _short(x.event, 36), _short(" vs ".join(s.value for s in x.sides), 40),
             x.verdict or (f"open (was {x.reopened})" if x.reopened else "open")) for n, x in enumerate(conflicts, 1)]
    return tabulate(rows, headers=["#", "id", "kind", "slot", "event", "sides", "verdict"], tablefmt="simple")


def explanation_text(e: Explanation) -> str:
    """``crosscheck rules explain``: the rules that read a claim, and how its event's claims compare."""
    c = e.claim
    out = [f"claim {c.id} (article {c.article_id}, sentence {c.sentence})", f'  "{c.evidence}"', "",
           "rules that read it:",
           tabulate([(u.slot, u.rule, u.matched, u.value or "", u.how or "") for u in e.uses],
                    headers=["slot", "rule", "words", "value", "how"], tablefmt="simple"), ""]
    if e.cluster_id is None or not e.pairs:
        out.append(f"event {e.cluster_id}: no other claim shares it")
        return "\n".join(out)
    out.append(f"event {e.cluster_id}: {e.event_size} claims; how each compares with this one "
               f"(threshold {e.pairs[0].threshold:g}):")
    for p in e.pairs:
        how = ("vetoed" if p.vetoed else "joined directly" if p.direct
               else "below the threshold: joined through other claims")
        out.append(f"  {p.other} (article {p.article_id}) score {p.score:g}: {how}")
        out.append(f"    \"{_short(p.evidence, 100)}\"")
        out.append("    " + "; ".join(f"{lv.comparison}: {lv.label} ({lv.weight:+g}{', veto' if lv.veto else ''})"
                                      for lv in p.levels))
    return "\n".join(out)
