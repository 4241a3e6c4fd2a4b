"""Screening against the real lists: the facts a compliance officer relies on."""

from __future__ import annotations

import pytest

from laborscreen.dates import parse_date
from laborscreen.engine import Screener
from laborscreen.model import Identifier, Schema
from laborscreen.scoring import DEFAULT_THRESHOLD, Query

pytestmark = pytest.mark.slow


def _ids(screener: Screener, query: Query) -> list[str]:
    return [m.entity_id for m in screener.match(query, DEFAULT_THRESHOLD)]


def test_cyrillic_clerk_rendering_finds_un_and_ofac_entries(real_screener: Screener) -> None:
    query = Query(("Ра Кён Су",), birth_date=parse_date("04.06.1954"))
    ids = _ids(real_screener, query)
    assert "un:KPi.008" in ids and "us_ofac:15656" in ids


def test_explanation_names_the_alias_and_the_date(real_screener: Screener) -> None:
    query = Query(("Чан Мён Хо",), birth_date=parse_date("1954-06-04"))
    match = real_screener.match(query, DEFAULT_THRESHOLD)[0]
    assert match.entity_id in ("un:KPi.008", "us_ofac:15656")
    data = match.to_dict()["explanation"]
    assert data["name"]["kind"] == "alias"
    assert data["features"][0]["name"] == "birth_date" and data["features"][0]["delta"] > 0


def test_clearly_different_birth_date_is_no_alert(real_screener: Screener) -> None:
    query = Query(("Ра Кён Су",), birth_date=parse_date("12.03.1988"))
    assert _ids(real_screener, query) == []


def test_circa_birth_year_supports_ofac_entry(real_screener: Screener) -> None:
    ids = _ids(real_screener, Query(("Ким Ён Чоль",), birth_date=parse_date("1946")))
    assert "us_ofac:12211" in ids


def test_passport_number_is_strong_evidence(real_screener: Screener) -> None:
    query = Query(("R. K. Su",), identifiers=(Identifier("passport", "645120196"),))
    assert _ids(real_screener, query)[0] == "un:KPi.008"


def test_koryo_saram_is_not_a_dprk_listed_person(real_screener: Screener) -> None:
    query = Query(
        ("Ким Сергей Владимирович",), birth_date=parse_date("1985"), nationalities=("RU",)
    )
    assert _ids(real_screener, query) == []


def test_labour_export_company_in_russian(real_screener: Screener) -> None:
    query = Query(("ООО «Мокран»",), schema=Schema.ORGANIZATION)
    assert _ids(real_screener, query)[0] == "us_ofac:30083"
    query = Query(("Mansudae Overseas Project Group Co., Ltd",), schema=Schema.ORGANIZATION)
    assert "un:KPe.050" in _ids(real_screener, query)


def test_company_name_written_in_russian_by_ear(real_screener: Screener) -> None:
    # MINISTRY OF STATE SECURITY and KOREA NATIONAL INSURANCE CORPORATION
    query = Query(("Министри оф Стейт Секьюрити",), schema=Schema.ORGANIZATION)
    assert _ids(real_screener, query)[0] == "us_ofac:20129"
    query = Query(("Корея Нэшнл Иншуранс Корпорейшн",), schema=Schema.ORGANIZATION)
    assert "us_ofac:20573" in _ids(real_screener, query)


def test_inn_finds_the_company_whatever_its_name(real_screener: Screener) -> None:
    query = Query(
        ("ООО Ромашка",), Schema.ORGANIZATION, identifiers=(Identifier("inn", "7811489970"),)
    )
    assert _ids(real_screener, query)[0] == "us_ofac:30083"


def test_persons_never_match_organisations(real_screener: Screener) -> None:
    query = Query(("Mokran",), schema=Schema.PERSON)
    assert all(m.schema == "Person" for m in real_screener.match(query))
