"""Adverse media in the service: the claims API, the trace, the graph page, the alert panel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from laborscreen.media.ingest import ingest
from laborscreen.media.known import load_known
from laborscreen.media.linking import Linker
from laborscreen.media.store import MediaStore
from laborscreen.service import accounts
from laborscreen.service.api import create_app
from laborscreen.service.db import Database
from laborscreen.service.jobs import JobRunner
from laborscreen.service.lists import Lists

from .conftest import ORG_A, Keys, upload
from .test_ui import PASSWORD, log_in

KNOWN_EXTRA = Path(__file__).parents[1] / "fixtures" / "media" / "known_extra.yml"

#: A synthetic article: the outlet, the staffing firm and the story are invented; the outlet
#: carries markup so that the pages are seen to escape what documents say.
ARTICLE = """---
title: Staffing firm named in a report on student visas (synthetic)
outlet: Northern Courier <script>alert(1)</script>
published: 2026-03-01
---
Synthetic example for laborscreen's tests: the outlet, the firms and the people are invented.

According to the Warehouse Watch channel, Kedrovy Staffing LLC employed North Korean workers \
on student visas at a warehouse near Vladivostok.
"""

#: A roster row naming the staffing firm as the agency of a listed person (UN fixture KPi.901).
ROSTER = "ФИО;Гражданство;Агентство\nHong Gil Dong;КНДР;Kedrovy Staffing LLC\n"


@pytest.fixture
def media_db(tmp_path: Path) -> Path:
    path = tmp_path / "media" / "media.db"
    path.parent.mkdir()
    article = tmp_path / "article.md"
    article.write_text(ARTICLE, encoding="utf-8")
    with MediaStore(path) as store:
        [stored] = ingest([str(article)], store, Linker(load_known([KNOWN_EXTRA])))
    assert len(stored.document.claims) == 1
    return path


def _client(db: Database, list_store: Path, media: Path) -> TestClient:
    lists = Lists(db, list_store, poll_seconds=0)
    return TestClient(create_app(db, lists, jobs=False, media_store=media))


@pytest.fixture
def served(db: Database, list_store: Path, media_db: Path) -> Iterator[TestClient]:
    with _client(db, list_store, media_db) as client:
        yield client


@pytest.fixture
def unserved(db: Database, list_store: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A service whose media store was never filled."""
    with _client(db, list_store, tmp_path / "none" / "media.db") as client:
        yield client


def _claims(client: TestClient, key: str, entity: str) -> dict[str, Any]:
    response = client.get("/media/claims", params={"entity": entity}, headers=Keys.header(key))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_claims_by_name_in_either_script(served: TestClient, keys: Keys) -> None:
    body = _claims(served, keys.a_analyst, "Kedrovy Staffing LLC")
    assert body["ingested"] is True and body["total"] == 1
    [claim] = body["claims"]
    assert claim["attribution_chain"] == [
        "Northern Courier <script>alert(1)</script>",
        "Warehouse Watch",
    ]
    assert claim["origin_located"] is True
    assert claim["document"]["title"].startswith("Staffing firm named")
    assert "student visas" in claim["text"]
    cyrillic = _claims(served, keys.b_analyst, "ООО «Кедровый Стаффинг»")
    assert [c["id"] for c in cyrillic["claims"]] == [claim["id"]]  # shared, like the lists
    by_id = _claims(served, keys.a_analyst, "known:warehouse_watch")
    assert [c["id"] for c in by_id["claims"]] == [claim["id"]]
    assert _claims(served, keys.a_analyst, "Nobody Trading LLC")["claims"] == []


def test_claim_trace_and_errors(served: TestClient, keys: Keys) -> None:
    [claim] = _claims(served, keys.a_analyst, "Kedrovy Staffing LLC")["claims"]
    traced = served.get(f"/media/claims/{claim['id']}", headers=Keys.header(keys.a_analyst))
    assert traced.status_code == 200
    assert traced.json()["id"] == claim["id"]
    assert len(traced.json()["step_documents"]) == len(claim["attribution_chain"])
    missing = served.get("/media/claims/claim:0000:1", headers=Keys.header(keys.a_analyst))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    blank = served.get("/media/claims?entity=%20", headers=Keys.header(keys.a_analyst))
    assert blank.status_code == 400 and blank.json()["error"]["code"] == "bad_request"
    assert served.get("/media/claims?entity=x").status_code == 401
    absent = served.get("/media/claims", headers=Keys.header(keys.a_analyst))
    assert absent.status_code == 422


def test_without_a_media_store_nothing_is_created(
    unserved: TestClient, keys: Keys, tmp_path: Path
) -> None:
    body = _claims(unserved, keys.a_analyst, "Kedrovy Staffing LLC")
    assert body == {"entity": "Kedrovy Staffing LLC", "ingested": False, "claims": [], "total": 0}
    missing = unserved.get("/media/claims/claim:0000:1", headers=Keys.header(keys.a_analyst))
    assert missing.status_code == 404 and "no media has been ingested" in missing.text
    with_session(unserved, keys)
    page = unserved.get("/ui/media")
    assert page.status_code == 200 and "No adverse media has been ingested" in page.text
    assert not (tmp_path / "none").exists()


def with_session(client: TestClient, keys: Keys) -> None:
    """Log ``client`` in as a new analyst of organisation A."""
    db = client.app.state.service.db  # type: ignore[attr-defined]
    with db.transaction() as session:
        accounts.create_user(session, ORG_A, "media@example.org", "analyst", "test", PASSWORD)
    assert log_in(client, "media@example.org").status_code == 303


def test_media_page_draws_the_graph_escaped(served: TestClient, keys: Keys) -> None:
    assert served.get("/ui/media", follow_redirects=False).status_code == 303
    with_session(served, keys)
    page = served.get("/ui/media")
    assert page.status_code == 200
    assert 'href="/ui/media"' in page.text  # the nav link
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page.text
    assert 'class="source"' in page.text and 'class="document"' in page.text
    assert "Warehouse Watch" in page.text
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
    assert "style=" not in page.text  # the UI's CSP allows no inline style
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    found = served.get("/ui/media", params={"entity": "Кедровый Стаффинг"})
    assert "Claims about Кедровый Стаффинг" in found.text and "student visas" in found.text
    none = served.get("/ui/media", params={"entity": "<b>Nobody</b>"})
    assert "No claims about &lt;b&gt;Nobody&lt;/b&gt;" in none.text
    [claim] = _claims(served, keys.a_analyst, "Kedrovy Staffing LLC")["claims"]
    traced = served.get(f"/ui/media/claims/{claim['id']}")
    assert traced.status_code == 200 and "Warehouse Watch" in traced.text
    assert "origin located" in traced.text and "<script>alert(1)" not in traced.text
    assert served.get("/ui/media/claims/claim:0000:1").status_code == 404


def test_alert_page_lists_the_agency_claims(
    db: Database, list_store: Path, media_db: Path, keys: Keys
) -> None:
    lists = Lists(db, list_store, poll_seconds=0)
    app = create_app(db, lists, jobs=False, media_store=media_db)
    with TestClient(app) as client:
        job = upload(client, keys.a_analyst, ROSTER)
        runner = JobRunner(db, lists)
        while (claimed := runner.claim()) is not None:
            runner.run(claimed)
        found = client.get(
            "/alerts", params={"screening": job["id"]}, headers=Keys.header(keys.a_analyst)
        ).json()["alerts"]
        alert = next(a for a in found if a["entity_id"] == "un:KPi.901")
        with_session(client, keys)
        page = client.get(f"/ui/alerts/{alert['id']}").text
    panel = page[page.index('id="adverse-media"') :]
    panel = panel[: panel.index("</section>")]
    assert "Kedrovy Staffing LLC" in panel and "agency" in panel
    assert "Warehouse Watch" in panel and "origin located" in panel
    assert "&lt;script&gt;" in panel and "<script>" not in panel
    assert "un:KPi.901" in panel  # the list entry is looked up too
