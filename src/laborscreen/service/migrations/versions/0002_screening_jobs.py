"""Screening jobs and alerts: stored uploads, record fingerprints, job claims, alert keys.

Revision ID: 0002
Revises: 0001

The case tables of 0001 were laid out before any route wrote them; this
revision replaces them with the layout the screening jobs need (the upload's
bytes, record fingerprints, the job's claim and results, alerts unique per
organisation, record fingerprint, kind and subject, and ``screening_alerts``).
It refuses to run if a roster was stored under the old layout, rather than
drop it. Downgrading drops the case tables and ``list_versions`` (the service
records the versions in force again at its next start) and recreates 0001's.
"""

from __future__ import annotations

import importlib
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_OLD_CASE_TABLES = (
    "decisions",
    "alerts",
    "screening_lists",
    "screenings",
    "roster_records",
    "rosters",
)
_NEW_CASE_TABLES = (
    "decisions",
    "screening_alerts",
    "alerts",
    "screening_lists",
    "screenings",
    "roster_records",
    "rosters",
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _org() -> sa.Column[int]:
    return sa.Column("org_id", sa.Integer(), nullable=False)


def _int(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _time(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.JSON(), nullable=nullable)


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> Any:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    stored = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM rosters")).scalar_one()
    if stored:
        raise RuntimeError(
            f"{stored} rosters are stored under the 0001 layout; this revision would drop them"
        )
    for table in _OLD_CASE_TABLES:
        op.drop_table(table)
    _rosters()
    _screenings()
    _alerts()


def _rosters() -> None:
    op.create_table(
        "rosters",
        _id(),
        _org(),
        _text("filename", 500),
        _text("sha256", 64),
        _int("size"),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _json("mapping"),
        _json("problems"),
        _int("row_count"),
        _text("uploaded_by", 200),
        _time("uploaded_at"),
        _fk("rosters", "org_id", "organisations"),
        _pk("rosters"),
    )
    _index("rosters", "org_id")
    op.create_table(
        "roster_records",
        _id(),
        _org(),
        _int("roster_id"),
        _int("row_number"),
        _text("schema", 32),
        _text("name", 500, nullable=True),
        _text("site", 200, nullable=True),
        _text("fingerprint", 64),
        _json("data"),
        _json("problems"),
        _fk("roster_records", "org_id", "organisations"),
        _fk("roster_records", "roster_id", "rosters", ondelete="CASCADE"),
        _pk("roster_records"),
        sa.UniqueConstraint("roster_id", "row_number", name=op.f("uq_roster_records_roster_id")),
    )
    _index("roster_records", "org_id")
    op.create_index(
        "ix_roster_records_org_fingerprint", "roster_records", ["org_id", "fingerprint"]
    )


def _screenings() -> None:
    op.create_table(
        "screenings",
        _id(),
        _org(),
        _int("roster_id"),
        _int("rescreen_of", nullable=True),
        sa.Column(
            "status",
            _enum("screening_status", "queued", "running", "completed", "failed", "cancelled"),
            nullable=False,
        ),
        _text("stage", 32, nullable=True),
        sa.Column("threshold", sa.Double(), nullable=False),
        _int("total"),
        _int("matched"),
        _int("done"),
        _int("alert_count"),
        _text("list_fingerprint", 64, nullable=True),
        _text("worker", 64, nullable=True),
        _time("heartbeat_at", nullable=True),
        _int("attempts"),
        _json("results", nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        _text("created_by", 200),
        _time("created_at"),
        _time("started_at", nullable=True),
        _time("finished_at", nullable=True),
        _fk("screenings", "org_id", "organisations"),
        _fk("screenings", "roster_id", "rosters"),
        _fk("screenings", "rescreen_of", "screenings"),
        _pk("screenings"),
    )
    _index("screenings", "org_id")
    op.create_index("ix_screenings_status", "screenings", ["status"])
    op.create_table(
        "screening_lists",
        _int("screening_id"),
        _int("list_version_id"),
        _fk("screening_lists", "list_version_id", "list_versions"),
        _fk("screening_lists", "screening_id", "screenings", ondelete="CASCADE"),
        _pk("screening_lists", "screening_id", "list_version_id"),
    )


def _alerts() -> None:
    op.create_table(
        "alerts",
        _id(),
        _org(),
        _text("record_fingerprint", 64),
        sa.Column("kind", _enum("alert_kind", "sanctions", "rule", "roster_rule"), nullable=False),
        _text("subject", 200),
        _text("evidence_fingerprint", 64),
        _int("screening_id"),
        _int("record_id"),
        _text("entity_id", 200, nullable=True),
        _text("source", 100, nullable=True),
        _int("list_version_id", nullable=True),
        _text("rule_id", 100, nullable=True),
        _text("severity", 16),
        _text("site", 200, nullable=True),
        _text("name", 500, nullable=True),
        sa.Column("score", sa.Double(), nullable=False),
        _json("explanation"),
        sa.Column(
            "status",
            _enum("alert_status", "open", "true_match", "false_positive", "needs_information"),
            nullable=False,
        ),
        _time("created_at"),
        _time("updated_at"),
        _fk("alerts", "org_id", "organisations"),
        _fk("alerts", "screening_id", "screenings"),
        _fk("alerts", "record_id", "roster_records"),
        _fk("alerts", "list_version_id", "list_versions"),
        _pk("alerts"),
        sa.UniqueConstraint(
            "org_id", "record_fingerprint", "kind", "subject", name=op.f("uq_alerts_org_id")
        ),
    )
    _index("alerts", "entity_id")
    op.create_index("ix_alerts_org_status", "alerts", ["org_id", "status"], unique=False)
    op.create_table(
        "screening_alerts",
        _int("screening_id"),
        _int("alert_id"),
        _text("change", 16),
        _fk("screening_alerts", "screening_id", "screenings", ondelete="CASCADE"),
        _fk("screening_alerts", "alert_id", "alerts"),
        _pk("screening_alerts", "screening_id", "alert_id"),
    )
    _index("screening_alerts", "alert_id")
    op.create_table(
        "decisions",
        _id(),
        _org(),
        _int("alert_id"),
        sa.Column(
            "outcome",
            _enum("outcome", "true_match", "false_positive", "needs_information"),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        _text("record_fingerprint", 64),
        _text("evidence_fingerprint", 64),
        _text("decided_by", 200),
        _int("user_id", nullable=True),
        _time("decided_at"),
        _fk("decisions", "alert_id", "alerts"),
        _fk("decisions", "org_id", "organisations"),
        _fk("decisions", "user_id", "users"),
        _pk("decisions"),
    )
    _index("decisions", "alert_id")
    _index("decisions", "org_id")


def downgrade() -> None:
    initial = importlib.import_module("laborscreen.service.migrations.versions.0001_initial")
    for table in _NEW_CASE_TABLES:
        op.drop_table(table)
    op.drop_table("list_versions")
    initial._lists_and_rosters()
    initial._screenings_and_alerts()
