"""The service database: one SQLAlchemy engine per URL, read sessions and write transactions.

SQLite (the embedded default) and PostgreSQL behave alike here:

* a *write* transaction on SQLite starts with ``BEGIN IMMEDIATE``, taking the
  write lock before its first read, so that two writers queue instead of one
  failing half-way (the audit chain reads its head and then appends);
* foreign keys are enforced and the journal is in WAL mode on SQLite, so
  readers never wait for a writer;
* database errors are translated here, at the boundary, into laborscreen's own
  errors: an unreachable database is a :class:`StoreError`, a uniqueness
  conflict a :class:`ServiceError` with status 409.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from laborscreen.errors import ServiceError, StoreError
from laborscreen.settings import database_url

#: Seconds a SQLite writer waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def display_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and their pragmas set."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            # Every pooled connection would see its own empty database.
            raise StoreError("the service database must be a file, not an in-memory SQLite")
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"check_same_thread": False})
        _sqlite_pragmas(engine)
        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit at the driver level: the "begin" hook below emits BEGIN itself,
        # which is how SQLite gets IMMEDIATE transactions through SQLAlchemy.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


class Database:
    """The service database at ``url`` (default: ``LABORSCREEN_DATABASE_URL``)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url)
        self.dialect = self.engine.dialect.name
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._writer = sessionmaker(writer, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Database({display_url(self.url)!r})"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_: object) -> None:
        self.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading; whatever it wrote is rolled back."""
        with self._translated(), self._reader() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        """A bare connection for the cheapest reads (no ORM session), rolled back at the end."""
        with self._translated(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back whole on any error."""
        with self._translated(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.IntegrityError as exc:
            raise ServiceError(
                409, "conflict", f"the change conflicts with existing data: {exc.orig}"
            ) from exc
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            raise StoreError(
                f"the service database {display_url(self.url)} cannot be used: {exc.orig}"
            ) from exc

    def upgrade(self) -> str:
        """Apply every pending migration; returns the revision now in force."""
        from laborscreen.service.migrations import upgrade

        with self._translated():
            return upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
