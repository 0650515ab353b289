"""Reading article files by format: plain text, Markdown, HTML and JSONL.

Each reader yields ``RawDoc``s (one per file, or one per JSONL line) or
``InputProblem``s; none of them raises on bad content, so one bad file never
stops a run. HTML goes through trafilatura's main-text extraction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .models import InputProblem

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 5_000_000  # a news page is well under 1 MB; larger is a dump or a mistake

_HEADER = re.compile(r"^(Title|Source|URL|Date|Published|Author):\s*(.*)$", re.IGNORECASE)


@dataclass
class RawDoc:
    """One article as read, before cleaning."""

    id: str
    path: str
    text: str
    line: int | None = None  # JSONL line number
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # as given by the record or header, parsed later
    page_date: str | None = None  # a date the format itself carries (HTML metadata)
    warnings: list[str] = field(default_factory=list)


def _decode(data: bytes, path: str) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        return text, [f"invalid UTF-8 at byte {e.start}; {bad} character(s) replaced with U+FFFD"]


def _read_bytes(path: Path, max_bytes: int) -> bytes | InputProblem:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputProblem(
                path=str(path), severity="skipped",
                reason=f"file is {size:,} bytes, over the {max_bytes:,}-byte cap",
            )
        data = path.read_bytes()
    except OSError as e:
        return InputProblem(path=str(path), severity="skipped", reason=f"cannot read: {e.strerror or e}")
    if not data.strip():
        return InputProblem(path=str(path), severity="skipped", reason="empty file")
    if b"\x00" in data[:8192]:
        return InputProblem(path=str(path), severity="skipped", reason="binary file, not text")
    return data


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """'Title: …' / 'Source: …' lines at the very top, then a blank line, are metadata."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if meta:
                return meta, "\n".join(lines[i + 1:])
            return {}, text
        m = _HEADER.match(line)
        if not m:
            return {}, text
        meta[m.group(1).lower()] = m.group(2).strip()
    return {}, text


def _markdown_to_text(text: str) -> tuple[str | None, str]:
    title = None
    out = []
    in_code = False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            line = heading.group(1)
            title = title or line
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # links keep their text
        line = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", line)
        line = re.sub(r"^\s{0,3}>\s?", "", line)
        out.append(line)
    return title, "\n".join(out)


def _html_to_doc(html: str) -> tuple[str | None, str | None, str]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    result = trafilatura.extract(
        html, output_format="json", with_metadata=True, include_comments=False,
        include_tables=False, favor_precision=True,
    )
    if not result:
        return None, None, ""
    doc = json.loads(result)
    return doc.get("title"), doc.get("date"), doc.get("text") or ""


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc | InputProblem]:
    """Read one article file (or every record of a JSONL file)."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, max_bytes)
        return
    data = _read_bytes(path, max_bytes)
    if isinstance(data, InputProblem):
        yield data
        return
    text, warnings = _decode(data, str(path))
    doc = RawDoc(id=path.stem, path=str(path), text=text, warnings=warnings)
    if suffix in HTML_SUFFIXES:
        doc.title, doc.page_date, doc.text = _html_to_doc(text)
        if doc.title and doc.text and not doc.text.startswith(doc.title):
            doc.text = doc.title + "\n" + doc.text
        yield doc
        return
    meta, body = _split_header(text)
    if suffix in MARKDOWN_SUFFIXES:
        title, body = _markdown_to_text(body)
        doc.title = meta.get("title") or title
    else:
        doc.title = meta.get("title")
    doc.source, doc.url = meta.get("source"), meta.get("url")
    doc.page_date = meta.get("date") or meta.get("published")
    doc.text = (doc.title + "\n" + body) if doc.title and meta.get("title") else body
    yield doc


def read_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc | InputProblem]:
    """One article per line: ``id``, ``text``, optional ``title``, ``source``, ``url``, ``published``."""
    try:
        fh = path.open("rb")
    except OSError as e:
        yield InputProblem(path=str(path), severity="skipped", reason=f"cannot read: {e.strerror or e}")
        return
    with fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield InputProblem(path=str(path), line=n, severity="skipped",
                                   reason=f"record is {len(raw):,} bytes, over the {max_bytes:,}-byte cap")
                continue
            line, warnings = _decode(raw, str(path))
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield InputProblem(path=str(path), line=n, severity="skipped",
                                   reason=f"not valid JSON: {e.msg}")
                continue
            if not isinstance(rec, dict):
                yield InputProblem(path=str(path), line=n, severity="skipped",
                                   reason="expected a JSON object")
                continue
            missing = [k for k in ("id", "text") if not isinstance(rec.get(k), str) or not rec[k].strip()]
            if missing:
                yield InputProblem(path=str(path), line=n, severity="skipped",
                                   reason=f"missing or empty field(s): {', '.join(missing)}")
                continue
            title = rec.get("title") if isinstance(rec.get("title"), str) else None
            text = rec["text"]
            if title and not text.lstrip().startswith(title.strip()):
                text = title.strip() + "\n" + text
            yield RawDoc(
                id=rec["id"].strip(), path=str(path), line=n, text=text, title=title,
                source=rec.get("source") or None, url=rec.get("url") or None,
                published=str(rec["published"]) if rec.get("published") else None,
                warnings=warnings,
            )
