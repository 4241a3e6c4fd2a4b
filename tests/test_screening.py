"""One screening pass: list matches, organisations named on rows, labour findings, summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from laborscreen.engine import Screener
from laborscreen.model import Entity, Identifier, Name, Schema
from laborscreen.roster import read_roster
from laborscreen.rules import load_rules
from laborscreen.screening import ScreenResult, screen_roster

# Mokran LLC as the OFAC SDN list records it (DPRK3, with its INN and OGRN).
MOKRAN = Entity(
    "us_ofac:30083", "us_ofac", Schema.ORGANIZATION, (Name("MOKRAN LLC"),),
    identifiers=(Identifier("inn", "7811489970", "RU"), Identifier("ogrn", "1117847131643", "RU")),
    programs=("DPRK3",),
)  # fmt: skip

ROSTER = """\
ФИО;Гражданство;Должность;Дата приема;Агентство;ИНН агентства;Объект
Пак Сон Ир;КНДР;Грузчик;07.04.2025;ООО «Мокран»;7811489970;Склад 2
Хан Ён Чхоль;КНДР;Грузчик;08.04.2025;ООО «Мокран»;7811489970;Склад 2
Иванов Сергей;Россия;Кладовщик;01.02.2025;;;Склад 2
"""


@pytest.fixture
def result(tmp_path: Path) -> ScreenResult:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return screen_roster(read_roster(path), Screener([MOKRAN]), rules=load_rules())


def test_rows_carry_findings_in_the_documented_shape(result: ScreenResult) -> None:
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    first = data["rows"][0]
    assert set(first) == {"row", "input", "schema", "matches", "findings", "problems"}
    finding = first["findings"][0]
    assert {"rule_id", "pack", "severity", "status", "legal_basis", "evidence"} <= set(finding)
    assert finding["rule_id"] == "un_dprk_labour.dprk_national_earning_income"
    assert finding["pack"] == "un_dprk_labour"
    assert finding["severity"] == "critical"
    assert finding["status"] == "hit"
    assert finding["legal_basis"][0] == {
        "instrument": "UN Security Council resolution 2397 (2017)",
        "paragraph": "OP8 (repatriation of all DPRK nationals earning income, by 22 December 2019)",
        "url": "https://undocs.org/S/RES/2397(2017)",
    }
    assert finding["evidence"]["citizenship"] == "КНДР"
    assert data["rows"][2]["findings"] == []  # the Russian citizen


def test_roster_findings_name_rows_and_the_shared_value(result: ScreenResult) -> None:
    data = result.to_dict()
    by_rule = {f["rule_id"]: f for f in data["roster_findings"]}
    agency = by_rule["red_flags.labour_export_company"]
    assert {"rule_id", "pack", "severity", "rows", "shared_value"} <= set(agency)
    assert agency["rows"] == [1, 2]
    assert agency["shared_value"] == "agency: ООО «Мокран»"
    assert agency["status"] == "hit"
    assert by_rule["us_caatsa.s321_goods_presumption"]["shared_value"] == "site: Склад 2"


def test_organisations_are_screened_once_with_their_inn(result: ScreenResult) -> None:
    [agency] = result.to_dict()["organisations"]
    assert agency["role"] == "agency"
    assert agency["rows"] == [1, 2]
    assert agency["identifiers"] == [{"type": "inn", "value": "7811489970"}]
    assert [m["entity_id"] for m in agency["matches"]] == ["us_ofac:30083"]


def test_summary_counts_findings(result: ScreenResult) -> None:
    summary = result.summary()
    assert summary["rule_packs"] == ["un_dprk_labour", "us_caatsa", "ru_115fz", "red_flags"]
    assert summary["organisations"] == 1
    assert summary["organisations_with_matches"] == 1
    counts = summary["findings"]
    assert counts["rows_with_hits"] == 2
    assert counts["by_rule"]["un_dprk_labour.dprk_national_earning_income"] == {
        "hit": 2,
        "not_assessable": 0,
    }
    record_hits = sum(f.status.value == "hit" for row in result.rows for f in row.findings)
    assert counts["hits"] == record_hits
    roster_hits = [f for f in result.roster_findings if f.status.value == "hit"]
    assert counts["roster_hits"] == len(roster_hits)
    assert counts["roster_not_assessable"] == len(result.roster_findings) - len(roster_hits)
    assert counts["by_severity"]["critical"] >= 2


def test_without_rules_only_the_lists_are_screened(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    plain = screen_roster(read_roster(path), Screener([MOKRAN]))
    data = plain.to_dict()
    assert all(row["findings"] == [] for row in data["rows"])
    assert data["roster_findings"] == []
    assert data["summary"]["rule_packs"] == []
    assert len(data["organisations"]) == 1  # organisations are list screening


SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seed" / "000_c74d9c634c7eee8c.txt"


def test_organisations_carry_their_adverse_media(tmp_path: Path) -> None:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    from laborscreen.media.ingest import ingest
    from laborscreen.media.known import load_known
    from laborscreen.media.linking import Linker
    from laborscreen.media.store import MediaStore
    from laborscreen.screening import attach_adverse_media

    with MediaStore(tmp_path / "media.db") as media:
        ingest([str(SEED)], media, Linker(load_known()))
    path = tmp_path / "roster.csv"
    path.write_text(
        "ФИО;Гражданство;Работодатель\nИванов Сергей;Россия;ООО «Вайлдберриз»\n", encoding="utf-8"
    )
    result = screen_roster(read_roster(path), Screener([MOKRAN]))
    attach_adverse_media(result, tmp_path / "media.db")
    (employer,) = result.to_dict()["organisations"]
    chains = {tuple(c["attribution_chain"]): c["origin_located"] for c in employer["adverse_media"]}
    assert chains[("The Moscow Times", "RTVI", "unidentified Telegram channels")] is False
    assert chains[("The Moscow Times", "Moskva", "Wildberries press service")] is True


def test_no_media_store_adds_nothing_and_creates_nothing(tmp_path: Path) -> None:
    from laborscreen.screening import attach_adverse_media

    path = tmp_path / "roster.csv"
    path.write_text("ФИО;Работодатель\nИванов Сергей;ООО «Вайлдберриз»\n", encoding="utf-8")
    result = screen_roster(read_roster(path), Screener([MOKRAN]))
    attach_adverse_media(result, tmp_path / "media.db")
    assert result.to_dict()["organisations"][0]["adverse_media"] == []
    assert not (tmp_path / "media.db").exists()
