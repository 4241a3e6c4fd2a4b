"""UN consolidated list parser: the real file (2026-02-27) and hostile/invented fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborscreen.errors import ListFormatError
from laborscreen.model import Entity, NameKind, PartialDate, Schema
from laborscreen.sources import un

DATA = (Path(__file__).parents[2] / ".." / "shared" / "data" / "lists").resolve()
UN_XML = DATA / "un" / "consolidated.xml"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"

needs_data = pytest.mark.skipif(not UN_XML.is_file(), reason=f"official UN file missing: {UN_XML}")


@pytest.fixture(scope="module")
def real() -> dict[str, Entity]:
    if not UN_XML.is_file():
        pytest.skip(f"official UN file missing: {UN_XML}")
    parsed = un.parse(UN_XML)
    assert parsed.source == "un"
    assert parsed.published == "2026-02-27T00:00:09.554Z"
    assert parsed.url == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    assert parsed.files == [str(UN_XML)]
    assert len(parsed.checksum) == 64
    return {e.id: e for e in parsed.entities}


@needs_data
def test_counts(real: dict[str, Entity]) -> None:
    schemas = [e.schema for e in real.values()]
    assert schemas.count(Schema.PERSON) == 730
    assert schemas.count(Schema.ORGANIZATION) == 273
    assert sum("DPRK" in e.programs for e in real.values()) == 155


@needs_data
def test_ra_kyong_su(real: dict[str, Entity]) -> None:
    ra = real["un:KPi.008"]
    primary = ra.names[0]
    assert (primary.full, primary.kind) == ("RA KY'ONG-SU", NameKind.PRIMARY)
    assert (primary.last, primary.first) == ("RA", "KY'ONG-SU")  # Korean order
    aliases = [n.full for n in ra.names if n.kind is NameKind.ALIAS]
    assert len(aliases) == 5
    assert "Ra Kyung-Su" in aliases and "Ra Kyong-Su" in aliases
    # the same passport is listed in French, Spanish and English: once here
    assert [(i.type, i.value, i.country) for i in ra.identifiers] == [
        ("passport", "645120196", "KP")
    ]
    assert ra.birth_dates == (PartialDate(1954, 6, 4),)
    assert ra.nationalities == ("KP",)
    assert ra.listed_on == "2013-01-22"
    assert ra.remarks and "Tanchon Commercial Bank" in ra.remarks


@needs_data
def test_mansudae(real: dict[str, Entity]) -> None:
    mansudae = real["un:KPe.050"]
    assert mansudae.schema is Schema.ORGANIZATION
    assert mansudae.caption.lower() == "mansudae overseas project group of companies"
    assert mansudae.programs == ("DPRK",)
    assert "KP" in mansudae.countries


@needs_data
def test_ids_unique_and_well_formed(real: dict[str, Entity]) -> None:
    for entity_id, entity in real.items():
        assert entity_id.startswith("un:")
        assert entity.names and entity.names[0].kind is NameKind.PRIMARY
        assert all(len(code) == 2 for code in entity.all_countries)


@needs_data
def test_semicolon_aliases_are_split(real: dict[str, Entity]) -> None:
    names = {n.full for e in real.values() for n in e.names}
    assert not any(";" in name for name in names)
    assert "Qasem Sulaimani" in names


def test_small_fixture() -> None:
    parsed = un.parse(FIXTURES / "un_small.xml")
    by_id = {e.id: e for e in parsed.entities}
    hong = by_id["un:KPi.901"]
    assert hong.gender == "male"
    kinds = {n.full: n.kind for n in hong.names}
    assert kinds["홍길동"] is NameKind.ORIGINAL_SCRIPT
    assert hong.names[1].script == "Hang"
    assert kinds["Hong Kil Tong"] is kinds["Hong Gil Dong"] is NameKind.WEAK_ALIAS
    assert kinds["Hong Old"] is NameKind.FORMER
    assert kinds["Khon Kil Ton"] is NameKind.ALIAS
    assert hong.birth_dates == (
        PartialDate(1960, circa=True, year_to=1962),
        PartialDate(1963, circa=True),
    )
    assert hong.nationalities == ("KP",)
    assert "Nationality: Atlantis" in (hong.remarks or "")
    assert "30-35 years old" in (hong.remarks or "")
    assert [(i.type, i.value) for i in hong.identifiers] == [
        ("passport", "927123456"),
        ("other", "0012345"),
        ("national_id", "W334061"),
    ]
    assert hong.addresses[0].country == "RU"
    doe = by_id["un:QDi.901"].names[0]
    assert (doe.first, doe.middle, doe.last) == ("JOHN", "PAUL", "DOE")
    assert by_id["un:KPe.901"].schema is Schema.ORGANIZATION


def test_split_alias() -> None:
    assert un.split_alias("A B; C D") == ["A B", "C D"]
    assert un.split_alias("Mohammed Sabet; Mohammad Sabet b) M. Javad Sabet") == [
        "Mohammed Sabet",
        "Mohammad Sabet",
        "M. Javad Sabet",
    ]
    assert un.split_alias("X (HTS) (هيئة (original script); Y; Z)") == ["X (HTS)", "هيئة", "Y", "Z"]
    assert un.split_alias("Kim (Jr.)") == ["Kim (Jr.)"]


def test_billion_laughs_refused() -> None:
    with pytest.raises(ListFormatError, match=r"un_billion_laughs\.xml.*unsafe"):
        un.parse(FIXTURES / "un_billion_laughs.xml")


def test_malformed_xml_names_file_and_line() -> None:
    with pytest.raises(ListFormatError) as info:
        un.parse(FIXTURES / "un_malformed.xml")
    assert info.value.path.endswith("un_malformed.xml")
    assert info.value.position is not None and "line 6" in info.value.position


def test_record_without_reference_fails_whole_file() -> None:
    with pytest.raises(ListFormatError) as info:
        un.parse(FIXTURES / "un_no_reference.xml")
    assert info.value.position == "INDIVIDUAL #2"


def test_missing_file() -> None:
    with pytest.raises(ListFormatError, match="no such file"):
        un.parse(FIXTURES / "does_not_exist.xml")
