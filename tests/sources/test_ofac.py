"""OFAC SDN CSV set: the real 2021 files, remarks reading, and broken file sets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from laborscreen.errors import ListFormatError
from laborscreen.model import Entity, NameKind, PartialDate, Schema
from laborscreen.sources import ofac
from laborscreen.sources.ofac_remarks import identifier_type, make_identifier, parse_remarks

DATA = (Path(__file__).parents[2] / ".." / "shared" / "data" / "lists").resolve()
OFAC_DIR = DATA / "us_ofac"

needs_data = pytest.mark.skipif(
    not (OFAC_DIR / "sdn.csv").is_file(), reason=f"official OFAC files missing: {OFAC_DIR}"
)


@pytest.fixture(scope="module")
def real() -> dict[str, Entity]:
    if not (OFAC_DIR / "sdn.csv").is_file():
        pytest.skip(f"official OFAC files missing: {OFAC_DIR}")
    parsed = ofac.parse(OFAC_DIR)
    assert parsed.source == "us_ofac"
    assert parsed.url == "https://www.treasury.gov/ofac/downloads/sdn.csv"
    assert [Path(f).name for f in parsed.files] == [
        "sdn.csv",
        "alt.csv",
        "add.csv",
        "sdn_comments.csv",
    ]
    assert parsed.published is None
    return {e.id: e for e in parsed.entities}


@needs_data
def test_counts(real: dict[str, Entity]) -> None:
    assert len(real) == 8976
    schemas = [e.schema for e in real.values()]
    assert schemas.count(Schema.PERSON) == 4620
    assert schemas.count(Schema.VESSEL) == 406
    assert schemas.count(Schema.AIRPLANE) == 277
    assert schemas.count(Schema.ORGANIZATION) == 3673
    assert sum(any("DPRK" in p for p in e.programs) for e in real.values()) == 414


@needs_data
def test_kim_yong_chol(real: dict[str, Entity]) -> None:
    kim = real["us_ofac:12211"]
    assert kim.schema is Schema.PERSON
    primary = kim.names[0]
    assert (primary.full, primary.last, primary.first) == ("KIM, Yong Chol", "KIM", "Yong Chol")
    assert kim.birth_dates == (PartialDate(1947, circa=True), PartialDate(1946, circa=True))
    aliases = [n.full for n in kim.names if n.kind is NameKind.ALIAS]
    assert aliases == ["KIM, Yong-Chol", "KIM, Young-Chol", "KIM, Young-Cheol", "KIM, Young-Chul"]
    assert kim.birth_places == ("Pyongan-Pukto, North Korea",)
    assert kim.programs == ("DPRK",)
    assert kim.remarks and kim.remarks.startswith("DOB circa 1947; alt. DOB circa 1946")


@needs_data
def test_dprk_passport(real: dict[str, Entity]) -> None:
    hwang = real["us_ofac:18552"]
    assert hwang.caption == "HWANG, Su Man"
    assert [(i.type, i.value, i.country) for i in hwang.identifiers] == [
        ("passport", "472220033", "KP")
    ]
    assert hwang.birth_dates == (PartialDate(1955, 4, 6),)
    assert hwang.nationalities == ("KP",)


@needs_data
def test_vessel_with_imo(real: dict[str, Entity]) -> None:
    ship = real["us_ofac:17069"]
    assert ship.schema is Schema.VESSEL
    assert ship.caption == "CHONG CHON GANG"
    assert ("imo", "7937317") in [(i.type, i.value) for i in ship.identifiers]
    assert "KP" in ship.countries


@needs_data
def test_russian_labour_company_inn(real: dict[str, Entity]) -> None:
    mokran = real["us_ofac:30083"]
    assert {(i.type, i.value) for i in mokran.identifiers} >= {
        ("inn", "7811489970"),
        ("ogrn", "1117847131643"),
    }
    assert "OOO MOKRAN" in [n.full for n in mokran.names]


@needs_data
def test_remarks_continuation_appended(real: dict[str, Entity]) -> None:
    # sdn.csv stops at "PROMO RAI"; sdn_comments.csv continues with "Z S.A.S.; …"
    assert "Linked To: PROMO RAIZ S.A.S.; Linked To:" in (real["us_ofac:12300"].remarks or "")
    # the continuation of 28264 holds an identifier and weak aliases
    lazarus = real["us_ofac:28264"]
    assert ("national_id", "210302198701102136", "CN") in [
        (i.type, i.value, i.country) for i in lazarus.identifiers
    ]
    assert {"blackjack1987", "khaleesi"} <= {
        n.full for n in lazarus.names if n.kind is NameKind.WEAK_ALIAS
    }


@needs_data
def test_weak_alias_from_remarks(real: dict[str, Entity]) -> None:
    bank = real["us_ofac:306"]
    assert ("BNC", NameKind.WEAK_ALIAS) in [(n.full, n.kind) for n in bank.names]
    assert ("NATIONAL BANK OF CUBA", NameKind.ALIAS) in [(n.full, n.kind) for n in bank.names]


def test_parse_remarks_person() -> None:
    facts = parse_remarks(
        "DOB 04 Jun 1954; alt. DOB Jun 1955; alt. DOB 1960 to 1962; POB Pyongyang, North Korea; "
        "nationality Korea, North; alt. nationality Atlantis; citizen Russia; Gender Female; "
        "Passport 645120196 (Korea, North) issued 01 Jan 2010 expires 01 Jan 2015; "
        "National ID No. 1234567 (Korea, North); a.k.a. 'RI, Ok'; f.k.a. 'OLD NAME'; "
        "Website www.example.kp; Email Address x@example.kp; Linked To: KOREA X CORP.; "
        "Executive Order 13382 information."
    )
    assert facts.birth_dates == (
        PartialDate(1954, 6, 4),
        PartialDate(1955, 6),
        PartialDate(1960, year_to=1962),
    )
    assert facts.birth_places == ("Pyongyang, North Korea",)
    assert facts.nationalities == ("KP",)
    assert facts.unresolved_countries == ("Atlantis",)
    assert facts.citizenships == ("RU",)
    assert facts.gender == "female"
    passport, national = facts.identifiers
    assert (passport.type, passport.value, passport.country) == ("passport", "645120196", "KP")
    assert passport.note == "issued 01 Jan 2010 expires 01 Jan 2015"
    assert (national.type, national.value) == ("national_id", "1234567")
    assert facts.weak_aliases == ("RI, Ok",)
    assert facts.former_names == ("OLD NAME",)
    assert facts.websites == ("www.example.kp",)
    assert facts.emails == ("x@example.kp",)
    assert facts.linked_to == ("KOREA X CORP.",)
    assert facts.other == ("Executive Order 13382 information",)


def test_parse_remarks_ranges_and_companies() -> None:
    facts = parse_remarks(
        "DOB 01 Jan 1960 to 31 Dec 1962; DOB circa 01 Jan 1975; "
        "Vessel Registration Identification IMO 8898831; Identification Number IMO 6003121; "
        "Tax ID No. 7811489970 (Russia); Registration Number 1117847131643 (Russia); "
        "R.F.C. AUSB580307CR4 (Mexico); NIT # 830000855-1 (Colombia); "
        "Nationality of Registration Korea, North; DOB sometime"
    )
    assert facts.birth_dates == (PartialDate(1960, year_to=1962), PartialDate(1975, 1, 1, True))
    assert [(i.type, i.value, i.country) for i in facts.identifiers] == [
        ("imo", "8898831", None),
        ("imo", "6003121", None),
        ("inn", "7811489970", "RU"),
        ("ogrn", "1117847131643", "RU"),
        ("tax", "AUSB580307CR4", "MX"),
        ("tax", "830000855-1", "CO"),
    ]
    assert facts.countries == ("KP",)
    assert facts.other == ("DOB sometime",)


def test_identifier_vocabulary() -> None:
    assert identifier_type("Numéro de passeport ") == "passport"
    assert identifier_type("Número de pasaporte") == "passport"
    assert identifier_type("Паспорт") == "passport"
    assert identifier_type("ИНН") == "inn"
    assert identifier_type("ОГРН") == "ogrn"
    assert identifier_type("National Identification\n    Number") == "national_id"
    assert identifier_type("Tax Identification Number") == "tax"
    assert identifier_type("Ration card no.") == "other"
    assert identifier_type("favourite colour") is None
    # check digits decide INN/OGRN; a wrong digit keeps the generic type
    assert make_identifier("tax", "7811489970").type == "inn"
    assert make_identifier("tax", "7811489971").type == "tax"
    assert make_identifier("passport", "7811489970", "RU").type == "passport"
    assert make_identifier("national_id", "7811489970").type == "national_id"


def _copy_set(tmp_path: Path, sdn: str, alt: str | None = None) -> Path:
    (tmp_path / "sdn.csv").write_text(sdn, encoding="utf-8")
    if alt is not None:
        (tmp_path / "alt.csv").write_text(alt, encoding="utf-8")
    return tmp_path


SDN_ROW = (
    '12211,"KIM, Yong Chol","individual","DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB circa 1947."\r\n'
)


def test_minimal_set_without_optional_files(tmp_path: Path) -> None:
    parsed = ofac.parse(_copy_set(tmp_path, SDN_ROW + "\x1a"))
    assert [e.id for e in parsed.entities] == ["us_ofac:12211"]
    assert parsed.files == [str(tmp_path / "sdn.csv")]


def test_short_row_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError) as info:
        ofac.parse(_copy_set(tmp_path, SDN_ROW + '12212,"PAK, Chol","individual"\r\n'))
    assert info.value.path.endswith("sdn.csv")
    assert info.value.position == "line 2"


def test_orphan_alias_fails(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match=r"not in sdn\.csv") as info:
        ofac.parse(_copy_set(tmp_path, SDN_ROW, '99999,1,"aka","SOMEONE",-0- \r\n'))
    assert info.value.path.endswith("alt.csv")


def test_bad_alias_type_fails(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="bad alias row"):
        ofac.parse(_copy_set(tmp_path, SDN_ROW, '12211,1,"xyz","KIM, Y",-0- \r\n'))


def test_duplicate_ent_num_is_merged(tmp_path: Path) -> None:
    second = SDN_ROW.replace('"DOB circa 1947."', '"DOB 1950."')
    parsed = ofac.parse(_copy_set(tmp_path, SDN_ROW + second))
    (kim,) = parsed.entities
    assert kim.birth_dates == (PartialDate(1947, circa=True), PartialDate(1950))


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="no such file"):
        ofac.parse(tmp_path / "nowhere")


def test_real_files_copied(tmp_path: Path) -> None:
    if not (OFAC_DIR / "sdn.csv").is_file():
        pytest.skip(f"official OFAC files missing: {OFAC_DIR}")
    shutil.copy(OFAC_DIR / "sdn.csv", tmp_path / "sdn.csv")
    parsed = ofac.parse(tmp_path)
    kim = next(e for e in parsed.entities if e.id == "us_ofac:12211")
    assert [n.kind for n in kim.names] == [NameKind.PRIMARY]  # no alt.csv, no aliases
