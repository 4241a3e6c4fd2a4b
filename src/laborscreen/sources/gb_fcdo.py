"""UK sanctions list CSV (FCDO "UK Sanctions List", and OFSI's older consolidated list).

Both layouts put one *name* per row: a designated person with three aliases
fills four rows that share a Group ID (or, in the FCDO file, a Unique ID). This
module groups those rows back into one :class:`~laborscreen.model.Entity` with
id ``gb_fcdo:<id>``. ``Name 6`` is the surname (or the whole name of an entity
or ship), ``Name 1``–``Name 5`` the given and middle names.

A preamble line (``Report Date: …`` in the FCDO file, ``Last Updated,…`` in the
OFSI one) gives the publication date; the header is the first row holding
``Name 6``. Unknown extra columns are ignored, as the publishers add columns
from time to time; a missing required column or a row without id, type or name
fails the import with the line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from laborscreen.countries import to_iso
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

SOURCE = "gb_fcdo"
URL = "https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.csv"

_ID_COLUMNS = ("unique id", "group id")  # the FCDO's own id first, OFSI's group id second
_REQUIRED = ("name 6", "group type")
_DISPLAY = {"unique id": "Unique ID", "group id": "Group ID"}
_GROUP_TYPES = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_KINDS = {
    "primary name": NameKind.PRIMARY,
    "primary name variation": NameKind.ALIAS,
    "alias": NameKind.ALIAS,
    "aka": NameKind.ALIAS,
    "fka": NameKind.FORMER,
    "former name": NameKind.FORMER,
}
_GENDERS = {"male": "male", "female": "female", "m": "male", "f": "female"}
# "(1) Russia (2) Ukraine": how both files put several values in one cell.
_NUMBERED = re.compile(r"\(\d+\)")
# dd/mm/yyyy with 00 or -- for an unknown day or month: "00/00/1962", "--/05/1962".
_UK_DATE = re.compile(r"^(\d{1,2}|--)/(\d{1,2}|--)/(\d{4})$")
_Getter = Callable[[str], str | None]
# Ships' IMO numbers sit in free text ("IMO number: 9000002") when no column holds them.
_IMO = re.compile(r"\bIMO(?:\s+number)?\s*:?\s*(\d{7})\b", re.IGNORECASE)
_PREAMBLE = re.compile(r"^\s*(report date|last updated)\s*[:,]?\s*", re.IGNORECASE)


@dataclass(slots=True)
class _Group:
    """The rows of one designation, accumulated before they become an Entity."""

    schema: Schema
    names: list[Name] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def parse(path: Path | str) -> ParsedList:
    """Parse a UK sanctions list CSV (FCDO or OFSI layout) into a :class:`ParsedList`."""
    path = Path(path)
    published: str | None = None
    columns: dict[str, int] | None = None
    id_column = ""
    groups: dict[str, _Group] = {}
    for line, cells in read_csv_rows(path):
        if columns is None:
            normalised = [" ".join(c.split()).lower() for c in cells]
            if "name 6" in normalised:
                columns = {name: i for i, name in reversed(list(enumerate(normalised)))}
                id_column = _check_header(path, line, columns)
            elif cells and (match := _PREAMBLE.match(",".join(cells))):
                published = _report_date(",".join(cells)[match.end() :])
            continue
        if not any(c.strip() for c in cells):
            continue
        _add_row(path, line, cells, columns, id_column, groups)
    if columns is None:
        raise ListFormatError(str(path), "no header row with a 'Name 6' column")
    return ParsedList(
        source=SOURCE,
        entities=[_entity(key, group) for key, group in groups.items()],
        published=published,
        files=[str(path)],
        checksum=sha256_files([path]),
        url=URL,
    )


def _check_header(path: Path, line: int, columns: dict[str, int]) -> str:
    missing = [c.title() for c in _REQUIRED if c not in columns]
    id_column = next((c for c in _ID_COLUMNS if c in columns), None)
    if id_column is None:
        missing.append("Group ID")
    if missing:
        raise ListFormatError(str(path), f"missing column(s): {', '.join(missing)}", f"line {line}")
    return str(id_column)


def _report_date(text: str) -> str | None:
    text = text.strip(" ,")
    for candidate in (text, text.split(" ")[0], text.replace("-", " ")):
        date = _uk_date(candidate)
        if date is not None and date.is_exact:
            return date.iso()
    return None


def _uk_date(text: str | None) -> PartialDate | None:
    if text is None:
        return None
    match = _UK_DATE.match(text.strip())
    if match is None:
        return parse_date(text)
    day, month, year = (None if g in ("--", "0", "00") else g for g in match.groups())
    if year is None:
        return None
    iso = year + (f"-{int(month):02d}" if month else "")
    iso += f"-{int(day):02d}" if month and day else ""
    return parse_date(iso)


def _split(text: str | None) -> list[str]:
    if text is None:
        return []
    return [part.strip(" ,;") for part in _NUMBERED.split(text) if part.strip(" ,;")]


def _add_row(
    path: Path,
    line: int,
    cells: list[str],
    columns: dict[str, int],
    id_column: str,
    groups: dict[str, _Group],
) -> None:
    def get(column: str) -> str | None:
        index = columns.get(column)
        return clean(cells[index]) if index is not None and index < len(cells) else None

    key = get(id_column)
    if key is None:
        raise ListFormatError(str(path), f"empty {_DISPLAY[id_column]!r}", f"line {line}")
    type_text = (get("group type") or "").lower()
    schema = _GROUP_TYPES.get(type_text)
    if schema is None:
        raise ListFormatError(str(path), f"unknown Group Type {type_text!r}", f"line {line}")
    group = groups.setdefault(key, _Group(schema))
    if group.schema is not schema:
        message = f"Group Type {type_text!r} differs from earlier rows of {key}"
        raise ListFormatError(str(path), message, f"line {line}")

    given = [p for p in (get(f"name {i}") for i in range(1, 6)) if p]
    surname = get("name 6")
    full = " ".join([*given, surname] if surname else given)
    non_latin = get("name non-latin script")
    if not full and not non_latin:
        raise ListFormatError(str(path), "row without a name in Name 1-6", f"line {line}")
    if full:
        group.names.append(
            _name(full, get("alias type"), get("alias quality"), schema, given, surname)
        )
    if non_latin:
        group.names.append(Name(non_latin, NameKind.ORIGINAL_SCRIPT, script=script_of(non_latin)))

    for text in _split(get("dob")):
        date = _uk_date(text)
        if date is not None:
            group.birth_dates.append(date)
        else:
            group.remarks.append(f"DOB as printed: {text}")
    place = ", ".join(p for p in (get("town of birth"), get("country of birth")) if p)
    if place:
        group.birth_places.append(place)
    group.countries += _countries(get("country of birth"))
    group.nationalities += _countries(get("nationality"))
    if (gender := _GENDERS.get((get("gender") or "").lower())) is not None:
        group.genders.append(gender)
    _add_identifiers(group, get)

    address_parts = [get(f"address {i}") for i in range(1, 7)] + [get("post/zip code")]
    country = get("country")
    parts = [p for p in address_parts if p]
    if parts or country:
        codes = _countries(country)
        text = ", ".join(parts + ([country] if country else []))
        group.addresses.append(Address(text, codes[0] if len(codes) == 1 else None))
        group.countries += codes
    group.programs += [r for r in (get("regime"), get("regime name")) if r]
    for column in ("listed on", "date designated", "uk sanctions list date designated"):
        if (date := _uk_date(get(column))) is not None:
            group.listed.append(date.iso())
    for label, column in (("position", "position"), ("other information", "other information")):
        if (value := get(column)) is not None:
            group.remarks.append(f"{label}: {value}")


def _name(
    full: str,
    alias_type: str | None,
    quality: str | None,
    schema: Schema,
    given: list[str],
    surname: str | None,
) -> Name:
    kind = _KINDS.get((alias_type or "").lower(), NameKind.ALIAS)
    if kind is not NameKind.PRIMARY and "low" in (quality or "").lower():
        kind = NameKind.WEAK_ALIAS
    if schema is not Schema.PERSON:
        return Name(full, kind, script=script_of(full))
    return Name(
        full,
        kind,
        first=given[0] if given else None,
        last=surname,
        middle=" ".join(given[1:]) or None,
        script=script_of(full),
    )


def _countries(text: str | None) -> list[str]:
    return [c for c in (to_iso(part) for part in _split(text)) if c is not None]


def _add_identifiers(group: _Group, get: _Getter) -> None:
    for kind, number_column, details_column in (
        ("passport", "passport number", "passport details"),
        ("national_id", "national identification number", "national identification details"),
        ("imo", "imo number", None),
    ):
        numbers = _split(get(number_column))
        details = _split(get(details_column)) if details_column else []
        for index, number in enumerate(numbers):
            # Details pair with numbers by position when both are numbered lists.
            note = details[index] if len(details) == len(numbers) else "; ".join(details) or None
            group.identifiers.append(Identifier(kind, number, None, note))
    for imo in _IMO.findall(get("other information") or ""):
        group.identifiers.append(Identifier("imo", imo))


def _entity(key: str, group: _Group) -> Entity:
    names = list(dict.fromkeys(group.names))
    primary = next((n for n in names if n.kind is NameKind.PRIMARY), names[0])
    # One caption: later "Primary name" rows (spelling variants) become aliases.
    rest = [
        replace(n, kind=NameKind.ALIAS) if n.kind is NameKind.PRIMARY else n
        for n in names
        if n is not primary
    ]
    names = [replace(primary, kind=NameKind.PRIMARY), *rest]
    genders = set(group.genders)
    return Entity(
        id=f"{SOURCE}:{key}",
        source=SOURCE,
        schema=group.schema,
        names=tuple(dict.fromkeys(names)),
        birth_dates=tuple(dict.fromkeys(group.birth_dates)),
        birth_places=tuple(dict.fromkeys(group.birth_places)),
        nationalities=tuple(dict.fromkeys(group.nationalities)),
        countries=tuple(dict.fromkeys(group.countries)),
        gender=genders.pop() if len(genders) == 1 else None,
        identifiers=tuple(dict.fromkeys(group.identifiers)),
        addresses=tuple(dict.fromkeys(group.addresses)),
        programs=tuple(dict.fromkeys(group.programs)),
        listed_on=min(group.listed) if group.listed else None,
        remarks="\n".join(dict.fromkeys(group.remarks)) or None,
    )
