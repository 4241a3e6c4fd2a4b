"""Alerts: raised from a screening's results once per organisation, decided by reviewers.

An alert is one thing for a reviewer to judge: a record that matched a list
entry (``sanctions``), a labour rule that hit a record (``rule``) or a group of
records (``roster_rule``). Its natural key is (organisation, record
fingerprint, kind, subject), unique in the database, so that

* a job re-run after a crash meets the alerts it already wrote and adds none;
* a re-screening raises alerts only for new or changed matches: the same
  record against the same list entry (same ``evidence_fingerprint``) leaves a
  decided alert as it is, so a false positive stays suppressed; a changed list
  entry (or finding) reopens it; a changed record has a new fingerprint, so it
  is a new alert.

Every change (raise, update, reopen, decide) is audited in its transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from laborscreen.errors import ServiceError
from laborscreen.model import Entity
from laborscreen.rules import Finding, RosterFinding, Status
from laborscreen.scoring import Match
from laborscreen.service import audit
from laborscreen.service.auth import Principal
from laborscreen.service.models import (
    Alert,
    AlertKind,
    AlertStatus,
    Decision,
    Outcome,
    ScreeningAlert,
    utcnow,
)
from laborscreen.service.uploads import digest

#: A list match at or above this score is ``critical``, below it ``high``.
CRITICAL_SCORE = 0.9

#: What a screening did to an alert it met.
NEW, REOPENED, UPDATED, UNCHANGED = "new", "reopened", "updated", "unchanged"

_AUDITED = ("id", "kind", "subject", "status", "severity", "score", "entity_id", "rule_id")


@dataclass(frozen=True, slots=True)
class RecordRef:
    """What an alert needs of a stored record."""

    id: int
    fingerprint: str
    site: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An alert as a screening found it, before it meets the stored ones."""

    record: RecordRef
    record_fingerprint: str
    kind: AlertKind
    subject: str
    evidence_fingerprint: str
    severity: str
    score: float
    explanation: dict[str, Any]
    entity_id: str | None = None
    source: str | None = None
    list_version_id: int | None = None
    rule_id: str | None = None
    name: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.record_fingerprint, self.kind.value, self.subject)


def entity_fingerprint(entity: Entity) -> str:
    return digest(dataclasses.asdict(entity))


def match_candidate(
    record: RecordRef,
    match: Match,
    entity: Entity,
    entry: dict[str, Any],
    list_version_id: int | None,
) -> Candidate:
    return Candidate(
        record=record,
        record_fingerprint=record.fingerprint,
        kind=AlertKind.SANCTIONS,
        subject=match.entity_id,
        evidence_fingerprint=entity_fingerprint(entity),
        severity="critical" if match.score >= CRITICAL_SCORE else "high",
        score=match.score,
        explanation={"match": match.to_dict(), "entry": entry},
        entity_id=match.entity_id,
        source=entity.source,
        list_version_id=list_version_id,
        name=record.name,
    )


def finding_candidate(record: RecordRef, finding: Finding) -> Candidate | None:
    if finding.status is not Status.HIT:
        return None
    shown = finding.to_dict()
    return Candidate(
        record=record,
        record_fingerprint=record.fingerprint,
        kind=AlertKind.RULE,
        subject=f"rule:{finding.rule.id}",
        evidence_fingerprint=digest(shown),
        severity=finding.rule.severity.value,
        score=1.0,
        explanation={"finding": shown},
        rule_id=finding.rule.id,
        name=record.name,
    )


def roster_candidate(members: Sequence[RecordRef], finding: RosterFinding) -> Candidate | None:
    """A roster finding, keyed by the records it groups (row numbers change between files)."""
    if finding.status is not Status.HIT or not members:
        return None
    shown = finding.to_dict()
    prints = sorted(m.fingerprint for m in members)
    without_rows = {k: v for k, v in shown.items() if k != "rows"}
    return Candidate(
        record=members[0],
        record_fingerprint=digest({"records": prints, "shared": finding.shared_value}),
        kind=AlertKind.ROSTER_RULE,
        subject=f"roster:{finding.rule.id}",
        evidence_fingerprint=digest(without_rows),
        severity=finding.rule.severity.value,
        score=1.0,
        explanation={"finding": shown},
        rule_id=finding.rule.id,
        name=finding.shared_value or members[0].name,
    )


def _stored(session: Session, org_id: int, candidates: Sequence[Candidate]) -> dict[Any, Alert]:
    prints = sorted({c.record_fingerprint for c in candidates})
    found: dict[Any, Alert] = {}
    for start in range(0, len(prints), 500):  # keep IN lists short
        rows = session.execute(
            sa.select(Alert).where(
                Alert.org_id == org_id, Alert.record_fingerprint.in_(prints[start : start + 500])
            )
        ).scalars()
        for alert in rows:
            found[(alert.record_fingerprint, alert.kind.value, alert.subject)] = alert
    return found


def _refresh(alert: Alert, candidate: Candidate) -> None:
    alert.evidence_fingerprint = candidate.evidence_fingerprint
    alert.score = candidate.score
    alert.severity = candidate.severity
    alert.explanation = candidate.explanation
    alert.list_version_id = candidate.list_version_id
    alert.updated_at = utcnow()


def raise_alerts(
    session: Session, org_id: int, screening_id: int, candidates: Iterable[Candidate]
) -> dict[str, int]:
    """Meet ``candidates`` with the stored alerts; returns how many of each change."""
    todo = list({c.key: c for c in candidates}.values())
    counts = {NEW: 0, REOPENED: 0, UPDATED: 0, UNCHANGED: 0}
    if not todo:
        return counts
    stored = _stored(session, org_id, todo)
    linked = set(
        session.execute(
            sa.select(ScreeningAlert.alert_id).where(
                ScreeningAlert.screening_id == screening_id,
                ScreeningAlert.alert_id.in_([a.id for a in stored.values()]),
            )
        ).scalars()
    )
    for candidate in todo:
        alert = stored.get(candidate.key)
        if alert is not None and alert.id in linked:
            continue  # this job wrote it before a crash: nothing to do again
        change = _meet(session, org_id, screening_id, alert, candidate)
        counts[change] += 1
    return counts


def _meet(
    session: Session, org_id: int, screening_id: int, alert: Alert | None, candidate: Candidate
) -> str:
    actor = f"screening:{screening_id}"
    if alert is None:
        now = utcnow()
        alert = Alert(
            org_id=org_id,
            record_fingerprint=candidate.record_fingerprint,
            kind=candidate.kind,
            subject=candidate.subject,
            evidence_fingerprint=candidate.evidence_fingerprint,
            screening_id=screening_id,
            record_id=candidate.record.id,
            entity_id=candidate.entity_id,
            source=candidate.source,
            list_version_id=candidate.list_version_id,
            rule_id=candidate.rule_id,
            severity=candidate.severity,
            site=candidate.record.site,
            name=candidate.name,
            score=candidate.score,
            explanation=candidate.explanation,
            status=AlertStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
        session.add(alert)
        session.flush()
        change, action, before = NEW, "alert.create", None
    elif alert.evidence_fingerprint == candidate.evidence_fingerprint:
        change, action, before = UNCHANGED, None, None
    else:
        before = audit.snapshot(alert, _AUDITED)
        reopen = alert.status is not AlertStatus.OPEN
        _refresh(alert, candidate)
        alert.status = AlertStatus.OPEN
        change = REOPENED if reopen else UPDATED
        action = "alert.reopen" if reopen else "alert.update"
    session.add(ScreeningAlert(screening_id=screening_id, alert_id=alert.id, change=change))
    if action is not None:
        audit.record_row(
            session,
            alert,
            org_id=org_id,
            actor=actor,
            action=action,
            object_type="alert",
            only=_AUDITED,
            before=before,
        )
    return change


def get_alert(session: Session, principal: Principal, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None or alert.org_id != principal.org_id:
        # Another organisation's alert is as absent as one that never existed.
        raise ServiceError(404, "not_found", f"no alert {alert_id}")
    return alert


def decide(
    session: Session, principal: Principal, alert_id: int, outcome: Outcome, reason: str
) -> Decision:
    """Record a reviewer's outcome; the alert takes it as its status."""
    text = reason.strip()
    if not text:
        raise ServiceError(
            400,
            "invalid_decision",
            "a decision needs a reason",
            [{"field": "body.reason", "message": "empty"}],
        )
    audit.lock(session)  # decisions and job writes to one alert happen one after the other
    alert = get_alert(session, principal, alert_id)
    before = audit.snapshot(alert, _AUDITED)
    decision = Decision(
        org_id=principal.org_id,
        alert_id=alert.id,
        outcome=outcome,
        reason=text,
        record_fingerprint=alert.record_fingerprint,
        evidence_fingerprint=alert.evidence_fingerprint,
        decided_by=principal.actor,
        user_id=principal.user_id,
        decided_at=utcnow(),
    )
    session.add(decision)
    alert.status = AlertStatus(outcome.value)
    alert.updated_at = utcnow()
    session.flush()  # the decision's id, for the entry's "decision"
    audit.record_row(
        session,
        alert,
        org_id=principal.org_id,
        actor=principal.actor,
        action="alert.decide",
        object_type="alert",
        only=_AUDITED,
        before=before,
        extra={"decision": decision_dict(decision)},
    )
    return decision


def decision_dict(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "outcome": decision.outcome.value,
        "reason": decision.reason,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at.isoformat(),
        "record_fingerprint": decision.record_fingerprint,
        "evidence_fingerprint": decision.evidence_fingerprint,
    }


def alert_dict(alert: Alert) -> dict[str, Any]:
    """The alert as listed (no evidence: that is on the alert's own page)."""
    return {
        "id": alert.id,
        "kind": alert.kind.value,
        "status": alert.status.value,
        "severity": alert.severity,
        "score": alert.score,
        "name": alert.name,
        "site": alert.site,
        "entity_id": alert.entity_id,
        "list": alert.source,
        "rule": alert.rule_id,
        "subject": alert.subject,
        "screening_id": alert.screening_id,
        "record_id": alert.record_id,
        "created_at": alert.created_at.isoformat(),
        "updated_at": alert.updated_at.isoformat(),
    }
