"""Pure functions from a run to the texts people read: Markdown report, terminal summary.

Article text is untrusted: in Markdown it is shown inside table cells with the
characters that would break a table or start markup escaped.
"""

from __future__ import annotations

from tabulate import tabulate

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
    origins = {a.origin or a.source or a.id for a in run.articles}
    return [
        ("articles", len(run.articles)),
        ("sources", len({a.source for a in run.articles if a.source})),
        ("independent origins", len(origins)),
        ("sentences", sum(a.sentences for a in run.articles)),
        ("lines removed as page junk", sum(a.removed_lines for a in run.articles)),
        ("claims", len(run.claims)),
        ("events", len(run.clusters)),
        ("conflicts", len(run.conflicts)),
        ("input problems", len(run.problems)),
    ]


def summary_table(run: Run) -> str:
    """The short summary printed on the terminal."""
    return tabulate(summary_rows(run), tablefmt="simple", colalign=("left", "right"))


def _date_cell(a: ArticleInfo) -> str:
    if a.published is None:
        return "none"
    return f"{a.published} ({a.published_from.value})"


def markdown_report(run: Run) -> str:
    """The consistency report as Markdown."""
    out = ["# crosscheck consistency report", ""]
    out += ["## Summary", "", tabulate(summary_rows(run), headers=["", "count"], tablefmt="github"), ""]
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
