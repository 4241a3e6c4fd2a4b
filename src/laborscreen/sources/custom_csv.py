"""In-house lists: the documented custom CSV format (see docs/lists.md).

Compliance teams keep their own watch lists (agencies they dropped, people a
regulator named) beside the official ones. This module reads them from a CSV
with a fixed, documented header into the same :class:`~laborscreen.model.Entity`
values, with ids ``custom:<list>/<id>``. ``<list>`` is the ``list`` column when
the file has one, otherwise the file name's stem.

The format is strict on purpose: the file is written by people, so an unknown
column, a missing id or name, an unreadable date or country fails the import
with the file, line and field named, instead of silently screening less.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from laborscreen.countries import is_ambiguous, to_iso
from laborscreen.dates import parse_date
from laborscreen.errors import ListFormatError
from laborscreen.model import (
    Address,
    Entity,
    Identifier,
    Name,
    NameKind,
    ParsedList,
    PartialDate,
    Schema,
)
from laborscreen.sources.base import clean, read_csv_rows, script_of, sha256_files

#: Every column the format knows, in the order docs/lists.md describes them.
COLUMNS = (
    "id",
    "name",
    "schema",
    "aliases",
    "weak_aliases",
    "birth_dates",
    "nationalities",
    "gender",
    "passport",
    "national_id",
    "inn",
    "ogrn",
    "identifiers",
    "addresses",
    "countries",
    "programs",
    "listed_on",
    "source_url",
    "remarks",
    "list",
)
REQUIRED = ("id", "name")
SEPARATOR = ";"

_LIST_NAME = re.compile(r"^[a-z0-9_-]+$")
_ID_TYPE = re.compile(r"^[a-z][a-z0-9_]*$")
_GENDERS = {
    "male": "male", "m": "male", "м": "male", "муж": "male", "мужской": "male",
    "female": "female", "f": "female", "ж": "female", "жен": "female", "женский": "female",
}  # fmt: skip
_SCHEMAS = (Schema.PERSON, Schema.ORGANIZATION, Schema.COMPANY, Schema.VESSEL)


def list_name_from_stem(path: Path) -> str:
    """The default list name: the file stem, lower-cased, other characters as ``_``."""
    name = re.sub(r"[^a-z0-9_-]+", "_", path.stem.lower()).strip("_")
    return name or "custom"


class _Row:
    """One data row with helpers that raise errors naming file, line and field."""

    def __init__(self, path: Path, line: int, values: dict[str, str | None]) -> None:
        self.path, self.line, self.values = path, line, values

    def error(self, field: str, message: str) -> ListFormatError:
        return ListFormatError(str(self.path), message, f"line {self.line}, field {field!r}")

    def get(self, field: str) -> str | None:
        return self.values.get(field)

    def many(self, field: str) -> list[str]:
        text = self.values.get(field)
        if text is None:
            return []
        return [part.strip() for part in text.split(SEPARATOR) if part.strip()]

    def country(self, field: str, text: str) -> str:
        code = to_iso(text)
        if code is None:
            why = "ambiguous country" if is_ambiguous(text) else "unknown country"
            raise self.error(field, f"{why} {text!r}")
        return code

    def date(self, field: str, text: str) -> PartialDate:
        date = parse_date(text)
        if date is None:
            raise self.error(field, f"unreadable date {text!r}")
        return date


def parse(path: Path | str) -> ParsedList:
    """Parse a custom in-house list CSV (UTF-8, with or without BOM)."""
    path = Path(path)
    header: list[str] | None = None
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    list_names: set[str] = set()
    for line, cells in read_csv_rows(path, encodings=("utf-8-sig",)):
        if header is None:
            header = _header(path, line, cells)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise ListFormatError(
                str(path), f"{len(cells)} cells, the header has {len(header)}", f"line {line}"
            )
        row = _Row(path, line, {h: clean(c) for h, c in zip(header, cells, strict=False)})
        for field in REQUIRED:
            if row.get(field) is None:
                raise row.error(field, f"required field {field!r} is empty")
        if (list_name := row.get("list")) is not None:
            list_names.add(_list_name(row, list_name))
        entity_id = str(row.get("id"))
        if entity_id in seen:
            raise row.error("id", f"duplicate id {entity_id!r} (first on line {seen[entity_id]})")
        seen[entity_id] = line
        entities.append(_entity(row, entity_id))
    if header is None:
        raise ListFormatError(str(path), "empty file: the header row is required")
    if len(list_names) > 1:
        raise ListFormatError(
            str(path), f"one file holds one list, found {', '.join(sorted(list_names))}"
        )
    list_name = list_names.pop() if list_names else list_name_from_stem(path)
    source = f"custom:{list_name}"
    return ParsedList(
        source=source,
        entities=[_with_source(e, list_name) for e in entities],
        published=None,
        files=[str(path)],
        checksum=sha256_files([path]),
        url=None,
    )


def _header(path: Path, line: int, cells: list[str]) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    for column in header:
        if column not in COLUMNS:
            message = f"unknown column {column!r}; known columns: {', '.join(COLUMNS)}"
            raise ListFormatError(str(path), message, f"line {line}")
        if header.count(column) > 1:
            raise ListFormatError(str(path), f"column {column!r} appears twice", f"line {line}")
    for column in REQUIRED:
        if column not in header:
            raise ListFormatError(str(path), f"required column {column!r} missing", f"line {line}")
    return header


def _list_name(row: _Row, text: str) -> str:
    name = text.strip().lower()
    if not _LIST_NAME.match(name):
        raise row.error("list", f"list name {text!r} may only hold a-z, 0-9, '_' and '-'")
    return name


def _with_source(entity: Entity, list_name: str) -> Entity:
    # The list name is known only after the last row, so ids are completed here.
    source = f"custom:{list_name}"
    return replace(entity, id=f"{source}/{entity.id}", source=source)


def _names(row: _Row) -> list[Name]:
    primary = str(row.get("name"))
    names = [Name(primary, NameKind.PRIMARY, script=script_of(primary))]
    for field, kind in (("aliases", NameKind.ALIAS), ("weak_aliases", NameKind.WEAK_ALIAS)):
        for text in row.many(field):
            script = script_of(text)
            if script is not None and kind is NameKind.ALIAS:
                names.append(Name(text, NameKind.ORIGINAL_SCRIPT, script=script))
            else:
                names.append(Name(text, kind, script=script))
    return list(dict.fromkeys(names))


def _identifiers(row: _Row) -> list[Identifier]:
    found = [
        Identifier(kind, value)
        for kind in ("passport", "national_id", "inn", "ogrn")
        for value in row.many(kind)
    ]
    for item in row.many("identifiers"):
        parts = [p.strip() for p in item.split(":")]
        if len(parts) not in (2, 3) or not parts[1]:
            raise row.error("identifiers", f"{item!r} is not type:value or type:value:country")
        kind = parts[0].lower()
        if not _ID_TYPE.match(kind):
            raise row.error("identifiers", f"identifier type {parts[0]!r} is not a word")
        country = row.country("identifiers", parts[2]) if len(parts) == 3 and parts[2] else None
        found.append(Identifier(kind, parts[1], country))
    return found


def _entity(row: _Row, native_id: str) -> Entity:
    schema = Schema.PERSON
    if (text := row.get("schema")) is not None:
        try:
            schema = Schema.parse(text)
        except ValueError:
            raise row.error("schema", f"unknown schema {text!r}") from None
        if schema not in _SCHEMAS:
            raise row.error("schema", f"schema {text!r} is not Person, Organization or Vessel")
    gender = None
    if (text := row.get("gender")) is not None:
        gender = _GENDERS.get(text.lower())
        if gender is None:
            raise row.error("gender", f"gender {text!r} is not male or female")
    listed_on = None
    if (text := row.get("listed_on")) is not None:
        listed_on = row.date("listed_on", text).iso()

    return Entity(
        id=native_id,
        source="custom",
        schema=schema,
        names=tuple(_names(row)),
        birth_dates=tuple(row.date("birth_dates", v) for v in row.many("birth_dates")),
        nationalities=tuple(
            dict.fromkeys(row.country("nationalities", v) for v in row.many("nationalities"))
        ),
        countries=tuple(dict.fromkeys(row.country("countries", v) for v in row.many("countries"))),
        gender=gender,
        identifiers=tuple(dict.fromkeys(_identifiers(row))),
        addresses=tuple(Address(text) for text in row.many("addresses")),
        programs=tuple(dict.fromkeys(row.many("programs"))),
        listed_on=listed_on,
        source_url=row.get("source_url"),
        remarks=row.get("remarks"),
    )
