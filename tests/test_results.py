"""The CSV beside the JSON: one line per row × match and per row × finding."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from laborscreen.engine import Screener
from laborscreen.model import Entity, Identifier, Name, PartialDate, Schema
from laborscreen.results import CSV_COLUMNS, write_outputs
from laborscreen.roster import read_roster
from laborscreen.rules import load_rules
from laborscreen.screening import screen_roster

# Ra Kyong Su as the UN list records him (KPi.008, with his passport).
RA = Entity(
    "un:KPi.008", "un", Schema.PERSON, (Name("RA KY'ONG-SU"),),
    birth_dates=(PartialDate(1954, 6, 4),), nationalities=("KP",),
    identifiers=(Identifier("passport", "645120196", "KP"),), programs=("DPRK",),
)  # fmt: skip

ROSTER = """\
ФИО;Дата рождения;Гражданство;Паспорт;Должность;Объект;Номер счета
Ра Кён Су;04.06.1954;КНДР;645120196;Кладовщик;Склад 2;40817810100000000101
Иванов Сергей;01.01.1980;Россия;4512345678;Кладовщик;Склад 2;40817810100000000202
"""


def test_csv_has_a_line_per_match_and_per_finding(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    result = screen_roster(read_roster(path), Screener([RA]), rules=load_rules())
    json_path, csv_path = write_outputs(result, tmp_path / "out" / "results.json")
    assert json.loads(json_path.read_text(encoding="utf-8"))["summary"]["rows"] == 2
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.DictReader(fh))
    assert tuple(lines[0]) == CSV_COLUMNS
    ra = [line for line in lines if line["row"] == "1"]
    assert [line["entity_id"] for line in ra if line["entity_id"]] == ["un:KPi.008"]
    record = {line["rule_id"]: line for line in ra if line["finding_scope"] == "record"}
    income = record["un_dprk_labour.dprk_national_earning_income"]
    assert income["entity_id"] == ""  # a finding line has no match cells
    assert (income["pack"], income["severity"], income["status"]) == (
        "un_dprk_labour",
        "critical",
        "hit",
    )
    assert "citizenship=КНДР" in income["evidence"]
    assert "<https://undocs.org/S/RES/2397(2017)>" in income["legal_basis"]
    assert "un_dprk_labour.list_1718_match" in record
    roster = {line["rule_id"]: line for line in ra if line["finding_scope"] == "roster"}
    assert (
        "shared_value=site: Склад 2; rows=1"
        in roster["us_caatsa.s321_goods_presumption"]["evidence"]
    )
    # a row with no match and no finding still has its one line
    assert [line["rule_id"] for line in lines if line["row"] == "2"] == [""]
