"""Header mapping: Russian and English column titles, fuzzy rules, mapping files."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
import yaml

from laborscreen.errors import RosterError
from laborscreen.roster.headers import (
    canonical_fields,
    compact_key,
    header_key,
    load_mapping_file,
    map_columns,
    match_header,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "rosters"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ФИО", "name"),
        ("Ф.И.О.", "name"),
        ("Ф. И. О.", "name"),
        ("  фио  ", "name"),
        ("Фамилия, имя, отчество", "name"),
        ("Фамилия, имя, отчество (полностью)", "name"),
        ("Full name", "name"),
        ("Name", "name"),
        ("Фамилия", "last_name"),
        ("Surname", "last_name"),
        ("Family name", "last_name"),
        ("LAST_NAME", "last_name"),
        ("Имя", "first_name"),
        ("Given name(s)", "first_name"),
        ("First name", "first_name"),
        ("Отчество", "middle_name"),
        ("Отчество (при наличии)", "middle_name"),
        ("Patronymic", "middle_name"),
        ("ФИО (лат.)", "name_latin"),
        ("ФИО сотрудника (лат.)", "name_latin"),
        ("Name (passport)", "name_latin"),
        ("Latin name", "name_latin"),
        ("Full name (Latin)", "name_latin"),
        ("Фамилия (лат.)", "last_name_latin"),
        ("Имя латиницей", "first_name_latin"),
        ("Дата рождения", "birth_date"),
        ("Дата рождения (дд.мм.гггг)", "birth_date"),
        ("ДАТА РОЖДЕНИЯ", "birth_date"),
        ("Date of birth", "birth_date"),
        ("DOB", "birth_date"),
        ("DateOfBirth", "birth_date"),
        ("Birth date", "birth_date"),
        ("Место рождения", "birth_place"),
        ("Гражданство", "citizenship"),
        ("Гражданство (страна)", "citizenship"),
        ("Citizenship", "citizenship"),
        ("Nationality", "nationality"),
        ("Национальность", "nationality"),
        ("Пол", "gender"),
        ("Пол (м/ж)", "gender"),
        ("Sex", "gender"),
        ("Gender", "gender"),
        ("Паспорт", "passport"),
        ("Номер паспорта", "passport"),
        ("Серия и номер паспорта", "passport"),
        ("Серия, номер паспорта", "passport"),
        ("Номер паспорта иностранного гражданина", "passport"),
        ("Passport No", "passport"),
        ("Passport No.", "passport"),
        ("Серия паспорта", "passport_series"),
        ("Страна выдачи паспорта", "passport_country"),
        ("Дата выдачи паспорта", "passport_issue_date"),
        ("Кем выдан", "passport_authority"),
        ("ИНН", "inn"),
        ("ИНН организации", "inn"),
        ("ОГРН", "ogrn"),
        ("ОГРНИП", "ogrn"),
        ("ПИНФЛ", "national_id"),
        ("Наименование", "organization"),
        ("Наименование организации", "organization"),
        ("Контрагент", "organization"),
        ("Company", "organization"),
        ("Supplier", "organization"),
        ("Vendor", "organization"),
        ("Name of supplier", "organization"),
        ("Тип лица", "schema"),
        ("Type", "schema"),
        ("Табельный номер", "employee_id"),
        ("Таб. №", "employee_id"),
        ("Employee ID", "employee_id"),
        ("Цель визита", "visa_purpose"),
        ("Цель въезда", "visa_purpose"),
        ("Visa type", "visa_purpose"),
        ("Разрешение на работу", "work_permit"),
        ("Патент", "work_permit"),
        ("Дата приема", "hire_date"),
        ("Дата приёма на работу", "hire_date"),
        ("Дата увольнения", "termination_date"),
        ("Дата уведомления МВД", "notification_date"),
        ("Агентство", "agency"),
        ("Подрядчик", "agency"),
        ("Наименование агентства", "agency"),
        ("ИНН агентства", "agency_inn"),
        ("ИНН подрядчика", "agency_inn"),
        ("Получатель зарплаты", "payee"),
        ("Адрес регистрации", "address"),
        ("Общежитие", "address"),
        ("Объект", "site"),
        ("Склад", "site"),
        ("Site", "site"),
        ("Должность", "job_title"),
        ("ФИО руководителя", "director"),
        ("Руководитель (ФИО)", "director"),
        ("Бригадир", "team_leader"),
        # the fields the labour rules read
        ("Дата выдачи патента", "work_permit_issue_date"),
        ("Дата выдачи разрешения на работу (дд.мм.гггг)", "work_permit_issue_date"),
        ("Work permit issue date", "work_permit_issue_date"),
        ("Дата уведомления об увольнении", "termination_notification_date"),
        ("Уведомление о расторжении договора (дата)", "termination_notification_date"),
        ("Дата уведомления о приеме", "notification_date"),
        ("Программа обучения", "study_programme"),
        ("Вид программы обучения", "study_programme"),
        ("Study programme", "study_programme"),
        ("Справка об обучении", "study_certificate"),
        ("Номер студенческого билета", "study_certificate"),
        ("ОГРН агентства", "agency_ogrn"),
        ("Номер ОГРН подрядчика", "agency_ogrn"),
        ("ИНН получателя", "payee_inn"),
        ("ИНН получателя платежа", "payee_inn"),
        ("Страна выдачи паспорта", "passport_country"),
        ("Issuing state", "passport_country"),
    ],
)
def test_header_maps_to_field(header: str, field: str) -> None:
    assert match_header(header).field == field


@pytest.mark.parametrize(
    "header",
    [
        "Дата",  # which date?
        "Номер",
        "Страна",  # citizenship or country of work: not guessed
        "Дата и место рождения",  # two fields in one cell
        "Стаж (лет)",  # no field for it
        "",
        "---",
    ],
)
def test_ambiguous_or_unknown_header_is_not_guessed(header: str) -> None:
    assert match_header(header).field is None


def test_ambiguous_header_lists_its_candidates() -> None:
    found = match_header("Дата и место рождения")
    assert found.how == "ambiguous"
    assert set(found.candidates) == {"birth_date", "birth_place"}


def test_header_key_folds_case_yo_and_punctuation() -> None:
    assert header_key("Дата приёма (дд.мм.гггг)") == "дата приема дд мм гггг"
    assert compact_key("Ф.И.О.") == compact_key("ФИО") == "фио"
    assert compact_key("Date_of_Birth") == compact_key("date of birth")


def _table() -> dict[str, dict[str, list[object]]]:
    source = resources.files("laborscreen.resources").joinpath("roster_headers.yml")
    with source.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, list[object]]] = yaml.safe_load(fh)["fields"]
    return data


def test_every_exact_synonym_belongs_to_one_field_and_maps_to_it() -> None:
    owners: dict[str, str] = {}
    for field, spec in _table().items():
        for synonym in spec.get("exact", []):
            key = compact_key(str(synonym))
            assert owners.setdefault(key, field) == field, f"{synonym!r}: {owners[key]}, {field}"
            assert match_header(str(synonym)).field == field


def test_synonym_table_covers_the_fields_later_rules_need() -> None:
    fields = set(canonical_fields())
    wanted = {
        "name", "last_name", "first_name", "middle_name", "name_latin", "birth_date",
        "nationality", "citizenship", "gender", "passport", "passport_country", "inn", "ogrn",
        "national_id", "schema", "organization", "employee_id", "visa_purpose", "work_permit",
        "hire_date", "termination_date", "notification_date", "agency", "agency_inn", "payee",
        "address", "site", "job_title", "work_permit_issue_date", "study_institution",
        "study_programme", "study_mode", "study_certificate", "agency_ogrn", "payee_inn",
        "bank_account", "termination_notification_date", "work_schedule", "salary",
    }  # fmt: skip
    assert wanted <= fields
    for field, spec in _table().items():
        assert spec.get("exact"), f"{field} has no exact synonym"


def test_map_columns_keeps_first_of_duplicate_fields_and_notes_the_rest() -> None:
    columns = map_columns(["ФИО", "Гражданство", "Примечание", "", "Гражданство", "Примечание"])
    assert columns.labels == ["ФИО", "Гражданство", "Примечание", "column 4",
                              "Гражданство (2)", "Примечание (2)"]  # fmt: skip
    assert columns.fields == {0: "name", 1: "citizenship", 2: "note"}
    assert ("citizenship", "column 'Гражданство (2)' is also citizenship (read from "
            "'Гражданство')", "Гражданство (2)") in columns.notes  # fmt: skip


def test_exact_header_beats_a_contains_match_for_the_same_field() -> None:
    columns = map_columns(["Дата рождения работника", "Дата рождения"])
    assert columns.fields == {1: "birth_date"}


def test_mapping_file_overrides_automatic_mapping(tmp_path: Path) -> None:
    mapping_path = tmp_path / "map.yml"
    mapping_path.write_text(
        "columns:\n  Работник: name_latin\n  ФИО: name\n  Страна: citizenship\n"
        "  Паспорт: ignore\n  Нет такой: inn\n",
        encoding="utf-8",
    )
    mapping = load_mapping_file(mapping_path)
    columns = map_columns(["РАБОТНИК", "ФИО", "страна", "Паспорт"], mapping)
    assert columns.mapping == {"РАБОТНИК": "name_latin", "ФИО": "name", "страна": "citizenship"}
    assert any("'Нет такой' not found" in note[1] for note in columns.notes)


def test_mapping_file_accepts_json_and_names_a_sheet(tmp_path: Path) -> None:
    mapping_path = tmp_path / "map.json"
    mapping_path.write_text(json.dumps({"columns": {"Сотр.": "name"}, "sheet": "Лист2"}))
    mapping = load_mapping_file(mapping_path)
    assert mapping.sheet == "Лист2"
    assert map_columns(["Сотр."], mapping).mapping == {"Сотр.": "name"}


def test_mapping_file_with_unknown_field_names_the_file(tmp_path: Path) -> None:
    mapping_path = tmp_path / "bad.yml"
    mapping_path.write_text("columns:\n  Worker: full_name\n", encoding="utf-8")
    with pytest.raises(RosterError, match=r"bad\.yml.*'full_name'"):
        load_mapping_file(mapping_path)


@pytest.mark.parametrize(
    "text",
    ["just a string\n", "columns: [a, b]\n", "columns: {A: name}\ncolumn: {}\n", "columns: {\n"],
)
def test_malformed_mapping_file_is_a_roster_error(tmp_path: Path, text: str) -> None:
    mapping_path = tmp_path / "m.yml"
    mapping_path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError, match=r"m\.yml"):
        load_mapping_file(mapping_path)


def test_committed_mapping_fixture_is_valid() -> None:
    mapping = load_mapping_file(FIXTURES / "custom_mapping.yml")
    assert set(mapping.columns.values()) == {"name", "birth_date", "nationality", "passport",
                                             "address"}  # fmt: skip


def test_every_canonical_field_is_documented() -> None:
    doc = Path(__file__).parents[2] / "docs" / "roster-format.md"
    text = doc.read_text(encoding="utf-8")
    missing = [f for f in canonical_fields() if f"`{f}`" not in text]
    assert missing == [], f"fields missing from {doc.name}: {missing}"
