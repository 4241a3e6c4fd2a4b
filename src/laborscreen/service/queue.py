"""The alert queue: one organisation's alerts, filtered, counted and paged.

Filters combine with AND: ``status``, ``severity``, ``site``, ``rule``, ``list``
(the list's source, e.g. ``un``) and ``screening`` (alerts a screening raised
or met). The counts by status and by severity each apply every *other*
filter, so that a queue filtered to ``status=open`` still shows how many are
decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from laborscreen.service.models import Alert, AlertStatus, ScreeningAlert

#: Severities from the most to the least urgent (the queue's default order).
SEVERITIES = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True, slots=True)
class QueueFilter:
    status: str | None = None
    severity: str | None = None
    site: str | None = None
    rule: str | None = None
    source: str | None = None  # the list (?list=)
    screening: int | None = None

    def conditions(self, org_id: int, skip: str | None = None) -> list[Any]:
        found: list[Any] = [Alert.org_id == org_id]
        if self.status and skip != "status":
            found.append(Alert.status == AlertStatus(self.status))
        if self.severity and skip != "severity":
            found.append(Alert.severity == self.severity)
        if self.site:
            found.append(Alert.site == self.site)
        if self.rule:
            found.append(Alert.rule_id == self.rule)
        if self.source:
            found.append(Alert.source == self.source)
        if self.screening is not None:
            found.append(
                Alert.id.in_(
                    sa.select(ScreeningAlert.alert_id).where(
                        ScreeningAlert.screening_id == self.screening
                    )
                )
            )
        return found


_RANK = sa.case(
    {s: i for i, s in enumerate(SEVERITIES)}, value=Alert.severity, else_=len(SEVERITIES)
)


def page(
    session: Session, org_id: int, where: QueueFilter, limit: int, offset: int
) -> tuple[list[Alert], int, dict[str, dict[str, int]]]:
    """One page of alerts (most severe, then highest score, first), the total and the counts."""
    conditions = where.conditions(org_id)
    total = session.execute(sa.select(sa.func.count()).select_from(Alert).where(*conditions))
    alerts = session.execute(
        sa.select(Alert)
        .where(*conditions)
        .order_by(_RANK, Alert.score.desc(), Alert.id)
        .limit(limit)
        .offset(offset)
    ).scalars()
    counts = {
        "status": _counts(session, Alert.status, where.conditions(org_id, skip="status")),
        "severity": _counts(session, Alert.severity, where.conditions(org_id, skip="severity")),
    }
    return list(alerts), int(total.scalar_one()), counts


def _counts(session: Session, column: Any, conditions: list[Any]) -> dict[str, int]:
    rows = session.execute(
        sa.select(column, sa.func.count()).where(*conditions).group_by(column)
    ).all()
    return {getattr(value, "value", value): int(count) for value, count in rows}


def facets(session: Session, org_id: int) -> dict[str, list[str]]:
    """The values the filters can take in this organisation's alerts (for the UI's menus)."""
    found: dict[str, list[str]] = {}
    for name, column in (("site", Alert.site), ("rule", Alert.rule_id), ("list", Alert.source)):
        values = session.execute(
            sa.select(column).where(Alert.org_id == org_id, column.is_not(None)).distinct()
        ).scalars()
        found[name] = sorted(str(v) for v in values)
    return found


def ordered_ids(session: Session, org_id: int, where: QueueFilter) -> list[int]:
    """The ids of the alerts ``where`` selects, in the queue's order (ids only: cheap)."""
    return list(
        session.execute(
            sa.select(Alert.id)
            .where(*where.conditions(org_id))
            .order_by(_RANK, Alert.score.desc(), Alert.id)
        ).scalars()
    )
