"""``/media/claims``: adverse-media claims about an entity, and one claim's trace.

The claims come from the media store that ``laborscreen media ingest`` fills;
like the lists, it is shared reference data, readable by every organisation's
analysts. Without a store the list is empty and says ``"ingested": false``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from laborscreen.errors import ServiceError
from laborscreen.service.api.deps import Analyst, State
from laborscreen.service.api.schemas import ErrorResponse
from laborscreen.service.api.system import ERRORS
from laborscreen.service.media import claim_trace, claims_about, opened

router = APIRouter(tags=["Adverse media"])


@router.get("/media/claims", responses={**ERRORS})
def media_claims(
    principal: Analyst,
    state: State,
    entity: Annotated[
        str,
        Query(
            description="An entity id (`known:wildberries`, `un:KPe.050`) or a name in any script",
            examples=["Вайлдберриз"],
        ),
    ],
) -> Any:
    """Claims about an entity, oldest document first, each with its attribution chain."""
    wanted = " ".join(entity.split())
    if not wanted:
        raise ServiceError(
            400, "bad_request", "entity: give an entity id or a name", [{"field": "entity"}]
        )
    with opened(state.media_store()) as store:
        claims = [] if store is None else claims_about([wanted], store)
    return {
        "entity": wanted,
        "ingested": store is not None,
        "claims": claims,
        "total": len(claims),
    }


@router.get(
    "/media/claims/{claim_id}",
    responses={**ERRORS, 404: {"model": ErrorResponse, "description": "No such claim"}},
)
def media_claim(claim_id: str, principal: Analyst, state: State) -> Any:
    """One claim traced: its chain with, per step, the other stored documents of that source."""
    with opened(state.media_store()) as store:
        found = None if store is None else claim_trace(claim_id, store)
    if found is None:
        why = "no media has been ingested" if store is None else "no such claim"
        raise ServiceError(
            404,
            "not_found",
            f"claim {claim_id!r}: {why}",
            [{"field": "claim_id", "value": claim_id}],
        )
    return found
