"""The HTML report: self-contained, escaped, and complete when a real browser renders it."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.htmlreport import html_report
from crosscheck.result import Run

runner = CliRunner()
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


class Dom(HTMLParser):
    """Every element of a rendered page: tag, attributes, and the text inside it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.elements.append((tag, dict(attrs)))

    def having(self, tag: str | None = None, cls: str | None = None) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if (tag is None or t == tag)
                and (cls is None or cls in (a.get("class") or "").split())]


def browser() -> str:
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    pytest.skip("no headless browser (Debian's chromium) on this machine: apt-get install chromium")


def render(page: Path, out: Path | None = None) -> Dom:
    """The DOM a headless Chromium builds from the page, after its scripts ran; a screenshot if asked."""
    base = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--virtual-time-budget=3000"]
    dumped = subprocess.run([*base, "--dump-dom", page.resolve().as_uri()], capture_output=True, text=True,
                            timeout=120, check=True).stdout
    if out is not None:
        subprocess.run([*base, "--window-size=1280,2400", f"--screenshot={out}", page.resolve().as_uri()],
                       capture_output=True, timeout=120, check=True)
    return Dom(dumped)


HOSTILE_TXT = """Mayor's office <script>document.body.setAttribute('data-pwned','script')</script> says bridge closed

Twelve people were injured in Paris on Monday when the <img src=x onerror="document.body.setAttribute('data-pwned','img')"> Old Bridge
collapsed, the mayor said. <a href="javascript:document.body.setAttribute('data-pwned','link')">more</a>
<div><b>unclosed <svg onload="document.title='pwned'"></svg> <iframe src="javascript:alert(1)"></iframe>
"""
HOSTILE_JSONL = {"id": "wire\" onmouseover=\"alert(1)", "title": "<style>body{display:none}</style>Bridge",
                 "source": "<b onmouseover=alert(1)>Gazette</b>", "url": "javascript:alert(1)",
                 "published": "2024-03-05",
                 "text": "Fifteen people were injured in Paris on Monday when the Old Bridge collapsed <b>. "
                         "</blockquote></section><script>document.title='pwned'</script>"}


@pytest.fixture
def hostile_run(tmp_path: Path) -> Path:
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "mayor.txt").write_text(HOSTILE_TXT)
    (arts / "wire.jsonl").write_text(json.dumps(HOSTILE_JSONL) + "\n")
    (tmp_path / "sources.csv").write_text(
        'id,source,url,published\nmayor,"<script>alert(2)</script>Courier",javascript:alert(3),2024-03-05\n')
    out = tmp_path / "reports"
    result = runner.invoke(app, ["check", str(arts), "--sources", str(tmp_path / "sources.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_article_text_is_escaped_and_only_our_script_is_in_the_file(hostile_run: Path):
    page = (hostile_run / "report.html").read_text()
    assert page.count("<script") == 1 and page.rindex("<script") > page.rindex("</main>")
    assert 'onerror="' not in page and 'onload="' not in page and 'onmouseover="' not in page
    assert "<img" not in page and "<iframe" not in page and "<svg" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in page  # shown, as text
    assert "Content-Security-Policy" in page and "'unsafe-inline'" not in page.split("script-src")[1][:80]
    assert "http://" not in page and "https://" not in page.replace('href="https://', "")  # nothing fetched


def test_hostile_input_is_not_live_in_a_real_browser(hostile_run: Path, tmp_path: Path):
    dom = render(hostile_run / "report.html")
    body = dom.having("body")[0]
    assert "data-pwned" not in body
    assert body.get("data-filters") == "ready"  # the page's own script ran; none of the article's did
    assert len(dom.having("script")) == 1
    assert not dom.having("img") and not dom.having("iframe") and not dom.having("svg")
    assert not [a for a in dom.having("a") if (a.get("href") or "").lower().startswith("javascript:")]
    assert not [(t, a) for t, a in dom.elements if any(k.startswith("on") for k in a)]
    conflicts = Run.model_validate_json((hostile_run / "run.json").read_text()).conflicts
    assert conflicts  # the hostile sentences are on the page, as evidence of a conflict
    assert [c["id"] for c in dom.having("section", "conflict")] == [x.id for x in conflicts]


def test_seed_report_renders_every_conflict_card_and_timeline(tmp_path: Path, seed_out: Path):
    out = seed_out
    run = Run.model_validate_json((out / "run.json").read_text())
    shot = tmp_path / "seed-report.png"
    dom = render(out / "report.html", shot)
    cards = dom.having("section", "conflict")
    assert [c["id"] for c in cards] == [x.id for x in run.conflicts]
    assert {c["data-kind"] for c in cards} == {x.kind for x in run.conflicts}
    timelines = {a["id"] for a in dom.having("section", "event-timeline")}
    assert {f"tl-{x.cluster_id}" for x in run.conflicts} <= timelines
    assert dom.having("table", "matrix") and dom.having("ul", "warnings")
    assert len(dom.having("mark")) >= 2 * len(run.conflicts)  # the conflicting words on both sides
    assert shot.stat().st_size > 50_000
    shutil.copy(shot, out / "seed-report.png")


def test_report_is_self_contained_and_filters_by_data_attributes():
    run = Run(version="t", rules_hash="h", articles=[])
    page = html_report(run)
    assert "<link" not in page and "src=" not in page and "@import" not in page
    assert 'name="kind"' in page and 'name="verdict"' in page and "No conflicts found." in page
