"""CSV exports: the run's claims and conflicts, one row each, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from crosscheck.csvreport import CLAIM_COLUMNS, claims_csv, conflicts_csv
from crosscheck.result import Run

from .claimkit import claim


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_claim_and_per_conflict(seed_articles, rules):
    from crosscheck.check import check
    from crosscheck.cluster import cluster_claims
    from crosscheck.extract import extract
    from crosscheck.models import ArticleInfo

    articles = [ArticleInfo.of(a) for a in seed_articles.values()]
    claims, clusters = cluster_claims(extract(list(seed_articles.values()), rules), rules, articles)
    result = check(rules, articles, claims, clusters)
    run = Run(version="t", rules_hash="h", articles=articles, claims=claims, clusters=clusters,
              conflicts=result.conflicts)
    claim_rows = rows(claims_csv(run))
    assert [r["claim_id"] for r in claim_rows] == [c.id for c in claims]
    assert list(claim_rows[0]) == CLAIM_COLUMNS
    conflict_rows = rows(conflicts_csv(run))
    assert [r["conflict_id"] for r in conflict_rows] == [x.id for x in run.conflicts]
    assert all(r["values"] == " vs ".join(s.value for s in x.sides) for r, x in zip(conflict_rows, run.conflicts,
                                                                                     strict=True))


def test_formulas_from_articles_are_quoted():
    c = claim("a", "meet", "=HYPERLINK(\"http://x\")", "Bob")
    c = c.model_copy(update={"evidence": "=cmd|' /C calc'!A0", "article_id": "+a"})
    [row] = rows(claims_csv(Run(version="t", rules_hash="h", articles=[], claims=[c])))
    assert row["evidence"].startswith("'=") and row["article_id"] == "'+a" and row["subject"].startswith("'=")
