"""US Consolidated Screening List: the real 28-column sample and broken files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from laborscreen.errors import ListFormatError
from laborscreen.model import Entity, NameKind, PartialDate, Schema
from laborscreen.sources import us_csl

DATA = (Path(__file__).parents[2] / ".." / "shared" / "data" / "lists").resolve()
CSL = DATA / "us_csl" / "consolidated_sample.csv"

needs_data = pytest.mark.skipif(not CSL.is_file(), reason=f"CSL sample missing: {CSL}")

HEADER = (
    "source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids\n"
)


@pytest.fixture(scope="module")
def real() -> dict[str, Entity]:
    if not CSL.is_file():
        pytest.skip(f"CSL sample missing: {CSL}")
    parsed = us_csl.parse(CSL)
    assert parsed.source == "us_csl"
    assert parsed.url == (
        "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
    )
    assert parsed.files == [str(CSL)]
    return {e.id: e for e in parsed.entities}


@needs_data
def test_counts(real: dict[str, Entity]) -> None:
    # 115 rows; Gunther Migeotte (5 rows) and AL NASER WINGS AIRLINES (2 rows) merge
    assert len(real) == 110
    schemas = [e.schema for e in real.values()]
    assert schemas.count(Schema.PERSON) == 20
    assert schemas.count(Schema.ORGANIZATION) == 46
    assert schemas.count(Schema.VESSEL) == 2
    assert schemas.count(Schema.LEGAL_ENTITY) == 42  # rows without a type
    from_sdn = [
        e for e in real.values() if "List: Specially Designated Nationals" in (e.remarks or "")
    ]
    assert len(from_sdn) == 28
    assert all(e.source == "us_csl" for e in from_sdn)


@needs_data
def test_merged_duplicate_rows(real: dict[str, Entity]) -> None:
    (migeotte,) = [e for e in real.values() if e.caption == "Gunther Migeotte"]
    assert len(migeotte.addresses) == 8
    assert {"ZA", "NO"} <= set(migeotte.countries)
    assert (migeotte.remarks or "").count("List: Entity List") == 1


@needs_data
def test_sdn_person(real: dict[str, Entity]) -> None:
    person = real["us_csl:18447"]
    assert person.schema is Schema.PERSON
    name = person.names[0]
    assert (name.last, name.first) == ("AL 'ANABI", "Abu 'Ubaydah Yusuf")
    assert person.birth_dates == (PartialDate(1969, 1, 1),)
    assert person.citizenships == ("DZ",)


@needs_data
def test_identifiers(real: dict[str, Entity]) -> None:
    ship = real["us_csl:23156"]
    assert ship.schema is Schema.VESSEL
    assert [(i.type, i.value) for i in ship.identifiers] == [("imo", "8898831")]
    assert ship.programs == ("DPRK4",)
    transneft = real["us_csl:17254"]
    assert {(i.type, i.value) for i in transneft.identifiers} == {
        ("ogrn", "1027700049486"),
        ("registration", "00044463"),
        ("inn", "7706061801"),
    }
    assert "www.transneft.ru, Website" in (transneft.remarks or "")
    company = real["us_csl:20264"]
    assert [(i.type, i.value, i.country) for i in company.identifiers] == [
        ("tax", "80-0890696", "US")
    ]


@needs_data
def test_aliases_and_repaired_text(real: dict[str, Entity]) -> None:
    names = {n.full: n.kind for e in real.values() for n in e.names}
    assert names["SEVENTH OF TIR"] is NameKind.ALIAS
    assert "Gui’an New District Huawei Investment Co., Ltd., Guiyang, Guizhou" in names
    assert not any("\x92" in n for n in names)


@needs_data
def test_ids_are_stable(real: dict[str, Entity]) -> None:
    again = {e.id for e in us_csl.parse(CSL).entities}
    assert again == set(real)


def test_short_row_names_line(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(HEADER + "DPL,,,,NAME ONLY\n", encoding="utf-8")
    with pytest.raises(ListFormatError) as info:
        us_csl.parse(path)
    assert info.value.position == "line 2"


def test_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text("source,name\nDPL,X\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="missing columns"):
        us_csl.parse(path)


def _row(**values: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        values.get(c, "") for c in HEADER.strip().split(",")
    )
    return out.getvalue()


def test_unknown_type_and_blank_name_fail(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(HEADER + _row(source="SDN", type="Spaceship", name="X"), encoding="utf-8")
    with pytest.raises(ListFormatError, match="unknown schema") as info:
        us_csl.parse(path)
    assert info.value.position == "line 2"
    path.write_text(HEADER + _row(source="SDN", type="Entity", name=" "), encoding="utf-8")
    with pytest.raises(ListFormatError, match="without a name"):
        us_csl.parse(path)


def test_blank_type_is_legal_entity_with_hashed_id(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(
        HEADER
        + _row(source="DPL", name="Some Party", addresses="1 Main St, Dubai, AE")
        + _row(source="DPL", name="Some Party", addresses="2 Side St, Tehran, IR"),
        encoding="utf-8",
    )
    (entity,) = us_csl.parse(path).entities
    assert entity.schema is Schema.LEGAL_ENTITY
    assert entity.id.startswith("us_csl:") and len(entity.id) == len("us_csl:") + 12
    assert entity.countries == ("AE", "IR")
