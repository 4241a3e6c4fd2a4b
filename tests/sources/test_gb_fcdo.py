"""UK sanctions list CSV parser: FCDO layout (fixture) and the older OFSI layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborscreen.errors import ListFormatError
from laborscreen.model import Identifier, NameKind, ParsedList, PartialDate, Schema
from laborscreen.sources import gb_fcdo
from laborscreen.sources.base import sha256_files

FIXTURE = Path(__file__).parents[1] / "fixtures" / "lists" / "gb_fcdo_sample.csv"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return gb_fcdo.parse(FIXTURE)


def test_rows_grouped_into_entities(parsed: ParsedList) -> None:
    assert parsed.source == "gb_fcdo"
    assert parsed.published == "2025-03-14"
    assert parsed.url == "https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.csv"
    assert parsed.checksum == sha256_files([FIXTURE])
    assert [(e.id, e.schema) for e in parsed.entities] == [
        ("gb_fcdo:13001", Schema.PERSON),
        ("gb_fcdo:13002", Schema.ORGANIZATION),
        ("gb_fcdo:13003", Schema.VESSEL),
        ("gb_fcdo:13004", Schema.PERSON),
    ]


def test_dprk_individual(parsed: ParsedList) -> None:
    jong = parsed.entities[0]
    assert [(n.full, n.kind) for n in jong.names] == [
        ("Myong Chol JONG", NameKind.PRIMARY),
        ("정명철", NameKind.ORIGINAL_SCRIPT),
        ("Myong Chol CHONG", NameKind.ALIAS),
        ("Myong-chol JONG", NameKind.ALIAS),  # "Primary name variation"
        ("Jong", NameKind.WEAK_ALIAS),  # "Low quality"
    ]
    primary = jong.names[0]
    # Name 6 is the surname, Name 1 the given name, Name 2-5 the middle names
    assert (primary.first, primary.middle, primary.last) == ("Myong", "Chol", "JONG")
    assert jong.names[1].script == "Hang"
    assert jong.birth_dates == (PartialDate(1965),)  # "00/00/1965"
    assert jong.birth_places == ("Hamhung, North Korea",)
    assert jong.nationalities == ("KP",)
    assert jong.identifiers == (
        Identifier("passport", "745123456", None, "Issued 2015"),
        Identifier("passport", "PD836000111", None, "Diplomatic passport"),
    )
    assert jong.addresses[0].text == "Building 3, Example Street, Moscow, Russia"
    assert jong.addresses[0].country == "RU"
    assert jong.programs == ("The Democratic People's Republic of Korea",)
    assert jong.listed_on == "2016-03-02"
    assert jong.remarks == "position: Manager of a construction team"


def test_entity_ship_and_cyrillic(parsed: ParsedList) -> None:
    company, ship, petrov = parsed.entities[1:]
    assert company.caption == "KOREA EXAMPLE GENERAL TRADING CORPORATION"
    assert [n.kind for n in company.names] == [
        NameKind.PRIMARY,
        NameKind.WEAK_ALIAS,
        NameKind.ALIAS,
    ]
    assert company.names[0].last is None  # organisations get no name parts
    assert company.countries == ("KP",)
    assert ship.identifiers == (Identifier("imo", "9000002"),)
    assert petrov.names[1].script == "Cyrl"
    assert petrov.nationalities == ("RU", "UA")  # "(1) Russia (2) Ukraine"
    assert petrov.birth_dates == (PartialDate(1971, 4, 12),)
    assert petrov.identifiers == (
        Identifier("national_id", "4510123456", None, "Internal passport"),
    )


OFSI = (
    "Last Updated,24/01/2025\n"
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,DOB,"
    "Town of Birth,Country of Birth,Nationality,Passport Number,Passport Details,Position,"
    "Address 1,Address 2,Post/Zip Code,Country,Other Information,Group Type,Alias Type,"
    "Alias Quality,Regime,Listed On,Last Updated,Group ID\n"
    'RI,Chol,,,,,,,--/05/1958,,,"Korea, North",,,,,,,,,Individual,Primary name,,'
    "Democratic People's Republic of Korea,22/12/2017,01/01/2021,5000\n"
    'LI,Chol,,,,,,,--/05/1958,,,"Korea, North",,,,,,,,,Individual,AKA,Good quality,'
    "Democratic People's Republic of Korea,22/12/2017,01/01/2021,5000\n"
)


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_older_ofsi_layout(tmp_path: Path) -> None:
    parsed = gb_fcdo.parse(_write(tmp_path, OFSI))
    assert parsed.published == "2025-01-24"
    (ri,) = parsed.entities
    assert ri.id == "gb_fcdo:5000"
    assert [n.full for n in ri.names] == ["Chol RI", "Chol LI"]
    assert ri.birth_dates == (PartialDate(1958, 5),)
    assert ri.nationalities == ("KP",)
    assert ri.listed_on == "2017-12-22"


def test_unique_id_preferred_over_group_id(tmp_path: Path) -> None:
    text = "Name 6,Group Type,Unique ID,Group ID\nKIM,Individual,DPR0001,111\n"
    parsed = gb_fcdo.parse(_write(tmp_path, text))
    assert parsed.entities[0].id == "gb_fcdo:DPR0001"
    assert parsed.published is None


def test_missing_columns_fail(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match=r"line 2.*Group Type, Group ID"):
        gb_fcdo.parse(_write(tmp_path, "Report Date: 01/01/2025\nName 6,Name 1\nKIM,Chol\n"))
    with pytest.raises(ListFormatError, match="no header row"):
        gb_fcdo.parse(_write(tmp_path, "a,b\n1,2\n"))


def test_bad_rows_name_the_line(tmp_path: Path) -> None:
    header = "Name 6,Name 1,Group Type,Group ID\n"
    with pytest.raises(ListFormatError, match=r"\(line 3\): empty 'Group ID'"):
        gb_fcdo.parse(_write(tmp_path, header + "KIM,Chol,Individual,1\nPAK,,Individual,\n"))
    with pytest.raises(ListFormatError, match=r"line 2.*Group Type 'spaceship'"):
        gb_fcdo.parse(_write(tmp_path, header + "KIM,Chol,Spaceship,1\n"))
    with pytest.raises(ListFormatError, match=r"line 2.*without a name"):
        gb_fcdo.parse(_write(tmp_path, header + ",,Individual,1\n"))
    with pytest.raises(ListFormatError, match=r"line 3.*differs"):
        gb_fcdo.parse(_write(tmp_path, header + "KIM,Chol,Individual,1\nKIM,,Entity,1\n"))


def test_cp1252_file_is_read(tmp_path: Path) -> None:
    text = "Name 6,Name 1,Group Type,Group ID\nMÜLLER,José,Individual,9\n"
    parsed = gb_fcdo.parse(_write(tmp_path, text, encoding="cp1252"))
    assert parsed.entities[0].caption == "José MÜLLER"
