"""``/alerts``: the queue with filters and counts, one alert with its evidence, decisions."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from laborscreen.service import alerts, queue
from laborscreen.service.api.deps import Analyst, Reviewer, State
from laborscreen.service.api.schemas import ErrorResponse
from laborscreen.service.api.system import ERRORS
from laborscreen.service.models import (
    AlertStatus,
    Decision,
    Outcome,
    Roster,
    RosterRecord,
    ScreeningAlert,
)

router = APIRouter(tags=["Alerts"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such alert"}
}

Severity = Annotated[str | None, Query(pattern="^(critical|high|medium|low|info)$")]
Status = Annotated[AlertStatus | None, Query()]


class DecisionBody(BaseModel):
    outcome: Outcome = Field(description="true_match, false_positive or needs_information")
    reason: str = Field(min_length=1, max_length=5000, description="Why, for the audit trail")


@router.get("/alerts", responses=ERRORS)
def list_alerts(
    principal: Analyst,
    state: State,
    status: Status = None,
    severity: Severity = None,
    site: str | None = None,
    rule: str | None = None,
    source: Annotated[
        str | None, Query(alias="list", description="The list's source, e.g. un")
    ] = None,
    screening: int | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Any:
    """The organisation's alerts, most severe first, with counts by status and severity."""
    where = queue.QueueFilter(
        status.value if status else None, severity, site, rule, source, screening
    )
    with state.db.session() as session:
        found, total, counts = queue.page(session, principal.org_id, where, limit, offset)
        return {
            "alerts": [alerts.alert_dict(a) for a in found],
            "total": total,
            "counts": counts,
            "limit": limit,
            "offset": offset,
        }


def alert_detail(session: Any, alert: Any) -> dict[str, Any]:
    """An alert with its record, list entry or finding, decisions and screenings."""
    record = session.get(RosterRecord, alert.record_id)
    roster = session.get(Roster, record.roster_id) if record else None
    decisions = session.execute(
        sa.select(Decision).where(Decision.alert_id == alert.id).order_by(Decision.id)
    ).scalars()
    seen = session.execute(
        sa.select(ScreeningAlert.screening_id, ScreeningAlert.change)
        .where(ScreeningAlert.alert_id == alert.id)
        .order_by(ScreeningAlert.screening_id)
    ).all()
    explanation = alert.explanation
    return {
        **alerts.alert_dict(alert),
        "record": None
        if record is None
        else {
            "id": record.id,
            "row": record.row_number,
            "schema": record.schema,
            "name": record.name,
            "fields": record.data,
            "problems": record.problems,
            "roster": {"id": roster.id, "filename": roster.filename} if roster else None,
            "fingerprint": alert.record_fingerprint,
        },
        "entry": explanation.get("entry"),
        "match": explanation.get("match"),
        "finding": explanation.get("finding"),
        "evidence_fingerprint": alert.evidence_fingerprint,
        "decisions": [alerts.decision_dict(d) for d in decisions],
        "screenings": [{"id": sid, "change": change} for sid, change in seen],
    }


@router.get("/alerts/{alert_id}", responses={**ERRORS, **_NOT_FOUND})
def get_alert(alert_id: int, principal: Analyst, state: State) -> Any:
    """One alert: the record and the list entry (or the finding) side by side, the decisions."""
    with state.db.session() as session:
        return alert_detail(session, alerts.get_alert(session, principal, alert_id))


@router.post(
    "/alerts/{alert_id}/decision",
    responses={
        **ERRORS,
        **_NOT_FOUND,
        400: {"model": ErrorResponse, "description": "No reason given"},
    },
)
def decide(alert_id: int, body: DecisionBody, principal: Reviewer, state: State) -> Any:
    """Decide an alert (reviewers): true match, false positive or needs information, with why."""
    with state.db.transaction() as session:
        alerts.decide(session, principal, alert_id, body.outcome, body.reason)
    with state.db.session() as session:
        return alert_detail(session, alerts.get_alert(session, principal, alert_id))
