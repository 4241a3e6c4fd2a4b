"""The service database's tables as typed SQLAlchemy 2 ORM classes.

Tenancy: every row a customer owns carries ``org_id`` (denormalised onto
records, alerts and decisions too), so every read can be scoped to one
organisation with a single condition and no join.

The tables:

``organisations``  tenants
``users``          people, one organisation and one role each
``api_keys``       machine credentials, stored as a SHA-256 hash plus a display prefix
``user_sessions``  UI login sessions, stored as a token hash with an expiry
``list_versions``  the list store versions that screenings and alerts refer to
``rosters``        an uploaded roster or supplier file, its bytes kept for the job
``roster_records`` its rows, one each, with the problems found in them and a fingerprint
``screenings``     one run of a roster against the lists: status, progress, claim, results
``screening_lists`` the list versions a screening ran against
``alerts``         one per organisation x record x list entry (or rule): score, evidence, status
``screening_alerts`` which alerts each screening raised, reopened or met again
``decisions``      a reviewer's outcome for an alert, with the reason and fingerprints
``audit_entries``  the append-only, hash-chained trail of every state change
``audit_head``     the chain's last sequence number and hash (detects a cut tail)

The migration in ``migrations/versions`` creates exactly these tables; a test
compares the two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(StrEnum):
    """What a user or key may do; each role may do everything the ones before it may."""

    ANALYST = "analyst"  # screen, search, read cases
    REVIEWER = "reviewer"  # + decide alerts, read the audit trail
    ADMIN = "admin"  # + manage users and keys

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


class ScreeningStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class AlertKind(StrEnum):
    SANCTIONS = "sanctions"  # a record matched a list entry
    RULE = "rule"  # a labour rule found something in a record
    ROSTER_RULE = "roster_rule"  # a labour rule found something in a group of records


class AlertStatus(StrEnum):
    OPEN = "open"
    TRUE_MATCH = "true_match"
    FALSE_POSITIVE = "false_positive"
    NEEDS_INFORMATION = "needs_information"


class Outcome(StrEnum):
    TRUE_MATCH = "true_match"
    FALSE_POSITIVE = "false_positive"
    NEEDS_INFORMATION = "needs_information"


def _enum(cls: type[StrEnum], name: str) -> sa.Enum:
    # Stored as plain strings with a CHECK constraint: the same on SQLite and
    # PostgreSQL, and a new value needs no ALTER TYPE.
    return sa.Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


#: Constraint names follow one convention so that migrations can refer to them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: sa.JSON,
        list[dict[str, Any]]: sa.JSON,
        datetime: sa.DateTime(timezone=True),
    }


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    # Set by the UI's sign-up or password command; a user without one cannot log in.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    prefix: Mapped[str] = mapped_column(sa.String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str | None] = mapped_column(sa.String(200))
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class UserSession(Base):
    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class ListVersion(Base):
    """A list store version as the service saw it: what screenings and alerts cite."""

    __tablename__ = "list_versions"
    __table_args__ = (sa.UniqueConstraint("source", "checksum", "imported_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(100))
    store_version_id: Mapped[int]
    checksum: Mapped[str] = mapped_column(sa.String(100))
    published: Mapped[str | None] = mapped_column(sa.String(64))
    imported_at: Mapped[str] = mapped_column(sa.String(64))
    entity_count: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Roster(Base):
    """An uploaded roster: the file's bytes as received, so that a job can always re-read it."""

    __tablename__ = "rosters"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(500))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    mapping: Mapped[dict[str, Any]]  # column label -> canonical field
    # Problems of the file as a whole (row 0) and of rows that gave no record.
    problems: Mapped[list[dict[str, Any]]]
    row_count: Mapped[int] = mapped_column(default=0)
    uploaded_by: Mapped[str] = mapped_column(sa.String(200))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class RosterRecord(Base):
    __tablename__ = "roster_records"
    __table_args__ = (
        sa.UniqueConstraint("roster_id", "row_number"),
        sa.Index("ix_roster_records_org_fingerprint", "org_id", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    roster_id: Mapped[int] = mapped_column(sa.ForeignKey("rosters.id", ondelete="CASCADE"))
    row_number: Mapped[int]  # 1-based data row, as in the file's problems
    schema: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str | None] = mapped_column(sa.String(500))
    site: Mapped[str | None] = mapped_column(sa.String(200))
    # SHA-256 of what is screened (schema and mapped fields): the same person in
    # next month's roster has the same fingerprint; a changed record does not.
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    # The record's mapped fields as read, and the problems found in the row.
    data: Mapped[dict[str, Any]]
    problems: Mapped[list[dict[str, Any]]]


class Screening(Base):
    """One run of a roster against the lists; claimed by one worker at a time (lease)."""

    __tablename__ = "screenings"
    __table_args__ = (sa.Index("ix_screenings_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    roster_id: Mapped[int] = mapped_column(sa.ForeignKey("rosters.id"))
    rescreen_of: Mapped[int | None] = mapped_column(sa.ForeignKey("screenings.id"))
    status: Mapped[ScreeningStatus] = mapped_column(
        _enum(ScreeningStatus, "screening_status"), default=ScreeningStatus.QUEUED
    )
    stage: Mapped[str | None] = mapped_column(sa.String(32))
    threshold: Mapped[float]
    total: Mapped[int] = mapped_column(default=0)
    matched: Mapped[int] = mapped_column(default=0)  # rows matched against the lists
    done: Mapped[int] = mapped_column(default=0)  # rows whose alerts are written
    alert_count: Mapped[int] = mapped_column(default=0)  # alerts new or reopened by this run
    list_fingerprint: Mapped[str | None] = mapped_column(sa.String(64))
    # The claim: which process runs the job, and when it last showed it is alive.
    worker: Mapped[str | None] = mapped_column(sa.String(64))
    heartbeat_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    results: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class ScreeningList(Base):
    __tablename__ = "screening_lists"

    screening_id: Mapped[int] = mapped_column(
        sa.ForeignKey("screenings.id", ondelete="CASCADE"), primary_key=True
    )
    list_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("list_versions.id"), primary_key=True
    )


class Alert(Base):
    """One thing for a reviewer to judge, kept once per organisation.

    The natural key (organisation, record fingerprint, kind, subject) is unique:
    a re-run or a re-screening meets the alert it already raised instead of
    raising another. ``subject`` is the list entry id (sanctions) or the rule id.
    ``evidence_fingerprint`` is the list entry's (or the finding's) content:
    when it changes, a decided alert is reopened.
    """

    __tablename__ = "alerts"
    __table_args__ = (
        sa.UniqueConstraint("org_id", "record_fingerprint", "kind", "subject"),
        sa.Index("ix_alerts_org_status", "org_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    record_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[AlertKind] = mapped_column(_enum(AlertKind, "alert_kind"))
    subject: Mapped[str] = mapped_column(sa.String(200))
    evidence_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    screening_id: Mapped[int] = mapped_column(sa.ForeignKey("screenings.id"))  # first raised it
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("roster_records.id"))
    entity_id: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    source: Mapped[str | None] = mapped_column(sa.String(100))
    list_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("list_versions.id"))
    rule_id: Mapped[str | None] = mapped_column(sa.String(100))
    severity: Mapped[str] = mapped_column(sa.String(16))
    site: Mapped[str | None] = mapped_column(sa.String(200))
    name: Mapped[str | None] = mapped_column(sa.String(500))
    score: Mapped[float]
    explanation: Mapped[dict[str, Any]]
    status: Mapped[AlertStatus] = mapped_column(
        _enum(AlertStatus, "alert_status"), default=AlertStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScreeningAlert(Base):
    """Which alerts a screening met, and what it did to each (new, reopened, updated, unchanged)."""

    __tablename__ = "screening_alerts"

    screening_id: Mapped[int] = mapped_column(
        sa.ForeignKey("screenings.id", ondelete="CASCADE"), primary_key=True
    )
    alert_id: Mapped[int] = mapped_column(sa.ForeignKey("alerts.id"), primary_key=True, index=True)
    change: Mapped[str] = mapped_column(sa.String(16))


class Decision(Base):
    """A reviewer's outcome, with the fingerprints it was made on (for suppression)."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    alert_id: Mapped[int] = mapped_column(sa.ForeignKey("alerts.id"), index=True)
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outcome"))
    reason: Mapped[str] = mapped_column(sa.Text)
    record_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    evidence_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    decided_by: Mapped[str] = mapped_column(sa.String(200))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """One state change. ``hash`` covers every other column and the previous hash."""

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_org_seq", "org_id", "seq"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # None for changes that belong to no organisation (list versions seen by the service).
    org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    actor: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(100))
    object_type: Mapped[str] = mapped_column(sa.String(50))
    object_id: Mapped[str] = mapped_column(sa.String(200))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    # Text, not a timestamp type: the hash covers this exact string on every database.
    at: Mapped[str] = mapped_column(sa.String(40))
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)


class AuditHead(Base):
    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(sa.String(64))
