"""Alembic migrations of the service database, run from code (no ``alembic.ini``).

:func:`upgrade` brings a database from empty, or from any earlier revision, to
the newest one; the service calls it at start-up and ``laborscreen admin
migrate`` on demand. Two processes upgrading at once queue on a lock
(PostgreSQL: an advisory lock; SQLite: the write lock of ``BEGIN IMMEDIATE``).

A new revision is a new file in ``versions/`` whose ``down_revision`` names the
previous head; ``tests/service/test_migrations.py`` checks that the revisions
and :mod:`laborscreen.service.models` describe the same tables.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

#: An arbitrary constant: the PostgreSQL advisory lock held while migrating.
_PG_LOCK = 7_236_401


def config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision in ``versions/``."""
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None, "no migration revisions found"
    return revision


def current(engine: sa.Engine) -> str | None:
    """The revision the database is at; ``None`` for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine) -> str:
    """Apply every pending revision in one transaction; returns the revision in force."""
    with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        command.upgrade(config(connection), "head")
    return head()
