"""The API's request and response bodies (pydantic, at the edge only), as OpenAPI publishes them.

The match and entity shapes follow yente's, so that yente clients read them
unchanged; laborscreen adds ``explanation`` (the full evidence breakdown) to
each scored result. Field ``schema`` is declared as ``schema_`` with an alias,
because pydantic models have a ``schema`` attribute of their own.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class ErrorDetail(_Model):
    code: str = Field(examples=["invalid_query"])
    message: str = Field(examples=["query 'q1', properties.birthDate: unreadable date"])
    details: list[dict[str, Any]] = Field(default_factory=list)


class ErrorResponse(_Model):
    error: ErrorDetail


class EntityExample(_Model):
    """A query entity: an FtM schema and FtM properties (each a string or a list of strings)."""

    id: str | None = None
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[str]] = Field(
        examples=[{"name": ["Ким Ён Чоль"], "birthDate": ["1947"], "nationality": ["kp"]}]
    )


class MatchRequest(_Model):
    queries: dict[str, EntityExample]
    # Accepted for yente compatibility; laborscreen's scorer has fixed weights.
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)


class TotalSpec(_Model):
    value: int
    relation: str = "eq"


class EntityResponse(_Model):
    id: str = Field(examples=["un:KPi.008"])
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str] = Field(default_factory=list)
    referents: list[str] = Field(default_factory=list)
    target: bool = False
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None


class FeatureExplanation(_Model):
    detail: str | None
    score: float
    query: str | None = None
    candidate: str | None = None


class ScoredEntityResponse(EntityResponse):
    score: float
    match: bool
    features: dict[str, float]
    explanations: dict[str, FeatureExplanation]
    explanation: dict[str, Any] = Field(
        description="laborscreen's full explanation: the name pairs compared and every feature"
    )


class EntityMatches(_Model):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(_Model):
    description: str | None
    coefficient: float
    url: str


class MatchResponse(_Model):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


class SearchResult(EntityResponse):
    score: float


class SearchResponse(_Model):
    limit: int
    offset: int
    total: TotalSpec
    results: list[SearchResult]
    facets: dict[str, Any] = Field(default_factory=dict)


class HealthResponse(_Model):
    status: str = Field(examples=["ok"])
    database: str
    lists: dict[str, Any]


class Me(_Model):
    organisation: str
    role: str
    actor: str


class AuditEntryResponse(_Model):
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str


class AuditPage(_Model):
    entries: list[AuditEntryResponse]
    next_after: int | None = Field(
        description="Pass as ?after= for the next page; null on the last page"
    )
