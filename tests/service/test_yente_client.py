"""A real yente client (nomenklatura's YenteEnricher) against a real server on the full lists."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from followthemoney import Dataset, StatementEntity
from nomenklatura.cache import Cache
from nomenklatura.db import make_session
from nomenklatura.enrich import EnrichmentAbort, make_enricher

from laborscreen.service import accounts
from laborscreen.service.api import create_app
from laborscreen.service.bench import free_port
from laborscreen.service.db import Database
from laborscreen.service.lists import Lists
from laborscreen.sources import load_path
from laborscreen.store import ListStore

SHARED_LISTS = (Path(__file__).parents[2] / ".." / "shared" / "data" / "lists").resolve()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A uvicorn server on a free loopback port over the official lists; (base URL, key)."""
    if not SHARED_LISTS.is_dir():
        pytest.skip("official lists not available")
    home = tmp_path_factory.mktemp("yente-home")
    with ListStore(home / "laborscreen.db") as store:
        store.import_lists(load_path(SHARED_LISTS), origin="import")
    db = Database(f"sqlite:///{home / 'service.db'}")
    db.upgrade()
    with db.transaction() as session:
        accounts.create_org(session, "HR department (synthetic)", "test")
        _, key = accounts.create_key(session, "HR department (synthetic)", "analyst", "test")
    app = create_app(db, Lists(db, home / "laborscreen.db", poll_seconds=0))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/", key
    finally:
        uv.should_exit = True
        thread.join(timeout=30)


def _enricher(tmp_path: Path, api: str, key: str) -> tuple[Dataset, object]:
    dataset = Dataset.make({"name": "hr_roster", "title": "HR roster (synthetic)"})
    session = make_session(f"sqlite:///{tmp_path / 'nomenklatura.db'}")
    cache = Cache(session, dataset, create=True)
    config = {
        "type": "nomenklatura.enrich.yente:YenteEnricher",
        "api": api,
        "api_key": key,
        "cache_days": 0,
    }
    return dataset, make_enricher(dataset, cache, config)


def test_yente_enricher_finds_a_listed_dprk_person(server: tuple[str, str], tmp_path: Path) -> None:
    api, key = server
    dataset, enricher = _enricher(tmp_path, api, key)
    # A worker record as an HR system would hold it: a clerk's Cyrillic, the birth date.
    worker = StatementEntity.from_data(
        dataset,
        {
            "id": "worker-0417",
            "schema": "Person",
            "properties": {
                "name": ["Ра Гён Су"],
                "birthDate": ["1954-06-04"],
                "nationality": ["kp"],
            },
        },
    )
    found = list(enricher.match(worker))  # type: ignore[attr-defined]
    ids = [entity.id for entity in found]
    assert "un:KPi.008" in ids
    ra = found[ids.index("un:KPi.008")]
    assert ra.schema.name == "Person"
    assert "RA KY'ONG-SU" in ra.get("name")
    assert "1954-06-04" in ra.get("birthDate")
    assert ra.get("sourceUrl")[-1] == f"{api}entities/un:KPi.008"
    # Expanding the match reads the entity back through /entities/{id}.
    expanded = list(enricher.expand(worker, ra))  # type: ignore[attr-defined]
    assert [e.id for e in expanded] == ["un:KPi.008"]
    enricher.close()  # type: ignore[attr-defined]


def test_yente_enricher_finds_a_listed_company(server: tuple[str, str], tmp_path: Path) -> None:
    api, key = server
    dataset, enricher = _enricher(tmp_path, api, key)
    supplier = StatementEntity.from_data(
        dataset,
        {"id": "supplier-12", "schema": "Company", "properties": {"name": ["ООО Мокран"]}},
    )
    ids = [entity.id for entity in enricher.match(supplier)]  # type: ignore[attr-defined]
    assert ids[0] == "us_ofac:30083"
    enricher.close()  # type: ignore[attr-defined]


def test_yente_enricher_stops_on_a_wrong_key(server: tuple[str, str], tmp_path: Path) -> None:
    api, _ = server
    dataset, enricher = _enricher(tmp_path, api, "lsk_00000000_wrong")
    worker = StatementEntity.from_data(
        dataset, {"id": "w", "schema": "Person", "properties": {"name": ["Ra Kyong Su"]}}
    )
    with pytest.raises(EnrichmentAbort):
        list(enricher.match(worker))  # type: ignore[attr-defined]
    enricher.close()  # type: ignore[attr-defined]
