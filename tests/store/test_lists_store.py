"""ListStore: versions, unchanged imports, all-or-nothing batches, diffs, fingerprint."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from laborscreen.errors import StoreError
from laborscreen.model import Entity, Identifier, Name, NameKind, ParsedList, PartialDate, Schema
from laborscreen.store import SCHEMA_VERSION, ListStore

DATA = (Path(__file__).parents[1] / ".." / ".." / "shared" / "data" / "lists").resolve()


def person(native: str, name: str, *aliases: str, source: str = "un", **extra: Any) -> Entity:
    names = (Name(name), *(Name(alias, NameKind.ALIAS) for alias in aliases))
    return Entity(
        id=f"{source}:{native}", source=source, schema=Schema.PERSON, names=names, **extra
    )


def org(native: str, name: str, source: str = "un") -> Entity:
    return Entity(
        id=f"{source}:{native}", source=source, schema=Schema.ORGANIZATION, names=(Name(name),)
    )


RA = person(
    "KPi.008",
    "RA KY'ONG-SU",
    "Ra Kyung-Su",
    "Ра Гён Су",
    birth_dates=(PartialDate(1954, 6, 4),),
    nationalities=("KP",),
    identifiers=(Identifier("passport", "645120196", "KP"),),
)
KIM = person("KPi.011", "KIM YONG CHOL", "김영철", nationalities=("KP",))
MANSUDAE = org("KPe.050", "MANSUDAE OVERSEAS PROJECT GROUP OF COMPANIES")


def un_list(*entities: Entity, checksum: str = "c1", published: str = "2026-02-27") -> ParsedList:
    return ParsedList(
        source="un",
        entities=list(entities),
        published=published,
        files=["consolidated.xml"],
        checksum=checksum,
        url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ListStore]:
    with ListStore(tmp_path / "laborscreen.db") as opened:
        yield opened


def dump(store: ListStore) -> list[str]:
    with sqlite3.connect(store.path) as db:
        return list(db.iterdump())


def test_import_makes_a_version_with_counts_and_metadata(store: ListStore) -> None:
    [version] = store.import_lists([un_list(RA, KIM, MANSUDAE)], origin="test")
    assert version.source == "un"
    assert version.entity_count == 3
    assert (version.persons, version.organisations) == (2, 1)
    assert version.schema_counts == {"Organization": 1, "Person": 2}
    assert version.published == "2026-02-27"
    assert version.files == ("consolidated.xml",)
    assert version.origin == "test"
    assert not version.unchanged
    assert version.imported_at.endswith("+00:00")
    assert store.versions() == [version]
    assert version.to_dict()["persons"] == 2


def test_entities_round_trip_in_every_script(store: ListStore) -> None:
    store.import_lists([un_list(RA, KIM, MANSUDAE)], origin="test")
    assert sorted(store.entities(), key=lambda e: e.id) == sorted(
        [RA, KIM, MANSUDAE], key=lambda e: e.id
    )
    assert store.entity("un:KPi.008") == RA
    assert store.entity("un:KPi.999") is None
    # Stored as readable UTF-8, not \\u escapes.
    with sqlite3.connect(store.path) as db:
        texts = [row[0] for row in db.execute("SELECT data FROM entity_data")]
    assert any("Ра Гён Су" in text for text in texts)
    assert any("김영철" in text for text in texts)


def test_same_checksum_is_reported_unchanged_without_a_new_version(store: ListStore) -> None:
    [first] = store.import_lists([un_list(RA)], origin="test")
    fingerprint = store.fingerprint()
    [again] = store.import_lists([un_list(RA)], origin="test")
    assert again.unchanged
    assert again.id == first.id
    assert len(store.versions("un")) == 1
    assert store.fingerprint() == fingerprint


def test_a_new_checksum_makes_the_newest_version_current(store: ListStore) -> None:
    [v1] = store.import_lists([un_list(RA, KIM)], origin="test")
    fingerprint = store.fingerprint()
    [v2] = store.import_lists([un_list(RA, checksum="c2")], origin="test")
    assert v2.id > v1.id
    assert [v.id for v in store.current_versions()] == [v2.id]
    assert [e.id for e in store.entities()] == ["un:KPi.008"]
    assert store.entity("un:KPi.011") is None  # only in the old version
    assert {e.id for e in store.entities([v1.id])} == {"un:KPi.008", "un:KPi.011"}
    assert store.fingerprint() != fingerprint


def test_current_versions_are_one_per_source(store: ListStore) -> None:
    ofac = ParsedList(
        "us_ofac", [person("12211", "KIM, Yong Chol", source="us_ofac")], checksum="o1"
    )
    store.import_lists([un_list(RA), ofac], origin="test")
    store.import_lists([un_list(RA, KIM, checksum="c2")], origin="test")
    current = store.current_versions()
    assert [(v.source, v.entity_count) for v in current] == [("un", 2), ("us_ofac", 1)]
    assert len(list(store.entities())) == 3
    assert [v.source for v in store.versions("un")] == ["un", "un"]


def test_empty_checksum_falls_back_to_content(store: ListStore) -> None:
    [v1] = store.import_lists([un_list(RA, KIM, checksum="")], origin="test")
    assert v1.checksum.startswith("content:")
    # Same entities in another order: same content, so unchanged.
    [v2] = store.import_lists([un_list(KIM, RA, checksum="")], origin="test")
    assert v2.unchanged and v2.id == v1.id
    [v3] = store.import_lists([un_list(KIM, checksum="")], origin="test")
    assert not v3.unchanged


class Exploding:
    """Stands in for an entity whose serialisation fails half-way through a batch."""

    id = "un:boom"
    schema = Schema.PERSON

    def to_dict(self) -> dict[str, Any]:
        raise RuntimeError("boom")


def test_a_failing_batch_leaves_the_store_exactly_as_before(store: ListStore) -> None:
    store.import_lists([un_list(RA)], origin="test")
    before = dump(store)
    fingerprint = store.fingerprint()
    ofac = ParsedList("us_ofac", [person("1", "A", source="us_ofac")], checksum="o1")
    broken = un_list(KIM, MANSUDAE, Exploding(), checksum="c2")  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="boom"):
        store.import_lists([ofac, broken], origin="test")
    assert dump(store) == before
    assert store.fingerprint() == fingerprint
    assert [e.id for e in store.entities()] == ["un:KPi.008"]
    # The connection is still usable after the rollback.
    [version] = store.import_lists([ofac], origin="test")
    assert version.source == "us_ofac"


def test_duplicate_entity_ids_fail_the_batch(store: ListStore) -> None:
    before = dump(store)
    with pytest.raises(StoreError, match=r"un:KPi\.008"):
        store.import_lists([un_list(RA, RA)], origin="test")
    assert dump(store) == before


def test_diff_reports_added_removed_and_changed_fields(store: ListStore) -> None:
    [v1] = store.import_lists([un_list(RA, KIM)], origin="test")
    ra_moved = person(
        "KPi.008",
        "RA KY'ONG-SU",
        "Ra Kyung-Su",
        "Ра Гён Су",
        "Ra Kyong-Su",
        birth_dates=(PartialDate(1954, 6, 4),),
        nationalities=("KP",),
        identifiers=(Identifier("passport", "645120196", "KP"),),
        remarks="new alias",
    )
    [v2] = store.import_lists([un_list(ra_moved, MANSUDAE, checksum="c2")], origin="test")
    diff = store.diff(v1.id, v2.id)
    assert diff.added == ("un:KPe.050",)
    assert diff.removed == ("un:KPi.011",)
    assert diff.changed == ("un:KPi.008",)
    assert diff.changed_fields == {"un:KPi.008": ("names", "remarks")}
    data = diff.to_dict()
    assert data["counts"] == {"added": 1, "removed": 1, "changed": 1}
    assert store.diff(v2.id, v2.id).is_empty


def test_diff_refuses_unknown_or_mixed_versions(store: ListStore) -> None:
    ofac = ParsedList("us_ofac", [person("1", "A", source="us_ofac")], checksum="o1")
    un_version, ofac_version = store.import_lists([un_list(RA), ofac], origin="test")
    with pytest.raises(StoreError, match="different sources"):
        store.diff(un_version.id, ofac_version.id)
    with pytest.raises(StoreError, match="no list version 99"):
        store.diff(un_version.id, 99)


def test_store_is_wal_and_versioned_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with ListStore(path) as first:
        first.import_lists([un_list(RA)], origin="test")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    with ListStore(path) as second:
        assert [e.id for e in second.entities()] == ["un:KPi.008"]


def test_a_store_from_a_newer_laborscreen_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    ListStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        ListStore(path)


def test_fingerprint_of_an_empty_store_is_stable(store: ListStore, tmp_path: Path) -> None:
    with ListStore(tmp_path / "other.db") as other:
        assert store.fingerprint() == other.fingerprint()
        store.import_lists([un_list(RA)], origin="test")
        assert store.fingerprint() != other.fingerprint()


def test_store_module_does_not_import_click() -> None:
    import subprocess
    import sys

    code = "import sys, laborscreen.store; sys.exit('click' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.slow
def test_full_un_and_ofac_import_and_load(tmp_path: Path) -> None:
    if not DATA.is_dir():
        pytest.skip(f"shared list data not found at {DATA}")
    un = pytest.importorskip("laborscreen.sources.un")
    ofac = pytest.importorskip("laborscreen.sources.ofac")
    parsed = [un.parse(DATA / "un" / "consolidated.xml"), ofac.parse(DATA / "us_ofac")]
    total = sum(len(item.entities) for item in parsed)
    assert total > 9000
    store = ListStore(tmp_path / "s.db")
    versions = store.import_lists(parsed, origin="test")
    assert sum(v.entity_count for v in versions) == total
    loaded = list(store.entities())
    assert len(loaded) == total
    assert store.entity("un:KPe.050") is not None
    # Re-importing the same files changes nothing.
    again = store.import_lists(parsed, origin="test")
    assert all(v.unchanged for v in again)
    store.close()
