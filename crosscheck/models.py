"""Pydantic models passed from stage to stage.

Every model forbids unknown fields, so a typo in a hand-edited JSON file or a
stale field in a stored run is an error rather than a silently ignored value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Model(BaseModel):
    """Base for every crosscheck model: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")


class _NoFieldsGiven(set[str]):
    """The one set of given fields every record shares: always empty, whatever is added to it.

    Pydantic keeps, per instance, the set of the fields the input gave, and adds to it when a field
    is assigned or copied with an update. crosscheck never asks for it (nothing dumps with
    ``exclude_unset``), and even an empty set is 216 bytes: a claim and its four parts held five,
    a quarter of the claim. Copies and unpickled records get this same set back."""

    def add(self, element: str) -> None:
        pass

    def update(self, *s: Iterable[str]) -> None:
        pass

    def symmetric_difference_update(self, s: Iterable[str], /) -> None:
        pass

    def __ior__(self, value: AbstractSet[str], /) -> Self:  # type: ignore[override,misc]
        return self

    def __ixor__(self, value: AbstractSet[str], /) -> Self:  # type: ignore[override,misc]
        return self

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, _memo: object) -> Self:
        return self

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return _no_fields_given, ()


NO_FIELDS_GIVEN: Final = _NoFieldsGiven()


def _no_fields_given() -> _NoFieldsGiven:
    return NO_FIELDS_GIVEN


class Record(Model):
    """A model held by the hundred thousand (claims and their parts, actions and events): it keeps
    no set of the fields its input gave, but shares one that stays empty (``NO_FIELDS_GIVEN``)."""

    @model_validator(mode="after")
    def _forget_given_fields(self) -> Self:
        object.__setattr__(self, "__pydantic_fields_set__", NO_FIELDS_GIVEN)
        return self


class Part(Record):
    """A part of a claim (a participant, a place, a time, a number): frozen, so that claims can hold
    one object for a part they state alike and none of them can change it for the others
    (``claim.SharedParts`` shares participants, places, named events and times)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DateOrigin(StrEnum):
    """Where an article's publication date came from."""

    SIDECAR = "sidecar"  # metadata given with the input (--sources, a JSONL record): trusted
    PAGE = "page"  # a date the page prints (may be a republish date)
    NONE = "none"


class _Dated:
    """For a model with ``published`` and ``published_from``: the date it may be trusted with."""

    if TYPE_CHECKING:
        published: dt.date | None
        published_from: DateOrigin

    @property
    def trusted_date(self) -> dt.date | None:
        """The date to anchor and compare by: only one given with the input (a sidecar, a JSONL
        record) is trusted; a date the page prints may be a republish date."""
        return self.published if self.published_from == DateOrigin.SIDECAR else None


SentenceKind = Literal["headline", "bullet", "body"]


class Sentence(Model):
    """A sentence (or headline, or bullet) with its span in the article's clean text."""

    index: int
    start: int
    end: int
    text: str
    kind: SentenceKind = "body"


class RemovedText(Model):
    """A line, or part of one, that cleaning removed, and why, so cleaning can be audited."""

    line: int = Field(description="1-based line number in the raw text")
    text: str
    rule: str = Field(description="id of the cleaning rule that removed it")
    reason: str = Field(description="the rule's label, for people")


class Article(_Dated, Model):
    """One cleaned article: metadata, clean text, sentences, and what was removed."""

    id: str
    path: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    published_from: DateOrigin = DateOrigin.NONE
    page_date: dt.date | None = Field(default=None, description="the date the page itself prints")
    page_date_text: str | None = None
    origin: str | None = Field(default=None, description="wire or agency the text credits (AP, AFP…)")
    origin_evidence: str | None = None
    text: str
    sentences: list[Sentence] = Field(default_factory=list)
    removed: list[RemovedText] = Field(default_factory=list)
    content_hash: str


class InputProblem(Model):
    """One file (or line of one) that was skipped or read with a caveat."""

    path: str
    line: int | None = None
    severity: Literal["skipped", "warning"]
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


class SourceInfo(Model):
    """One row of a --sources sidecar."""

    id: str
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None


class IngestResult(Model):
    """The articles read, and every problem met while reading them."""

    articles: list[Article]
    problems: list[InputProblem] = Field(default_factory=list)


class ArticleInfo(_Dated, Model):
    """What a run reports about one article (its text lives in the ingest output)."""

    id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    published_from: DateOrigin = DateOrigin.NONE
    page_date: dt.date | None = None
    origin: str | None = None
    sentences: int = 0
    removed_lines: int = 0

    @classmethod
    def of(cls, a: Article) -> ArticleInfo:
        return cls(
            id=a.id, source=a.source, url=a.url, title=a.title, published=a.published,
            published_from=a.published_from, page_date=a.page_date, origin=a.origin,
            sentences=len(a.sentences), removed_lines=len({r.line for r in a.removed}),
        )
