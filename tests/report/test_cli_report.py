"""``laborscreen screen ROSTER --report report.html``: the report of a real screening run."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from laborscreen.cli import main

ROOT = Path(__file__).resolve().parents[2]

#: The listed persons of examples/roster.csv (see examples/README.md): row, roster name, entity ids.
LISTED = [
    (40, "Ким Хо Кю", ["us_ofac:23477"]),
    (100, "Чхве Пу Иль", ["us_ofac:20120"]),
    (112, "Кан Рён", ["us_ofac:17627"]),
    (198, "Чхве Рен Хе", ["us_ofac:23213"]),
    (219, "Чо Ён Вон", ["un:KPi.043", "us_ofac:21303"]),
]


def write_roster(folder: Path) -> Path:
    roster = folder / "roster.csv"
    roster.write_text(
        "ФИО;Дата рождения;Гражданство;Цель въезда;Объект;Агентство\n"
        "Ра Кён Су;04.06.1954;КНДР;учеба;<script>alert(1)</script>;ООО «Синтетик»\n"
        "Иванов Пётр Сергеевич;12.03.1990;Россия;;Склад 1;\n"
        "Пак Ен Су;31.02.1988;Узбекистан;работа;Склад 1;ООО «Синтетик»\n"
        "Ли Мин Хо;02.02.1990;КНДР;учеба;Склад 1;Mansudae Overseas Project Group Co. Ltd\n",
        encoding="utf-8",
    )
    return roster


def test_screen_writes_the_report(small_home: Path) -> None:
    roster = write_roster(small_home)
    report = small_home / "out" / "report.html"
    result = CliRunner().invoke(main, ["screen", str(roster), "--report", str(report), "--json"])
    assert result.exit_code == 0, result.output
    outputs = json.loads(result.output)["outputs"]
    assert outputs == [
        str(report),
        str(report.with_suffix(".csv")),
        str(report.with_suffix(".json")),
    ]
    html = report.read_text(encoding="utf-8")
    assert "un:KPi.008" in html and "RA KY&#39;ONG-SU" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert "unreadable birth date" in html
    assert "<code>un</code>" in html  # the list version screened against, from the store
    tables = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    assert tables["matches"][0]["entity_id"] == "un:KPi.008"
    assert [v["source"] for v in tables["lists"]] == ["un"]
    assert tables["lists"][0]["published"] == "2026-02-27"
    assert {s["key"] for s in tables["sites"]} == {"<script>alert(1)</script>", "Склад 1"}
    with report.with_suffix(".csv").open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert {"table": "site", "key": "Склад 1", "measure": "rows", "value": "3"} in lines
    # the staffing agency is a listed labour exporter: matched as an organisation
    mansudae = next(g for g in tables["agencies"] if g["key"].startswith("Mansudae"))
    assert mansudae["list_matches"] == ["un:KPe.050"]
    assert "un:KPe.050" in html


def test_report_beside_results(small_home: Path) -> None:
    roster = write_roster(small_home)
    out = small_home / "out" / "results.json"
    report = small_home / "out" / "report.html"
    result = CliRunner().invoke(
        main, ["screen", str(roster), "--out", str(out), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "report.csv",
        "report.html",
        "report.json",
        "results.csv",
        "results.json",
    ]
    assert f"Full results: {report}" in result.output.splitlines()


@pytest.mark.parametrize(
    ("report", "message"),
    [("out/results.html", "would overwrite the results of --out"), ("out/r.csv", ".html name")],
)
def test_a_clashing_report_path_is_refused_before_screening(
    small_home: Path, report: str, message: str
) -> None:
    roster = write_roster(small_home)
    out = small_home / "out" / "results.json"
    result = CliRunner().invoke(
        main, ["screen", str(roster), "--out", str(out), "--report", str(small_home / report)]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert not (small_home / "out").exists()


@pytest.mark.slow
def test_report_of_the_example_roster_names_the_listed_persons(full_home: Path) -> None:
    report = full_home / "report.html"
    result = CliRunner().invoke(
        main, ["screen", str(ROOT / "examples" / "roster.csv"), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    tables = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    found = {(m["row"], m["name"], m["entity_id"]) for m in tables["matches"]}
    expected = {(row, name, e) for row, name, ids in LISTED for e in ids}
    assert expected <= found
    html = report.read_text(encoding="utf-8")
    for row, name, ids in LISTED:
        # each listed person's row in the matches table shows the name and the entity id
        for entity_id in ids:
            cell = f'<td class="num">{row}</td>\n<td>{name}</td>\n<td><code class="id">{entity_id}'
            assert cell in html, (row, name, entity_id)
    assert tables["totals"]["rows"] == 297
    assert [p["row"] for p in tables["problems"]] == [51, 124]
    assert {v["source"] for v in tables["lists"]} == {"un", "us_ofac"}


def test_without_rule_packs_the_report_says_so(small_home: Path) -> None:
    roster = write_roster(small_home)
    report = small_home / "report.html"
    result = CliRunner().invoke(
        main, ["screen", str(roster), "--rules", "none", "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert "Labour rule packs were not run for this screening" in html
    assert "un:KPi.008" in html


def test_rule_findings_reach_the_report(small_home: Path) -> None:
    roster = write_roster(small_home)
    report = small_home / "report.html"
    result = CliRunner().invoke(main, ["screen", str(roster), "--report", str(report)])
    assert result.exit_code == 0, result.output
    tables = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    assert tables["rules_run"] and tables["rule_packs"]
    # rows 1 and 4 are DPRK citizens in paid work
    national = [f for f in tables["findings"] if f["rule_id"].endswith("earning_income")]
    assert {f["row"] for f in national if f["status"] == "hit"} == {1, 4}
    assert all(f["legal"] for f in national)
