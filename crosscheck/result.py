"""The results a command writes: the extraction output and the full run (the --json file)."""

from __future__ import annotations

from pydantic import Field

from .claim import Claim
from .cluster import Cluster
from .models import ArticleInfo, InputProblem, Model


class Extraction(Model):
    """What ``crosscheck extract`` writes: the articles read and the claims they make."""

    version: str
    rules_hash: str
    articles: list[ArticleInfo]
    problems: list[InputProblem] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


class Run(Extraction):
    """The machine-readable result of ``crosscheck check`` (the --json file)."""

    clusters: list[Cluster] = Field(default_factory=list, description="the events: claims that speak of one")
    conflicts: list[dict[str, object]] = Field(default_factory=list, description="filled in by the check stage")
