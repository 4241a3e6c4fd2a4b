"""Service fixtures: a fresh database on SQLite and on PostgreSQL, small lists, API clients.

Every store and API test runs twice, against a SQLite file and against the
PostgreSQL at 127.0.0.1:5432 (``LABORSCREEN_TEST_POSTGRES_URL`` overrides it).
Each PostgreSQL test gets its own schema, dropped afterwards, so runs never
see each other's rows. Without a reachable PostgreSQL those tests are skipped
on a developer's machine and fail under CI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from laborscreen.service import accounts
from laborscreen.service.api import create_app
from laborscreen.service.db import Database
from laborscreen.service.lists import Lists
from laborscreen.sources import load_path
from laborscreen.store import ListStore

POSTGRES_URL = os.environ.get(
    "LABORSCREEN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
FIXTURE_LISTS = Path(__file__).parents[1] / "fixtures" / "lists"
FIXTURE_FILES = ("un_small.xml", "ftm_sample.jsonl", "custom_sample.csv")

ORG_A = "Org A (synthetic)"
ORG_B = "Org B (synthetic)"


def _postgres_available() -> str | None:
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return None
    except sa.exc.OperationalError as exc:
        return str(exc.orig)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    problem = _postgres_available()
    if problem is not None:
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {problem}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'service.db'}"
        return
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    schema = f"ls_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in admin_url else "?"
    try:
        yield f"{admin_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def list_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A list store holding the invented fixture lists (un, opensanctions, custom)."""
    path = tmp_path_factory.mktemp("lists") / "laborscreen.db"
    parsed = [p for name in FIXTURE_FILES for p in load_path(FIXTURE_LISTS / name)]
    with ListStore(path) as store:
        store.import_lists(parsed, origin="import")
    return path


@dataclass
class Keys:
    """Plain API keys of two organisations, one per role."""

    a_analyst: str
    a_reviewer: str
    a_admin: str
    b_analyst: str
    b_reviewer: str

    @staticmethod
    def header(key: str, scheme: str = "ApiKey") -> dict[str, str]:
        return {"Authorization": f"{scheme} {key}"}


@pytest.fixture
def keys(db: Database) -> Keys:
    with db.transaction() as session:
        accounts.create_org(session, ORG_A, "test")
        accounts.create_org(session, ORG_B, "test")

        def key(org: str, role: str) -> str:
            return accounts.create_key(session, org, role, "test")[1]

        return Keys(
            key(ORG_A, "analyst"),
            key(ORG_A, "reviewer"),
            key(ORG_A, "admin"),
            key(ORG_B, "analyst"),
            key(ORG_B, "reviewer"),
        )


@pytest.fixture
def client(db: Database, list_store: Path) -> Iterator[TestClient]:
    # A short credential cache, so that a test can see a revocation take effect.
    app = create_app(db, Lists(db, list_store, poll_seconds=0), credential_cache_seconds=0.2)
    with TestClient(app) as test_client:
        yield test_client
