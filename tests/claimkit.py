"""Small builders for claims in cluster and check tests: one line per claim."""

from __future__ import annotations

import datetime as dt
import itertools

from crosscheck.claim import Claim, Ref, claim_id
from crosscheck.models import ArticleInfo, DateOrigin
from crosscheck.timespan import TimeSpan

_count = itertools.count()

PLACES = {  # id, shown value, enclosing ids (as the shipped rules have them)
    "moscow": ("Moscow", ["russia"]),
    "kremlin": ("Moscow", ["moscow", "russia"]),
    "saint-petersburg": ("Saint Petersburg", ["russia"]),
    "russia": ("Russia", []),
    "beijing": ("Beijing", ["china"]),
    "china": ("China", []),
}


def person(name: str, known: bool = False) -> Ref:
    """A person; ``known`` gives it an id, as if a rule entry knew the name."""
    return Ref(raw=name, value=name, kind="person", id=name.casefold().replace(" ", "-") if known else None)


def place(pid: str) -> Ref:
    value, within = PLACES[pid]
    return Ref(raw=value, value=value, id=pid, kind="place", within=within)


def span(text: str) -> TimeSpan:
    """'2023-10' (month), '2023' (year), '2023-10-16' (day)."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return TimeSpan(start=dt.date(parts[0], 1, 1), end=dt.date(parts[0], 12, 31), granularity="year",
                        expression=text)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return TimeSpan(start=dt.date(parts[0], parts[1], 1), end=nxt - dt.timedelta(days=1), granularity="month",
                        expression=text)
    day = dt.date(*parts)
    return TimeSpan(start=day, end=day, granularity="day", expression=text)


def claim(article: str, predicate: str, subject: str | None = None, obj: str | None = None,
          where: str | None = None, when: str | None = None, modality: str = "asserted",
          family: str | None = "encounter", sentence: int | None = None, evidence: str | None = None,
          known: bool = False, **extra) -> Claim:
    k = next(_count) if sentence is None else sentence
    return Claim(
        id=claim_id(article, k * 1000, 0, predicate, obj), article_id=article, sentence=k,
        evidence=evidence or f"{subject} {predicate} {obj} in {where} at {when} ({k})", start=k * 1000, end=k * 1000 + 50,
        predicate=predicate, family=family, subject=person(subject, known) if subject else None,
        object=person(obj, known) if obj else None, place=place(where) if where else None,
        time=span(when) if when else None, modality=modality, **extra)


def article(aid: str, published: str | None = None, source: str | None = None, origin: str | None = None,
            trusted: bool = True) -> ArticleInfo:
    return ArticleInfo(id=aid, source=source or f"Source of {aid}", origin=origin,
                       published=dt.date.fromisoformat(published) if published else None,
                       published_from=(DateOrigin.SIDECAR if trusted else DateOrigin.PAGE) if published
                       else DateOrigin.NONE)
