"""Ingest: files and folders of articles → clean ``Article``s with sentences.

Bad input never stops a run: every skipped file or caveat becomes an
``InputProblem`` naming the file (and line) and the reason. Only when nothing
usable was read does ``ingest`` raise ``NoUsableInputError``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .boilerplate import clean_lines
from .errors import NoUsableInputError
from .models import (
    Article,
    DateOrigin,
    IngestResult,
    InputProblem,
    RemovedText,
    Sentence,
    SourceInfo,
)
from .progress import Progress, every
from .provenance import find_origin, find_page_date, is_byline, parse_printed_date
from .readers import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, FORMATS, RawDoc, finish, read_file, suffix_of
from .rules import Rules, load_rules
from .sentences import split_line
from .sources import load_sources, parse_iso_date

log = logging.getLogger(__name__)

MAX_ID_LENGTH = 200


def check_article_id(article_id: str) -> str | None:
    """Why ``article_id`` is unsafe as a file name inside an output folder, or None if it is safe."""
    if not article_id:
        return "empty article id"
    if len(article_id) > MAX_ID_LENGTH:
        return f"article id longer than {MAX_ID_LENGTH} characters"
    if any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in article_id):
        return f"article id {article_id!r} contains control characters"
    if "/" in article_id or "\\" in article_id or article_id in {".", ".."} or article_id.startswith("."):
        return f"article id {article_id!r} could escape the output folder"
    return None


def discover(
    paths: Sequence[Path | str], exclude: frozenset[Path] = frozenset()
) -> Iterator[Path | InputProblem]:
    """Article files under ``paths`` (folders recursively, in name order), and what was skipped.

    Files in ``exclude`` (resolved paths: the metadata sidecar) are passed over silently.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.resolve() in exclude:
                    continue
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if suffix_of(child) in ARTICLE_SUFFIXES:
                    yield child
                else:
                    yield InputProblem(
                        path=str(child), severity="skipped",
                        reason=f"not an article file ({FORMATS})"
                        + ("; pass metadata with --sources" if child.suffix.lower() == ".csv" else ""),
                    )
        elif path.is_file():
            if suffix_of(path) in ARTICLE_SUFFIXES:
                yield path
            else:
                yield InputProblem(path=str(path), severity="skipped",
                                   reason=f"unsupported file type {path.suffix or '(none)'}")
        elif path.exists():
            yield InputProblem(path=str(path), severity="skipped", reason="not a regular file")
        else:
            yield InputProblem(path=str(path), severity="skipped", reason="no such file or folder")


def clean_article(doc: RawDoc, rules: Rules, meta: SourceInfo | None = None) -> Article:
    """Clean one raw document into an Article: page date, origin, boilerplate, sentences."""
    doc = finish(doc)
    lines = doc.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    claimed: dict[int, tuple[str, str]] = {}
    removed: list[RemovedText] = []

    page = find_page_date(lines)
    page_date = page.date if page else None
    page_date_text = page.text if page else None
    if page is not None:
        claimed[page.line] = ("page-date", "page date line")
    elif doc.page_date:
        page_date = parse_iso_date_or_printed(doc.page_date)
        page_date_text = doc.page_date

    origin = find_origin(lines, rules.agencies)
    if origin is not None:
        if origin.whole_line:
            claimed[origin.line] = ("byline", "byline (origin credit)")
        else:
            removed.append(RemovedText(line=origin.line + 1, text=origin.evidence,
                                       rule="dateline", reason="dateline (origin credit)"))
            lines[origin.line] = lines[origin.line][origin.prefix_len:]
    for i, line in enumerate(lines):
        if i not in claimed and is_byline(line):
            claimed[i] = ("byline", "byline")

    cleaned = clean_lines(lines, rules.boilerplate, claimed)
    removed = sorted(removed + cleaned.removed, key=lambda r: r.line)

    parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    for kept in cleaned.lines:
        for s, e in split_line(kept.text):
            sentences.append(Sentence(index=len(sentences), start=offset + s, end=offset + e,
                                      text=kept.text[s:e], kind=kept.kind))
        parts.append(kept.text)
        offset += len(kept.text) + 1
    text = "\n".join(parts)

    # metadata given with the input (the sidecar, or a JSONL record's own field) outranks the page
    published, published_from = None, DateOrigin.NONE
    if meta is not None and meta.published is not None:
        published, published_from = meta.published, DateOrigin.SIDECAR
    elif doc.published:
        published = parse_iso_date_or_printed(doc.published)
        published_from = DateOrigin.SIDECAR if published else DateOrigin.NONE
    if published is None and page_date is not None:
        published, published_from = page_date, DateOrigin.PAGE

    return Article(
        id=doc.id, path=doc.path, source=(meta.source if meta and meta.source else doc.source),
        url=(meta.url if meta and meta.url else doc.url), title=doc.title,
        published=published, published_from=published_from,
        page_date=page_date, page_date_text=page_date_text,
        origin=origin.agency if origin else None, origin_evidence=origin.evidence if origin else None,
        text=text, sentences=sentences, removed=removed,
        content_hash=hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16],
    )


def parse_iso_date_or_printed(value: str) -> dt.date | None:
    """A date given as metadata: ISO first, then the forms pages print ("March 3, 2023")."""
    try:
        return parse_iso_date(value)
    except ValueError:
        return parse_printed_date(value)


def iter_docs(
    paths: Sequence[Path | str],
    sources: dict[str, SourceInfo] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    problems: list[InputProblem] | None = None,
    exclude: frozenset[Path] = frozenset(),
) -> Iterator[tuple[RawDoc, SourceInfo | None]]:
    """Stream the documents read (with their sidecar entry), checking ids; nothing is cleaned yet.

    Unsafe and duplicate ids, unreadable files and records are appended to ``problems``."""
    problems = problems if problems is not None else []
    first_seen: dict[str, str] = {}
    for item in discover(paths, exclude):
        if isinstance(item, InputProblem):
            problems.append(item)
            continue
        for doc in read_file(item, max_bytes):
            if isinstance(doc, InputProblem):
                problems.append(doc)
                continue
            where = f"{doc.path}" if doc.line is None else f"{doc.path}:{doc.line}"
            unsafe = check_article_id(doc.id)
            if unsafe:
                problems.append(InputProblem(path=doc.path, line=doc.line, severity="skipped", reason=unsafe))
                continue
            if doc.id in first_seen:
                problems.append(InputProblem(
                    path=doc.path, line=doc.line, severity="skipped",
                    reason=f"duplicate article id {doc.id!r} (first read from {first_seen[doc.id]})"))
                continue
            first_seen[doc.id] = where
            yield doc, (sources or {}).get(doc.id)
    if sources:
        for missing in sorted(set(sources) - set(first_seen)):
            problems.append(InputProblem(path="--sources", severity="warning",
                                         reason=f"entry {missing!r} matches no article read"))


def clean(doc: RawDoc, meta: SourceInfo | None, rules: Rules) -> tuple[Article | None, list[InputProblem]]:
    """One document read → its Article (None when nothing is left) and the problems met on the way."""
    problems = [InputProblem(path=doc.path, line=doc.line, severity="warning", reason=w) for w in doc.warnings]
    article = clean_article(doc, rules, meta)
    if doc.published and article.published_from != DateOrigin.SIDECAR:
        problems.append(InputProblem(path=doc.path, line=doc.line, severity="warning",
                                     reason=f"published {doc.published!r} is not a date; ignored"))
    if not article.sentences:
        problems.append(InputProblem(path=doc.path, line=doc.line, severity="skipped",
                                     reason="no article text left after cleaning"))
        return None, problems
    return article, problems


def iter_articles(
    paths: Sequence[Path | str],
    rules: Rules,
    sources: dict[str, SourceInfo] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    problems: list[InputProblem] | None = None,
    exclude: frozenset[Path] = frozenset(),
) -> Iterable[Article]:
    """Stream cleaned articles; problems are appended to ``problems`` as they are met."""
    problems = problems if problems is not None else []
    for doc, meta in iter_docs(paths, sources, max_bytes, problems, exclude):
        article, met = clean(doc, meta, rules)
        problems.extend(met)
        if article is not None:
            yield article


def ingest(
    paths: Sequence[Path | str],
    sources: Path | str | None = None,
    rules: Rules | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> IngestResult:
    """Read, clean and split every article under ``paths``.

    Raises NoUsableInputError when no article could be read, MetadataError for a bad sidecar.
    """
    rules = rules or load_rules()
    meta = load_sources(sources) if sources is not None else None
    problems: list[InputProblem] = []
    # the sidecar often sits beside the articles: it is neither an article nor a skipped file
    exclude = frozenset({Path(sources).resolve()}) if sources is not None else frozenset()
    articles: list[Article] = []
    tick = every(progress, "read", None, 25)
    for article in iter_articles(paths, rules, meta, max_bytes, problems, exclude):
        articles.append(article)
        tick(len(articles))
    for p in problems:
        log.debug("%s", p)
    if not articles:
        raise no_usable_input(paths, problems)
    return IngestResult(articles=articles, problems=problems)


def no_usable_input(paths: Sequence[Path | str], problems: list[InputProblem]) -> NoUsableInputError:
    """The error of a run that read nothing usable, with every problem met."""
    return NoUsableInputError(
        f"no usable article in {', '.join(str(p) for p in paths)}"
        + (f" ({len(problems)} file(s) skipped)" if problems else ""),
        f"give files or folders of articles ({FORMATS})",
        problems,
    )
