"""Alerts over HTTP: the queue with filters and counts, evidence, decisions, suppression."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from laborscreen.service.api import create_app
from laborscreen.service.db import Database
from laborscreen.service.jobs import JobRunner
from laborscreen.service.lists import Lists
from laborscreen.service.models import Alert
from laborscreen.sources import load_path
from laborscreen.store import ListStore

from .conftest import FIXTURE_LISTS, ROSTER, Keys, Manual, upload


def _get(client: TestClient, key: str, path: str) -> dict[str, Any]:
    response = client.get(path, headers=Keys.header(key))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _decide(client: TestClient, key: str, alert_id: int, outcome: str, reason: str) -> Any:
    return client.post(
        f"/alerts/{alert_id}/decision",
        json={"outcome": outcome, "reason": reason},
        headers=Keys.header(key),
    )


def _screened(manual: Manual, key: str, text: str = ROSTER) -> int:
    created = upload(manual.client, key, text)
    manual.run_all()
    return int(created["id"])


def _hong(client: TestClient, key: str) -> dict[str, Any]:
    found = _get(client, key, "/alerts?list=un")["alerts"]
    return next(a for a in found if a["entity_id"] == "un:KPi.901")


def test_alerts_one_per_match_and_rule_hit(manual: Manual, keys: Keys) -> None:
    _screened(manual, keys.a_analyst)
    queue = _get(manual.client, keys.a_analyst, "/alerts?limit=500")
    kinds = {(a["name"], a["kind"], a["subject"]) for a in queue["alerts"]}
    assert ("Hong Gil Dong", "sanctions", "un:KPi.901") in kinds
    assert any(k == "rule" and n == "Hong Gil Dong" for n, k, _ in kinds)
    assert not any(n == "Ivan Petrov" and k == "sanctions" for n, k, _ in kinds)
    assert queue["total"] == len(queue["alerts"]) == len(kinds)
    assert queue["counts"]["status"] == {"open": queue["total"]}
    assert sum(queue["counts"]["severity"].values()) == queue["total"]
    severities = [a["severity"] for a in queue["alerts"]]
    order = ["critical", "high", "medium", "low", "info"]
    assert severities == sorted(severities, key=order.index)


def test_queue_filters_and_counts(manual: Manual, keys: Keys) -> None:
    screening = _screened(manual, keys.a_analyst)
    everything = _get(manual.client, keys.a_analyst, "/alerts?limit=500")["alerts"]
    for name, param, field in (
        ("site", "Site South", "site"),
        ("list", "un", "list"),
        ("severity", "critical", "severity"),
    ):
        found = _get(manual.client, keys.a_analyst, f"/alerts?{name}={param}&limit=500")
        expected = [a["id"] for a in everything if a[field] == param]
        assert expected and sorted(a["id"] for a in found["alerts"]) == sorted(expected)
    rule = next(a["rule"] for a in everything if a["rule"])
    by_rule = _get(manual.client, keys.a_analyst, f"/alerts?rule={rule}&limit=500")
    assert {a["rule"] for a in by_rule["alerts"]} == {rule}
    hong = _hong(manual.client, keys.a_analyst)
    assert _decide(manual.client, keys.a_reviewer, hong["id"], "true_match", "passport").is_success
    opened = _get(manual.client, keys.a_analyst, "/alerts?status=open&limit=500")
    assert hong["id"] not in [a["id"] for a in opened["alerts"]]
    # The status counts ignore the status filter: the queue shows what is decided too.
    assert opened["counts"]["status"] == {"open": len(everything) - 1, "true_match": 1}
    in_run = _get(manual.client, keys.a_analyst, f"/alerts?screening={screening}&limit=500")
    assert in_run["total"] == len(everything)
    paged = _get(manual.client, keys.a_analyst, "/alerts?limit=1&offset=1")
    assert paged["alerts"][0]["id"] == everything[1]["id"] and paged["total"] == len(everything)
    bad = manual.client.get("/alerts?severity=urgent", headers=Keys.header(keys.a_analyst))
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "query.severity"


def test_alert_detail_shows_record_and_entry_side_by_side(manual: Manual, keys: Keys) -> None:
    _screened(manual, keys.a_analyst)
    hong = _hong(manual.client, keys.a_analyst)
    detail = _get(manual.client, keys.a_analyst, f"/alerts/{hong['id']}")
    assert detail["record"]["fields"]["name"] == "Hong Gil Dong"
    assert detail["record"]["row"] == 1 and detail["record"]["roster"]["filename"] == "roster.csv"
    assert detail["entry"]["id"] == "un:KPi.901"
    assert "HONG GIL-DONG" in detail["entry"]["properties"]["name"][0].upper()
    assert detail["match"]["explanation"]["name"]["query"] == "Hong Gil Dong"
    assert detail["match"]["explanation"]["features"] is not None
    assert detail["decisions"] == [] and detail["screenings"][0]["change"] == "new"
    rule = next(
        a for a in _get(manual.client, keys.a_analyst, "/alerts?limit=500")["alerts"] if a["rule"]
    )
    finding = _get(manual.client, keys.a_analyst, f"/alerts/{rule['id']}")["finding"]
    assert finding["status"] == "hit" and finding["legal_basis"]


def test_only_a_reviewer_decides_and_the_decision_is_audited(manual: Manual, keys: Keys) -> None:
    _screened(manual, keys.a_analyst)
    hong = _hong(manual.client, keys.a_analyst)
    refused = _decide(manual.client, keys.a_analyst, hong["id"], "false_positive", "other man")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    empty = _decide(manual.client, keys.a_reviewer, hong["id"], "false_positive", "   ")
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "invalid_decision"
    unknown = _decide(manual.client, keys.a_reviewer, hong["id"], "maybe", "why")
    assert unknown.status_code == 422
    done = _decide(manual.client, keys.a_reviewer, hong["id"], "false_positive", "born 1990")
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "false_positive"
    assert done.json()["decisions"][0]["reason"] == "born 1990"
    assert done.json()["decisions"][0]["decided_by"].startswith("key:lsk_")
    trail = _get(manual.client, keys.a_reviewer, "/audit?limit=500")["entries"]
    last = trail[-1]
    assert last["action"] == "alert.decide" and last["object_id"] == str(hong["id"])
    assert last["before"]["status"] == "open" and last["after"]["status"] == "false_positive"
    assert last["after"]["decision"]["reason"] == "born 1990"


def test_an_organisation_never_sees_another_organisations_alerts(
    manual: Manual, keys: Keys
) -> None:
    _screened(manual, keys.a_analyst)
    hong = _hong(manual.client, keys.a_analyst)
    theirs = _get(manual.client, keys.b_analyst, "/alerts")
    assert theirs["alerts"] == [] and theirs["total"] == 0 and theirs["counts"]["status"] == {}
    for response in (
        manual.client.get(f"/alerts/{hong['id']}", headers=Keys.header(keys.b_reviewer)),
        _decide(manual.client, keys.b_reviewer, hong["id"], "false_positive", "not ours"),
    ):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert _get(manual.client, keys.a_analyst, f"/alerts/{hong['id']}")["status"] == "open"
    trail = _get(manual.client, keys.b_reviewer, "/audit?limit=500")["entries"]
    assert all(e["object_type"] not in ("alert", "screening", "roster") for e in trail)


def test_the_same_roster_twice_raises_nothing_new_and_keeps_suppression(
    manual: Manual, keys: Keys
) -> None:
    first = _screened(manual, keys.a_analyst)
    count = _get(manual.client, keys.a_analyst, "/alerts")["total"]
    hong = _hong(manual.client, keys.a_analyst)
    _decide(manual.client, keys.a_reviewer, hong["id"], "false_positive", "different person")
    again = manual.client.post(
        f"/screenings/{first}/rescreen", headers=Keys.header(keys.a_analyst)
    ).json()
    manual.run_all()
    state = _get(manual.client, keys.a_analyst, f"/screenings/{again['id']}")
    assert state["status"] == "completed" and state["rescreen_of"] == first
    assert state["counts"]["new"] == state["counts"]["reopened"] == 0
    assert state["counts"]["unchanged"] == count and state["alerts_raised"] == 0
    assert _get(manual.client, keys.a_analyst, "/alerts")["total"] == count
    assert _hong(manual.client, keys.a_analyst)["status"] == "false_positive"
    # A new upload of the same people is the same records: nothing new either.
    _screened(manual, keys.a_analyst)
    assert _get(manual.client, keys.a_analyst, "/alerts")["total"] == count


def test_a_changed_record_is_a_new_alert(manual: Manual, keys: Keys) -> None:
    _screened(manual, keys.a_analyst)
    hong = _hong(manual.client, keys.a_analyst)
    _decide(manual.client, keys.a_reviewer, hong["id"], "false_positive", "different person")
    changed = ROSTER.replace("T-1;Hong Gil Dong;", "T-1;Hong Gil-Dong;")
    _screened(manual, keys.a_analyst, changed)
    found = _get(manual.client, keys.a_analyst, "/alerts?list=un&limit=500")["alerts"]
    hongs = [a for a in found if a["entity_id"] == "un:KPi.901"]
    assert sorted(a["status"] for a in hongs) == ["false_positive", "open"]


@pytest.fixture
def own_store(tmp_path: Path, list_store: Path) -> Path:
    path = tmp_path / "lists" / "laborscreen.db"
    path.parent.mkdir()
    shutil.copy(list_store, path)
    return path


@pytest.fixture
def changing(db: Database, own_store: Path) -> Iterator[Manual]:
    lists = Lists(db, own_store, poll_seconds=0)
    app = create_app(db, lists, credential_cache_seconds=0.2, jobs=False)
    with TestClient(app) as test_client:
        yield Manual(test_client, JobRunner(db, lists), lists)


def test_a_changed_list_entry_reopens_a_decided_alert_and_nothing_else(
    changing: Manual, keys: Keys, own_store: Path, tmp_path: Path
) -> None:
    first = _screened(changing, keys.a_analyst)
    before = _get(changing.client, keys.a_analyst, "/alerts?limit=500")
    kim = next(a for a in before["alerts"] if a["entity_id"] == "custom:custom_sample/W-001")
    hong = _hong(changing.client, keys.a_analyst)
    _decide(changing.client, keys.a_reviewer, kim["id"], "false_positive", "another Kim")
    _decide(changing.client, keys.a_reviewer, hong["id"], "false_positive", "another Hong")
    # A new version of the custom list: W-001's remarks change, nothing else does.
    edited = tmp_path / "edited" / "custom_sample.csv"
    edited.parent.mkdir()
    text = (FIXTURE_LISTS / "custom_sample.csv").read_text(encoding="utf-8-sig")
    edited.write_text(text.replace("works full time.", "works nights."), encoding="utf-8")
    with ListStore(own_store) as store:
        store.import_lists(load_path(edited), origin="import")
    assert changing.lists.reload_if_changed()
    again = changing.client.post(
        f"/screenings/{first}/rescreen", headers=Keys.header(keys.a_analyst)
    ).json()
    changing.run_all()
    state = _get(changing.client, keys.a_analyst, f"/screenings/{again['id']}")
    assert state["counts"]["reopened"] == 1 and state["counts"]["new"] == 0
    after = _get(changing.client, keys.a_analyst, "/alerts?limit=500")
    assert after["total"] == before["total"]
    assert _get(changing.client, keys.a_analyst, f"/alerts/{kim['id']}")["status"] == "open"
    assert _hong(changing.client, keys.a_analyst)["status"] == "false_positive"
    detail = _get(changing.client, keys.a_analyst, f"/alerts/{kim['id']}")
    assert [d["outcome"] for d in detail["decisions"]] == ["false_positive"]
    assert [s["change"] for s in detail["screenings"]] == ["new", "reopened"]


def test_alert_keys_are_unique_in_the_database(manual: Manual, keys: Keys, db: Database) -> None:
    _screened(manual, keys.a_analyst)
    with db.session() as session:
        alert = session.execute(sa.select(Alert).limit(1)).scalar_one()
        values = {c.key: getattr(alert, c.key) for c in sa.inspect(Alert).columns if c.key != "id"}
    with pytest.raises(Exception, match=r"conflict|UNIQUE|unique"), db.transaction() as session:
        session.add(Alert(**values))
