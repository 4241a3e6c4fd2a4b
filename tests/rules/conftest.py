"""Fixtures for the labour-rule tests: small rosters screened against a few real list entries.

The list entries are written from the official lists (UN consolidated list, OFAC SDN):
Mokran LLC with its INN and OGRN, the Mansudae group, Korea Rungrado, and Ra Kyong Su;
a screener over them is the real matcher on a small index, so tests stay fast.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from laborscreen.engine import Screener
from laborscreen.model import Entity, Identifier, Name, NameKind, PartialDate, Schema
from laborscreen.roster import read_roster
from laborscreen.rules import RuleSet, Status, load_rules
from laborscreen.screening import ScreenResult, screen_roster

ENTITIES = [
    Entity(
        "us_ofac:30083", "us_ofac", Schema.ORGANIZATION, (Name("MOKRAN LLC"),),
        identifiers=(
            Identifier("inn", "7811489970", "RU"), Identifier("ogrn", "1117847131643", "RU")
        ),
        programs=("DPRK3",),
    ),
    Entity(
        "un:KPe.050", "un", Schema.ORGANIZATION,
        (Name("MANSUDAE OVERSEAS PROJECT GROUP OF COMPANIES"),), programs=("DPRK",),
    ),
    Entity(
        "us_ofac:19613", "us_ofac", Schema.ORGANIZATION,
        (Name("KOREA RUNGRADO GENERAL TRADING CORPORATION"),), programs=("DPRK3",),
    ),
    Entity(
        "un:KPi.008", "un", Schema.PERSON,
        (Name("RA KY'ONG-SU"), Name("Ra Kyung-Su", NameKind.ALIAS)),
        birth_dates=(PartialDate(1954, 6, 4),), nationalities=("KP",),
        identifiers=(Identifier("passport", "645120196", "KP"),), programs=("DPRK",),
    ),
]  # fmt: skip

#: Short keys of the test rosters -> the Russian headers an HR export would have.
HEADERS = {
    "id": "Таб. номер",
    "name": "ФИО",
    "latin": "ФИО (лат.)",
    "birth": "Дата рождения",
    "citizenship": "Гражданство",
    "passport": "Паспорт",
    "purpose": "Цель въезда",
    "permit": "Разрешение на работу",
    "permit_date": "Дата выдачи разрешения",
    "school": "Учебное заведение",
    "programme": "Программа обучения",
    "mode": "Форма обучения",
    "schedule": "График работы",
    "hire": "Дата приема",
    "notified": "Дата уведомления МВД",
    "left": "Дата увольнения",
    "left_notified": "Дата уведомления об увольнении",
    "agency": "Агентство",
    "agency_inn": "ИНН агентства",
    "payee": "Получатель зарплаты",
    "account": "Номер счета",
    "address": "Адрес регистрации",
    "site": "Объект",
    "job": "Должность",
}

#: A foreign worker whose row breaks no rule: an Uzbek with a patent, notified in time.
CLEAN = {
    "name": "Юсупов Бахтиёр",
    "citizenship": "Узбекистан",
    "passport": "FA1234567",
    "purpose": "работа",
    "permit": "50 №2512345678",
    "permit_date": "14.03.2025",
    "schedule": "5/2",
    "hire": "07.04.2025",  # a Monday
    "notified": "09.04.2025",
    "site": "Склад Электросталь-2",
    "job": "Комплектовщик",
}

Screen = Callable[..., ScreenResult]


@pytest.fixture
def clean() -> dict[str, str]:
    """A foreign worker's row that breaks no rule (tests change a field or two)."""
    return dict(CLEAN)


@pytest.fixture
def dprk(clean: dict[str, str]) -> dict[str, str]:
    """The clean row, but a DPRK citizen with a DPRK passport."""
    return {**clean, "name": "Пак Сон Ир", "citizenship": "КНДР", "passport": "836104552"}


@pytest.fixture(scope="session")
def small_screener() -> Screener:
    return Screener(ENTITIES)


@pytest.fixture(scope="session")
def packs() -> RuleSet:
    return load_rules()


def roster_text(rows: Sequence[dict[str, str]], columns: Sequence[str] | None = None) -> str:
    keys = list(columns) if columns is not None else list(HEADERS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([HEADERS[k] for k in keys])
    for number, row in enumerate(rows, 1):
        unknown = set(row) - set(HEADERS)
        assert not unknown, unknown
        cells = {"id": f"SYNTH-T{number:03d}", **row}
        writer.writerow([cells.get(k, "") for k in keys])
    return buffer.getvalue()


@pytest.fixture
def screen(tmp_path: Path, small_screener: Screener, packs: RuleSet) -> Screen:
    """Screen rows (dicts of the HEADERS keys) written as a Russian CSV roster."""

    def run(
        rows: Sequence[dict[str, str]],
        columns: Sequence[str] | None = None,
        rules: RuleSet | None = None,
    ) -> ScreenResult:
        path = tmp_path / "roster.csv"
        path.write_text(roster_text(rows, columns), encoding="utf-8")
        return screen_roster(read_roster(path), small_screener, rules=rules or packs)

    return run


def _statuses(result: ScreenResult, rule_id: str) -> dict[int, str]:
    return {
        r.record.row: f.status.value
        for r in result.rows
        for f in r.findings
        if f.rule.id == rule_id
    }


def _hit_rows(result: ScreenResult, rule_id: str) -> list[int]:
    return [row for row, status in _statuses(result, rule_id).items() if status == "hit"]


def _clusters(
    result: ScreenResult, rule_id: str, status: Status = Status.HIT
) -> list[tuple[int, ...]]:
    return [f.rows for f in result.roster_findings if f.rule.id == rule_id and f.status is status]


@pytest.fixture
def statuses() -> Callable[[ScreenResult, str], dict[int, str]]:
    """Row -> status of one rule's record findings."""
    return _statuses


@pytest.fixture
def hits() -> Callable[[ScreenResult, str], list[int]]:
    """The rows where one record rule hit."""
    return _hit_rows


@pytest.fixture
def clusters() -> Callable[..., list[tuple[int, ...]]]:
    """The row sets of one roster rule's findings (hits unless a status is given)."""
    return _clusters
