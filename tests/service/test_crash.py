"""A server killed in the middle of a screening job loses no decision and duplicates no alert.

``laborscreen serve`` runs in its own process on a SQLite file and on
PostgreSQL. The worker is slowed down (``LABORSCREEN_WORKER_DELAY_MS``) so that
the job is still running when a reviewer decides one of the alerts written so
far; the server is then killed with SIGKILL (no clean shutdown), started
again, and the job, taken up once its lease ran out, runs to the end.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from laborscreen.cli import main
from laborscreen.service.db import Database
from laborscreen.service.models import Alert, Decision, Screening
from laborscreen.sources import load_path
from laborscreen.store import ListStore

from .conftest import FIXTURE_FILES, FIXTURE_LISTS, Server

ORG = "Warehouse (synthetic)"
OTHER = "Depot (synthetic)"
ROWS = 300  # 12 chunks of 25 rows, 0.4 s apart: about 5 s of writing alerts


def _roster() -> bytes:
    lines = ["Таб. номер;ФИО;Дата рождения;Гражданство;Объект"]
    names = ("Hong Gil Dong", "Kim Chol Su", "Ivan Petrov")
    for n in range(1, ROWS + 1):
        # Each row its own person (own number): every row is a record of its own.
        lines.append(f"S-{n:04d};{names[n % 3]};;КНДР;Site {n % 4}")
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def server(tmp_path: Path, db_url: str) -> Iterator[tuple[Server, dict[str, str]]]:
    home = tmp_path / "home"
    home.mkdir()
    parsed = [p for name in FIXTURE_FILES for p in load_path(FIXTURE_LISTS / name)]
    with ListStore(home / "laborscreen.db") as store:
        store.import_lists(parsed, origin="import")
    env = {
        **os.environ,
        "LABORSCREEN_HOME": str(home),
        "LABORSCREEN_DATABASE_URL": db_url,
        "LABORSCREEN_WORKER_DELAY_MS": "400",
        "LABORSCREEN_JOB_LEASE_SECONDS": "2",
    }
    runner = CliRunner(env=env)
    assert runner.invoke(main, ["admin", "migrate"]).exit_code == 0
    keys = {}
    for org in (ORG, OTHER):
        assert runner.invoke(main, ["admin", "create-org", org]).exit_code == 0
        for role in ("analyst", "reviewer"):
            made = runner.invoke(main, ["admin", "create-key", "--org", org, "--role", role])
            assert made.exit_code == 0, made.output
            keys[f"{org}:{role}"] = made.stdout.strip()
    process = Server(env)
    try:
        yield process, keys
    finally:
        process.stop()


def _headers(key: str) -> dict[str, str]:
    return {"Authorization": f"ApiKey {key}"}


def _state(server: Server, key: str, job: int) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(
        f"{server.base}/screenings/{job}", headers=_headers(key)
    ).json()
    return body


def _upload(server: Server, key: str) -> int:
    response = httpx.post(
        f"{server.base}/screenings",
        files={"file": ("crash roster.csv", _roster(), "text/csv")},
        headers=_headers(key),
    )
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


def _wait(server: Server, key: str, job: int, until: Any, seconds: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        state = _state(server, key, job)
        if until(state):
            return state
        assert state["status"] != "failed", state
        assert time.monotonic() < deadline, state
        time.sleep(0.05)


def test_kill_during_a_job_loses_no_decision_and_duplicates_no_alert(
    server: tuple[Server, dict[str, str]], db_url: str
) -> None:
    process, keys = server
    analyst, reviewer = keys[f"{ORG}:analyst"], keys[f"{ORG}:reviewer"]
    process.start()
    job = _upload(process, analyst)
    running = _wait(process, analyst, job, lambda s: s["progress"]["done"] >= 50)
    assert running["status"] == "running"
    queue = httpx.get(f"{process.base}/alerts?list=un&limit=5", headers=_headers(analyst)).json()
    decided = queue["alerts"][0]["id"]
    response = httpx.post(
        f"{process.base}/alerts/{decided}/decision",
        json={"outcome": "false_positive", "reason": "synthetic: a different person"},
        headers=_headers(reviewer),
    )
    assert response.status_code == 200, response.text
    process.kill()

    database = Database(db_url)
    try:
        with database.session() as session:
            interrupted = session.get(Screening, job)
            assert interrupted is not None
            assert interrupted.status.value == "running"
            assert 0 < interrupted.done < ROWS

        process.start()
        finished = _wait(process, analyst, job, lambda s: s["status"] == "completed")
        assert finished["attempts"] == 2
        assert finished["progress"]["done"] == ROWS
        detail = httpx.get(f"{process.base}/alerts/{decided}", headers=_headers(analyst)).json()
        assert detail["status"] == "false_positive"
        assert [d["reason"] for d in detail["decisions"]] == ["synthetic: a different person"]
        results = httpx.get(
            f"{process.base}/screenings/{job}/results", headers=_headers(analyst)
        ).json()
        assert len(results["rows"]) == ROWS

        # The same roster screened without a crash, by another organisation.
        other = keys[f"{OTHER}:analyst"]
        clean = _upload(process, other)
        _wait(process, other, clean, lambda s: s["status"] == "completed")

        with database.session() as session:
            key = (Alert.org_id, Alert.record_fingerprint, Alert.kind, Alert.subject)
            duplicated = session.execute(
                sa.select(*key).group_by(*key).having(sa.func.count() > 1)
            ).all()
            assert duplicated == []
            per_org = {
                org: count
                for org, count in session.execute(
                    sa.select(Alert.org_id, sa.func.count()).group_by(Alert.org_id)
                )
            }
            assert len(per_org) == 2 and len(set(per_org.values())) == 1, per_org
            assert session.execute(sa.select(sa.func.count()).select_from(Decision)).scalar() == 1
    finally:
        database.dispose()
