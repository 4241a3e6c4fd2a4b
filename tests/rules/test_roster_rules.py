"""Every roster rule of the shipped packs: a cluster that triggers it and a near miss.

Roster findings name every row of the cluster and the value that links them.
"""

from __future__ import annotations

from collections.abc import Callable

from laborscreen.rules import RosterFinding, Status
from laborscreen.screening import ScreenResult

Screen = Callable[..., ScreenResult]
Clusters = Callable[..., list[tuple[int, ...]]]
Row = dict[str, str]

DORM = "Московская обл., г. Электросталь, ул. Заводская, д. 12, общежитие, ком. {}"


def finding(result: ScreenResult, rule_id: str) -> RosterFinding:
    return next(f for f in result.roster_findings if f.rule.id == rule_id)


# ---- us_caatsa ---------------------------------------------------------------------


def test_s321_goods_presumption_per_site(screen: Screen, clusters: Clusters, dprk: Row) -> None:
    result = screen(
        [
            {**dprk, "site": "Склад А"},
            {**dprk, "site": "Склад Б"},
            {**dprk, "site": "Склад А"},
            {**dprk, "citizenship": "Республика Корея", "site": "Склад В"},  # near miss
        ]
    )
    assert clusters(result, "us_caatsa.s321_goods_presumption") == [(1, 3), (2,)]
    first = next(f for f in result.roster_findings if f.rule.id.endswith("goods_presumption"))
    assert first.shared_value == "site: Склад А"
    assert first.shared == {"site": "Склад А"}


def test_s321_without_a_site_column_is_not_assessable(
    screen: Screen, clusters: Clusters, dprk: Row
) -> None:
    columns = ["id", "name", "citizenship", "job"]
    result = screen([dprk, dprk], columns=columns)
    found = clusters(result, "us_caatsa.s321_goods_presumption", Status.NOT_ASSESSABLE)
    assert found == [(1, 2)]


def test_s302_employer_exposure(screen: Screen, clusters: Clusters, dprk: Row, clean: Row) -> None:
    result = screen([clean, dprk, clean, dprk])
    assert clusters(result, "us_caatsa.s302_employer_exposure") == [(2, 4)]
    assert screen([clean, clean]).roster_findings == []  # near miss: no DPRK worker


# ---- red_flags ---------------------------------------------------------------------


def test_group_hiring_through_one_agency(screen: Screen, clusters: Clusters, dprk: Row) -> None:
    team = {**dprk, "agency": "ООО «Восток-Кадры»"}
    hires = ["07.04.2025", "07.04.2025", "08.04.2025", "09.04.2025", "10.04.2025", "25.04.2025"]
    spellings = ["ООО «Восток-Кадры»", "Восток-Кадры ООО", "ООО Восток Кадры"]
    rows = [{**team, "hire": h, "agency": spellings[i % 3]} for i, h in enumerate(hires)]
    result = screen(rows)
    assert clusters(result, "red_flags.group_hiring_one_agency") == [(1, 2, 3, 4, 5)]
    shared = finding(result, "red_flags.group_hiring_one_agency")
    assert "citizenship_code: KP" in str(shared.shared_value)
    assert "hire_date: 2025-04-07 to 2025-04-10" in str(shared.shared_value)


def test_group_hiring_near_misses(screen: Screen, clusters: Clusters, dprk: Row) -> None:
    team = {**dprk, "agency": "ООО «Восток-Кадры»"}
    spread = [{**team, "hire": f"{day:02d}.04.2025"} for day in (1, 7, 14, 21, 28)]
    mixed = [
        {**team, "citizenship": country}
        for country in ("КНДР", "Узбекистан", "Таджикистан", "Китай", "Вьетнам")
    ]
    assert clusters(screen(spread), "red_flags.group_hiring_one_agency") == []
    assert clusters(screen(mixed), "red_flags.group_hiring_one_agency") == []


def test_shared_dormitory_counts_rooms_as_one_building(
    screen: Screen, clusters: Clusters, clean: Row
) -> None:
    rows = [{**clean, "address": DORM.format(room)} for room in (1, 1, 2, 3, 3, 4)]
    result = screen(rows)
    assert clusters(result, "red_flags.shared_dormitory") == [(1, 2, 3, 4, 5, 6)]
    shared = finding(result, "red_flags.shared_dormitory").shared_value
    assert shared == "address: Московская обл., г. Электросталь, ул. Заводская, д. 12, общежитие …"


def test_shared_dormitory_near_misses(screen: Screen, clusters: Clusters, clean: Row) -> None:
    five = [{**clean, "address": DORM.format(room)} for room in range(5)]
    russians = [{**clean, "citizenship": "Россия", "address": DORM.format(1)} for _ in range(6)]
    assert clusters(screen(five), "red_flags.shared_dormitory") == []
    assert clusters(screen(russians), "red_flags.shared_dormitory") == []


def test_one_payee_many_workers(screen: Screen, clusters: Clusters, dprk: Row) -> None:
    shared = {**dprk, "payee": "Ри Мён Чоль", "account": "4081 7810 5000 0000 4412"}
    result = screen([shared, {**shared, "account": "40817810500000004412"}, shared, dprk])
    assert clusters(result, "red_flags.one_payee_many_workers") == [(1, 2, 3)]
    own = [{**dprk, "account": f"4081781010000000{n:04d}"} for n in range(4)]
    assert clusters(screen(own), "red_flags.one_payee_many_workers") == []  # near miss


def test_same_nationality_minder(screen: Screen, clusters: Clusters, dprk: Row) -> None:
    minder = {**dprk, "name": "Ри Мён Чоль", "job": "Переводчик"}
    result = screen([dprk, dprk, minder, {**dprk, "citizenship": "Узбекистан"}])
    assert clusters(result, "red_flags.same_nationality_minder") == [(1, 2, 3)]
    evidence = finding(result, "red_flags.same_nationality_minder").evidence
    assert evidence["member_rows"] == [3]


def test_minder_of_another_nationality_is_no_red_flag(
    screen: Screen, clusters: Clusters, clean: Row
) -> None:
    interpreter = {**clean, "citizenship": "Россия", "job": "Переводчик"}
    foreman = {**clean, "job": "Бригадир"}
    result = screen([clean, clean, foreman, interpreter])
    assert clusters(result, "red_flags.same_nationality_minder") == []


def test_labour_export_company(screen: Screen, clusters: Clusters, dprk: Row) -> None:
    result = screen(
        [
            {**dprk, "agency": "ООО «Мокран»"},
            {**dprk, "agency": "ООО «Трудовой Ресурс»"},  # near miss
            {**dprk, "agency": "Mokran LLC"},
            {**dprk, "agency": "Mansudae Overseas Project Group of Companies"},
        ]
    )
    assert clusters(result, "red_flags.labour_export_company") == [(1, 3), (4,)]
    mokran = finding(result, "red_flags.labour_export_company")
    assert mokran.evidence["agency_match_ids"] == ["us_ofac:30083"]
