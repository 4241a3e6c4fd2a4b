"""Reading rosters: encodings, delimiters, XLSX, row numbers, problems, never a lost row."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from laborscreen.errors import Problem, RosterError
from laborscreen.model import Identifier, PartialDate, Schema
from laborscreen.roster import RosterRecord, detect_encoding, iter_roster, read_roster

FIXTURES = Path(__file__).parents[1] / "fixtures" / "rosters"


def _problems(read_problems: list[Problem]) -> list[tuple[int, str | None, str, str | None]]:
    return [(p.row, p.field, p.message, p.value) for p in read_problems]


def _write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---- the committed fixtures -------------------------------------------------


def test_cp1251_semicolon_roster_with_title_rows() -> None:
    path = FIXTURES / "workers_cp1251.csv"
    assert detect_encoding(path) == "cp1251"
    read = read_roster(path)
    assert read.encoding == "cp1251"
    assert read.header_row == 3  # a title row and a blank row sit above the header
    assert read.mapping["Ф.И.О."] == "name"
    assert read.mapping["ФИО (лат.)"] == "name_latin"
    assert read.extra_columns == ["№ п/п"]
    # Row 3 is blank: skipped, but counted, so row numbers stay those of the sheet.
    assert [r.row for r in read.records] == [1, 2, 4, 5]
    kim, pak, ivanov, nameless = read.records
    assert kim.name == "Ким Чен Ир"
    assert kim.name_latin == "KIM JONG IL"
    assert kim.names == ("Ким Чен Ир", "KIM JONG IL")
    assert kim.birth_date == PartialDate(1985, 2, 16)
    assert kim.nationality == "KP"
    assert kim.gender == "male"
    assert kim.identifiers == (Identifier("passport", "745123456"),)
    assert kim.fields["citizenship"] == "КНДР"
    assert kim.fields["visa_purpose"] == "учеба"
    assert kim.extra == {"№ п/п": "1"}
    # A bare "Корея" is ambiguous: no code, raw text kept, and no problem raised.
    assert pak.nationality is None
    assert pak.fields["citizenship"] == "Корея"
    assert pak.gender == "female"
    assert pak.birth_date == PartialDate(1990)
    assert pak.fields["visa_purpose"] == "учеба,\nподготовительный курс"  # quoted newline
    assert ivanov.name == "Иванов Пётр Сергеевич"
    assert ivanov.birth_date is None  # 31 February
    assert nameless.name is None
    assert _problems(read.problems) == [
        (4, "birth_date", "unreadable birth date", "31.02.1980"),
        (5, "name", "empty name", None),
    ]
    assert all(p.file == str(path) for p in read.problems)


def test_utf8_bom_roster_with_split_name_columns() -> None:
    read = read_roster(FIXTURES / "workers_utf8_bom.csv")
    assert read.encoding == "utf-8-sig"
    assert "Employee ID" in read.mapping  # the BOM is not part of the first header
    ri, tsoi, choe = read.records
    assert (ri.last_name, ri.first_name, ri.middle_name) == ("Ri", "Yong Chol", None)
    assert ri.name == "Ri Yong Chol"
    assert ri.nationality == "KP"
    assert ri.passport == "PS472000123"
    # Russian order: surname, given name, patronymic (the patronymic is the middle name).
    assert tsoi.name == "Цой Виктор Робертович"
    assert tsoi.middle_name == "Робертович"
    assert tsoi.birth_date == PartialDate(1962, 6, 21)
    assert tsoi.passport is None and tsoi.identifiers == ()
    assert choe.birth_date == PartialDate(1975, circa=True)
    assert choe.gender == "female"
    assert choe.fields["note"] == "transferred, see memo"
    # A person roster with a Company column is still a person roster.
    assert all(r.schema is Schema.PERSON for r in read.records)
    assert ri.fields["organization"] == "Acme Logistics LLC"
    assert read.problems == []


def test_organisation_only_file_reads_as_suppliers() -> None:
    read = read_roster(FIXTURES / "suppliers.csv")
    mokran, romashka = read.records
    assert mokran.schema is Schema.ORGANIZATION
    assert mokran.name == 'ООО "Мокран"'
    assert Identifier("inn", "7811489970", "RU") in mokran.identifiers
    assert romashka.name == "АО «Ромашка»"
    assert Identifier("inn", "0274000001", "RU") in romashka.identifiers
    assert read.problems == []


def test_mapping_file_names_columns_the_synonyms_do_not_know() -> None:
    with pytest.raises(RosterError, match=r"custom_headers\.tsv.*'Сотр\.'"):
        read_roster(FIXTURES / "custom_headers.tsv")
    read = read_roster(FIXTURES / "custom_headers.tsv", FIXTURES / "custom_mapping.yml")
    assert read.mapping == {"Сотр.": "name", "Born": "birth_date", "Country": "nationality",
                            "Doc": "passport", "Dorm": "address"}  # fmt: skip
    assert [r.name for r in read.records] == ["Ли Ён Су", "Ким Ён Чхоль"]
    assert {r.nationality for r in read.records} == {"KP"}
    assert read.records[0].fields["address"] == "ул. Строителей 5"


# ---- encodings and delimiters -------------------------------------------------


def test_broken_utf8_bytes_become_problems_and_the_rest_is_read(tmp_path: Path) -> None:
    good = "ФИО,Гражданство,Паспорт\nКим Ир,КНДР,108000001\n".encode()
    bad = "Пак Со".encode() + b"\xff\xfe" + "н,КНДР,108000002\n".encode()
    tail = "Ли Мин,Россия,4510000001\n".encode()
    path = tmp_path / "broken.csv"
    path.write_bytes(good + bad + tail)
    read = read_roster(path)
    assert read.encoding == "utf-8-sig"  # damaged UTF-8 is not mistaken for cp1251
    assert [r.row for r in read.records] == [1, 2, 3]
    assert read.records[0].name == "Ким Ир"
    assert read.records[2].name == "Ли Мин"
    assert [(p.row, p.field) for p in read.problems] == [(2, "name")]
    assert read.problems[0].message.startswith("broken encoding")
    assert read.problems[0].file == str(path)


def test_cp1251_with_an_undefined_byte_is_still_read(tmp_path: Path) -> None:
    # 0x98 is the one byte cp1251 leaves undefined.
    data = "Фамилия;Имя\nЦой;Виктор\n".encode("cp1251") + b"\x98\xc8\xe2;\xcf\xb8\xf2\xf0\n"
    path = tmp_path / "odd.csv"
    path.write_bytes(data)
    read = read_roster(path)
    assert read.encoding == "cp1251"
    assert read.records[0].name == "Цой Виктор"
    assert read.records[1].first_name == "Пётр"
    assert [(p.row, p.field) for p in read.problems] == [(2, "last_name")]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed_from_the_header(tmp_path: Path, delimiter: str) -> None:
    header = ['"Фамилия, имя, отчество"', "Дата рождения", "Гражданство"]
    row = ['"Ким, Ён Су"', "01.02.1990", "Республика Корея"]
    text = delimiter.join(header) + "\n" + delimiter.join(row) + "\n"
    read = read_roster(_write_csv(tmp_path / "r.csv", text))
    (record,) = read.records
    assert record.name == "Ким, Ён Су"
    assert record.birth_date == PartialDate(1990, 2, 1)
    assert record.nationality == "KR"


def test_citizenship_fills_in_when_nationality_is_blank(tmp_path: Path) -> None:
    text = "Name;Nationality;Citizenship\nKim Su;;КНДР\nLi Su;Uzbekistan;КНДР\n"
    read = read_roster(_write_csv(tmp_path / "n.csv", text))
    assert [r.nationality for r in read.records] == ["KP", "UZ"]
    assert read.records[1].fields["citizenship"] == "КНДР"


# ---- rows, names, schema -------------------------------------------------------


def test_latin_name_alone_is_enough_to_screen(tmp_path: Path) -> None:
    text = "ФИО;ФИО (лат.);Пол\n;RI SONG HO;Ж\n;;x\n"
    read = read_roster(_write_csv(tmp_path / "l.csv", text))
    latin_only, empty = read.records
    assert latin_only.name is None and latin_only.names == ("RI SONG HO",)
    assert empty.names == ()
    assert _problems(read.problems) == [
        (2, "name", "empty name", None),
        (2, "gender", "unknown gender", "x"),
    ]


def test_schema_column_mixes_people_and_organisations(tmp_path: Path) -> None:
    text = (
        "Тип;Наименование;ФИО;ИНН\n"
        "юрлицо;ООО Мокран;;7811489970\n"
        "физлицо;;Ким Ён Чхоль;\n"
        "ИП;;Пак Ир;500100732259\n"
        "робот;;Ли Су;\n"
    )
    read = read_roster(_write_csv(tmp_path / "mix.csv", text))
    schemas = [(r.schema, r.name) for r in read.records]
    assert schemas == [
        (Schema.ORGANIZATION, "ООО Мокран"),
        (Schema.PERSON, "Ким Ён Чхоль"),
        (Schema.PERSON, "Пак Ир"),
        (Schema.PERSON, "Ли Су"),
    ]
    assert _problems(read.problems) == [(4, "schema", "unknown record type", "робот")]


def test_placeholders_are_empty_but_kept_raw(tmp_path: Path) -> None:
    text = "ФИО;Паспорт;Дата рождения\nКим Ир;нет;-\n"
    (record,) = read_roster(_write_csv(tmp_path / "p.csv", text)).records
    assert record.passport is None and record.birth_date is None
    assert record.fields == {"name": "Ким Ир", "passport": "нет", "birth_date": "-"}


def test_unreadable_labour_dates_are_problems(tmp_path: Path) -> None:
    text = (
        "ФИО;Дата приема;Дата уведомления МВД;Дата выдачи патента\n"
        "Ким Ир;31.02.2025;-;14.03.2025\n"
        "Пак Ир;07.04.2025;на следующей неделе;\n"
    )
    read = read_roster(_write_csv(tmp_path / "d.csv", text))
    assert len(read.records) == 2
    assert _problems(read.problems) == [
        (1, "hire_date", "unreadable date", "31.02.2025"),
        (2, "notification_date", "unreadable date", "на следующей неделе"),
    ]


def test_passport_series_and_number_columns_are_joined(tmp_path: Path) -> None:
    text = "ФИО;Серия паспорта;Номер паспорта\nИванов Иван;4510;123456\n"
    (record,) = read_roster(_write_csv(tmp_path / "s.csv", text)).records
    assert record.passport == "4510 123456"
    assert record.identifiers == (Identifier("passport", "4510 123456"),)


def test_spreadsheet_mangled_number_is_a_problem(tmp_path: Path) -> None:
    text = "ФИО;Паспорт\nКим Ир;1,08555E+08\n"
    read = read_roster(_write_csv(tmp_path / "e.csv", text))
    assert read.records[0].identifiers == ()
    assert [(p.row, p.field, p.value) for p in read.problems] == [(1, "passport", "1,08555E+08")]


def test_unmapped_and_ragged_cells_are_never_dropped(tmp_path: Path) -> None:
    text = "ФИО;Примечание;;Примечание\nКим Ир;a;b;c;d\n"
    (record,) = read_roster(_write_csv(tmp_path / "x.csv", text)).records
    assert record.fields == {"name": "Ким Ир", "note": "a"}
    assert record.extra == {"column 3": "b", "Примечание (2)": "c", "column 5": "d"}


def test_header_problems_have_row_zero(tmp_path: Path) -> None:
    text = "ФИО;Гражданство;Гражданство\nКим Ир;КНДР;Россия\n"
    read = read_roster(_write_csv(tmp_path / "h.csv", text))
    assert [(p.row, p.field) for p in read.problems] == [(0, "citizenship")]
    assert read.records[0].nationality == "KP"
    assert read.records[0].extra == {"Гражданство (2)": "Россия"}


# ---- XLSX ------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]], second_sheet: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Работники"
    for row in rows:
        sheet.append(row)
    if second_sheet:
        other = book.create_sheet("Поставщики")
        other.append(["Наименование", "ИНН"])
        other.append(["Korea Rungrado General Trading Corp.", 274000001])
    book.save(path)
    return path


def test_xlsx_cells_are_typed_and_rows_match_the_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "roster.xlsx", [
        ["Реестр работников", None, None, None],
        ["ФИО", "Дата рождения", "Паспорт", "Гражданство"],
        ["Ким Чен Ын", datetime(1984, 1, 8), 836123456.0, "КНДР"],
        [None, None, None, None],
        ["Ri Yong Ho", date(1956, 10, 10), 745000111, "DPRK"],
        ["Чхве Сон Хи", "08.01.1984", "PS1234567", None],
    ])  # fmt: skip
    read = read_roster(path)
    assert read.sheet == "Работники"
    assert read.header_row == 2
    # Excel row = header row + data row: Ким is on sheet row 3, Ri on row 5.
    assert [r.row for r in read.records] == [1, 3, 4]
    kim, ri, choe = read.records
    assert kim.birth_date == PartialDate(1984, 1, 8)
    assert kim.passport == "836123456"  # not "836123456.0"
    assert kim.nationality == "KP"
    assert ri.birth_date == PartialDate(1956, 10, 10)
    assert ri.passport == "745000111"
    assert choe.birth_date == PartialDate(1984, 1, 8)
    assert read.problems == []


def test_xlsx_sheet_named_in_mapping_file(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", [["ФИО"], ["Ким Ир"]], second_sheet=True)
    mapping = tmp_path / "map.yml"
    mapping.write_text("sheet: Поставщики\ncolumns: {}\n", encoding="utf-8")
    read = read_roster(path, mapping)
    (record,) = read.records
    assert read.sheet == "Поставщики"
    assert record.schema is Schema.ORGANIZATION
    # A numeric INN cell lost its leading zero; the region code gets it back.
    assert record.identifiers == (Identifier("inn", "0274000001", "RU"),)
    mapping.write_text("sheet: Лист9\ncolumns: {}\n", encoding="utf-8")
    with pytest.raises(RosterError, match="Лист9"):
        read_roster(path, mapping)


# ---- files that cannot be read -----------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match=r"nope\.csv: no such file"):
        read_roster(tmp_path / "nope.csv")


def test_no_name_column_names_file_and_headers(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "nn.csv", "Дата рождения;Гражданство\n01.01.1990;КНДР\n")
    with pytest.raises(RosterError, match=r"nn\.csv.*'Дата рождения', 'Гражданство'"):
        read_roster(path)


def test_employer_column_is_not_taken_for_the_missing_person_name(tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "emp.csv", "Сотр.;Компания;Дата рождения\nКим Ир;ООО Ромашка;1990\n"
    )
    with pytest.raises(RosterError, match=r"emp\.csv: no name column"):
        read_roster(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy Excel"),
        (b"PK\x03\x04 not really a zip", "cannot open as an XLSX"),
    ],
)
def test_unreadable_files_are_roster_errors(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(data)
    with pytest.raises(RosterError, match=message):
        read_roster(path)


def test_malformed_csv_row_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    huge = "x" * 200_000  # over the csv module's 128 KB field limit
    text = f'ФИО;Паспорт\nКим Ир;1\n"{huge}";2\nЛи Су;3\n'
    read = read_roster(_write_csv(tmp_path / "m.csv", text))
    assert [r.name for r in read.records] == ["Ким Ир", "Ли Су"]
    assert [(p.row, p.message.startswith("malformed CSV")) for p in read.problems] == [(2, True)]


# ---- streaming and scale ---------------------------------------------------------------


def test_iter_roster_streams_records_then_their_problems() -> None:
    mapping, entries = iter_roster(FIXTURES / "workers_cp1251.csv")
    assert mapping["Дата рождения"] == "birth_date"
    kinds = [(type(e).__name__, e.row) for e in entries]
    assert kinds == [("RosterRecord", 1), ("RosterRecord", 2), ("RosterRecord", 4),
                     ("Problem", 4), ("RosterRecord", 5), ("Problem", 5)]  # fmt: skip


def test_iter_roster_left_unconsumed_leaves_no_open_file() -> None:
    # pytest turns ResourceWarning into an error (filterwarnings = error).
    _, entries = iter_roster(FIXTURES / "workers_utf8_bom.csv")
    first = next(entries)
    assert isinstance(first, RosterRecord)
    del entries


def test_large_roster_reads_every_row(tmp_path: Path) -> None:
    rows = 100_000
    lines = ["Табельный номер;ФИО;Дата рождения;Гражданство;Пол;Паспорт"]
    lines += [
        f"{i};Ким Ён Су {i};{i % 28 + 1:02d}.{i % 12 + 1:02d}.{1960 + i % 40};"
        f"{'КНДР' if i % 3 else 'Узбекистан'};{'М' if i % 2 else 'Ж'};{100000000 + i}"
        for i in range(rows)
    ]
    path = _write_csv(tmp_path / "big.csv", "\n".join(lines) + "\n", "cp1251")
    read = read_roster(path)
    assert len(read.records) == rows
    assert read.records[-1].row == rows and read.records[-1].passport == str(100000000 + rows - 1)
    assert read.problems == []
