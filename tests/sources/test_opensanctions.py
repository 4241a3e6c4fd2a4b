"""OpenSanctions parsers: FtM JSON lines on a written fixture, Senzing on the real export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from laborscreen.errors import ListFormatError
from laborscreen.model import Address, Identifier, NameKind, ParsedList, PartialDate, Schema
from laborscreen.sources.base import sha256_files
from laborscreen.sources.opensanctions import parse_ftm, parse_senzing

FIXTURE = Path(__file__).parents[1] / "fixtures" / "lists" / "ftm_sample.jsonl"
DATA = (Path(__file__).parents[1] / ".." / ".." / "shared" / "data").resolve()
SENZING = DATA / "lists" / "opensanctions" / "us_congress_senzing.jsonl"


# ---------------------------------------------------------------- FtM


@pytest.fixture(scope="module")
def ftm() -> ParsedList:
    return parse_ftm(FIXTURE)


def test_ftm_only_targets_become_entities(ftm: ParsedList) -> None:
    assert ftm.source == "opensanctions"
    assert [e.id for e in ftm.entities] == [
        "opensanctions:ex-kp-ri-song-chol",
        "opensanctions:ex-ru-ivanov",
        "opensanctions:ex-ru-primer-stroy",
        "opensanctions:ex-vessel-1",
        "opensanctions:ex-kp-kim-first-last",
    ]
    assert [e.schema for e in ftm.entities] == [
        Schema.PERSON,
        Schema.PERSON,
        Schema.COMPANY,
        Schema.VESSEL,
        Schema.PERSON,
    ]
    assert ftm.checksum == sha256_files([FIXTURE])
    assert ftm.files == [str(FIXTURE)]
    assert ftm.published == "2025-02-20T09:15:00"  # the latest last_change
    assert (
        ftm.url == "https://data.opensanctions.org/datasets/latest/example_dprk/entities.ftm.json"
    )


def test_ftm_dprk_person(ftm: ParsedList) -> None:
    ri = ftm.entities[0]
    kinds = [(n.full, n.kind, n.script) for n in ri.names]
    assert kinds == [
        ("RI Song Chol", NameKind.PRIMARY, None),
        ("Ri Song-ch'ol", NameKind.ALIAS, None),
        ("리성철", NameKind.ORIGINAL_SCRIPT, "Hang"),
        ("Ли Сон Чхоль", NameKind.ORIGINAL_SCRIPT, "Cyrl"),
        ("Ri", NameKind.WEAK_ALIAS, None),
    ]
    assert (ri.names[0].first, ri.names[0].last) == ("Song Chol", "Ri")
    assert ri.birth_dates == (PartialDate(1970, 2, 14), PartialDate(1971))
    assert ri.birth_places == ("Pyongyang",)
    assert ri.nationalities == ("KP",)
    assert ri.gender == "male"
    assert ri.listed_on == "2017-09-11"
    assert ri.source_url == "https://example.org/lists/kp/1"
    assert ri.remarks == "Representative of a labour-export company in Russia."
    # the Passport line is folded into its holder, the Sanction line adds a programme
    assert ri.identifiers == (
        Identifier("passport", "654123789"),
        Identifier("passport", "PS472000111", "KP", "Diplomatic passport"),
    )
    assert ri.programs == ("UN DPRK (UNSCR 1718)", "sanction")
    # the Address entity referenced by addressEntity becomes an address
    assert ri.addresses == (Address("Kyonghung Street, Pyongyang", "KP"),)
    assert ri.countries == ("KP",)


def test_ftm_patronymic_and_identification(ftm: ParsedList) -> None:
    ivanov = ftm.entities[1]
    primary = ivanov.names[0]
    assert (primary.first, primary.middle, primary.last) == ("Sergei", "Petrovich", "Ivanov")
    assert ivanov.names[1].kind is NameKind.ORIGINAL_SCRIPT
    assert ivanov.citizenships == ("RU",)
    assert ivanov.nationalities == ()
    assert ivanov.birth_dates == (PartialDate(1965, 7),)
    assert Identifier("inn", "772012345678") in ivanov.identifiers
    assert Identifier("national_id", "4510 123456", "RU", "National ID card") in ivanov.identifiers
    assert ivanov.programs == ("RUSSIA-EO14024", "sanction")


def test_ftm_company_and_vessel(ftm: ParsedList) -> None:
    company, vessel = ftm.entities[2], ftm.entities[3]
    assert [n.kind for n in company.names] == [
        NameKind.PRIMARY,
        NameKind.ORIGINAL_SCRIPT,
        NameKind.FORMER,
    ]
    assert {i.type: i.value for i in company.identifiers} == {
        "inn": "7811000000",
        "ogrn": "1117800000001",
    }
    assert company.countries == ("RU",)
    assert company.addresses == (Address("ul. Primernaya 1, Saint Petersburg"),)
    assert vessel.identifiers == (Identifier("imo", "IMO 9000001"),)
    assert vessel.identifiers[0].key == "IMO9000001"


def test_ftm_name_from_parts_and_sanction_dates(ftm: ParsedList) -> None:
    kim = ftm.entities[4]
    assert kim.caption == "Chol Ho Kim"
    assert (kim.names[0].first, kim.names[0].middle, kim.names[0].last) == ("Chol", "Ho", "Kim")
    assert kim.nationalities == ("KP",)  # free-text "North Korea"
    assert kim.programs == ("EU DPRK",)
    assert kim.listed_on == "2016-06-02"  # from the Sanction's startDate


def _lines(tmp_path: Path, records: list[object], raw: str = "") -> Path:
    path = tmp_path / "entities.ftm.json"
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + raw
    path.write_text(text, encoding="utf-8")
    return path


PERSON = {"id": "p1", "schema": "Person", "properties": {"name": ["A B"]}}


def test_ftm_invalid_json_names_line(tmp_path: Path) -> None:
    path = _lines(tmp_path, [PERSON], raw="{not json\n")
    with pytest.raises(ListFormatError, match=r"line 2") as info:
        parse_ftm(path)
    assert str(path) in str(info.value)


def test_ftm_target_without_name_fails(tmp_path: Path) -> None:
    nameless = {"id": "p2", "schema": "Person", "properties": {"birthDate": ["1970"]}}
    with pytest.raises(ListFormatError, match=r"\(line 2\): Person p2 has no name"):
        parse_ftm(_lines(tmp_path, [PERSON, nameless]))


def test_ftm_missing_id_and_bad_values_fail(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="without id"):
        parse_ftm(_lines(tmp_path, [{"schema": "Person", "properties": {}}]))
    bad = {"id": "p3", "schema": "Person", "properties": {"name": [{"nested": 1}]}}
    with pytest.raises(ListFormatError, match="non-string"):
        parse_ftm(_lines(tmp_path, [bad]))
    with pytest.raises(ListFormatError, match="duplicate id"):
        parse_ftm(_lines(tmp_path, [PERSON, PERSON]))


def test_ftm_blank_lines_are_ignored(tmp_path: Path) -> None:
    parsed = parse_ftm(_lines(tmp_path, [PERSON], raw="\n\n"))
    assert [e.caption for e in parsed.entities] == ["A B"]
    assert parsed.url is None  # no dataset named


# ---------------------------------------------------------------- Senzing

needs_data = pytest.mark.skipif(
    not SENZING.is_file(), reason=f"real OpenSanctions export not found at {SENZING}"
)


@pytest.fixture(scope="module")
def congress() -> ParsedList:
    return parse_senzing(SENZING)


@needs_data
def test_senzing_real_counts(congress: ParsedList) -> None:
    # 1,319 records: 1,317 PERSON and 2 untyped position records, which are skipped
    assert len(congress.entities) == 1317
    assert all(e.schema is Schema.PERSON for e in congress.entities)
    assert len({e.id for e in congress.entities}) == 1317
    assert congress.source == "opensanctions"
    assert congress.url == "https://data.opensanctions.org/datasets/latest/us_congress/senzing.json"
    assert congress.checksum == sha256_files([SENZING])
    aliases = sum(1 for e in congress.entities for n in e.names if n.kind is NameKind.ALIAS)
    assert aliases == 33
    assert sum(len(e.birth_dates) for e in congress.entities) == 1316


@needs_data
def test_senzing_real_values(congress: ParsedList) -> None:
    by_id = {e.id: e for e in congress.entities}
    mcclellan = by_id["opensanctions:NK-AQ4HymsADSK2D63MkyTqfC"]
    assert mcclellan.caption == "Jennifer L. McClellan"
    assert mcclellan.birth_dates == (PartialDate(1972),)
    assert mcclellan.nationalities == ("US",)
    assert mcclellan.programs == ("role.pep",)
    assert mcclellan.identifiers == ()  # the OPEN_SANCTIONS self-identifier is dropped
    assert (
        mcclellan.source_url == "https://www.opensanctions.org/entities/NK-AQ4HymsADSK2D63MkyTqfC"
    )
    franklin = by_id["opensanctions:Q101198561"]
    assert [(n.full, n.kind) for n in franklin.names] == [
        ("Scott Franklin", NameKind.PRIMARY),
        ("C. Scott Franklin", NameKind.ALIAS),
    ]
    assert franklin.identifiers == (Identifier("other", "Q101198561", None, "WIKIDATA"),)
    assert "opensanctions:Q13218630" not in by_id  # "United States representative"
    assert congress.published is not None and congress.published.startswith("20")


SENZING_ORG = {
    "DATA_SOURCE": "OPEN_SANCTIONS",
    "RECORD_ID": "ex-org",
    "RECORD_TYPE": "ORGANIZATION",
    "LAST_CHANGE": "2025-01-01T00:00:00",
    "NAMES": [
        {"NAME_TYPE": "ALIAS", "NAME_ORG": "ООО Мокран"},
        {"NAME_TYPE": "PRIMARY", "NAME_ORG": "Mokran LLC"},
    ],
    "ADDRESSES": [{"ADDR_TYPE": "BUSINESS", "ADDR_FULL": "Saint Petersburg"}],
    "COUNTRIES": [{"REGISTRATION_COUNTRY": "ru"}],
    "IDENTIFIERS": [
        {"TAX_ID_NUMBER": "7811489970", "TAX_ID_TYPE": "innCode"},
        {"NATIONAL_ID_NUMBER": "1117847000000", "NATIONAL_ID_TYPE": "ogrnCode"},
        {"OTHER_ID_TYPE": "OPEN_SANCTIONS", "OTHER_ID_NUMBER": "ex-org"},
    ],
    "RISKS": [{"TOPIC": "sanction"}],
}
SENZING_PERSON = {
    "DATA_SOURCE": "OPEN_SANCTIONS",
    "RECORD_ID": "ex-person",
    "RECORD_TYPE": "PERSON",
    "GENDER": "M",
    "NAMES": [{"NAME_TYPE": "PRIMARY", "NAME_FIRST": "Yong Chol", "NAME_LAST": "Kim"}],
    "DATES": [{"DATE_OF_BIRTH": "1961-03-05"}, {"DATE_OF_DEATH": "2020"}],
    "COUNTRIES": [{"NATIONALITY": "kp"}, {"CITIZENSHIP": "kp"}],
    "ADDRESSES": [{"PLACE_OF_BIRTH": "Pyongyang"}],
    "IDENTIFIERS": [{"PASSPORT_NUMBER": "108123456", "PASSPORT_COUNTRY": "kp"}],
    "SOURCE_LINKS": [{"SOURCE_URL": "https://example.org/kim"}],
}


def test_senzing_organization_and_person(tmp_path: Path) -> None:
    path = tmp_path / "senzing.json"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (SENZING_ORG, SENZING_PERSON)),
        encoding="utf-8",
    )
    parsed = parse_senzing(path)
    org, person = parsed.entities
    assert org.schema is Schema.ORGANIZATION
    assert org.caption == "Mokran LLC"  # the PRIMARY name comes first
    assert org.names[1].kind is NameKind.ORIGINAL_SCRIPT
    assert org.identifiers == (
        Identifier("inn", "7811489970", None, "innCode"),
        Identifier("ogrn", "1117847000000", None, "ogrnCode"),
    )
    assert org.countries == ("RU",)
    assert org.addresses == (Address("Saint Petersburg"),)
    assert person.names[0].full == "Yong Chol Kim"
    assert (person.names[0].first, person.names[0].last) == ("Yong Chol", "Kim")
    assert person.gender == "male"
    assert person.birth_dates == (PartialDate(1961, 3, 5),)
    assert person.birth_places == ("Pyongyang",)
    assert (person.nationalities, person.citizenships) == (("KP",), ("KP",))
    assert person.identifiers == (Identifier("passport", "108123456", "KP", None),)
    assert person.source_url == "https://example.org/kim"
    assert person.remarks == "date of death: 2020"
    assert parsed.url is None  # a collection export names no single dataset


def test_senzing_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "senzing.json"
    no_id = {**SENZING_PERSON, "RECORD_ID": ""}
    path.write_text(json.dumps(SENZING_ORG) + "\n" + json.dumps(no_id) + "\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"line 2.*RECORD_ID"):
        parse_senzing(path)
    no_name = {**SENZING_PERSON, "NAMES": [{"NAME_TYPE": "PRIMARY"}]}
    path.write_text(json.dumps(no_name) + "\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"line 1.*no name"):
        parse_senzing(path)
    path.write_text(json.dumps({**SENZING_PERSON, "NAMES": "Kim"}) + "\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="NAMES is not a list"):
        parse_senzing(path)
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="not a JSON object"):
        parse_senzing(path)
