"""``laborscreen screen --rules``: packs checked before screening, findings printed and saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from laborscreen.cli import main

UN_SMALL = Path(__file__).parents[1] / "fixtures" / "lists" / "un_small.xml"

# Synthetic rows; the agency is the invented DPRK entity of the UN test fixture.
ROSTER = """\
Таб. номер;ФИО;Гражданство;Должность;Дата приема;Агентство;Объект
SYNTH-1;Пак Сон Ир;КНДР;Грузчик;07.04.2025;Example Overseas Labour Company;Склад 2
SYNTH-2;Иванов Сергей;Россия;Кладовщик;01.02.2025;;Склад 2
"""


@pytest.fixture
def roster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path / "home"))
    imported = CliRunner().invoke(main, ["lists", "import", str(UN_SMALL)])
    assert imported.exit_code == 0, imported.output
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def screen(*args: str) -> Result:
    return CliRunner().invoke(main, ["screen", *args])


def test_findings_are_printed_after_the_matches(roster: Path) -> None:
    result = screen(str(roster), "--rules", "un_dprk_labour,red_flags")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("Labour rules (un_dprk_labour, red_flags): ") for line in lines)
    assert any("critical  un_dprk_labour.dprk_national_earning_income" in line for line in lines)
    assert any("un_dprk_labour.list_1718_match" in line for line in lines)
    assert any(
        line.startswith("red_flags.labour_export_company")
        and "agency: Example Overseas Labour Company" in line
        for line in lines
    )


def test_no_rules(roster: Path) -> None:
    result = screen(str(roster), "--rules", "none")
    assert result.exit_code == 0, result.output
    assert "Labour rules" not in result.output


def test_json_summary_and_outputs_carry_findings(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "results.json"
    result = screen(str(roster), "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["rule_packs"] == ["un_dprk_labour", "us_caatsa", "ru_115fz", "red_flags"]
    assert summary["findings"]["rows_with_hits"] == 1
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert (
        saved["rows"][0]["findings"][0]["rule_id"] == "un_dprk_labour.dprk_national_earning_income"
    )
    assert {f["rule_id"] for f in saved["roster_findings"]} >= {"red_flags.labour_export_company"}
    assert "rule_id" in out.with_suffix(".csv").read_text(encoding="utf-8-sig").splitlines()[0]


def test_a_broken_pack_stops_the_run_with_every_problem(roster: Path, tmp_path: Path) -> None:
    pack = tmp_path / "mine.yml"
    pack.write_text(
        "pack: mine\ntitle: Mine\njurisdiction: X\nrules:\n"
        "  - id: mine.one\n    title: One\n    severity: urgent\n"
        "    when: {field: visa_purpos, present: true}\n    explanation: x\n",
        encoding="utf-8",
    )
    result = screen(str(roster), "--rules", str(pack))
    assert result.exit_code == 2
    assert "error: rule packs have 3 problems:" in result.output
    assert f"{pack}: rule mine.one: 'severity' must be one of" in result.output
    assert f"{pack}: rule mine.one: 'legal_basis' is required" in result.output
    assert f"{pack}: rule mine.one: 'when': unknown field 'visa_purpos'" in result.output


def test_unknown_pack_name(roster: Path) -> None:
    result = screen(str(roster), "--rules", "red_flag")
    assert result.exit_code == 2
    assert "red_flag: neither a shipped rule pack" in result.output
