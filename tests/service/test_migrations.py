"""Migrations: empty database to the newest revision, matching the models, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner

from laborscreen.cli import main
from laborscreen.errors import StoreError
from laborscreen.service import migrations
from laborscreen.service.db import Database
from laborscreen.service.models import Base


def test_empty_database_upgrades_to_head(db_url: str) -> None:
    database = Database(db_url)
    try:
        assert migrations.current(database.engine) is None
        assert database.upgrade() == migrations.head()
        assert migrations.current(database.engine) == migrations.head()
        tables = set(sa.inspect(database.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        # A second upgrade finds nothing to do and changes nothing.
        assert database.upgrade() == migrations.head()
    finally:
        database.dispose()


def test_migrations_and_models_describe_the_same_tables(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_audit_head_starts_at_genesis(db: Database) -> None:
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT id, seq, hash FROM audit_head")).all()
    assert rows == [(1, 0, "0" * 64)]


def test_admin_migrate_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'fresh' / 'service.db'}"
    monkeypatch.setenv("LABORSCREEN_DATABASE_URL", url)
    result = CliRunner().invoke(main, ["admin", "migrate"])
    assert result.exit_code == 0, result.output
    assert f"at revision {migrations.head()}" in result.output
    assert (tmp_path / "fresh" / "service.db").is_file()


def test_default_database_is_sqlite_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LABORSCREEN_DATABASE_URL", raising=False)
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path / "home"))
    database = Database()
    try:
        database.upgrade()
        assert database.dialect == "sqlite"
        assert (tmp_path / "home" / "service.db").is_file()
    finally:
        database.dispose()


def test_unreachable_database_is_a_store_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    database = Database("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    with pytest.raises(StoreError, match="cannot be used"):
        database.upgrade()
    result = CliRunner().invoke(
        main,
        ["admin", "create-org", "X"],
        env={"LABORSCREEN_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"},
    )
    assert result.exit_code == 2
    assert "error: the service database postgresql+psycopg://nobody@127.0.0.1:9/none" in (
        result.output
    )
