"""The consistency report as one self-contained HTML page: no network, readable offline, printable.

Everything that comes from an article (evidence, names, titles, source
names, URLs) is untrusted: it is escaped with ``html.escape`` wherever it is
written, links are made only for http(s) URLs, and the page's only script is
the filter code written here, which reads ``data-`` attributes and never
article text.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from html import escape
from urllib.parse import urlparse

from .claim import Claim
from .findings import Conflict
from .models import ArticleInfo
from .origins import origin_groups
from .report import summary_rows
from .result import Run

_VERDICTS = ("open", "confirmed", "false-alarm", "different-events", "superseded")
_MATRIX_EVENTS = 40

_CSS = """
:root { --hard: #b3261e; --soft: #b26a00; --ok: #1e6b3a; --muted: #5f6368; --line: #dadce0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; margin: 0;
       background: #f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 32px 0 12px; border-bottom: 1px solid
var(--line); padding-bottom: 4px; } h3 { font-size: 16px; margin: 0; }
.meta, .muted { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; background: #fff; }
td, th { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; font-size: 13px; }
.summary td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
.filters { position: sticky; top: 0; background: #f6f7f9; padding: 8px 0; z-index: 2; font-size: 14px; }
.filters fieldset { display: inline-block; border: 1px solid var(--line); margin-right: 8px; padding: 4px 10px; }
.card { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--soft); border-radius: 6px;
        padding: 14px 16px; margin: 0 0 14px; break-inside: avoid; }
.card.hard { border-left-color: var(--hard); }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px;
         color: #fff; background: var(--soft); margin-right: 6px; text-transform: uppercase; }
.badge.hard { background: var(--hard); } .badge.slot { background: #3c4043; }
.badge.verdict { background: var(--ok); } .badge.open { background: #9aa0a6; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; margin-top: 10px; }
.side { background: #fafafa; border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; }
.side .value { font-weight: 700; font-size: 15px; margin-bottom: 6px; }
blockquote { margin: 6px 0; padding: 0 0 0 10px; border-left: 3px solid var(--line); }
mark { background: #ffe08a; padding: 0 2px; }
.timeline { list-style: none; margin: 8px 0 0; padding: 0 0 0 14px; border-left: 2px solid var(--line); }
.timeline li { position: relative; margin: 0 0 8px; padding-left: 8px; }
.timeline li::before { content: ""; position: absolute; left: -21px; top: 6px; width: 10px; height: 10px;
                       border-radius: 50%; background: #9aa0a6; }
.timeline li.conflicting::before { background: var(--hard); }
.matrix td.agrees { background: #e6f4ea; } .matrix td.conflicts { background: #fce8e6; }
.matrix td.silent { color: #bbb; }
.matrix th.event { writing-mode: vertical-rl; transform: rotate(180deg); max-height: 220px; font-weight: 500; }
.hidden { display: none; }
@media print { .filters { display: none; } body { background: #fff; } .card { border-color: #999; } }
"""

# the page's only script: show or hide cards by their data-kind and data-verdict
_JS = """
(function () {
  var boxes = document.querySelectorAll('.filters input[type=checkbox]');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.name + ':' + b.value] = b.checked; });
    document.querySelectorAll('.card[data-kind]').forEach(function (card) {
      var show = on['kind:' + card.dataset.kind] && on['verdict:' + card.dataset.verdict];
      card.classList.toggle('hidden', !show);
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  document.body.setAttribute('data-filters', 'ready');
})();
"""


# the policy lets only this exact script run: even markup that slipped past escaping could not run code
_JS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_JS.encode()).digest()).decode()
_POLICY = f"default-src 'none'; style-src 'unsafe-inline'; script-src '{_JS_HASH}'"


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _date(a: ArticleInfo | None) -> str:
    if a is None or a.published is None:
        return "no date"
    return f"{a.published.isoformat()} ({a.published_from.value})"


def _link(a: ArticleInfo | None, text: str) -> str:
    """The source name, linked only when its URL is plain http(s)."""
    if a is not None and a.url:
        url = urlparse(a.url)
        if url.scheme in ("http", "https") and url.netloc:
            return f'<a href="{_e(a.url)}" rel="noopener noreferrer">{_e(text)}</a>'
    return _e(text)


def _marked(text: str, words: Iterable[str]) -> str:
    """The evidence escaped, with the words that disagree wrapped in <mark>."""
    spans: list[tuple[int, int]] = []
    low = text.casefold()
    for w in words:
        if not w:
            continue
        at = text.find(w)
        if at < 0:
            at = low.find(w.casefold())
        if at >= 0 and not any(s < at + len(w) and at < e for s, e in spans):
            spans.append((at, at + len(w)))
    out, pos = [], 0
    for s, e in sorted(spans):
        out += [_e(text[pos:s]), "<mark>", _e(text[s:e]), "</mark>"]
        pos = e
    out.append(_e(text[pos:]))
    return "".join(out)


def _words(c: Claim, slot: str) -> list[str]:
    if slot == "time" and c.time is not None:
        return [c.time.expression]
    if slot == "place" and c.place is not None:
        return [c.place.raw]
    if slot == "number":
        return [q.raw for q in c.quantities]
    return [c.trigger or ""]


class HtmlReport:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.claims = {c.id: c for c in run.claims}
        self.articles = {a.id: a for a in run.articles}
        self.origin = origin_groups(run.articles, run.claims)
        self.clusters = {c.id: c for c in run.clusters}
        self.on_sides = {i for x in run.conflicts for i in x.claim_ids}  # claims on a side of some conflict

    def source(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return (a.source if a is not None and a.source else None) or article_id

    def _claim(self, c: Claim, slot: str) -> str:
        a = self.articles.get(c.article_id)
        anchor = ""
        if c.time is not None:
            read = f"read from {c.time.anchor}" if c.time.anchor else ("left open: no trusted date"
                                                                       if c.time.relative else "as written")
            anchor = f" · time “{_e(c.time.expression)}” → {_e(c.time.value or 'open')}, {read}"
        return (f'<blockquote class="evidence">{_marked(c.evidence, _words(c, slot))}</blockquote>'
                f'<div class="muted">{_link(a, self.source(c.article_id))} · article {_e(c.article_id)} · '
                f'{_e(_date(a))} · {_e(c.modality)}{anchor}</div>')

    def conflict(self, n: int, x: Conflict) -> str:
        verdict = x.verdict or "open"
        badge = (f'<span class="badge verdict">{_e(x.verdict)}</span>' if x.verdict
                 else '<span class="badge open">open</span>')
        sides = []
        for side in x.sides:
            body = "".join(self._claim(self.claims[i], x.slot) for i in side.claim_ids if i in self.claims)
            sides.append(f'<div class="side"><div class="value">{_e(side.value)}</div>{body}</div>')
        extra = ""
        if x.reopened:
            extra += f'<p class="muted">Re-opened: it was marked {_e(x.reopened)}; its evidence has changed.</p>'
        if x.review_note:
            extra += f'<p class="muted">Reviewer’s note: {_e(x.review_note)}</p>'
        return (f'<section class="card conflict {_e(x.kind)}" id="{_e(x.id)}" data-kind="{_e(x.kind)}" '
                f'data-verdict="{_e(verdict)}">'
                f'<h3>{n}. <span class="badge {_e(x.kind)}">{_e(x.kind)}</span>'
                f'<span class="badge slot">{_e(x.slot)}</span>{badge}{_e(x.event)}</h3>'
                f'<div class="muted">{_e(x.id)} · event <a href="#tl-{_e(x.cluster_id)}">{_e(x.cluster_id)}</a> · '
                f'{_e(x.reason)}</div>{extra}<div class="sides">{"".join(sides)}</div></section>')

    def timeline(self, cluster_id: str) -> str:
        cluster = self.clusters.get(cluster_id)
        if cluster is None:
            return ""
        members = [self.claims[i] for i in cluster.claim_ids if i in self.claims]

        def when(c: Claim) -> tuple[dt.date, str]:
            a = self.articles.get(c.article_id)
            return (a.published if a is not None and a.published else dt.date.max, c.id)

        items = []
        for c in sorted(members, key=when):
            a = self.articles.get(c.article_id)
            said = ", ".join(x for x in (
                c.time.value if c.time is not None and c.time.value else None,
                c.place.value if c.place is not None else None, c.modality) if x)
            state = "conflicting" if c.id in self.on_sides else "agreeing"
            items.append(f'<li class="{state}"><strong>{_e(_date(a))}</strong> '
                         f'{_link(a, self.source(c.article_id))}: {_e(said)}'
                         f'<blockquote>{_e(c.evidence)}</blockquote></li>')
        return (f'<section class="card event-timeline" id="tl-{_e(cluster.id)}"><h3>{_e(cluster.label)}</h3>'
                f'<div class="muted">event {_e(cluster.id)} · {len(cluster.articles)} article(s)</div>'
                f'<ol class="timeline">{"".join(items)}</ol></section>')

    def matrix(self) -> str:
        """Sources (grouped by independent origin) × multi-source events: agrees, conflicts or silent."""
        disputed: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for x in self.run.conflicts:
            for side in x.sides:
                for art in side.articles:
                    disputed[x.cluster_id][art].add(side.value)
        events = [cl for cl in self.run.clusters if len(cl.articles) > 1 and cl.family != "state"]
        events.sort(key=lambda cl: (cl.id not in disputed, -len(cl.articles), cl.id))
        events = events[:_MATRIX_EVENTS]
        if not events:
            return "<p>No event is reported by more than one article.</p>"
        by_origin: dict[str, list[ArticleInfo]] = defaultdict(list)
        for a in self.run.articles:
            by_origin[self.origin.get(a.id, a.id)].append(a)
        head = "".join(f'<th class="event" title="{_e(cl.label)}">{_e(cl.label)}</th>' for cl in events)
        rows = []
        for origin, arts in sorted(by_origin.items()):
            for k, a in enumerate(sorted(arts, key=lambda a: a.id)):
                cells = []
                for cl in events:
                    if a.id in disputed[cl.id]:
                        cells.append(f'<td class="conflicts">conflicts: {_e(", ".join(sorted(disputed[cl.id][a.id])))}'
                                     "</td>")
                    elif a.id in cl.articles:
                        cells.append('<td class="agrees">agrees</td>')
                    else:
                        cells.append('<td class="silent">silent</td>')
                label = origin.split(":", 1)[1] if origin.startswith("wire:") else (
                    "its own story" if len(arts) == 1 else "one story, copied")
                group = f'<td rowspan="{len(arts)}">{_e(label)}</td>' if k == 0 else ""
                rows.append(f"<tr>{group}<td>{_link(a, self.source(a.id))}<br><span class='muted'>{_e(a.id)}"
                            f"</span></td>{''.join(cells)}</tr>")
        return (f'<table class="matrix"><thead><tr><th>origin</th><th>source</th>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')

    def page(self) -> str:
        run = self.run
        summary = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in summary_rows(run))
        warnings = "".join(f'<li><strong>{_e(w.kind.replace("_", " "))}</strong>: {_e(w.message)}</li>'
                           for w in run.warnings)
        junk = sum(a.removed_lines for a in run.articles)
        kinds = sorted({x.kind for x in run.conflicts}) or ["hard", "soft"]
        filters = (
            '<div class="filters" role="group" aria-label="filters"><fieldset><legend>kind</legend>'
            + "".join(f'<label><input type="checkbox" name="kind" value="{k}" checked> {k}</label> ' for k in kinds)
            + '</fieldset><fieldset><legend>verdict</legend>'
            + "".join(f'<label><input type="checkbox" name="verdict" value="{v}" checked> {v}</label> '
                      for v in _VERDICTS)
            + "</fieldset></div>")
        cards = "".join(self.conflict(n, x) for n, x in enumerate(run.conflicts, 1)) or "<p>No conflicts found.</p>"
        timeline_ids = list(dict.fromkeys(x.cluster_id for x in run.conflicts))
        timeline_ids += [g.cluster_id for g in run.agreements if g.cluster_id not in timeline_ids][:20]
        timelines = "".join(self.timeline(cid) for cid in timeline_ids) or "<p>No event with several reports.</p>"
        articles = "".join(
            f"<tr><td>{_e(a.id)}</td><td>{_link(a, a.source or '')}</td><td>{_e(_date(a))}</td>"
            f"<td>{_e(a.page_date or '')}</td><td>{_e(a.origin or '')}</td><td>{a.removed_lines}</td></tr>"
            for a in run.articles)
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
<title>crosscheck consistency report</title><style>{_CSS}</style></head>
<body><main>
<h1>Consistency report</h1>
<div class="meta">crosscheck {_e(run.version)} · rules {_e(run.rules_hash)} · {len(run.articles)} articles</div>
<h2 id="summary">Summary</h2><table class="summary"><tbody>{summary}</tbody></table>
<h2 id="warnings">Warnings</h2>
<ul class="warnings">{warnings or '<li>None.</li>'}<li>{junk} junk line(s) removed from the pages (navigation,
related stories, promos): see the articles table.</li></ul>
<h2 id="conflicts">Conflicts</h2>{filters}<div id="conflict-cards">{cards}</div>
<h2 id="timelines">What each source said, and when</h2>{timelines}
<h2 id="matrix">Sources × events</h2>
<p class="muted">Events reported by more than one article; sources grouped by independent origin (copies of one
story or one wire count once).</p>{self.matrix()}
<h2 id="articles">Articles</h2>
<table><thead><tr><th>article</th><th>source</th><th>date used</th><th>page prints</th><th>origin credit</th>
<th>junk lines removed</th></tr></thead><tbody>{articles}</tbody></table>
</main><script>{_JS}</script></body></html>
"""


def html_report(run: Run) -> str:
    """The run as one self-contained HTML page."""
    return HtmlReport(run).page()
