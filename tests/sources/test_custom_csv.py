"""Custom in-house list CSV: the documented format and its strict error reporting."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborscreen.errors import ListFormatError
from laborscreen.model import Address, Identifier, NameKind, ParsedList, PartialDate, Schema
from laborscreen.sources import custom_csv
from laborscreen.sources.base import sha256_files

FIXTURE = Path(__file__).parents[1] / "fixtures" / "lists" / "custom_sample.csv"
DOCS = Path(__file__).parents[2] / "docs" / "lists.md"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return custom_csv.parse(FIXTURE)


def test_metadata_and_ids(parsed: ParsedList) -> None:
    # the fixture starts with a UTF-8 BOM; the first column is still "id"
    assert FIXTURE.read_bytes().startswith(b"\xef\xbb\xbf")
    assert parsed.source == "custom:custom_sample"
    assert parsed.checksum == sha256_files([FIXTURE])
    assert parsed.files == [str(FIXTURE)]
    assert [e.id for e in parsed.entities] == [
        "custom:custom_sample/W-001",
        "custom:custom_sample/A-017",
        "custom:custom_sample/V-003",
        "custom:custom_sample/P-004",
    ]
    assert {e.source for e in parsed.entities} == {"custom:custom_sample"}


def test_worker_row(parsed: ParsedList) -> None:
    kim = parsed.entities[0]
    assert kim.schema is Schema.PERSON
    assert [(n.full, n.kind, n.script) for n in kim.names] == [
        ("Kim Chol Su", NameKind.PRIMARY, None),
        ("Ким Чхоль Су", NameKind.ORIGINAL_SCRIPT, "Cyrl"),
        ("김철수", NameKind.ORIGINAL_SCRIPT, "Hang"),
        ("Gim Cheol-su", NameKind.ALIAS, None),
        ("Chol", NameKind.WEAK_ALIAS, None),
    ]
    assert kim.birth_dates == (PartialDate(1985, 3, 12), PartialDate(1986))
    assert kim.nationalities == ("KP",)  # "КНДР"
    assert kim.gender == "male"  # "м"
    assert kim.identifiers == (
        Identifier("passport", "836123456"),
        Identifier("other", "EMP-7781"),
        Identifier("national_id", "108-55-1234", "KP"),
    )
    assert kim.addresses == (Address("Dormitory 4, Elektrostal, Moscow region"),)
    assert kim.countries == ("RU",)
    assert kim.programs == ("internal-watch", "UNSCR 2397")
    assert kim.listed_on == "2025-04-01"
    assert kim.source_url == "https://intranet.example/cases/17"
    assert kim.remarks == "Arrived on a student visa, works full time."


def test_agency_vessel_and_defaults(parsed: ParsedList) -> None:
    agency, vessel, anna = parsed.entities[1:]
    assert agency.schema is Schema.ORGANIZATION
    assert {i.type: i.value for i in agency.identifiers} == {
        "inn": "7700000001",
        "ogrn": "1027700000001",
    }
    assert agency.countries == ("RU", "KP")
    assert vessel.schema is Schema.VESSEL
    assert vessel.identifiers == (Identifier("imo", "9000003"),)
    assert anna.schema is Schema.PERSON  # empty schema -> Person
    assert anna.names[0].script == "Cyrl"
    assert anna.nationalities == ("RU",)
    assert anna.gender == "female"


def _write(tmp_path: Path, text: str, name: str = "My Watch List.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_name_from_stem_and_column(tmp_path: Path) -> None:
    parsed = custom_csv.parse(_write(tmp_path, "id,name\n1,Kim Chol\n"))
    assert parsed.source == "custom:my_watch_list"
    assert parsed.entities[0].id == "custom:my_watch_list/1"
    parsed = custom_csv.parse(_write(tmp_path, "name,id,list\nKim Chol,1,Agencies-2025\n"))
    assert parsed.source == "custom:agencies-2025"
    assert parsed.entities[0].id == "custom:agencies-2025/1"


def test_header_only_file_is_an_empty_list(tmp_path: Path) -> None:
    assert custom_csv.parse(_write(tmp_path, "id,name\n\n")).entities == []


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("id,name,birthdate\n1,A\n", r"\(line 1\): unknown column 'birthdate'"),
        ("id,aliases\n1,A\n", r"\(line 1\): required column 'name' missing"),
        ("id,name,name\n1,A,B\n", r"column 'name' appears twice"),
        ("", r"empty file"),
        ("id,name\n1,A\n,B\n", r"\(line 3, field 'id'\): required field 'id' is empty"),
        ("id,name\n1,A\n2,\n", r"\(line 3, field 'name'\): required field 'name' is empty"),
        ("id,name\n1,A\n1,B\n", r"line 3, field 'id'.*duplicate id '1' \(first on line 2\)"),
        ("id,name,schema\n1,A,Spaceship\n", r"field 'schema'.*unknown schema"),
        ("id,name,schema\n1,A,Airplane\n", r"field 'schema'.*not Person, Organization or Vessel"),
        ("id,name,birth_dates\n1,A,1985;31.02.1985\n", r"field 'birth_dates'.*31.02.1985"),
        ("id,name,nationalities\n1,A,Korea\n", r"field 'nationalities'.*ambiguous country"),
        ("id,name,countries\n1,A,Atlantis\n", r"field 'countries'.*unknown country 'Atlantis'"),
        ("id,name,gender\n1,A,x\n", r"field 'gender'"),
        ("id,name,identifiers\n1,A,passport\n", r"field 'identifiers'.*type:value"),
        ("id,name,identifiers\n1,A,pass port:1\n", r"identifier type 'pass port'"),
        ("id,name,identifiers\n1,A,passport:1:Narnia\n", r"field 'identifiers'.*Narnia"),
        ("id,name,listed_on\n1,A,yesterday\n", r"field 'listed_on'.*unreadable date"),
        ("id,name,list\n1,A,Наш список\n", r"field 'list'"),
        ("id,name,list\n1,A,one\n2,B,two\n", r"one file holds one list, found one, two"),
        ("id,name\n1,A,extra\n", r"\(line 2\): 3 cells, the header has 2"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path: Path, text: str, pattern: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ListFormatError, match=pattern) as info:
        custom_csv.parse(path)
    assert str(info.value).startswith(str(path))


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes("id,name\n1,Müller\n".encode("cp1252"))
    with pytest.raises(ListFormatError, match="cannot decode"):
        custom_csv.parse(path)


def test_docs_describe_every_column() -> None:
    if not DOCS.is_file():
        pytest.skip(f"{DOCS} not found")
    text = DOCS.read_text(encoding="utf-8")
    for column in custom_csv.COLUMNS:
        assert f"`{column}`" in text, f"docs/lists.md does not describe column {column!r}"


def test_docs_example_parses_as_described(tmp_path: Path) -> None:
    if not DOCS.is_file():
        pytest.skip(f"{DOCS} not found")
    text = DOCS.read_text(encoding="utf-8")
    example = text.split("```csv\n", 1)[1].split("```", 1)[0]
    parsed = custom_csv.parse(_write(tmp_path, example, name="staff_watch.csv"))
    worker, agency = parsed.entities
    assert worker.id == "custom:staff_watch/W-001"
    assert [n.kind for n in worker.names] == [
        NameKind.PRIMARY,
        NameKind.ORIGINAL_SCRIPT,
        NameKind.ORIGINAL_SCRIPT,
        NameKind.ALIAS,
        NameKind.WEAK_ALIAS,
    ]
    assert len(worker.birth_dates) == 2
    assert worker.nationalities == ("KP",)
    assert {i.type for i in worker.identifiers} == {"passport", "national_id"}
    assert agency.id == "custom:staff_watch/A-017"
    assert agency.schema is Schema.ORGANIZATION
    assert {i.type for i in agency.identifiers} == {"inn", "ogrn"}
