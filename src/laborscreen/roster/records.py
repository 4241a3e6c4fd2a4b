"""One roster row as a typed record, and the rules that build it from cell text.

The reader (:mod:`laborscreen.roster.reader`) hands each data row's cells to a
:class:`RecordBuilder`; it returns exactly one :class:`RosterRecord` per
non-empty row plus the :class:`~laborscreen.errors.Problem` values found in it,
so that the output keeps one entry per input row and a bad cell never stops
the screening of the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from laborscreen.countries import to_iso
from laborscreen.dates import parse_date
from laborscreen.errors import Problem
from laborscreen.model import Identifier, PartialDate, Schema
from laborscreen.roster.headers import (
    NAME_FIELDS,
    PERSON_ONLY_FIELDS,
    ColumnMap,
    compact_key,
    header_table,
)


@dataclass(frozen=True, slots=True)
class RosterRecord:
    """A roster row, typed. ``fields`` keeps every mapped cell's text, ``extra`` the rest."""

    row: int  # 1-based data row number: the first row after the header is 1
    schema: Schema
    name: str | None
    first_name: str | None
    last_name: str | None
    middle_name: str | None  # patronymic
    name_latin: str | None  # the passport's Latin spelling, when a second name column has it
    birth_date: PartialDate | None
    nationality: str | None  # ISO alpha-2
    gender: str | None  # "male" / "female"
    passport: str | None
    identifiers: tuple[Identifier, ...]
    fields: dict[str, str]  # canonical field -> cell text
    extra: dict[str, str]  # unmapped column label -> cell text

    @property
    def names(self) -> tuple[str, ...]:
        """The distinct names to screen: as written, then the Latin spelling."""
        return tuple(dict.fromkeys(n for n in (self.name, self.name_latin) if n))


#: Fields that become identity documents on the record, with their Identifier type.
IDENTIFIER_TYPES = {
    "passport": "passport",
    "national_id": "national_id",
    "inn": "inn",
    "ogrn": "ogrn",
}

# The fields whose text becomes typed attributes of the record.
_TYPED = frozenset(
    {
        *NAME_FIELDS,
        *IDENTIFIER_TYPES,
        "schema",
        "organization",
        "birth_date",
        "nationality",
        "citizenship",
        "gender",
        "passport_series",
        "passport_country",
    }
)

# Excel turns long numbers into "1.23457E+11" in CSV exports; the digits are gone.
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


def default_schema(columns: ColumnMap) -> Schema:
    """The file's schema when a row does not say: Organization for supplier files.

    A supplier file either has only an organisation-name column, or a bare
    name column beside an OGRN and nothing that only people have.
    """
    if columns.has("organization") and not columns.has(*NAME_FIELDS):
        return Schema.ORGANIZATION
    if columns.has("ogrn") and not columns.has(*PERSON_ONLY_FIELDS):
        return Schema.ORGANIZATION
    return Schema.PERSON


@lru_cache(maxsize=65536)
def _date(text: str) -> PartialDate | None:
    return parse_date(text)


@lru_cache(maxsize=4096)
def _country(text: str) -> str | None:
    return to_iso(text)


@lru_cache(maxsize=1024)
def _gender(text: str) -> str | None:
    return header_table().gender.get(compact_key(text))


def _joined(*parts: str | None) -> str | None:
    return " ".join(p for p in parts if p) or None


def _inn(value: str) -> str:
    # A numeric Excel cell drops the leading zero of INNs from regions 01-09.
    if value.isdigit() and len(value) in (9, 11):
        return "0" + value
    return value


class RecordBuilder:
    """Turns the cells of one data row into a record and its problems."""

    def __init__(self, path: str, columns: ColumnMap) -> None:
        self.path = path
        self.columns = columns
        self.schema = default_schema(columns)
        self._table = header_table()
        width = max(columns.fields, default=-1) + 1
        self._field_at: list[str | None] = [columns.fields.get(i) for i in range(width)]
        self._other_dates = sorted(
            n for n in columns.fields.values() if n.endswith("_date") and n != "birth_date"
        )

    def _label(self, index: int) -> str:
        labels = self.columns.labels
        return labels[index] if index < len(labels) else f"column {index + 1}"

    def _problem(
        self, row: int, field: str | None, message: str, value: str | None = None
    ) -> Problem:
        return Problem(self.path, row, field, message, value)

    def _cells(
        self, row: int, cells: Sequence[str], problems: list[Problem]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Split the non-empty cells into mapped ``fields`` and unmapped ``extra``."""
        fields: dict[str, str] = {}
        extra: dict[str, str] = {}
        field_at, width = self._field_at, len(self._field_at)
        for index, cell in enumerate(cells):
            text = cell.strip()
            if not text:
                continue
            name = field_at[index] if index < width else None
            if name is None:
                extra[self._label(index)] = text
            else:
                fields[name] = text
            if "\ufffd" in text:
                where = name or self._label(index)
                message = "broken encoding: undecodable bytes replaced"
                problems.append(self._problem(row, where, message, text))
        return fields, extra

    def _schema(self, row: int, values: dict[str, str], problems: list[Problem]) -> Schema:
        if "schema" not in values:
            return self.schema
        found = self._table.schema.get(compact_key(values["schema"]))
        if found is None:
            problems.append(self._problem(row, "schema", "unknown record type", values["schema"]))
            return self.schema
        return found

    def _identifiers(
        self, row: int, values: dict[str, str], problems: list[Problem]
    ) -> tuple[str | None, tuple[Identifier, ...]]:
        """The passport as written (series joined to number) and the identity documents."""
        passport = values.get("passport")
        series = values.get("passport_series")
        if (
            passport
            and series
            and not passport.replace(" ", "").startswith(series.replace(" ", ""))
        ):
            passport = f"{series} {passport}"
        found: list[Identifier] = []
        for source, kind in IDENTIFIER_TYPES.items():
            value = passport if source == "passport" else values.get(source)
            if not value:
                continue
            if _SCIENTIFIC.match(value):
                message = "number in scientific notation: digits lost by a spreadsheet"
                problems.append(self._problem(row, source, message, value))
                if source == "passport":
                    passport = None
                continue
            if kind == "passport":
                issuer = values.get("passport_country")
                found.append(Identifier(kind, value, _country(issuer) if issuer else None))
            elif kind == "inn":
                found.append(Identifier(kind, _inn(value), "RU"))
            elif kind == "ogrn":
                found.append(Identifier(kind, value, "RU"))
            else:
                found.append(Identifier(kind, value))
        return passport, tuple(found)

    def build(self, row: int, cells: Sequence[str]) -> tuple[RosterRecord, list[Problem]]:
        """The record of data row ``row`` and the problems found in it."""
        problems: list[Problem] = []
        fields, extra = self._cells(row, cells, problems)
        # Only the cells this builder reads are cleaned: the rest stay raw text, and
        # skipping them keeps a million-row roster fast.
        empty = self._table.empty
        values = {
            k: " ".join(v.split())
            for k, v in fields.items()
            if k in _TYPED and v.lower() not in empty
        }
        get = values.get
        schema = self._schema(row, values, problems)

        last, first, middle = get("last_name"), get("first_name"), get("middle_name")
        name = get("name") or _joined(last, first, middle)
        latin = get("name_latin") or _joined(
            get("last_name_latin"), get("first_name_latin"), get("middle_name_latin")
        )
        if schema.is_organization:
            name = name or get("organization")
        if not name and not latin:
            problems.append(self._problem(row, "name", "empty name"))

        birth_date = None
        if "birth_date" in values:
            birth_date = _date(values["birth_date"])
            if birth_date is None:
                message = "unreadable birth date"
                problems.append(self._problem(row, "birth_date", message, fields["birth_date"]))
        # The labour rules count days between hire, permit and notice dates: a date they
        # cannot read is reported here, with its row, as well as in the rule's finding.
        for date_field in self._other_dates:
            raw = fields.get(date_field)
            if raw is not None and raw.strip().lower() not in empty and _date(raw) is None:
                problems.append(self._problem(row, date_field, "unreadable date", raw))

        # Citizenship stands in for nationality when that column is absent or blank.
        nationality = None
        for source in ("nationality", "citizenship"):
            if nationality is None and source in values:
                nationality = _country(values[source])

        gender = None
        if "gender" in values:
            gender = _gender(values["gender"])
            if gender is None:
                problems.append(self._problem(row, "gender", "unknown gender", fields["gender"]))

        passport, identifiers = self._identifiers(row, values, problems)
        record = RosterRecord(
            row=row,
            schema=schema,
            name=name,
            first_name=first,
            last_name=last,
            middle_name=middle,
            name_latin=latin,
            birth_date=birth_date,
            nationality=nationality,
            gender=gender,
            passport=passport,
            identifiers=identifiers,
            fields=fields,
            extra=extra,
        )
        return record, problems
