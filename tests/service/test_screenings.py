"""Screening jobs over HTTP: upload, background run, progress, results, problems, re-runs."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from fastapi.testclient import TestClient

from laborscreen.cli import main
from laborscreen.service.db import Database
from laborscreen.service.jobs import JobRunner
from laborscreen.service.models import Alert, Roster, RosterRecord, Screening, ScreeningStatus

from .conftest import ROSTER, Keys, Manual, upload, wait_for


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    error: dict[str, Any] = body["error"]
    return error


def test_upload_runs_in_the_background_to_completion(client: TestClient, keys: Keys) -> None:
    created = upload(client, keys.a_analyst)
    assert created["status"] == "queued" and created["total"] == 3
    state = wait_for(client, keys.a_analyst, created["id"])
    assert state["status"] == "completed", state
    assert state["progress"] == {"total": 3, "matched": 3, "done": 3, "percent": 100.0}
    assert state["roster"]["filename"] == "roster.csv"
    assert state["counts"]["new"] == state["alerts_raised"] > 0
    assert {v["source"] for v in state["lists"]} >= {"un"}
    listed = client.get(
        f"/alerts?screening={created['id']}", headers=Keys.header(keys.a_analyst)
    ).json()
    subjects = {(a["name"], a["subject"]) for a in listed["alerts"]}
    assert ("Hong Gil Dong", "un:KPi.901") in subjects


def test_results_are_the_json_of_screen_out(
    manual: Manual, keys: Keys, list_store: Path, tmp_path: Path
) -> None:
    created = upload(manual.client, keys.a_analyst)
    manual.run_all()
    results = manual.client.get(
        f"/screenings/{created['id']}/results", headers=Keys.header(keys.a_analyst)
    ).json()
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out.json"
    cli = CliRunner().invoke(
        main,
        ["screen", str(roster), "--out", str(out)],
        env={"LABORSCREEN_HOME": str(list_store.parent)},
    )
    assert cli.exit_code == 0, cli.output
    expected = json.loads(out.read_text(encoding="utf-8"))
    # Only the file's name differs: the service names the upload, the CLI its path.
    expected["summary"]["file"] = "roster.csv"
    for problem in expected["problems"]:
        problem["file"] = "roster.csv"
    for row in expected["rows"]:
        for problem in row["problems"]:
            problem["file"] = "roster.csv"
    assert results == expected
    assert results["rows"][0]["matches"][0]["entity_id"] == "un:KPi.901"
    assert results["rows"][0]["findings"]


def test_results_before_completion_are_refused(manual: Manual, keys: Keys) -> None:
    created = upload(manual.client, keys.a_analyst)
    response = manual.client.get(
        f"/screenings/{created['id']}/results", headers=Keys.header(keys.a_analyst)
    )
    error = _error(response, 409, "not_ready")
    assert "queued" in error["message"]


def test_row_problems_are_kept_with_the_job(manual: Manual, keys: Keys) -> None:
    created = upload(manual.client, keys.a_analyst)
    assert created["problems"] == [
        {
            "file": "roster.csv",
            "row": 3,
            "field": "birth_date",
            "message": "unreadable birth date",
            "value": "31.02.1980",
        }
    ]
    manual.run_all()
    state = manual.client.get(
        f"/screenings/{created['id']}", headers=Keys.header(keys.a_analyst)
    ).json()
    assert state["counts"]["problems"] == 1
    assert state["problems"][0]["row"] == 3 and state["problems"][0]["field"] == "birth_date"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\xd0\xcf\x11\xe0legacy", "legacy Excel"),
        ("Колонка;Другая\n1;2\n".encode(), "bad.csv"),
        ("ФИО;Гражданство\n".encode(), "no data rows"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_and_nothing_stays(
    manual: Manual, keys: Keys, db: Database, content: bytes, expected: str
) -> None:
    response = manual.client.post(
        "/screenings",
        files={"file": ("bad.csv", content, "text/csv")},
        headers=Keys.header(keys.a_analyst),
    )
    error = _error(response, 400, "invalid_roster")
    assert expected in error["message"]
    assert error["message"].startswith("bad.csv")
    assert error["details"][0]["file"] == "bad.csv"
    assert error["details"][0]["field"] == "file"
    with db.session() as session:
        for table in (Roster, RosterRecord, Screening):
            assert session.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0


def test_upload_needs_a_file_field(manual: Manual, keys: Keys) -> None:
    response = manual.client.post(
        "/screenings", data={"threshold": "0.7"}, headers=Keys.header(keys.a_analyst)
    )
    error = _error(response, 422, "invalid_request")
    assert error["details"][0]["field"] == "body.file"


def test_folders_in_the_upload_name_are_dropped(manual: Manual, keys: Keys) -> None:
    created = upload(manual.client, keys.a_analyst, filename="../../etc/march roster.csv")
    state = manual.client.get(
        f"/screenings/{created['id']}", headers=Keys.header(keys.a_analyst)
    ).json()
    assert state["roster"]["filename"] == "march roster.csv"


def _alert_keys(db: Database) -> list[tuple[Any, ...]]:
    with db.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                sa.select(Alert.org_id, Alert.record_fingerprint, Alert.kind, Alert.subject)
            )
        ]


def test_a_job_interrupted_half_way_is_resumed_without_duplicates(
    manual: Manual, keys: Keys, db: Database
) -> None:
    created = upload(manual.client, keys.a_analyst)
    manual.run_all()
    first = _alert_keys(db)
    assert first and len(first) == len(set(first))
    # As a crash leaves it: running, its heartbeat long ago, nothing written past row 0.
    with db.transaction() as session:
        job = session.get(Screening, created["id"])
        assert job is not None
        job.status, job.done, job.heartbeat_at = ScreeningStatus.RUNNING, 0, None
        job.worker, job.results = "a-process-that-died", None
    assert manual.run_all() == 1
    assert sorted(_alert_keys(db)) == sorted(first)
    state = manual.client.get(
        f"/screenings/{created['id']}", headers=Keys.header(keys.a_analyst)
    ).json()
    assert state["status"] == "completed" and state["attempts"] == 2
    assert state["counts"]["alerts"] == len(first)


def test_a_job_another_process_runs_is_not_taken(manual: Manual, keys: Keys, db: Database) -> None:
    created = upload(manual.client, keys.a_analyst)
    with db.transaction() as session:
        job = session.get(Screening, created["id"])
        assert job is not None
        job.status, job.worker = ScreeningStatus.RUNNING, "another-live-process"
        job.heartbeat_at = sa.func.now()
    assert manual.runner.claim() is None


def test_the_organisation_sees_only_its_screenings(manual: Manual, keys: Keys) -> None:
    created = upload(manual.client, keys.a_analyst)
    manual.run_all()
    for path in (
        f"/screenings/{created['id']}",
        f"/screenings/{created['id']}/results",
    ):
        _error(manual.client.get(path, headers=Keys.header(keys.b_reviewer)), 404, "not_found")
    rescreen = manual.client.post(
        f"/screenings/{created['id']}/rescreen", headers=Keys.header(keys.b_reviewer)
    )
    _error(rescreen, 404, "not_found")
    mine = manual.client.get("/screenings", headers=Keys.header(keys.a_analyst)).json()
    theirs = manual.client.get("/screenings", headers=Keys.header(keys.b_analyst)).json()
    assert [s["id"] for s in mine["screenings"]] == [created["id"]]
    assert theirs == {"screenings": []}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/screenings"),
        ("GET", "/screenings"),
        ("GET", "/screenings/1"),
        ("GET", "/screenings/1/results"),
        ("POST", "/screenings/1/rescreen"),
        ("GET", "/alerts"),
        ("GET", "/alerts/1"),
        ("POST", "/alerts/1/decision"),
    ],
)
def test_every_job_and_alert_route_needs_credentials(
    manual: Manual, method: str, path: str
) -> None:
    response = manual.client.request(method, path)
    _error(response, 401, "unauthorized")


def test_uploads_and_job_steps_are_audited(manual: Manual, keys: Keys) -> None:
    created = upload(manual.client, keys.a_analyst)
    manual.run_all()
    trail = manual.client.get("/audit?limit=500", headers=Keys.header(keys.a_reviewer)).json()
    actions = [e["action"] for e in trail["entries"]]
    for action in ("roster.upload", "screening.create", "screening.start", "alert.create"):
        assert action in actions
    assert actions[-1] == "screening.complete"
    assert trail["entries"][-1]["object_id"] == str(created["id"])


def test_a_stopping_server_hands_its_job_back(manual: Manual, keys: Keys, db: Database) -> None:
    extra = "".join(f"T-{n};Hong Gil Dong;;КНДР;Site {n}\n" for n in range(4, 80))
    created = upload(manual.client, keys.a_analyst, ROSTER + extra)
    slow = JobRunner(db, manual.lists, poll_seconds=0.05, delay_ms=300)
    slow.start()
    try:
        deadline = time.monotonic() + 30
        while True:
            with db.session() as session:
                job = session.get(Screening, created["id"])
                assert job is not None
                if job.done >= 25:
                    break
            assert time.monotonic() < deadline, "the job did not start"
            time.sleep(0.05)
    finally:
        slow.stop()
    state = manual.client.get(
        f"/screenings/{created['id']}", headers=Keys.header(keys.a_analyst)
    ).json()
    assert state["status"] == "queued" and 25 <= state["progress"]["done"] < 79
    keys_before = _alert_keys(db)
    assert manual.run_all() == 1
    after = _alert_keys(db)
    assert len(after) == len(set(after)) and set(keys_before) <= set(after)
    state = manual.client.get(
        f"/screenings/{created['id']}", headers=Keys.header(keys.a_analyst)
    ).json()
    assert state["status"] == "completed" and state["progress"]["done"] == 79


def test_an_xlsx_roster_is_screened_like_a_csv(manual: Manual, keys: Keys) -> None:
    from io import BytesIO

    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in ROSTER.strip().splitlines():
        sheet.append(line.split(";"))
    buffer = BytesIO()
    book.save(buffer)
    response = manual.client.post(
        "/screenings",
        files={"file": ("roster.xlsx", buffer.getvalue(), "application/octet-stream")},
        headers=Keys.header(keys.a_analyst),
    )
    assert response.status_code == 202, response.text
    manual.run_all()
    results = manual.client.get(
        f"/screenings/{response.json()['id']}/results", headers=Keys.header(keys.a_analyst)
    ).json()
    assert [r["input"]["name"] for r in results["rows"]] == [
        "Hong Gil Dong",
        "Kim Chol Su",
        "Ivan Petrov",
    ]
    assert results["rows"][0]["matches"][0]["entity_id"] == "un:KPi.901"
