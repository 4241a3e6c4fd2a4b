"""Reading roster words: visa purposes, study modes and programmes, schedules, roles, passports."""

from __future__ import annotations

import pytest

from laborscreen.rules import vocabulary
from laborscreen.rules.keys import group_key


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("учеба", "study"),
        ("Учёба", "study"),
        ("Обыкновенная учебная", "study"),
        ("Study", "study"),
        ("стажировка", "trainee"),
        ("Деловая (стажировка)", "trainee"),  # a visa kind gives way to the stated purpose
        ("туризм", "tourist"),
        ("Туристическая", "tourist"),
        ("работа", "work"),
        ("Трудовая деятельность", "work"),
        ("Рабочая виза", "work"),
        ("Деловая", "business"),
        ("Частная", "private"),
        ("учеба/работа", None),  # two purposes: not guessed
        ("иное", None),
        ("", None),
    ],
)
def test_purpose(text: str, category: str | None) -> None:
    assert vocabulary.categories("purpose").classify(text) == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("очная", "full_time"),
        ("Очная форма обучения", "full_time"),
        ("Full-time", "full_time"),
        ("очно-заочная", "not_full_time"),
        ("заочная", "not_full_time"),
        ("дистанционная", "not_full_time"),
    ],
)
def test_study_mode(text: str, category: str) -> None:
    assert vocabulary.categories("study_mode").classify(text) == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("бакалавриат", "main_professional"),
        ("Магистратура", "main_professional"),
        ("СПО", "main_professional"),
        ("Master's programme", "main_professional"),
        ("подготовительное отделение", "preparatory"),
        ("Подготовительные курсы", "preparatory"),
        ("курсы русского языка", "language"),
        ("Повышение квалификации", "additional"),
    ],
)
def test_study_programme(text: str, category: str) -> None:
    assert vocabulary.categories("study_programme").classify(text) == category


@pytest.mark.parametrize(
    ("text", "full_time"),
    [
        ("5/2", True),
        ("2/2 по 12 часов", True),
        ("полный день", True),
        ("40 часов в неделю", True),
        ("1 ставка", True),
        ("0,5 ставки", False),
        ("20 часов в неделю", False),
        ("неполный рабочий день", False),
        ("по выходным", False),
        ("8 ч/день", True),
        ("4 часа в день", False),
        ("по договоренности", None),
        ("8", None),  # eight what?
    ],
)
def test_schedule(text: str, full_time: bool | None) -> None:
    assert vocabulary.schedule_full_time(text) is full_time


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Переводчик", "oversight"),
        ("Куратор группы", "oversight"),
        ("Старший группы", "oversight"),
        ("Менеджер", "oversight"),
        ("Interpreter", "oversight"),
        ("Менеджер склада", "other"),
        ("Бригадир", "other"),
        ("Грузчик", "other"),
    ],
)
def test_role(title: str, role: str) -> None:
    assert vocabulary.role_category(title) == role


@pytest.mark.parametrize(
    ("number", "shaped"),
    [
        ("836227419", True),
        ("PS 381552907", True),
        ("pd-108557213", True),
        ("645120196", False),  # a listed DPRK passport: most have the shape, not all
        ("401223344", False),  # a Tajik nine-digit number of another shape
        ("83622741", False),
        ("8362274190", False),
        ("M12345678", False),
        ("", False),
    ],
)
def test_passport_dprk_shape(number: str, shaped: bool) -> None:
    assert vocabulary.passport_dprk_shape(number) is shaped


def test_rooms_of_one_dormitory_share_a_building_key() -> None:
    one = group_key("address", "Московская обл., г. Электросталь, ул. Заводская, д. 12, ком. 5")
    two = group_key(
        "address", "московская область, город Электросталь, улица Заводская, дом 12, комната 7"
    )
    other = group_key("address", "Московская обл., г. Электросталь, ул. Заводская, д. 14, ком. 5")
    assert one == two != other


def test_agency_spellings_share_a_key() -> None:
    keys = {
        group_key("agency", a) for a in ("ООО «Мокран»", "Mokran LLC", "ООО Мокран", "MOKRAN, LLC")
    }
    assert len(keys) == 1


def test_wage_destination_by_account_digits_or_payee_name() -> None:
    assert group_key("wage_destination", "4081 7810 5000 0000 4412") == group_key(
        "wage_destination", "40817810500000004412"
    )
    assert group_key("wage_destination", "Ри Мён Чоль") == group_key(
        "wage_destination", "РИ МЁН ЧОЛЬ"
    )
