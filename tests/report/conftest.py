"""Fixtures of the report tests: screening results in the shape of ``laborscreen screen --out``
(synthetic people), with and without labour-rule findings, and data homes with lists loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from laborscreen.cli import main

SHARED_LISTS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lists").resolve()

UN_2397 = {
    "instrument": "UNSCR 2397 (2017)",
    "paragraph": "OP8",
    "url": "https://undocs.org/S/RES/2397(2017)",
}
RU_115FZ = {
    "instrument": "Federal Law 115-FZ",
    "paragraph": "art. 13 p.4 sub-p.7.1",
    "url": "http://pravo.gov.ru/proxy/ips/?docbody=&nd=102077954",
}
ADVISORY = {
    "instrument": "US advisory of 23 July 2018",
    "paragraph": "red flags: wages paid to a third party",
    "url": "https://home.treasury.gov/system/files/126/dprk_supplychain_advisory_07232018.pdf",
}

HOSTILE_NAME = "<script>alert('name')</script> Пак"


def _match(entity_id: str, caption: str, query: str, score: float) -> dict[str, Any]:
    return {
        "entity_id": entity_id,
        "caption": caption,
        "schema": "Person",
        "score": score,
        "explanation": {
            "summary": f"name {query!r} ~ {caption!r}: 1.00; same birth date 1954-06-04 (+0.10)",
            "name": {
                "query": query,
                "matched": "Ra Kyung-Su",
                "kind": "alias",
                "score": 1.0,
                "method": "korean",
                "pairs": [
                    {"query": "ra", "list": "ra", "similarity": 1.0},
                    {"query": "kyon su", "list": "kyung su", "similarity": 0.93},
                ],
                "unmatched_query": [],
                "unmatched_list": [],
            },
            "features": [
                {"name": "birth_date", "delta": 0.1, "detail": "same birth date 1954-06-04"},
                {"name": "nationality", "delta": 0.05, "detail": "same country KP"},
            ],
        },
    }


def _row(number: int, matches: list[Any] | None = None, **fields: str) -> dict[str, Any]:
    return {
        "row": number,
        "input": {"employee_id": f"SYNTH-{number:05d}", **fields},
        "schema": "Person",
        "matches": matches or [],
        "problems": [],
    }


def _finding(
    rule_id: str,
    severity: str,
    legal: dict[str, str],
    evidence: dict[str, Any],
    status: str = "hit",
    pack: str = "un_dprk",
    missing: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A row finding as the rule engine writes it: ``legal_basis`` is a list of citations."""
    return {
        "rule_id": rule_id,
        "pack": pack,
        "severity": severity,
        "status": status,
        "legal_basis": [dict(legal)],
        "evidence": dict(evidence),
        "missing": missing or {},
        "title": f"Synthetic rule {rule_id}",
        "jurisdiction": "UN" if pack == "un_dprk" else "RU",
        "explanation": f"Explanation of {rule_id} for this row.",
    }


def _result_without_findings() -> dict[str, Any]:
    rows = [
        _row(
            1,
            [_match("un:KPi.008", "RA KY'ONG-SU", "Ра Кён Су", 1.0)],
            name="Ра Кён Су",
            birth_date="04.06.1954",
            citizenship="КНДР",
            visa_purpose="учеба",
            site="Склад Электросталь",
            agency="ООО «Кадры Синтетик»",
            payee="ИП Синтетик",
            address="г. Электросталь, ул. Синтетическая, 1",
        ),
        _row(
            2,
            name="Ли Сон Ми",
            citizenship="North Korea",
            visa_purpose="Учеба",
            site="Склад Электросталь",
            agency="ООО «Кадры Синтетик»",
            payee="ИП Синтетик",
            address="г. Электросталь, ул. Синтетическая, 1",
        ),
        _row(
            3,
            name="Ким Ён Хо",
            citizenship="КНДР",
            visa_purpose="туризм",
            site="Склад Подольск",
            agency="ООО «Кадры Синтетик»",
            payee="ИП Синтетик",
        ),
        _row(
            4,
            name=HOSTILE_NAME,
            citizenship="Россия",
            site="Склад Подольск",
            agency="<b>ООО Жирный</b>",
        ),
        _row(
            5,
            name="Иванов Пётр Сергеевич",
            citizenship="Российская Федерация",
            site="Склад Подольск",
        ),
        _row(6, name="Холов Парвиз", citizenship="Tajikistan", visa_purpose="работа"),
        _row(7, name="Korea Person", citizenship="Korea"),
    ]
    rows[4]["problems"] = [
        {
            "file": "roster.csv",
            "row": 5,
            "field": "birth_date",
            "message": "unreadable birth date",
            "value": "31.02.1988",
        }
    ]
    return {
        "rows": rows,
        "summary": {
            "file": "roster.csv",
            "rows": 7,
            "rows_with_matches": 1,
            "matches": 1,
            "distinct_entities": 1,
            "problems": 2,
            "threshold": 0.7,
        },
        "problems": [
            {
                "file": "roster.csv",
                "row": 8,
                "field": "name",
                "message": "empty name",
                "value": None,
            }
        ],
    }


def _organisations() -> list[dict[str, Any]]:
    """The organisations the rows name, as ``laborscreen screen`` screens them."""
    mokran = _match("us_ofac:30083", "MOKRAN LLC", "<b>ООО Жирный</b>", 0.9)
    mokran["schema"] = "Organization"
    mokran["explanation"]["features"] = [
        {"name": "identifier", "delta": 0.3, "detail": "inn 7811489970 matches the record's inn"}
    ]
    return [
        {
            "role": "agency",
            "name": "ООО «Кадры Синтетик»",
            "schema": "Organization",
            "identifiers": [],
            "rows": [1, 2, 3],
            "matches": [],
        },
        {
            "role": "agency",
            "name": "<b>ООО Жирный</b>",
            "schema": "Organization",
            "identifiers": [{"type": "inn", "value": "7811489970"}],
            "rows": [4],
            "matches": [mokran],
        },
        {
            "role": "payee",
            "name": "ИП Синтетик",
            "schema": "Organization",
            "identifiers": [],
            "rows": [1, 2, 3],
            "matches": [],
        },
    ]


def _result_with_findings() -> dict[str, Any]:
    result = _result_without_findings()
    result["summary"]["rule_packs"] = ["un_dprk", "ru_115fz", "red_flags"]
    result["organisations"] = _organisations()
    rows = result["rows"]
    for row in rows:
        row["findings"] = []
    national = "UN-DPRK-NATIONAL-WORK"
    rows[0]["findings"] = [
        _finding(
            national,
            "critical",
            UN_2397,
            {"citizenship": "КНДР", "job_title": "Грузчик", "paid_work": True},
        ),
        _finding(
            "RU-STUDENT-WORK",
            "medium",
            RU_115FZ,
            {"visa_purpose": "учеба"},
            status="not_assessable",
            pack="ru_115fz",
            missing={"study_mode": "no column for the form of study"},
        ),
    ]
    rows[1]["findings"] = [
        _finding(national, "critical", UN_2397, {"citizenship": "North Korea"}),
    ]
    rows[2]["findings"] = [
        _finding(national, "critical", UN_2397, {"citizenship": "КНДР"}),
        _finding(
            "VISA-PURPOSE-TOURISM",
            "high",
            {**UN_2397, "url": "javascript:alert('url')"},
            {"visa_purpose": "<img src=x onerror=alert('evidence')>"},
            pack="red_flags",
        ),
    ]
    result["roster_findings"] = [
        {
            "rule_id": "SHARED-PAYEE",
            "pack": "red_flags",
            "severity": "high",
            "status": "hit",
            "rows": [1, 2, 3],
            "shared_value": "ИП Синтетик",
            "shared": {"payee": "ИП Синтетик"},
            "legal_basis": [dict(ADVISORY), dict(UN_2397)],
            "evidence": {"workers": 3, "citizenship_codes": ["KP"]},
            "missing": {},
            "title": "One payee for many workers",
            "explanation": "Three workers' wages go to one payee.",
        },
        {
            "rule_id": "SHARED-ADDRESS",
            "pack": "red_flags",
            "severity": "medium",
            "rows": [1, 2, 4],
            "shared_value": "г. Электросталь, ул. Синтетическая, 1",
            # the brief form: one citation as a mapping, no status (a hit)
            "legal_basis": {"instrument": "OFAC designation of a lodging facility"},
        },
    ]
    return result


@pytest.fixture
def plain_result() -> dict[str, Any]:
    """A screening result from a run without rule packs: no ``findings`` key anywhere."""
    return _result_without_findings()


@pytest.fixture
def unruled_result() -> dict[str, Any]:
    """A result as ``laborscreen screen`` writes it without rule packs: empty finding keys."""
    result = _result_without_findings()
    for row in result["rows"]:
        row["findings"] = []
    result["roster_findings"] = []
    result["organisations"] = _organisations()
    result["summary"]["rule_packs"] = []
    return result


@pytest.fixture
def ruled_result() -> dict[str, Any]:
    """A screening result with row findings and roster findings."""
    return _result_with_findings()


@pytest.fixture
def list_versions() -> list[dict[str, Any]]:
    """List versions as ``ListVersion.to_dict`` gives them."""
    return [
        {
            "id": 2,
            "source": "un",
            "published": "2026-02-27T00:00:09.554Z",
            "imported_at": "2026-03-01T10:00:00+00:00",
            "checksum": "a" * 64,
            "entity_count": 1003,
        },
        {
            "id": 4,
            "source": "us_ofac",
            "published": None,
            "imported_at": "2026-03-01T10:00:01+00:00",
            "checksum": "b" * 64,
            "entity_count": 8976,
        },
    ]


_UN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09Z"><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>RA</FIRST_NAME><SECOND_NAME>KY'ONG-SU</SECOND_NAME>
<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.008</REFERENCE_NUMBER>
<LISTED_ON>2013-01-22</LISTED_ON><GENDER>Male</GENDER>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ra Kyung-Su</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1954-06-04</DATE>
</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL></INDIVIDUALS><ENTITIES>
<ENTITY><DATAID>2</DATAID><FIRST_NAME>MANSUDAE OVERSEAS PROJECT GROUP OF COMPANIES</FIRST_NAME>
<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.050</REFERENCE_NUMBER></ENTITY>
</ENTITIES></CONSOLIDATED_LIST>"""


@pytest.fixture
def small_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A LABORSCREEN_HOME holding a two-entry excerpt of the UN list's layout."""
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path / "home"))
    source = tmp_path / "lists" / "un" / "consolidated.xml"
    source.parent.mkdir(parents=True)
    source.write_text(_UN_XML, encoding="utf-8")
    result = CliRunner().invoke(main, ["lists", "import", str(source)])
    assert result.exit_code == 0, result.output
    return tmp_path


@pytest.fixture
def full_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A LABORSCREEN_HOME with the official UN and OFAC lists imported (slow)."""
    if not SHARED_LISTS.is_dir():
        pytest.skip(f"official list files not found at {SHARED_LISTS}")
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path / "home"))
    for source in ("un", "us_ofac"):
        result = CliRunner().invoke(main, ["lists", "import", str(SHARED_LISTS / source)])
        assert result.exit_code == 0, result.output
    return tmp_path
