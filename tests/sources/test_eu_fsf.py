"""EU FSF XML parser, on a hand-written fixture in the schema 1.1 shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborscreen.errors import ListFormatError
from laborscreen.model import Identifier, NameKind, ParsedList, PartialDate, Schema
from laborscreen.sources import eu_fsf
from laborscreen.sources.base import script_of, sha256_files

FIXTURE = Path(__file__).parents[1] / "fixtures" / "lists" / "eu_fsf_sample.xml"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return eu_fsf.parse(FIXTURE)


def test_metadata(parsed: ParsedList) -> None:
    assert parsed.source == "eu_fsf"
    assert parsed.published == "2025-03-14T17:02:11.512+01:00"
    assert parsed.files == [str(FIXTURE)]
    assert parsed.checksum == sha256_files([FIXTURE])
    assert parsed.url is not None and "token" not in parsed.url
    assert [e.id for e in parsed.entities] == ["eu_fsf:90011", "eu_fsf:90022", "eu_fsf:90033"]


def test_dprk_person_names_across_scripts(parsed: ParsedList) -> None:
    pak = parsed.entities[0]
    assert pak.schema is Schema.PERSON
    assert pak.caption == "PAK Chol Su"
    kinds = {n.full: (n.kind, n.script) for n in pak.names}
    assert kinds == {
        "PAK Chol Su": (NameKind.PRIMARY, None),
        "Pak Ch'ol-su": (NameKind.ALIAS, None),
        "박철수": (NameKind.ORIGINAL_SCRIPT, "Hang"),
        "Bak Cheol-Su": (NameKind.WEAK_ALIAS, None),
        "Пак Чхоль Су": (NameKind.ORIGINAL_SCRIPT, "Cyrl"),
    }
    primary = pak.names[0]
    assert (primary.first, primary.last, primary.middle) == ("Chol Su", "Pak", None)


def test_dprk_person_details(parsed: ParsedList) -> None:
    pak = parsed.entities[0]
    assert pak.nationalities == ("KP",)
    assert pak.birth_dates == (PartialDate(1964, circa=True),)
    assert pak.birth_places == ("Pyongyang, NORTH KOREA",)
    assert pak.gender == "male"
    assert pak.identifiers == (Identifier("passport", "563410012", "KP", "National passport"),)
    assert pak.addresses[0].country == "RU"
    assert "Vladivostok" in pak.addresses[0].text
    assert set(pak.countries) == {"KP", "RU"}
    assert pak.programs == ("PRK",)
    assert pak.listed_on == "2017-08-10"
    assert pak.source_url is not None and "32017R1430" in pak.source_url
    assert pak.remarks is not None
    assert "UN reference: KPi.901" in pak.remarks
    assert "function: Representative" in pak.remarks


def test_enterprise(parsed: ParsedList) -> None:
    company = parsed.entities[1]
    assert company.schema is Schema.ORGANIZATION
    assert company.caption == "Example Overseas Construction Corporation"
    # a remark saying "Low quality" demotes a strong alias to a weak one
    assert [n.kind for n in company.names] == [NameKind.PRIMARY, NameKind.WEAK_ALIAS]
    assert company.identifiers[0].type == "registration"
    assert company.identifiers[0].key == "1027700000017"
    assert company.gender is None
    assert company.nationalities == ()


def test_exact_and_range_birth_dates(parsed: ParsedList) -> None:
    person = parsed.entities[2]
    assert person.birth_dates == (PartialDate(1970, 5, 4), PartialDate(1971, year_to=1972))
    assert person.birth_places == ()  # "UNKNOWN" is no place
    assert person.listed_on == "2022-02-25"
    assert person.identifiers[0].type == "tax"
    cyrillic = [n for n in person.names if n.script == "Cyrl"]
    assert cyrillic[0].last == "Примеров"


def _write(tmp_path: Path, body: str, name: str = "list.xml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


NS = 'xmlns="http://eu.europa.ec/fpi/fsd/export"'


def test_refuses_doctype_and_entities(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        f'<export {NS}><sanctionEntity logicalId="1"><subjectType code="person"/>'
        '<nameAlias wholeName="&b;"/></sanctionEntity></export>'
    )
    with pytest.raises(ListFormatError, match="unsafe XML"):
        eu_fsf.parse(_write(tmp_path, bomb))


def test_refuses_external_entity(tmp_path: Path) -> None:
    xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f"<export {NS}><sanctionEntity>&x;</sanctionEntity></export>"
    )
    with pytest.raises(ListFormatError, match="unsafe XML"):
        eu_fsf.parse(_write(tmp_path, xxe))


def test_malformed_xml_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path, f"<export {NS}>\n<sanctionEntity logicalId='1'>\n</export>")
    with pytest.raises(ListFormatError, match="line 3") as info:
        eu_fsf.parse(path)
    assert str(path) in str(info.value)


def test_entity_without_name_names_logical_id(tmp_path: Path) -> None:
    body = (
        f'<export {NS}><sanctionEntity logicalId="4242"><subjectType code="person"/>'
        '<nameAlias wholeName="" strong="true"/></sanctionEntity></export>'
    )
    with pytest.raises(ListFormatError, match="logicalId=4242"):
        eu_fsf.parse(_write(tmp_path, body))


def test_unknown_subject_type_fails(tmp_path: Path) -> None:
    body = (
        f'<export {NS}><sanctionEntity logicalId="7"><subjectType code="spaceship"/>'
        '<nameAlias wholeName="X"/></sanctionEntity></export>'
    )
    with pytest.raises(ListFormatError, match="spaceship"):
        eu_fsf.parse(_write(tmp_path, body))


def test_missing_logical_id_fails(tmp_path: Path) -> None:
    body = (
        f'<export {NS}><sanctionEntity><subjectType code="person"/>'
        '<nameAlias wholeName="X"/></sanctionEntity></export>'
    )
    with pytest.raises(ListFormatError, match="sanctionEntity #1"):
        eu_fsf.parse(_write(tmp_path, body))


def test_wrong_root_fails(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="not <export>"):
        eu_fsf.parse(_write(tmp_path, "<sanctions/>"))


def test_missing_file_fails(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="no such file"):
        eu_fsf.parse(tmp_path / "absent.xml")


def test_script_detection() -> None:
    assert script_of("Kim Jong Un") is None
    assert script_of("Kim Chŏng-ŭn") is None
    assert script_of("김정은") == "Hang"
    assert script_of("Ким Чен Ын") == "Cyrl"
    assert script_of("金正恩") == "Hani"
