"""``/healthz`` (no auth), ``/me`` and ``/audit`` (the caller's organisation only)."""

from __future__ import annotations

import logging
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from laborscreen.errors import StoreError
from laborscreen.service import audit
from laborscreen.service.api.deps import Analyst, Reviewer, State
from laborscreen.service.api.errors import STORE_UNAVAILABLE, error_body
from laborscreen.service.api.schemas import AuditPage, ErrorResponse, HealthResponse, Me

log = logging.getLogger(__name__)
router = APIRouter()

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No, unknown or revoked credentials"},
    403: {"model": ErrorResponse, "description": "The caller's role does not allow this"},
}


@router.get(
    "/healthz",
    response_model=HealthResponse,
    tags=["System"],
    responses={503: {"model": ErrorResponse, "description": "No database, or no lists loaded"}},
)
def healthz(state: State) -> Any:
    """Ready to screen, without authentication: the database answers and lists are loaded."""
    try:
        with state.db.session() as session:
            session.execute(sa.text("SELECT 1"))
    except StoreError as exc:
        log.error("health check: %s", exc)
        return JSONResponse(error_body("store_unavailable", STORE_UNAVAILABLE), status_code=503)
    lists = state.lists.status
    if not lists["loaded"]:
        message = str(lists["error"] or "the sanctions lists are not loaded yet")
        return JSONResponse(error_body("lists_not_loaded", message), status_code=503)
    return {"status": "ok", "database": "ok", "lists": lists}


@router.get("/me", response_model=Me, tags=["System"], responses=ERRORS)
async def me(principal: Analyst) -> Any:
    """The organisation and role the credentials act for."""
    return {
        "organisation": principal.org_name,
        "role": principal.role.value,
        "actor": principal.actor,
    }


@router.get("/audit", response_model=AuditPage, tags=["Audit"], responses=ERRORS)
def audit_entries(
    principal: Reviewer,
    state: State,
    after: Annotated[int, Query(ge=0, description="Entries after this sequence number")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """The audit trail of the caller's organisation, oldest first (reviewers and admins)."""
    with state.db.session() as session:
        found = audit.entries(session, principal.org_id, after, limit)
        rows = [audit.entry_dict(e) for e in found]
    return {"entries": rows, "next_after": rows[-1]["seq"] if len(rows) == limit else None}
