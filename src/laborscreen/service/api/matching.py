"""``POST /match/{dataset}`` (yente's query-by-example) and ``GET /search/{dataset}``.

``{dataset}`` is ``default`` (every imported list) or one source (``un``,
``us_ofac``…). ``threshold`` decides ``match`` (default: laborscreen's alert
threshold, 0.70); ``cutoff`` is the lowest score returned at all (never above
the threshold); ``limit`` caps the results per query. yente's ``algorithm``
names ``best`` and ``default`` select laborscreen's scorer, as does
``laborscreen``; ``fuzzy``, ``weights`` and ``config`` are accepted and have no
effect (the scorer is always fuzzy across scripts, with fixed weights).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from laborscreen.countries import to_iso
from laborscreen.errors import ServiceError
from laborscreen.model import Schema
from laborscreen.scoring import DEFAULT_THRESHOLD
from laborscreen.scoring import Query as ScreeningQuery
from laborscreen.service import yente
from laborscreen.service.api.deps import Analyst, State
from laborscreen.service.api.schemas import (
    ErrorResponse,
    MatchRequest,
    MatchResponse,
    SearchResponse,
)
from laborscreen.service.api.system import ERRORS
from laborscreen.service.lists import LoadedLists
from laborscreen.service.matching import Filters, dataset_sources, find

router = APIRouter()

ALGORITHMS = ("laborscreen", "best", "default")
DEFAULT_CUTOFF = 0.5
#: Batches up to this size are screened on the event loop (a query takes about a
#: millisecond: cheaper than a thread hop); larger ones in the thread pool, so
#: that one big batch does not hold up every other request.
INLINE_QUERIES = 4
DEFAULT_LIMIT = 5
MAX_LIMIT = 500

_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: {"model": ErrorResponse, "description": "A query cannot be read"},
    404: {"model": ErrorResponse, "description": "Unknown dataset"},
    422: {"model": ErrorResponse, "description": "The request does not have the documented shape"},
    503: {"model": ErrorResponse, "description": "No lists loaded"},
}

Sources = Annotated[list[str], Query(description="Source names, e.g. un, us_ofac")]


class MatchParams(BaseModel):
    """``/match``'s query parameters, read and checked as one model (cheaper than one by one)."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    threshold: float = Field(DEFAULT_THRESHOLD, ge=0.0, le=1.0)
    cutoff: float = Field(DEFAULT_CUTOFF, ge=0.0, le=1.0)
    algorithm: str = "best"
    fuzzy: bool = False
    include_dataset: list[str] = Field([], description="Source names, e.g. un, us_ofac")
    exclude_dataset: list[str] = Field([], description="Source names, e.g. un, us_ofac")
    exclude_schema: list[str] = []
    exclude_entity_ids: list[str] = Field([], max_length=50)
    topics: list[str] = []


@router.post("/match/{dataset}", response_model=MatchResponse, tags=["Matching"], responses=_ERRORS)
async def match(
    dataset: str,
    body: MatchRequest,
    principal: Analyst,
    state: State,
    params: Annotated[MatchParams, Query()],
) -> Any:
    """Screen a batch of query entities (keyed by the caller's ids) against the lists.

    Each query is an FtM entity: `schema` (Person, Organization, Company,
    LegalEntity, Vessel, Airplane) and `properties` such as `name`, `alias`,
    `firstName`, `lastName`, `birthDate`, `nationality`, `citizenship`,
    `country`, `gender`, `passportNumber`, `idNumber`, `innCode`, `ogrnCode`,
    `registrationNumber`. Each result carries `score`, `match` (score at or
    above `threshold`), `features` and their `explanations`.
    """
    if params.algorithm not in ALGORITHMS:
        raise ServiceError(
            400,
            "invalid_algorithm",
            f"unknown algorithm {params.algorithm!r}: use one of {', '.join(ALGORITHMS)}",
            [{"field": "algorithm", "value": params.algorithm}],
        )
    if not body.queries:
        raise ServiceError(400, "invalid_query", "no queries given", [{"field": "queries"}])
    if len(body.queries) > yente.MAX_QUERIES:
        raise ServiceError(
            400,
            "invalid_query",
            f"at most {yente.MAX_QUERIES} queries per request",
            [{"field": "queries"}],
        )
    loaded = state.lists.current()
    filters = Filters(
        include_sources=dataset_sources(loaded, dataset, params.include_dataset),
        exclude_sources=frozenset(params.exclude_dataset),
        exclude_schemas=frozenset(params.exclude_schema),
        exclude_ids=frozenset(params.exclude_entity_ids),
    )
    # Every entry is a sanctions target: a topic filter without it leaves nothing.
    nothing = bool(params.topics) and "sanction" not in params.topics
    floor = min(params.cutoff, params.threshold)
    args = (loaded, body, filters, floor, params.threshold, params.limit, nothing)
    if len(body.queries) <= INLINE_QUERIES:
        responses = _screen(*args)
    else:
        responses = await run_in_threadpool(_screen, *args)
    # Written here rather than through ``response_model``: validating every result
    # against the model again would cost about a fifth of a small request's time;
    # tests check that the answer has the model's shape.
    content = {"responses": responses, "matcher": yente.matcher_docs(), "limit": params.limit}
    return Response(
        json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        media_type="application/json",
        headers={"x-batch-size": str(len(responses))},
    )


def _screen(
    loaded: LoadedLists,
    body: MatchRequest,
    filters: Filters,
    floor: float,
    threshold: float,
    limit: int,
    nothing: bool,
) -> dict[str, dict[str, Any]]:
    parsed = {
        key: yente.example_queries(key, example.schema_, example.properties)
        for key, example in body.queries.items()
    }
    responses = {}
    for key, queries in parsed.items():
        found = find(loaded, [] if nothing else queries, floor, limit, filters)
        responses[key] = {
            "status": 200,
            "results": [
                yente.result_dict(m, e, loaded.version_of(e.source), threshold)
                for m, e in found.results
            ],
            "total": {"value": found.total, "relation": "eq"},
            "query": body.queries[key].model_dump(by_alias=True),
        }
    return responses


@router.get(
    "/search/{dataset}", response_model=SearchResponse, tags=["Matching"], responses=_ERRORS
)
async def search(
    dataset: str,
    principal: Analyst,
    state: State,
    q: Annotated[str, Query(min_length=1, max_length=500, description="A name")],
    schema: Annotated[
        str | None, Query(description="Person or Organization; both when absent")
    ] = None,
    countries: Annotated[list[str], Query()] = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    include_dataset: Sources = [],  # noqa: B006
    exclude_dataset: Sources = [],  # noqa: B006
) -> Any:
    """Find list entries by name (any script or romanisation), best first, with their score."""
    loaded = state.lists.current()
    schemas: tuple[Schema, ...]
    if schema is None:
        schemas = (Schema.PERSON, Schema.ORGANIZATION)
    else:
        try:
            schemas = (Schema.parse(schema),)
        except ValueError:
            raise ServiceError(
                400,
                "invalid_query",
                f"unknown schema {schema!r}",
                [{"field": "schema", "value": schema}],
            ) from None
    codes = [(c, to_iso(c)) for c in countries]
    unknown = [c for c, code in codes if code is None]
    if unknown:
        raise ServiceError(
            400,
            "invalid_query",
            f"unknown country {unknown[0]!r}",
            [{"field": "countries", "value": c} for c in unknown],
        )
    filters = Filters(
        include_sources=dataset_sources(loaded, dataset, include_dataset),
        exclude_sources=frozenset(exclude_dataset),
        countries=frozenset(code for _, code in codes if code),
    )
    queries = [ScreeningQuery(names=(q,), schema=s) for s in schemas]
    found = find(loaded, queries, None, limit, filters, offset)
    return {
        "limit": limit,
        "offset": offset,
        "total": {"value": found.total, "relation": "eq"},
        "results": [
            {**yente.entity_dict(e, loaded.version_of(e.source)), "score": m.score}
            for m, e in found.results
        ],
        "facets": {},
    }
