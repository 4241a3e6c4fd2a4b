"""examples/roster_labour.csv: synthetic, every shipped rule fires on it, clean rows stay clean."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from laborscreen.engine import Screener
from laborscreen.roster import read_roster
from laborscreen.rules import RuleSet, Status
from laborscreen.screening import screen_roster

EXAMPLE = Path(__file__).parents[2] / "examples" / "roster_labour.csv"
CLEAN_ROWS = {1, 2, 3, 4, 5, 9, 10}


def test_example_is_synthetic_and_every_column_is_read() -> None:
    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert all(row[0].startswith("SYNTH-") for row in rows[1:])
    assert all(row[-1].startswith("synthetic: ") for row in rows[1:])
    read = read_roster(EXAMPLE)
    assert read.extra_columns == []
    assert read.problems == []
    labour = {"visa_purpose", "work_permit_issue_date", "study_programme", "agency_ogrn",
              "termination_notification_date", "payee", "bank_account"}  # fmt: skip
    assert labour <= set(read.mapping.values())


@pytest.mark.slow
def test_every_shipped_rule_fires_and_clean_rows_stay_clean(
    real_screener: Screener, packs: RuleSet
) -> None:
    result = screen_roster(read_roster(EXAMPLE), real_screener, rules=packs)
    fired = {f.rule.id for r in result.rows for f in r.findings if f.status is Status.HIT}
    fired |= {f.rule.id for f in result.roster_findings if f.status is Status.HIT}
    every = {info.id for pack in packs.packs for info in pack.rules}
    assert every - fired == set()
    for row in result.rows:
        if row.record.row in CLEAN_ROWS:
            assert row.findings == [], row.record.row
            assert row.matches == [], row.record.row
    involved = {n for f in result.roster_findings for n in f.rows}
    assert involved & CLEAN_ROWS == set()
    assert all(f.status is Status.HIT for f in result.roster_findings)


@pytest.mark.slow
def test_staffing_agencies_matching_labour_export_companies_are_found(
    tmp_path: Path, real_screener: Screener, packs: RuleSet
) -> None:
    """The companies DESIGN.md §4 names, as a roster's agency column might write them."""
    agencies = [
        ("Mansudae Overseas Project Group", "", "un:KPe.050"),
        ("GENCO", "", "us_ofac:19611"),
        ("Korea General Corporation for External Construction", "", "us_ofac:19611"),
        ("Korea Rungrado General Trading Corp.", "", "us_ofac:19613"),
        ("Korea Cholsan General Trading Corporation", "", "us_ofac:30082"),
        ("ООО «Мокран»", "", "us_ofac:30083"),
        ("ООО «Северный персонал»", "7811489970", "us_ofac:30083"),  # Mokran's INN
        ("Namgang Construction", "", "us_ofac:19612"),
        ("Beijing Sukbakso", "", "us_ofac:27254"),
        ("ООО «Трудовой Ресурс»", "5031992717", None),
    ]
    lines = ["ФИО;Гражданство;Должность;Агентство;ИНН агентства"]
    lines += [
        f"Работник {n};Узбекистан;Грузчик;{a};{inn}" for n, (a, inn, _) in enumerate(agencies)
    ]
    path = tmp_path / "agencies.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = screen_roster(read_roster(path), real_screener, rules=packs)
    found = {o.mention.name: [m.entity_id for m in o.matches] for o in result.organisations}
    for name, _, expected in agencies:
        if expected is None:
            assert found[name] == [], name
        else:
            assert expected in found[name], (name, found[name])
    flagged = [
        f.rows for f in result.roster_findings if f.rule.id == "red_flags.labour_export_company"
    ]
    assert sorted(row for rows in flagged for row in rows) == list(range(1, len(agencies)))
