"""``/screenings``: upload a roster, follow its job, fetch its results; re-screen it."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from laborscreen.errors import ServiceError
from laborscreen.scoring import DEFAULT_THRESHOLD
from laborscreen.service import uploads
from laborscreen.service.api.deps import Analyst, State
from laborscreen.service.api.schemas import ErrorResponse
from laborscreen.service.api.system import ERRORS
from laborscreen.service.models import (
    ListVersion,
    Roster,
    RosterRecord,
    Screening,
    ScreeningAlert,
    ScreeningList,
    ScreeningStatus,
)

router = APIRouter(tags=["Screenings"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such screening"}
}


def screening_dict(session: Session, job: Screening, full: bool = True) -> dict[str, Any]:
    roster = session.get(Roster, job.roster_id)
    assert roster is not None
    steps = max(1, 2 * job.total)
    shown: dict[str, Any] = {
        "id": job.id,
        "status": job.status.value,
        "stage": job.stage,
        "progress": {
            "total": job.total,
            "matched": job.matched,
            "done": job.done,
            "percent": 100.0
            if job.status is ScreeningStatus.COMPLETED
            else round(100.0 * (job.matched + job.done) / steps, 1),
        },
        "roster": {"id": roster.id, "filename": roster.filename, "rows": roster.row_count},
        "rescreen_of": job.rescreen_of,
        "threshold": job.threshold,
        "alerts_raised": job.alert_count,
        "attempts": job.attempts,
        "error": job.error,
        "created_by": job.created_by,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
    if not full:
        return shown
    changes = dict.fromkeys(("new", "reopened", "updated", "unchanged"), 0)
    for change, count in session.execute(
        sa.select(ScreeningAlert.change, sa.func.count())
        .where(ScreeningAlert.screening_id == job.id)
        .group_by(ScreeningAlert.change)
    ):
        changes[change] = int(count)
    problems = list(roster.problems)
    for row_problems in session.execute(
        sa.select(RosterRecord.problems)
        .where(RosterRecord.roster_id == roster.id)
        .order_by(RosterRecord.row_number)
    ).scalars():
        problems.extend(row_problems)
    versions = session.execute(
        sa.select(ListVersion)
        .join(ScreeningList, ScreeningList.list_version_id == ListVersion.id)
        .where(ScreeningList.screening_id == job.id)
        .order_by(ListVersion.source)
    ).scalars()
    shown["counts"] = {"alerts": sum(changes.values()), **changes, "problems": len(problems)}
    shown["problems"] = problems
    shown["lists"] = [
        {"source": v.source, "checksum": v.checksum, "imported_at": v.imported_at} for v in versions
    ]
    return shown


@router.post(
    "/screenings",
    status_code=202,
    responses={
        **ERRORS,
        400: {"model": ErrorResponse, "description": "The file cannot be read as a roster"},
        413: {"model": ErrorResponse, "description": "The file is too large"},
    },
)
async def create_screening(
    principal: Analyst,
    state: State,
    file: Annotated[UploadFile, File(description="A roster or supplier file, CSV or XLSX")],
    threshold: Annotated[float, Form(ge=0.0, le=1.0)] = DEFAULT_THRESHOLD,
) -> Any:
    """Upload a roster and queue its screening; answers at once with the job's ``id``."""
    content = await file.read(uploads.MAX_UPLOAD_BYTES + 1)
    job, problems = await run_in_threadpool(
        uploads.ingest, state.db, principal, file.filename, content, threshold
    )
    if state.jobs is not None:
        state.jobs.wake()
    body = {"id": job.id, "status": job.status.value, "total": job.total, "problems": problems}
    return JSONResponse(body, status_code=202, headers={"Location": f"/screenings/{job.id}"})


@router.get("/screenings", responses=ERRORS)
def list_screenings(
    principal: Analyst,
    state: State,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Any:
    """The organisation's screenings, newest first."""
    with state.db.session() as session:
        jobs = session.execute(
            sa.select(Screening)
            .where(Screening.org_id == principal.org_id)
            .order_by(Screening.id.desc())
            .limit(limit)
        ).scalars()
        return {"screenings": [screening_dict(session, job, full=False) for job in jobs]}


@router.get("/screenings/{screening_id}", responses={**ERRORS, **_NOT_FOUND})
def get_screening(screening_id: int, principal: Analyst, state: State) -> Any:
    """The job: status, stage, progress, counts of alerts by change, problems, list versions."""
    with state.db.session() as session:
        return screening_dict(session, uploads.owned_screening(session, principal, screening_id))


@router.get(
    "/screenings/{screening_id}/results",
    responses={
        **ERRORS,
        **_NOT_FOUND,
        409: {"model": ErrorResponse, "description": "The screening has not finished"},
    },
)
def get_results(screening_id: int, principal: Analyst, state: State) -> Any:
    """The results, the same JSON as ``laborscreen screen --out``."""
    with state.db.session() as session:
        job = uploads.owned_screening(session, principal, screening_id)
        if job.status is not ScreeningStatus.COMPLETED or job.results is None:
            raise ServiceError(
                409,
                "not_ready",
                f"screening {screening_id} is {job.status.value}; results come when it completes",
                [{"field": "status", "value": job.status.value}],
            )
        return job.results


@router.post(
    "/screenings/{screening_id}/rescreen", status_code=202, responses={**ERRORS, **_NOT_FOUND}
)
async def rescreen(screening_id: int, principal: Analyst, state: State) -> Any:
    """Screen the same roster again against the lists in force (new or changed matches only)."""
    job = await run_in_threadpool(uploads.rescreen, state.db, principal, screening_id)
    if state.jobs is not None:
        state.jobs.wake()
    body = {"id": job.id, "status": job.status.value, "rescreen_of": job.rescreen_of}
    return JSONResponse(body, status_code=202, headers={"Location": f"/screenings/{job.id}"})
