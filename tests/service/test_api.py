"""The HTTP API: yente-shaped /match, /search, /entities; health, auth, roles, one error shape."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from laborscreen.service.api.schemas import MatchResponse

from .conftest import Keys

HONG = {"schema": "Person", "properties": {"name": ["Hong Gil Dong"], "nationality": ["kp"]}}


def _match(
    client: TestClient, key: str, queries: dict[str, Any], dataset: str = "default", **params: Any
) -> Any:
    response = client.post(
        f"/match/{dataset}", json={"queries": queries}, params=params, headers=Keys.header(key)
    )
    return response


def _assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    error: dict[str, Any] = body["error"]
    return error


def test_health_needs_no_credentials(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["lists"]["loaded"] is True
    assert body["lists"]["sources"] == ["custom:custom_sample", "opensanctions", "un"]


def test_match_answers_in_yente_shape(client: TestClient, keys: Keys) -> None:
    kim = {
        "schema": "Person",
        "properties": {"firstName": ["Chol Su"], "lastName": ["Kim"], "birthDate": ["1985-03-12"]},
    }
    response = _match(
        client,
        keys.a_analyst,
        {
            "hong": HONG,
            "kim": kim,
            "nobody": {"schema": "Person", "properties": {"name": "Ivan Ivanovich Sidorov"}},
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"responses", "matcher", "limit"}
    assert body["limit"] == 5
    assert set(body["matcher"]["name"]) == {"description", "coefficient", "url"}
    assert set(body["responses"]) == {"hong", "kim", "nobody"}
    hong = body["responses"]["hong"]
    assert hong["status"] == 200
    assert hong["query"] == {"id": None, **HONG}
    top = hong["results"][0]
    assert top["id"] == "un:KPi.901"
    assert top["match"] is True and top["score"] >= 0.70
    assert top["schema"] == "Person" and top["caption"] == "HONG GIL-DONG"
    assert top["datasets"] == ["un"] and top["target"] is True
    assert "Hong Kil Tong" in top["properties"]["weakAlias"]
    assert top["properties"]["nationality"] == ["kp"]
    assert top["features"]["name"] > 0.9 and top["features"]["nationality"] == 0.05
    assert top["explanations"]["nationality"]["detail"] == "same country KP"
    assert top["explanation"]["name"]["matched"]
    assert hong["total"] == {"value": len(hong["results"]), "relation": "eq"}
    assert body["responses"]["kim"]["results"][0]["id"] == "custom:custom_sample/W-001"
    assert body["responses"]["kim"]["results"][0]["features"]["birth_date"] == 0.10
    assert body["responses"]["nobody"]["results"] == []
    assert response.headers["x-batch-size"] == "3"
    # The route writes its JSON itself: it must be exactly what the documented model gives.
    modelled = MatchResponse.model_validate(body).model_dump(mode="json", by_alias=True)
    assert json.dumps(modelled, sort_keys=True) == json.dumps(body, sort_keys=True)


def test_match_threshold_cutoff_and_limit(client: TestClient, keys: Keys) -> None:
    query = {
        "q": {"schema": "Person", "properties": {"name": ["Hong Gil Dong"], "birthDate": ["1990"]}}
    }
    # A clearly different birth year caps the score at 0.60: returned, but not a match.
    capped = _match(client, keys.a_analyst, query).json()["responses"]["q"]["results"]
    assert [(r["id"], r["match"]) for r in capped] == [("un:KPi.901", False)]
    assert capped[0]["score"] == 0.60
    assert _match(client, keys.a_analyst, query, cutoff=0.65).json()["responses"]["q"] == {
        "status": 200,
        "results": [],
        "total": {"value": 0, "relation": "eq"},
        "query": {"id": None, **query["q"]},
    }
    loose = _match(client, keys.a_analyst, query, threshold=0.5).json()["responses"]["q"]
    assert loose["results"][0]["match"] is True
    korean = {"q": {"schema": "Person", "properties": {"name": ["Kim"]}}}
    limited = _match(client, keys.a_analyst, korean, cutoff=0.0, limit=1).json()
    assert limited["limit"] == 1
    assert len(limited["responses"]["q"]["results"]) <= 1


def test_match_by_dataset_and_filters(client: TestClient, keys: Keys) -> None:
    ri = {"q": {"schema": "Person", "properties": {"name": ["Ri Song Chol"]}}}
    assert _match(client, keys.a_analyst, ri).json()["responses"]["q"]["results"][0]["id"] == (
        "opensanctions:ex-kp-ri-song-chol"
    )
    assert (
        _match(client, keys.a_analyst, ri, dataset="un").json()["responses"]["q"]["results"] == []
    )
    excluded = _match(
        client, keys.a_analyst, ri, exclude_entity_ids=["opensanctions:ex-kp-ri-song-chol"]
    )
    left = [r["id"] for r in excluded.json()["responses"]["q"]["results"]]
    assert "opensanctions:ex-kp-ri-song-chol" not in left
    error = _assert_error(_match(client, keys.a_analyst, ri, dataset="eu"), 404, "unknown_dataset")
    assert "use 'default' or one of custom:custom_sample, opensanctions, un" in error["message"]


def test_match_by_document_number(client: TestClient, keys: Keys) -> None:
    properties = {"name": ["Kang Il"], "passportNumber": ["927 123 456"]}
    query = {"q": {"schema": "Person", "properties": properties}}
    results = _match(client, keys.a_analyst, query).json()["responses"]["q"]["results"]
    assert results[0]["id"] == "un:KPi.901"
    assert results[0]["features"]["identifier"] == 0.30


def test_match_organisations_and_legal_entities(client: TestClient, keys: Keys) -> None:
    company = {"schema": "Company", "properties": {"name": ["Example Overseas Labour Co."]}}
    legal = {"schema": "LegalEntity", "properties": {"name": ["Hong Gil Dong"]}}
    body = _match(client, keys.a_analyst, {"c": company, "l": legal}).json()["responses"]
    assert body["c"]["results"][0]["id"] == "un:KPe.901"
    assert body["l"]["results"][0]["id"] == "un:KPi.901"  # a LegalEntity may be a person


@pytest.mark.parametrize(
    ("queries", "params", "status", "code", "field"),
    [
        ({"q": {"schema": "Person", "properties": {"name": ["X"], "birthDate": ["31.02.1988"]}}},
         {}, 400, "invalid_query", "properties.birthDate"),
        ({"q": {"schema": "Person", "properties": {"nationality": ["kp"]}}},
         {}, 400, "invalid_query", "properties.name"),
        ({"q": {"schema": "Address", "properties": {"full": ["Pyongyang"]}}},
         {}, 400, "invalid_query", "schema"),
        ({}, {}, 400, "invalid_query", "queries"),
        ({"q": HONG}, {"algorithm": "logic-v2"}, 400, "invalid_algorithm", "algorithm"),
        ({"q": {"properties": {"name": ["X"]}}}, {}, 422, "invalid_request",
         "body.queries.q.schema"),
        ({"q": HONG}, {"limit": 0}, 422, "invalid_request", "query.limit"),
        ({"q": HONG}, {"threshold": 2}, 422, "invalid_request", "query.threshold"),
    ],
)  # fmt: skip
def test_bad_match_requests_name_the_field(
    client: TestClient,
    keys: Keys,
    queries: dict[str, Any],
    params: dict[str, Any],
    status: int,
    code: str,
    field: str,
) -> None:
    error = _assert_error(_match(client, keys.a_analyst, queries, **params), status, code)
    assert error["details"][0]["field"] == field
    assert field.split(".")[-1] in error["message"]


def test_bad_date_error_names_query_field_and_value(client: TestClient, keys: Keys) -> None:
    properties = {"name": ["X"], "birthDate": ["31.02.1988"]}
    queries = {"worker-17": {"schema": "Person", "properties": properties}}
    error = _assert_error(_match(client, keys.a_analyst, queries), 400, "invalid_query")
    assert error["message"] == (
        "query 'worker-17', properties.birthDate: unreadable date ('31.02.1988')"
    )
    assert error["details"] == [
        {
            "query": "worker-17",
            "field": "properties.birthDate",
            "message": "unreadable date",
            "value": "31.02.1988",
        }
    ]


def test_malformed_json_is_one_error_shape(client: TestClient, keys: Keys) -> None:
    response = client.post(
        "/match/default",
        content=b"{not json",
        headers={**Keys.header(keys.a_analyst), "Content-Type": "application/json"},
    )
    _assert_error(response, 422, "invalid_request")


def test_search_by_name(client: TestClient, keys: Keys) -> None:
    headers = Keys.header(keys.a_analyst, "Bearer")
    body = client.get("/search/default", params={"q": "Хон Гиль Дон"}, headers=headers).json()
    assert set(body) == {"limit", "offset", "total", "results", "facets"}
    assert body["results"][0]["id"] == "un:KPi.901"
    assert 0 < body["results"][0]["score"] <= 1
    orgs = client.get(
        "/search/un",
        params={"q": "Example Overseas Labour", "schema": "Organization"},
        headers=headers,
    ).json()
    assert [r["id"] for r in orgs["results"]] == ["un:KPe.901"]
    elsewhere = client.get(
        "/search/default", params={"q": "Hong Gil Dong", "countries": "ru"}, headers=headers
    ).json()  # Hong's listed address is in Vladivostok
    assert elsewhere["results"][0]["id"] == "un:KPi.901"
    nowhere = client.get(
        "/search/default", params={"q": "Hong Gil Dong", "countries": "fr"}, headers=headers
    ).json()
    assert nowhere["results"] == [] and nowhere["total"]["value"] == 0
    _assert_error(client.get("/search/default", headers=headers), 422, "invalid_request")
    _assert_error(
        client.get("/search/default", params={"q": "x", "countries": "Atlantis"}, headers=headers),
        400,
        "invalid_query",
    )


def test_entities_by_id(client: TestClient, keys: Keys) -> None:
    headers = Keys.header(keys.b_analyst)
    hong = client.get("/entities/un:KPi.901", headers=headers).json()
    assert hong["id"] == "un:KPi.901" and hong["schema"] == "Person"
    assert hong["properties"]["passportNumber"] == ["927123456"]
    assert hong["properties"]["birthDate"] == ["1960", "1961", "1962", "1963"]
    assert hong["properties"]["topics"] == ["sanction"]
    assert hong["last_seen"]
    staff = client.get("/entities/custom:custom_sample/W-001", headers=headers)
    assert staff.status_code == 200 and staff.json()["caption"] == "Kim Chol Su"
    vessel = client.get("/entities/opensanctions:ex-vessel-1", headers=headers).json()
    assert vessel["properties"]["imoNumber"] == ["IMO 9000001"]
    error = _assert_error(client.get("/entities/un:KPi.999", headers=headers), 404, "not_found")
    assert error["details"] == [{"field": "id", "value": "un:KPi.999"}]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/match/default"),
        ("GET", "/search/default?q=Hong"),
        ("GET", "/entities/un:KPi.901"),
        ("GET", "/me"),
        ("GET", "/audit"),
    ],
)
def test_every_route_but_health_needs_credentials(
    client: TestClient, keys: Keys, method: str, path: str
) -> None:
    body = {"queries": {"q": HONG}}
    missing = client.request(method, path, json=body)
    error = _assert_error(missing, 401, "unauthorized")
    assert "API key" in error["message"]
    assert missing.headers["WWW-Authenticate"].startswith("ApiKey")
    wrong = client.request(method, path, json=body, headers=Keys.header("lsk_0000_nonsense"))
    _assert_error(wrong, 401, "unauthorized")
    basic = client.request(method, path, json=body, headers={"Authorization": "Basic eDp5"})
    _assert_error(basic, 401, "unauthorized")
    good = client.request(method, path, json=body, headers=Keys.header(keys.a_admin))
    assert good.status_code == 200, good.text


def test_a_revoked_key_stops_working(client: TestClient, keys: Keys) -> None:
    from laborscreen.service import accounts

    state = client.app.state.service  # type: ignore[attr-defined]
    assert client.get("/me", headers=Keys.header(keys.b_analyst)).status_code == 200
    with state.db.transaction() as session:
        accounts.revoke_key(session, "Org B (synthetic)", keys.b_analyst[:12], "test")
    time.sleep(state.credentials.seconds + 0.05)  # what the process trusted without asking
    response = client.get("/me", headers=Keys.header(keys.b_analyst))
    error = _assert_error(response, 401, "unauthorized")
    assert "revoked" in error["message"]


def test_me_names_organisation_and_role(client: TestClient, keys: Keys) -> None:
    me = client.get("/me", headers=Keys.header(keys.a_reviewer)).json()
    assert me["organisation"] == "Org A (synthetic)" and me["role"] == "reviewer"
    assert me["actor"] == f"key:{keys.a_reviewer[:12]}"


def test_roles_are_enforced_on_the_audit_trail(client: TestClient, keys: Keys) -> None:
    error = _assert_error(
        client.get("/audit", headers=Keys.header(keys.a_analyst)), 403, "forbidden"
    )
    assert "needs the reviewer role" in error["message"]
    assert client.get("/audit", headers=Keys.header(keys.a_reviewer)).status_code == 200
    assert client.get("/audit", headers=Keys.header(keys.a_admin)).status_code == 200


def test_an_organisation_never_sees_another_organisations_audit_entries(
    client: TestClient, keys: Keys
) -> None:
    seen_a = client.get("/audit", headers=Keys.header(keys.a_reviewer)).json()["entries"]
    seen_b = client.get("/audit", headers=Keys.header(keys.b_reviewer)).json()["entries"]
    assert seen_a and seen_b
    assert {e["seq"] for e in seen_a}.isdisjoint({e["seq"] for e in seen_b})
    # Org A's entries: its creation and its three keys; nothing of Org B, nothing system-wide.
    assert [e["action"] for e in seen_a] == ["organisation.create"] + ["api_key.create"] * 3
    assert all(e["after"].get("org_id", e["object_id"]) != "" for e in seen_a)
    b_keys = {e["after"]["prefix"] for e in seen_b if e["action"] == "api_key.create"}
    assert b_keys == {keys.b_analyst[:12], keys.b_reviewer[:12]}
    # Paging past B's own entries finds nothing of A's.
    last_b = seen_b[-1]["seq"]
    later = client.get("/audit", params={"after": last_b}, headers=Keys.header(keys.b_reviewer))
    assert later.json() == {"entries": [], "next_after": None}


def test_list_versions_are_recorded_once_and_audited_without_organisation(
    client: TestClient,
) -> None:
    import sqlalchemy as sa

    from laborscreen.service.models import AuditEntry, ListVersion

    state = client.app.state.service  # type: ignore[attr-defined]
    state.lists.load()  # a second load of the same versions records nothing new
    with state.db.session() as session:
        sources = sorted(session.execute(sa.select(ListVersion.source)).scalars())
        audited = session.execute(
            sa.select(AuditEntry.org_id, AuditEntry.action).where(
                AuditEntry.action == "list_version.record"
            )
        ).all()
    assert sources == ["custom:custom_sample", "opensanctions", "un"]
    assert audited == [(None, "list_version.record")] * 3


def test_unknown_route_and_method_use_the_error_shape(client: TestClient, keys: Keys) -> None:
    _assert_error(client.get("/nowhere"), 404, "not_found")
    _assert_error(
        client.get("/match/default", headers=Keys.header(keys.a_analyst)), 405, "method_not_allowed"
    )


def test_openapi_is_published(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "laborscreen"
    for path in ("/match/{dataset}", "/search/{dataset}", "/entities/{entity_id}", "/healthz"):
        assert path in spec["paths"], path
    assert {"ApiKey", "Session"} <= set(spec["components"]["securitySchemes"])
    match_op = spec["paths"]["/match/{dataset}"]["post"]
    assert {p["name"] for p in match_op["parameters"]} >= {"threshold", "limit", "algorithm"}
    assert "ErrorResponse" in spec["components"]["schemas"]


def test_an_unexpected_fault_is_a_500_in_the_same_shape(db: Any, list_store: Any) -> None:
    from laborscreen.service.api import create_app
    from laborscreen.service.lists import Lists

    app = create_app(db, Lists(db, list_store, poll_seconds=0))

    def broken() -> None:
        raise RuntimeError("internal detail that must not leak")

    app.add_api_route("/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        error = _assert_error(client.get("/broken"), 500, "internal_error")
    assert "internal detail" not in error["message"]


def test_without_lists_health_and_match_say_so(db: Any, keys: Keys, tmp_path: Any) -> None:
    from laborscreen.service.api import create_app
    from laborscreen.service.lists import Lists

    app = create_app(db, Lists(db, tmp_path / "no-lists.db", poll_seconds=0))
    with TestClient(app) as client:
        error = _assert_error(client.get("/healthz"), 503, "lists_not_loaded")
        assert "laborscreen lists import" in error["message"]
        _assert_error(_match(client, keys.a_analyst, {"q": HONG}), 503, "lists_not_loaded")


def test_without_a_database_health_and_auth_say_so(list_store: Any) -> None:
    from laborscreen.service.api import create_app
    from laborscreen.service.db import Database
    from laborscreen.service.lists import Lists

    unreachable = Database("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    app = create_app(unreachable, Lists(None, list_store, poll_seconds=0), migrate=False)
    with TestClient(app) as client:
        _assert_error(client.get("/healthz"), 503, "store_unavailable")
        response = client.get("/me", headers=Keys.header("lsk_00000000_x"))
        error = _assert_error(response, 503, "store_unavailable")
        assert "database" in error["message"] and "127.0.0.1" not in error["message"]
