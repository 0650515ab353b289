"""The results a command writes: the extraction output and the full run (the --json file)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from pydantic import BaseModel, Field

from .claim import Claim
from .events import Cluster
from .findings import Agreement, Conflict, RunWarning
from .models import ArticleInfo, InputProblem, Model


class Extraction(Model):
    """What ``crosscheck extract`` writes: the articles read and the claims they make."""

    version: str
    rules_hash: str
    articles: list[ArticleInfo]
    problems: list[InputProblem] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


class RunInputs(Model):
    """What a run read, so that review and rule previews can run it again."""

    paths: list[str] = Field(description="the article files and folders, absolute")
    sources: str | None = None
    rules: str | None = Field(default=None, description="the rules folder")
    max_bytes: int


class Run(Extraction):
    """The machine-readable result of ``crosscheck check`` (the --json file)."""

    clusters: list[Cluster] = Field(default_factory=list, description="the events: claims that speak of one")
    independent_origins: int = Field(default=0, description="articles counted once per wire or copied story")
    conflicts: list[Conflict] = Field(default_factory=list, description="ranked: hard before soft")
    agreements: list[Agreement] = Field(default_factory=list)
    single_source: list[str] = Field(default_factory=list, description="ids of events only one origin reports")
    warnings: list[RunWarning] = Field(default_factory=list)
    separated: list[str] = Field(
        default_factory=list, description="ids of conflicts reviewers called different events: their sides are "
                                          "kept in separate events")
    inputs: RunInputs | None = None


def json_pieces(model: BaseModel, batch: int = 2000) -> Iterator[str]:
    """``model`` as JSON, in pieces: lists of models item by item, so a run of a million claims is
    never one string in memory. The same value as ``model_dump_json()``, laid out one item per line."""
    yield "{"
    for n, name in enumerate(type(model).model_fields):
        value = getattr(model, name)
        yield ("," if n else "") + "\n" + json.dumps(name) + ": "
        if isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            yield "["
            for start in range(0, len(value), batch):
                yield ("," if start else "") + ",".join("\n" + v.model_dump_json() for v in value[start:start + batch])
            yield "\n]"
        else:
            yield json.dumps(model.model_dump(mode="json", include={name})[name], ensure_ascii=False)
    yield "\n}\n"
