"""The web UI in-process: login, CSRF, pages, escaping, decisions, roles and organisations."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from laborscreen.cli import main
from laborscreen.service import accounts
from laborscreen.service.api import create_app
from laborscreen.service.auth import SESSION_COOKIE
from laborscreen.service.db import Database
from laborscreen.service.lists import Lists
from laborscreen.service.passwords import hash_password, verify_password
from laborscreen.sources import load_path
from laborscreen.store import ListStore

from .conftest import FIXTURE_LISTS, ORG_A, ORG_B, ROSTER, Keys, Manual

PASSWORD = "synthetic-password-1"


@pytest.fixture
def users(db: Database, keys: Keys) -> dict[str, str]:
    made = {
        "analyst": ("ana@example.org", ORG_A, "analyst"),
        "reviewer": ("rev@example.org", ORG_A, "reviewer"),
        "other": ("rev@example.net", ORG_B, "reviewer"),
    }
    with db.transaction() as session:
        for email, org, role in made.values():
            accounts.create_user(session, org, email, role, "test", PASSWORD)
    return {name: email for name, (email, _, _) in made.items()}


def _token(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} in the page"
    return found.group(1)


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    form = client.get("/login")
    assert form.status_code == 200
    return client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "login_token": _token(form.text, "login_token"),
            "next": "/ui/alerts",
        },
        follow_redirects=False,
    )


def test_passwords_are_hashed_with_scrypt() -> None:
    stored = hash_password(PASSWORD)
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + "x", stored)
    assert not verify_password(PASSWORD, None) and not verify_password(PASSWORD, "md5$x")
    assert hash_password(PASSWORD) != stored  # salted


def test_create_user_with_a_password(
    db: Database, db_url: str, keys: Keys, list_store: Path
) -> None:
    result = CliRunner().invoke(
        main,
        [
            "admin",
            "create-user",
            "--org",
            ORG_A,
            "--role",
            "reviewer",
            "--password",
            "x@example.org",
        ],
        input=f"{PASSWORD}\n{PASSWORD}\n",
        env={"LABORSCREEN_DATABASE_URL": db_url},
    )
    assert result.exit_code == 0, result.output
    app = create_app(db, Lists(db, list_store, poll_seconds=0), jobs=False)
    with TestClient(app) as client:
        assert log_in(client, "x@example.org").status_code == 303


def test_pages_need_a_login(manual: Manual) -> None:
    for path in (
        "/ui/alerts",
        "/ui/alerts/1",
        "/ui/upload",
        "/ui/lists",
        "/ui/audit",
        "/ui/screenings/1",
    ):
        response = manual.client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_login_sets_a_strict_session_cookie(manual: Manual, users: dict[str, str]) -> None:
    wrong = log_in(manual.client, users["reviewer"], "not the password")
    assert wrong.status_code == 401 and "wrong password" in wrong.text
    unknown = log_in(manual.client, "nobody@example.org")
    assert unknown.status_code == 401
    response = log_in(manual.client, users["reviewer"])
    assert response.status_code == 303 and response.headers["location"] == "/ui/alerts"
    cookie = next(c for c in response.headers.get_list("set-cookie") if SESSION_COOKIE in c)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert manual.client.get("/me").json()["actor"] == "user:rev@example.org"


def test_login_form_without_its_token_is_refused(manual: Manual, users: dict[str, str]) -> None:
    response = manual.client.post(
        "/login", data={"email": users["reviewer"], "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403


def test_the_next_address_stays_on_this_site(manual: Manual, users: dict[str, str]) -> None:
    form = manual.client.get("/login?next=//evil.example/x")
    assert 'name="next" value="/ui/alerts"' in form.text


def _upload(client: TestClient, text: str = ROSTER) -> Any:
    page = client.get("/ui/upload")
    return client.post(
        "/ui/upload",
        data={"csrf": _token(page.text, "csrf")},
        files={"file": ("roster.csv", text.encode("utf-8"), "text/csv")},
        follow_redirects=False,
    )


def test_upload_follow_and_decide_in_the_pages(manual: Manual, users: dict[str, str]) -> None:
    log_in(manual.client, users["reviewer"])
    hostile = ROSTER.replace("КНДР;Site North", "КНДР;<script>alert(1)</script>")
    response = _upload(manual.client, hostile)
    assert response.status_code == 303 and response.headers["location"].startswith(
        "/ui/screenings/"
    )
    assert "queued" in manual.client.get(response.headers["location"]).text
    manual.run_all()
    job = manual.client.get(response.headers["location"]).text
    assert "completed" in job and "birth_date" in job  # the row problem is listed
    queue = manual.client.get("/ui/alerts").text
    assert "<script>alert(1)</script>" not in queue and "&lt;script&gt;" in queue
    alert_id = re.search(r'<tr data-href="/ui/alerts/(\d+)"', queue)
    assert alert_id
    hong = next(
        int(i) for i in re.findall(r'data-href="/ui/alerts/(\d+)"[\s\S]*?un:KPi.901', queue)[:1]
    )
    page = manual.client.get(f"/ui/alerts/{hong}").text
    assert "<mark>Hong</mark>" in page and "Record and list entry" in page
    assert 'class="matched"' in page and "features" in page
    # A form without the CSRF token changes nothing.
    refused = manual.client.post(
        f"/ui/alerts/{hong}/decision", data={"outcome": "false_positive", "reason": "x"}
    )
    assert refused.status_code == 403 and "CSRF" in refused.text
    decided = manual.client.post(
        f"/ui/alerts/{hong}/decision",
        data={"outcome": "false_positive", "reason": "born <1990>", "csrf": _token(page, "csrf")},
    )
    assert decided.status_code == 200 and "Decision recorded" in decided.text
    assert "born &lt;1990&gt;" in decided.text
    audit = manual.client.get("/ui/audit").text
    assert "alert.decide" in audit and "born &lt;1990&gt;" in audit
    assert "Lists" in manual.client.get("/ui/lists").text


def test_the_api_refuses_cookie_changes_without_the_csrf_header(
    manual: Manual, users: dict[str, str]
) -> None:
    log_in(manual.client, users["reviewer"])
    files = {"file": ("roster.csv", ROSTER.encode("utf-8"), "text/csv")}
    refused = manual.client.post("/screenings", files=files)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    token = _token(manual.client.get("/ui/upload").text, "csrf")
    accepted = manual.client.post("/screenings", files=files, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 202


def test_an_analyst_sees_no_decision_form_and_no_audit(
    manual: Manual, users: dict[str, str]
) -> None:
    log_in(manual.client, users["analyst"])
    _upload(manual.client)
    manual.run_all()
    queue = manual.client.get("/ui/alerts").text
    first = re.search(r'data-href="/ui/alerts/(\d+)"', queue)
    assert first
    page = manual.client.get(f"/ui/alerts/{first.group(1)}").text
    assert "Only a reviewer can decide" in page and 'id="decide"' not in page
    posted = manual.client.post(
        f"/ui/alerts/{first.group(1)}/decision",
        data={"outcome": "true_match", "reason": "x", "csrf": _token(page, "csrf")},
    )
    assert posted.status_code == 403
    assert manual.client.get("/ui/audit").status_code == 403


def test_another_organisations_alert_page_is_not_found(
    manual: Manual, users: dict[str, str]
) -> None:
    log_in(manual.client, users["reviewer"])
    _upload(manual.client)
    manual.run_all()
    first = re.search(r'data-href="/ui/alerts/(\d+)"', manual.client.get("/ui/alerts").text)
    assert first
    manual.client.cookies.clear()
    log_in(manual.client, users["other"])
    assert manual.client.get(f"/ui/alerts/{first.group(1)}").status_code == 404
    assert "No alert matches" in manual.client.get("/ui/alerts").text
    assert "rev@example.org" not in manual.client.get("/ui/audit").text


def test_logout_ends_the_session(manual: Manual, users: dict[str, str]) -> None:
    log_in(manual.client, users["reviewer"])
    page = manual.client.get("/ui/alerts").text
    out = manual.client.post("/logout", data={"csrf": _token(page, "csrf")}, follow_redirects=False)
    assert out.status_code == 303
    assert manual.client.get("/ui/alerts", follow_redirects=False).status_code == 303


def test_the_lists_page_shows_versions_and_what_changed(
    db: Database, users: dict[str, str], list_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "lists" / "laborscreen.db"
    store.parent.mkdir()
    shutil.copy(list_store, store)
    edited = tmp_path / "edited" / "custom_sample.csv"
    edited.parent.mkdir()
    text = (FIXTURE_LISTS / "custom_sample.csv").read_text(encoding="utf-8-sig")
    edited.write_text(text.replace("works full time.", "works nights."), encoding="utf-8")
    with ListStore(store) as opened:
        opened.import_lists(load_path(edited), origin="import")
    app = create_app(db, Lists(db, store, poll_seconds=0), jobs=False)
    with TestClient(app) as client:
        log_in(client, users["analyst"])
        page = client.get("/ui/lists").text
    assert "custom:custom_sample" in page and "in force" in page
    assert "~1</b> since version" in page
    assert "changed: custom:custom_sample/W-001 (remarks)" in page
