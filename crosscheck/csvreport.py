"""The run as two CSV tables: one row per claim, one row per conflict.

Cells that a spreadsheet would read as a formula (starting with =, +, -, @)
are prefixed with a quote: article text is untrusted, and a CSV opened in a
spreadsheet must not run what an article wrote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .result import Run

CLAIM_COLUMNS = ["claim_id", "article_id", "source", "published", "cluster_id", "predicate", "subject", "object",
                 "place", "time", "time_expression", "time_anchor", "modality", "status", "negated", "attribution",
                 "numbers", "evidence"]
CONFLICT_COLUMNS = ["rank", "conflict_id", "kind", "slot", "event", "cluster_id", "values", "sources", "articles",
                    "claim_ids", "reason", "verdict", "review_note"]


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _table(columns: list[str], rows: Iterable[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([_safe(v) for v in row])
    return buf.getvalue()


def claims_csv(run: Run) -> str:
    articles = {a.id: a for a in run.articles}

    def row(c):  # noqa: ANN001, ANN202 - a Claim
        a = articles.get(c.article_id)
        t = c.time
        return [c.id, c.article_id, a.source if a else None, a.published if a else None, c.cluster_id, c.predicate,
                c.subject.value if c.subject else None, c.object.value if c.object else None,
                c.place.value if c.place else None, t.value if t else None, t.expression if t else None,
                t.anchor if t else None, c.modality, c.status, c.negated,
                c.attribution.value if c.attribution else None,
                "; ".join(f"{q.role or 'number'}={q.qualifier + ' ' if q.qualifier else ''}{q.value:g}"
                          for q in c.quantities), c.evidence]

    return _table(CLAIM_COLUMNS, (row(c) for c in run.claims))


def conflicts_csv(run: Run) -> str:
    return _table(CONFLICT_COLUMNS, (
        [n, x.id, x.kind, x.slot, x.event, x.cluster_id, " vs ".join(s.value for s in x.sides),
         " vs ".join(", ".join(s.sources) for s in x.sides), " vs ".join(", ".join(s.articles) for s in x.sides),
         " ".join(x.claim_ids), x.reason, x.verdict or "open", x.review_note]
        for n, x in enumerate(run.conflicts, 1)))
