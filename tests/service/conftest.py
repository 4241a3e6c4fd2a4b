"""Service fixtures: a fresh database on SQLite and on PostgreSQL, small lists, API clients.

Every store and API test runs twice, against a SQLite file and against the
PostgreSQL at 127.0.0.1:5432 (``LABORSCREEN_TEST_POSTGRES_URL`` overrides it).
Each PostgreSQL test gets its own schema, dropped afterwards, so runs never
see each other's rows. Without a reachable PostgreSQL those tests are skipped
on a developer's machine and fail under CI.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from laborscreen.service import accounts
from laborscreen.service.api import create_app
from laborscreen.service.bench import free_port
from laborscreen.service.db import Database
from laborscreen.service.jobs import JobRunner
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


#: A synthetic roster: a listed person (UN fixture entry KPi.901), a person on the
#: custom fixture list (W-001), an unlisted person with an unreadable birth date.
ROSTER = (
    "Таб. номер;ФИО;Дата рождения;Гражданство;Объект\n"
    "T-1;Hong Gil Dong;;КНДР;Site North\n"
    "T-2;Kim Chol Su;12.03.1985;КНДР;Site South\n"
    "T-3;Ivan Petrov;31.02.1980;Россия;Site North\n"
)


def upload(
    client: TestClient, key: str, text: str = ROSTER, filename: str = "roster.csv"
) -> dict[str, Any]:
    """POST /screenings with ``text`` as the file; the 202 body."""
    response = client.post(
        "/screenings",
        files={"file": (filename, text.encode("utf-8"), "text/csv")},
        headers=Keys.header(key),
    )
    assert response.status_code == 202, response.text
    body: dict[str, Any] = response.json()
    return body


def wait_for(
    client: TestClient, key: str, screening_id: int, seconds: float = 60
) -> dict[str, Any]:
    """Poll GET /screenings/{id} until the job has finished; its last state."""
    deadline = time.monotonic() + seconds
    while True:
        state: dict[str, Any] = client.get(
            f"/screenings/{screening_id}", headers=Keys.header(key)
        ).json()
        if state["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


@dataclass
class Manual:
    """An app whose jobs run only when a test says so (deterministic), and its runner."""

    client: TestClient
    runner: JobRunner
    lists: Lists

    def run_all(self) -> int:
        ran = 0
        while (job_id := self.runner.claim()) is not None:
            self.runner.run(job_id)
            ran += 1
        return ran


@pytest.fixture
def manual(db: Database, list_store: Path) -> Iterator[Manual]:
    lists = Lists(db, list_store, poll_seconds=0)
    app = create_app(db, lists, credential_cache_seconds=0.2, jobs=False)
    with TestClient(app) as test_client:
        yield Manual(test_client, JobRunner(db, lists), lists)


class Server:
    """``laborscreen serve`` as a child process that a test may kill."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "laborscreen", "serve", "--port", str(self.port)]
        command += ["--poll-seconds", "0", "--no-access-log", "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=self.env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, self._log()
            assert time.monotonic() < deadline, "server did not start"
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)

    def _log(self) -> str:
        return self.process.stderr.read() if self.process and self.process.stderr else ""

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=15)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            if self.process.stderr:
                self.process.stderr.close()
            self.process = None
