"""Every record rule of the shipped packs: a row that triggers it and a near miss that must not.

Rosters are small Russian CSV exports (see conftest.py); each test names the case that
exercises the rule. Findings are judged through the whole pipeline: roster reader, list
screening of people and organisations, rule packs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from laborscreen.engine import Screener
from laborscreen.roster import read_roster
from laborscreen.rules import RuleSet
from laborscreen.screening import ScreenResult, screen_roster

Screen = Callable[..., ScreenResult]
Hits = Callable[[ScreenResult, str], list[int]]
Statuses = Callable[[ScreenResult, str], dict[int, str]]
Row = dict[str, str]


def rule_ids(result: ScreenResult, row: int) -> list[tuple[str, str]]:
    return [(f.rule.id, f.status.value) for f in result.rows[row - 1].findings]


# ---- un_dprk_labour ----------------------------------------------------------------


def test_dprk_national_earning_income(screen: Screen, hits: Hits, dprk: Row) -> None:
    result = screen([{**dprk, "purpose": "учеба", "permit": ""}])
    assert hits(result, "un_dprk_labour.dprk_national_earning_income") == [1]
    finding = result.rows[0].findings[0]
    assert finding.evidence["citizenship"] == "КНДР"
    assert finding.evidence["citizenship_code"] == "KP"
    assert finding.rule.legal_basis[0].url == "https://undocs.org/S/RES/2397(2017)"


def test_south_korean_student_and_koryo_saram_raise_nothing(screen: Screen, clean: Row) -> None:
    """Near misses: a ROK citizen on a student visa; a Russian citizen named Ким."""
    result = screen(
        [
            {
                **clean, "name": "Ли Со Ён", "citizenship": "Республика Корея",
                "passport": "M12345678", "purpose": "учеба", "permit": "", "permit_date": "",
                "school": "Университет «Пример»", "programme": "бакалавриат", "mode": "очная",
                "schedule": "20 часов в неделю",
            },
            {**clean, "name": "Ким Виктор Сергеевич", "citizenship": "Россия",
             "passport": "46 05 771203", "purpose": "", "permit": "", "permit_date": ""},
        ]
    )  # fmt: skip
    assert rule_ids(result, 1) == []
    assert rule_ids(result, 2) == []
    assert result.roster_findings == []


def test_a_korean_name_alone_changes_no_finding(screen: Screen, clean: Row) -> None:
    """Same row, a Korean name or a Russian one: the same findings (DESIGN.md §4)."""
    row = {**clean, "citizenship": "", "passport": "FA7654321"}
    result = screen([{**row, "name": "Ким Ён Хо"}, {**row, "name": "Иванов Иван Иванович"}])
    assert rule_ids(result, 1) == rule_ids(result, 2)
    assert rule_ids(result, 1)  # the UN rule cannot tell without a citizenship
    assert all(status == "not_assessable" for _, status in rule_ids(result, 1))


def test_bare_korea_is_not_assessable_never_dprk(
    screen: Screen, statuses: Statuses, clean: Row
) -> None:
    result = screen([{**clean, "name": "Ким Ён Хо", "citizenship": "Корея"}])
    assert statuses(result, "un_dprk_labour.dprk_national_earning_income") == {1: "not_assessable"}
    missing = result.rows[0].findings[0].missing
    assert "North or South Korea" in missing["citizenship_code"]
    assert statuses(result, "ru_115fz.work_permit_missing") == {}  # foreign? unknown: silent


def test_dprk_row_without_russian_fields_is_not_assessable_there_but_flagged_by_un(
    screen: Screen, statuses: Statuses
) -> None:
    result = screen([{"name": "Пак Сон Ир", "citizenship": "КНДР", "job": "Грузчик"}],
                    columns=["id", "name", "citizenship", "job"])  # fmt: skip
    assert statuses(result, "un_dprk_labour.dprk_national_earning_income") == {1: "hit"}
    assert statuses(result, "ru_115fz.work_permit_missing") == {1: "not_assessable"}
    finding = next(
        f for f in result.rows[0].findings if f.rule.id == "ru_115fz.work_permit_missing"
    )
    assert finding.missing["work_permit"] == "the roster has no such column"


def test_dprk_national_with_no_sign_of_paid_work_is_not_assessable(
    screen: Screen, statuses: Statuses
) -> None:
    result = screen([{"name": "Пак Сон Ир", "citizenship": "КНДР"}])
    assert statuses(result, "un_dprk_labour.dprk_national_earning_income") == {1: "not_assessable"}


def test_work_authorisation_after_11_september_2017(
    screen: Screen, statuses: Statuses, clean: Row, dprk: Row
) -> None:
    result = screen(
        [
            {**dprk, "permit": "РНР 77 2500114", "permit_date": "20.03.2023"},
            {**dprk, "permit": "РНР 50 1700456", "permit_date": "15.06.2016"},  # near miss
            {**dprk, "permit": "РНР 50 2300912", "permit_date": ""},
            {**clean, "permit_date": "20.03.2023"},  # an Uzbek: not a DPRK national
        ]
    )
    assert statuses(result, "un_dprk_labour.work_authorisation_after_2017_09_11") == {
        1: "hit",
        3: "not_assessable",
    }


def test_list_1718_match_of_the_person_or_the_agency(screen: Screen, hits: Hits, dprk: Row) -> None:
    result = screen(
        [
            {**dprk, "name": "Ра Кён Су", "birth": "04.06.1954"},
            {**dprk, "agency": "Mansudae Overseas Project Group of Companies"},
            {**dprk, "agency": "ООО «Мокран»"},  # near miss: on OFAC, not on the UN list
        ]
    )
    assert hits(result, "un_dprk_labour.list_1718_match") == [1, 2]
    first = next(f for f in result.rows[0].findings if f.rule.id.endswith("list_1718_match"))
    assert first.evidence["list_match_ids"] == ["un:KPi.008"]


# ---- us_caatsa -------------------------------------------------------------------------


def test_agency_on_a_us_dprk_programme_found_by_inn_alone(
    screen: Screen, hits: Hits, clean: Row
) -> None:
    result = screen(
        [
            {**clean, "agency": "ООО «Альфа-Персонал»", "agency_inn": "7811489970"},
            {**clean, "agency": "ООО «Трудовой Ресурс»", "agency_inn": "5031992717"},  # near miss
        ]
    )
    assert hits(result, "us_caatsa.s321_supplier_dprk_designation") == [1]
    agency = result.organisations[0]
    assert agency.mention.role == "agency"
    assert [m.entity_id for m in agency.matches] == ["us_ofac:30083"]


def test_supplier_file_row_designated_under_a_dprk_programme(
    tmp_path: Path, small_screener: Screener, packs: RuleSet
) -> None:
    path = tmp_path / "suppliers.csv"
    path.write_text(
        "Наименование;ИНН;ОГРН\n"
        "Korea Rungrado General Trading Corp.;;\n"
        "ООО «Хэбит»;6162333413;1296414836190\n",
        encoding="utf-8",
    )
    result = screen_roster(read_roster(path), small_screener, rules=packs)
    found = [(r.record.row, f.rule.id) for r in result.rows for f in r.findings]
    assert found == [(1, "us_caatsa.s321_supplier_dprk_designation")]


# ---- ru_115fz ----------------------------------------------------------------------


def test_work_permit_missing(screen: Screen, statuses: Statuses, clean: Row) -> None:
    result = screen(
        [
            {**clean, "permit": "", "permit_date": ""},
            {**clean, "citizenship": "Киргизия", "permit": ""},  # EAEU: none needed
            clean,  # has a patent
            {**clean, "citizenship": "Россия", "permit": ""},  # not foreign
            {**clean, "citizenship": "КНДР", "permit": "", "purpose": "стажировка"},
        ]
    )
    assert statuses(result, "ru_115fz.work_permit_missing") == {1: "hit", 5: "hit"}


def test_work_permit_missing_without_the_column_is_not_assessable(
    screen: Screen, statuses: Statuses, clean: Row
) -> None:
    columns = ["id", "name", "citizenship", "purpose", "school", "hire", "job"]
    result = screen([clean], columns=columns)
    assert statuses(result, "ru_115fz.work_permit_missing") == {1: "not_assessable"}


def test_student_exemption_not_met(screen: Screen, statuses: Statuses, dprk: Row) -> None:
    student = {**dprk, "purpose": "учеба", "permit": "", "permit_date": "", "mode": "очная",
               "school": "Учебный центр «Пример»"}  # fmt: skip
    result = screen(
        [
            {**student, "programme": "подготовительное отделение", "schedule": "полный день"},
            {**student, "programme": "курсы русского языка", "schedule": "0,5 ставки"},
            {**student, "programme": "бакалавриат", "schedule": "2/2 по 12 часов"},
            {**student, "school": "", "programme": "", "mode": "", "schedule": "20 ч в неделю"},
            {
                **student,
                "programme": "бакалавриат",
                "mode": "очно-заочная",
                "schedule": "20 часов в неделю",
            },
            # near miss: a full-time bachelor working part-time meets every condition
            {
                **student,
                "citizenship": "Республика Корея",
                "programme": "бакалавриат",
                "schedule": "20 часов в неделю",
            },
        ]
    )
    assert statuses(result, "ru_115fz.student_exemption_not_met") == {
        1: "hit", 2: "hit", 3: "hit", 4: "hit", 5: "hit"
    }  # fmt: skip


def test_student_exemption_without_programme_column_is_not_assessable(
    screen: Screen, statuses: Statuses, clean: Row
) -> None:
    student = {
        **clean,
        "citizenship": "Республика Корея",
        "purpose": "учеба",
        "permit": "",
        "school": "Университет «Пример»",
        "mode": "очная",
        "schedule": "20 ч в неделю",
    }
    columns = [k for k in student if k != "permit_date"] + ["id"]
    result = screen([student], columns=columns)
    assert statuses(result, "ru_115fz.student_exemption_not_met") == {1: "not_assessable"}


def test_hire_notification_within_three_working_days(
    screen: Screen, statuses: Statuses, clean: Row
) -> None:
    result = screen(
        [
            {**clean, "hire": "07.04.2025", "notified": "10.04.2025"},  # Mon -> Thu: 3 days
            {**clean, "hire": "07.04.2025", "notified": "11.04.2025"},  # Fri: 4 days, late
            {**clean, "hire": "07.04.2025", "notified": ""},  # never notified
            {**clean, "hire": "10.04.2025", "notified": "15.04.2025"},  # Thu -> Tue over a weekend
            {**clean, "hire": "31.02.2025", "notified": "03.03.2025"},  # unreadable hire date
        ]
    )
    assert statuses(result, "ru_115fz.hire_notification_late") == {
        2: "hit", 3: "hit", 5: "not_assessable"
    }  # fmt: skip
    unreadable = next(
        f for f in result.rows[4].findings if f.rule.id.endswith("hire_notification_late")
    )
    assert unreadable.missing["hire_date"] == "unreadable date '31.02.2025'"


def test_termination_notification_late(screen: Screen, statuses: Statuses, clean: Row) -> None:
    result = screen(
        [
            {**clean, "left": "30.05.2025", "left_notified": "09.06.2025"},  # 6 working days
            {**clean, "left": "30.05.2025", "left_notified": "04.06.2025"},  # 3: in time
            {**clean, "citizenship": "Россия", "left": "30.05.2025"},  # not foreign
        ]
    )
    assert statuses(result, "ru_115fz.termination_notification_late") == {1: "hit"}


# ---- red_flags (record rules) ------------------------------------------------------------


def test_wages_to_third_party(screen: Screen, hits: Hits, dprk: Row) -> None:
    result = screen(
        [
            {**dprk, "payee": "Ри Мён Чоль"},
            {**dprk, "payee": "PAK SONG IL"},  # near miss: the worker, in Latin letters
            {**dprk, "payee": "ООО «Пак»"},  # an organisation is a third party
        ]
    )
    assert hits(result, "red_flags.wages_to_third_party") == [1, 3]


def test_non_work_purpose_with_paid_work(screen: Screen, statuses: Statuses, clean: Row) -> None:
    result = screen(
        [
            {**clean, "purpose": "туризм"},
            {**clean, "purpose": "Деловая (стажировка)"},
            {**clean, "purpose": "учеба", "schedule": "2/2"},
            {**clean, "purpose": "учеба", "schedule": "20 часов в неделю", "school": ""},
            # near misses: a work purpose; a part-time student with a school on record
            clean,
            {
                **clean,
                "purpose": "учеба",
                "schedule": "20 часов в неделю",
                "school": "Университет «Пример»",
            },
            {**clean, "purpose": "туризм", "citizenship": "Казахстан"},  # EAEU
        ]
    )
    assert statuses(result, "red_flags.non_work_purpose_paid_work") == {
        1: "hit", 2: "hit", 3: "hit", 4: "hit"
    }  # fmt: skip


def test_dprk_passport_shape_under_another_or_no_nationality(
    screen: Screen, hits: Hits, clean: Row, dprk: Row
) -> None:
    result = screen(
        [
            {**clean, "citizenship": "Корея", "passport": "836227419"},
            {**clean, "citizenship": "", "passport": "PS 381552907"},
            {**clean, "citizenship": "Китай", "passport": "108557213"},
            # near misses: a DPRK citizen; a Tajik nine-digit passport of another shape
            {**clean, "citizenship": "КНДР", "passport": "836227419"},
            {**clean, "citizenship": "Таджикистан", "passport": "401223344"},
        ]
    )
    assert hits(result, "red_flags.dprk_passport_shape") == [1, 2, 3]
