"""The first layout: tenants, credentials, list versions, cases and the audit trail.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

#: The ``prev_hash`` of the first audit entry.
GENESIS = "0" * 64

ROLES = ("analyst", "reviewer", "admin")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _org(nullable: bool = False) -> sa.Column[int]:
    return sa.Column("org_id", sa.Integer(), nullable=nullable)


def _org_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["org_id"], ["organisations.id"], name=op.f(f"fk_{table}_org_id_organisations")
    )


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    _tenants()
    _lists_and_rosters()
    _screenings_and_alerts()
    _audit()


def _tenants() -> None:
    op.create_table(
        "organisations",
        _id(),
        _text("name", 200),
        _time("created_at"),
        _pk("organisations"),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "users",
        _id(),
        _org(),
        _text("email", 320),
        sa.Column("role", _enum("role", *ROLES), nullable=False),
        _text("password_hash", 255, nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _time("created_at"),
        _org_fk("users"),
        _pk("users"),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    _index("users", "org_id")
    op.create_table(
        "api_keys",
        _id(),
        _org(),
        sa.Column("role", _enum("role", *ROLES), nullable=False),
        _text("prefix", 16),
        _text("key_hash", 64),
        _text("label", 200, nullable=True),
        _text("created_by", 200),
        _time("created_at"),
        _time("revoked_at", nullable=True),
        _org_fk("api_keys"),
        _pk("api_keys"),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    _index("api_keys", "org_id")
    op.create_table(
        "user_sessions",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _text("token_hash", 64),
        _time("created_at"),
        _time("expires_at"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        _pk("user_sessions"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    _index("user_sessions", "user_id")


def _lists_and_rosters() -> None:
    op.create_table(
        "list_versions",
        _id(),
        _text("source", 100),
        sa.Column("store_version_id", sa.Integer(), nullable=False),
        _text("checksum", 100),
        _text("published", 64, nullable=True),
        _text("imported_at", 64),
        sa.Column("entity_count", sa.Integer(), nullable=False),
        _time("recorded_at"),
        _pk("list_versions"),
        sa.UniqueConstraint(
            "source", "checksum", "imported_at", name=op.f("uq_list_versions_source")
        ),
    )
    op.create_table(
        "rosters",
        _id(),
        _org(),
        _text("filename", 500),
        _text("sha256", 64),
        sa.Column("row_count", sa.Integer(), nullable=False),
        _text("uploaded_by", 200),
        _time("uploaded_at"),
        _org_fk("rosters"),
        _pk("rosters"),
    )
    _index("rosters", "org_id")
    op.create_table(
        "roster_records",
        _id(),
        _org(),
        sa.Column("roster_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        _text("schema", 32),
        _text("name", 500, nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        _org_fk("roster_records"),
        sa.ForeignKeyConstraint(
            ["roster_id"],
            ["rosters.id"],
            name=op.f("fk_roster_records_roster_id_rosters"),
            ondelete="CASCADE",
        ),
        _pk("roster_records"),
        sa.UniqueConstraint("roster_id", "row_number", name=op.f("uq_roster_records_roster_id")),
    )
    _index("roster_records", "org_id")


def _screenings_and_alerts() -> None:
    op.create_table(
        "screenings",
        _id(),
        _org(),
        sa.Column("roster_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            _enum("screening_status", "queued", "running", "completed", "failed", "cancelled"),
            nullable=False,
        ),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("alert_count", sa.Integer(), nullable=False),
        _text("list_fingerprint", 64, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        _text("created_by", 200),
        _time("created_at"),
        _time("started_at", nullable=True),
        _time("finished_at", nullable=True),
        _org_fk("screenings"),
        sa.ForeignKeyConstraint(
            ["roster_id"], ["rosters.id"], name=op.f("fk_screenings_roster_id_rosters")
        ),
        _pk("screenings"),
    )
    _index("screenings", "org_id")
    op.create_table(
        "screening_lists",
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("list_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_version_id"],
            ["list_versions.id"],
            name=op.f("fk_screening_lists_list_version_id_list_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screenings.id"],
            name=op.f("fk_screening_lists_screening_id_screenings"),
            ondelete="CASCADE",
        ),
        _pk("screening_lists", "screening_id", "list_version_id"),
    )
    op.create_table(
        "alerts",
        _id(),
        _org(),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("alert_kind", "sanctions", "rule"), nullable=False),
        _text("subject", 200),
        _text("entity_id", 200, nullable=True),
        sa.Column("list_version_id", sa.Integer(), nullable=True),
        _text("rule_id", 100, nullable=True),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            _enum("alert_status", "open", "true_match", "false_positive", "needs_information"),
            nullable=False,
        ),
        _time("created_at"),
        _time("updated_at"),
        sa.ForeignKeyConstraint(
            ["list_version_id"],
            ["list_versions.id"],
            name=op.f("fk_alerts_list_version_id_list_versions"),
        ),
        _org_fk("alerts"),
        sa.ForeignKeyConstraint(
            ["record_id"], ["roster_records.id"], name=op.f("fk_alerts_record_id_roster_records")
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screenings.id"],
            name=op.f("fk_alerts_screening_id_screenings"),
            ondelete="CASCADE",
        ),
        _pk("alerts"),
        sa.UniqueConstraint(
            "screening_id", "record_id", "subject", name=op.f("uq_alerts_screening_id")
        ),
    )
    _index("alerts", "entity_id")
    op.create_index("ix_alerts_org_status", "alerts", ["org_id", "status"], unique=False)
    op.create_table(
        "decisions",
        _id(),
        _org(),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            _enum("outcome", "true_match", "false_positive", "needs_information"),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        _text("decided_by", 200),
        sa.Column("user_id", sa.Integer(), nullable=True),
        _time("decided_at"),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_decisions_alert_id_alerts")
        ),
        _org_fk("decisions"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_decisions_user_id_users")),
        _pk("decisions"),
    )
    _index("decisions", "alert_id")
    _index("decisions", "org_id")


def _audit() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        _org(nullable=True),
        _text("actor", 200),
        _text("action", 100),
        _text("object_type", 50),
        _text("object_id", 200),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        _text("at", 40),
        _text("prev_hash", 64),
        _text("hash", 64),
        _org_fk("audit_entries"),
        _pk("audit_entries", "seq"),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_entries_hash")),
    )
    op.create_index("ix_audit_entries_org_seq", "audit_entries", ["org_id", "seq"], unique=False)
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _text("hash", 64),
        _pk("audit_head"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    _append_only_guard()


def _append_only_guard() -> None:
    # The database itself refuses to edit or delete audit entries, so that a
    # bug cannot rewrite history; the hash chain catches whoever drops the guard.
    message = "the audit trail is append-only"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_entries_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
            "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entries_no_{event.lower()} BEFORE {event} ON audit_entries "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS audit_entries_append_only()")
    for table in (
        "audit_head",
        "audit_entries",
        "decisions",
        "alerts",
        "screening_lists",
        "screenings",
        "roster_records",
        "rosters",
        "list_versions",
        "user_sessions",
        "api_keys",
        "users",
        "organisations",
    ):
        op.drop_table(table)
