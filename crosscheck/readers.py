"""Reading article files by format: plain text, Markdown, HTML, JSONL (optionally gzipped) and WARC.

Each reader yields ``RawDoc``s (one per file, one per JSONL line, one per WARC
HTML response) or ``InputProblem``s; none of them raises on bad content, so one
bad file never stops a run. JSONL and WARC files are streamed record by record,
never loaded whole. HTML goes through trafilatura's main-text extraction, but
only in ``finish``: a worker process does that expensive step, not the reader.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .models import InputProblem

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES
FORMATS = ".txt, .md, .html, .jsonl, .jsonl.gz, .warc, .warc.gz"
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
    html: bool = False  # ``text`` is still the page's HTML: ``finish`` extracts the article from it

    def key(self) -> str:
        """A hash of everything reading gave: the same key means the same article, whatever file it came in."""
        parts = [self.id, self.text, self.title, self.source, self.url, self.published, self.page_date, self.html]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()[:24]


def suffix_of(path: Path) -> str:
    """The suffix that names the format: '.jsonl.gz' for a gzipped JSONL file, else the last one."""
    suffixes = [x.lower() for x in path.suffixes[-2:]]
    if len(suffixes) == 2 and suffixes[1] == ".gz":
        return "".join(suffixes)
    return path.suffix.lower()


def finish(doc: RawDoc) -> RawDoc:
    """The article text of an HTML document (title, page date and main text); other documents as they are."""
    if not doc.html:
        return doc
    title, page_date, text = _html_to_doc(doc.text)
    if title and text and not text.startswith(title):
        text = title + "\n" + text
    return RawDoc(id=doc.id, path=doc.path, text=text, line=doc.line, title=title, source=doc.source,
                  url=doc.url, published=doc.published, page_date=page_date, warnings=doc.warnings)


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
    suffix = suffix_of(path)
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, max_bytes)
        return
    if suffix in WARC_SUFFIXES:
        yield from read_warc(path, max_bytes)
        return
    data = _read_bytes(path, max_bytes)
    if isinstance(data, InputProblem):
        yield data
        return
    text, warnings = _decode(data, str(path))
    doc = RawDoc(id=path.stem, path=str(path), text=text, warnings=warnings)
    if suffix in HTML_SUFFIXES:
        doc.html = True
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


def _open(path: Path, gunzip: bool) -> BinaryIO | InputProblem:
    """A file to stream records from (decompressed as it is read when ``gunzip``), or why it cannot be."""
    try:
        return gzip.open(path, "rb") if gunzip else path.open("rb")  # type: ignore[return-value]
    except OSError as e:
        return InputProblem(path=str(path), severity="skipped", reason=f"cannot read: {e.strerror or e}")


def read_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc | InputProblem]:
    """One article per line: ``id``, ``text``, optional ``title``, ``source``, ``url``, ``published``.

    A ``.gz`` file is decompressed as it streams; a truncated or corrupt one yields what came before
    the damage and a problem naming the line."""
    fh = _open(path, gunzip=path.suffix.lower() == ".gz")
    if isinstance(fh, InputProblem):
        yield fh
        return
    n = 0
    with fh:
        try:
            for n, raw in enumerate(fh, start=1):
                yield from _jsonl_record(path, n, raw, max_bytes)
        except (OSError, EOFError, zlib.error) as e:
            yield InputProblem(path=str(path), line=n + 1, severity="skipped",
                               reason=f"cannot read past line {n}: {e} (truncated or corrupt file?)")


def _jsonl_record(path: Path, n: int, raw: bytes, max_bytes: int) -> Iterator[RawDoc | InputProblem]:
    """Line ``n`` of a JSONL file: a document, a problem, or nothing for a blank line."""
    if not raw.strip():
        return
    if len(raw) > max_bytes:
        yield InputProblem(path=str(path), line=n, severity="skipped",
                           reason=f"record is {len(raw):,} bytes, over the {max_bytes:,}-byte cap")
        return
    line, warnings = _decode(raw, str(path))
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        yield InputProblem(path=str(path), line=n, severity="skipped", reason=f"not valid JSON: {e.msg}")
        return
    if not isinstance(rec, dict):
        yield InputProblem(path=str(path), line=n, severity="skipped", reason="expected a JSON object")
        return
    missing = [k for k in ("id", "text") if not isinstance(rec.get(k), str) or not rec[k].strip()]
    if missing:
        yield InputProblem(path=str(path), line=n, severity="skipped",
                           reason=f"missing or empty field(s): {', '.join(missing)}")
        return
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


_SLUG = re.compile(r"[^A-Za-z0-9]+")


def warc_id(url: str) -> str:
    """A readable, file-safe and stable article id for a crawled page: host and path words, then a hash.

    The hash of the whole URL keeps two pages with the same slug apart; the same URL always gets
    the same id, so a sidecar can name it."""
    slug = _SLUG.sub("-", url.split("://", 1)[-1]).strip("-").lower()[:80].rstrip("-")
    return f"{slug or 'page'}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}"


def read_warc(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc | InputProblem]:
    """One article per HTML response (or resource) record of a WARC or WARC.gz file, as news crawls
    such as CC-News ship them. Other records (requests, metadata, images) are passed over; the
    record's number stands where other formats give a line. The crawl date (WARC-Date) is not the
    publication date and is not used as one."""
    from warcio.archiveiterator import ArchiveIterator  # only WARC input needs it
    from warcio.exceptions import ArchiveLoadFailed

    fh = _open(path, gunzip=False)  # warcio reads a .warc.gz's per-record gzip members itself
    if isinstance(fh, InputProblem):
        yield fh
        return
    n = 0
    with fh:
        try:
            for n, record in enumerate(ArchiveIterator(fh), start=1):
                if record.format != "warc":  # warcio reads any text as an old ARC file; we take WARC only
                    yield InputProblem(path=str(path), line=n, severity="skipped",
                                       reason=f"record {n} is not a WARC record (not a WARC file?)")
                    return
                if record.rec_type not in ("response", "resource"):
                    continue
                mime = (record.http_headers.get_header("Content-Type") if record.http_headers
                        else record.rec_headers.get_header("Content-Type")) or ""
                if "html" not in mime.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or f"{path.name}#{n}"
                stream = record.content_stream()
                data = stream.read(max_bytes + 1)
                if len(data) > max_bytes:
                    yield InputProblem(path=str(path), line=n, severity="skipped",
                                       reason=f"WARC record {n} ({url}) is over the {max_bytes:,}-byte cap")
                    continue
                if not data.strip():
                    continue
                text, warnings = _decode(data, str(path))
                yield RawDoc(id=warc_id(url), path=str(path), line=n, text=text, url=url,
                             warnings=warnings, html=True)
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as e:
            yield InputProblem(path=str(path), line=n + 1, severity="skipped",
                               reason=f"cannot read WARC record {n + 1}: {e} (truncated or not a WARC file?)")
