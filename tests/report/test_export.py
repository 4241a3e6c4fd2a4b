"""write_report: the HTML with its tables as CSV (long form) and JSON beside it."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from laborscreen.report import report_conflict, report_paths, write_report

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_three_files_with_one_stem(tmp_path: Path, ruled_result: dict[str, Any]) -> None:
    written = write_report(ruled_result, tmp_path / "out" / "report.html", generated=WHEN)
    assert [p.name for p in written] == ["report.html", "report.csv", "report.json"]
    assert all(p.is_file() for p in written)
    assert written[1].read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for spreadsheets


def test_csv_holds_the_summary_tables_in_long_form(
    tmp_path: Path, ruled_result: dict[str, Any]
) -> None:
    _, csv_path, _ = write_report(ruled_result, tmp_path / "report.html", generated=WHEN)
    lines = read_csv(csv_path)
    assert list(lines[0]) == ["table", "key", "measure", "value"]
    found = {(r["table"], r["key"], r["measure"]): r["value"] for r in lines}
    assert found[("totals", "", "rows")] == "7"
    assert found[("severity", "critical", "hits")] == "3"
    assert found[("rule", "UN-DPRK-NATIONAL-WORK", "hits")] == "3"
    assert found[("rule", "UN-DPRK-NATIONAL-WORK", "legal_basis")] == "UNSCR 2397 (2017), OP8"
    assert found[("rule", "SHARED-PAYEE", "legal_basis")] == (
        "US advisory of 23 July 2018, red flags: wages paid to a third party; "
        "UNSCR 2397 (2017), OP8"
    )
    assert found[("rule", "RU-STUDENT-WORK", "not_assessable")] == "1"
    assert found[("site", "Склад Электросталь", "critical")] == "2"
    assert found[("agency", "ООО «Кадры Синтетик»", "rows")] == "3"
    assert found[("nationality_visa", "KP · КНДР", "учеба")] == "2"
    assert {r["table"] for r in lines} == {
        "totals",
        "severity",
        "rule",
        "site",
        "agency",
        "nationality_visa",
    }


def test_csv_without_rules_has_no_rule_tables(tmp_path: Path, plain_result: dict[str, Any]) -> None:
    _, csv_path, _ = write_report(plain_result, tmp_path / "report.html")
    tables = {r["table"] for r in read_csv(csv_path)}
    assert "rule" not in tables and "severity" not in tables
    assert "site" in tables


def test_json_holds_the_whole_report(
    tmp_path: Path, ruled_result: dict[str, Any], list_versions: list[dict[str, Any]]
) -> None:
    _, _, json_path = write_report(ruled_result, tmp_path / "r.html", list_versions, WHEN)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["file"] == "roster.csv" and data["generated"] == "2026-03-02 09:30 UTC"
    assert data["lists"][0] == {
        "source": "un",
        "version": "2",
        "published": "2026-02-27",
        "imported": "2026-03-01 10:00",
        "entries": 1003,
    }
    assert data["severity"]["critical"] == 3
    finding = data["findings"][0]
    assert finding["evidence"] == {
        "citizenship": "КНДР",
        "job_title": "Грузчик",
        "paid_work": "true",
    }
    assert finding["legal"][0]["instrument"] == "UNSCR 2397 (2017)"
    assert finding["legal"][0]["citation"] == "UNSCR 2397 (2017), OP8"
    assert finding["legal"][0]["link"] == "https://undocs.org/S/RES/2397(2017)"
    assert data["roster_findings"][0]["rows"] == [1, 2, 3]
    match = data["matches"][0]
    assert match["entity_id"] == "un:KPi.008"
    assert match["pairs"][1] == {"query": "kyon su", "list": "kyung su", "similarity": 0.93}
    assert match["features"][0]["delta"] == 0.1
    assert data["sites"][0]["key"] == "Склад Электросталь"
    cells = {(c["nationality"], c["visa_purpose"]): c for c in data["nationality_visa"]["cells"]}
    assert cells[("KP · КНДР", "учеба")] == {
        "nationality": "KP · КНДР",
        "visa_purpose": "учеба",
        "rows": 2,
        "flagged": 2,
    }


def test_report_paths_share_the_stem() -> None:
    assert report_paths(Path("out/r.html")) == (
        Path("out/r.html"),
        Path("out/r.csv"),
        Path("out/r.json"),
    )


@pytest.mark.parametrize(
    ("html", "out", "problem"),
    [
        ("report.html", None, None),
        ("report.HTM", "results.json", None),
        ("out/report.html", "out/results.json", None),
        ("report.csv", None, "give it a .html name"),
        ("report", None, "give it a .html name"),
        ("out/results.html", "out/results.json", "would overwrite the results of --out"),
        ("out/results.html", "out/results.csv", "would overwrite the results of --out"),
    ],
)
def test_report_conflict(html: str, out: str | None, problem: str | None) -> None:
    found = report_conflict(Path(html), Path(out) if out else None)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
