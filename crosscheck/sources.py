"""The --sources metadata sidecar: source name, URL and real publication date per article.

The sidecar is the user's own word about the articles, so it outranks what a
page prints. A malformed sidecar stops the run (every bad row is listed at
once): anchoring a corpus on half-read metadata would be worse than no run.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

from .errors import MetadataError
from .models import SourceInfo

_FIELDS = {"id", "source", "url", "published"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def parse_iso_date(value: object) -> dt.date | None:
    """'2023-09-20' or an ISO timestamp → date; '' or None → None; anything else raises ValueError."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    m = _ISO_DATE.match(text)
    if not m:
        raise ValueError(f"published {text!r} is not a YYYY-MM-DD date")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as e:
        raise ValueError(f"published {text!r} is not a real date ({e})") from e


def _row(path: Path, where: str, data: dict[str, object], problems: list[str]) -> SourceInfo | None:
    art_id = str(data.get("id") or "").strip()
    if not art_id:
        problems.append(f"{path}:{where}: missing id")
        return None
    try:
        published = parse_iso_date(data.get("published"))
    except ValueError as e:
        problems.append(f"{path}:{where}: {e}")
        return None
    def text(key: str) -> str | None:
        value = data.get(key)
        return str(value).strip() or None if value is not None else None
    return SourceInfo(id=art_id, source=text("source"), url=text("url"), published=published)


def load_sources(path: Path | str) -> dict[str, SourceInfo]:
    """Read a CSV (header row with ``id``) or JSONL sidecar into {article id: SourceInfo}."""
    path = Path(path)
    problems: list[str] = []
    rows: list[tuple[str, dict[str, object]]] = []
    names: list[str] = []  # the CSV header
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise MetadataError([f"{path}: cannot read: {e}"], "check the --sources path") from e
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        for n, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{path}:{n}: not valid JSON: {e.msg}")
                continue
            if not isinstance(obj, dict):
                problems.append(f"{path}:{n}: expected a JSON object")
                continue
            rows.append((str(n), obj))
    else:
        reader = csv.DictReader(raw.splitlines())
        names = list(reader.fieldnames or [])
        header = set(names)
        if "id" not in header:
            raise MetadataError(
                [f"{path}:1: no 'id' column (found: {', '.join(sorted(header)) or 'nothing'})"],
                "the sidecar needs a header row: id,source,url,published",
            )
        for n, rec in enumerate(reader, start=2):
            rows.append((str(n), dict(rec)))
    out: dict[str, SourceInfo] = {}
    for where, data in rows:
        extra = data.get(None)  # type: ignore[call-overload]
        if isinstance(extra, list):  # more fields than the header names: a shifted row would be read wrongly
            problems.append(f"{path}:{where}: {len(names) + len(extra)} fields, the header names {len(names)} "
                            f"({','.join(names)})")
            continue
        info = _row(path, where, data, problems)
        if info is None:
            continue
        if info.id in out:
            problems.append(f"{path}:{where}: duplicate id {info.id!r}")
            continue
        out[info.id] = info
    if problems:
        raise MetadataError(problems, "fix these rows of the --sources file")
    return out
