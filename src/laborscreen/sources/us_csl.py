"""Parser for the US Consolidated Screening List (CSV, the 28-column layout).

The CSL merges eleven US export and sanctions lists (Treasury SDN/SSI, Commerce
Entity/Denied/Unverified lists, State ITAR debarments…) into one file. Entries
keep source ``us_csl`` even when they repeat an OFAC SDN entry; the list they come
from is written first in the remarks.

Ids: ``us_csl:<entity_number>`` when the row has one (Treasury rows), otherwise
``us_csl:<sha1(source|name)[:12]>``. Commerce lists repeat one party once per
address; rows with the same id are merged into one entity
(:func:`~laborscreen.sources.ofac_remarks.merge_duplicates`).

Rows without a ``type`` (Commerce and State lists) hold people and companies
alike, so they become ``LegalEntity`` (FtM's "person or organisation"), which
the matcher treats as an organisation-like party; a guess from the name would
be wrong too often to be worth it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from laborscreen.countries import to_iso
from laborscreen.dates import parse_date
from laborscreen.errors import ListFormatError
from laborscreen.model import Address, Entity, Identifier, Name, NameKind, ParsedList, Schema
from laborscreen.sources.base import clean, read_csv_rows, sha256_files
from laborscreen.sources.ofac_remarks import (
    identifier_type,
    make_identifier,
    merge_duplicates,
    split_identifier,
)

SOURCE = "us_csl"
URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
REQUIRED = ("source", "entity_number", "type", "programs", "name", "alt_names", "ids")
_C1 = re.compile("[\x80-\x9f]")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def parse(path: Path) -> ParsedList:
    """Read the CSL CSV; a row that cannot be read fails the whole file."""
    rows = read_csv_rows(path)
    header_row = next(rows, None)
    if header_row is None:
        raise ListFormatError(str(path), "empty file")
    header = [h.strip().lower() for h in header_row[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListFormatError(str(path), f"missing columns {missing}", "line 1")
    entities: list[Entity] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ListFormatError(
                str(path), f"{len(cells)} cells, header has {len(header)}", f"line {line}"
            )
        record = dict(zip(header, (_fix_text(c) for c in cells), strict=True))
        try:
            entities.append(_entity(record))
        except ValueError as exc:
            raise ListFormatError(str(path), str(exc), f"line {line}") from exc
    return ParsedList(
        source=SOURCE,
        entities=merge_duplicates(entities),
        files=[str(path)],
        checksum=sha256_files([path]),
        url=URL,
    )


def _fix_text(text: str) -> str:
    """Undo cp1252 punctuation stored as C1 controls ("Gui\\x92an" -> "Gui’an")."""
    return _C1.sub(lambda m: m.group(0).encode("latin-1").decode("cp1252", "replace"), text)


def _items(text: str | None) -> list[str]:
    return [v for part in (text or "").split(";") if (v := clean(part))]


def entity_id(record: dict[str, str]) -> str:
    number = clean(record.get("entity_number"))
    if number:
        return f"{SOURCE}:{number}"
    key = f"{clean(record.get('source')) or ''}|{clean(record.get('name')) or ''}"
    return f"{SOURCE}:{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def _schema(text: str | None) -> Schema:
    if not text:
        return Schema.LEGAL_ENTITY
    return Schema.parse(text)  # ValueError names the unknown type


def _person_name(full: str, kind: NameKind) -> Name:
    # Treasury rows print people as "SURNAME, Given Names"
    if "," in full:
        last, first = (p.strip() for p in full.split(",", 1))
        return Name(full, kind, first=first or None, last=last or None)
    return Name(full, kind)


def _entity(record: dict[str, str]) -> Entity:
    name = clean(record.get("name"))
    if not name:
        raise ValueError("row without a name")
    schema = _schema(clean(record.get("type")))
    make = _person_name if schema is Schema.PERSON else (lambda n, k: Name(n, k))
    names = [make(name, NameKind.PRIMARY)]
    names += [make(alias, NameKind.ALIAS) for alias in _items(record.get("alt_names"))]
    identifiers, id_notes = _identifiers(record.get("ids"))
    birth_dates = []
    notes = [f"List: {clean(record.get('source'))}"]
    for text in _items(record.get("dates_of_birth")):
        dob = parse_date(text)
        if dob:
            birth_dates.append(dob)
        else:
            notes.append(f"Date of birth: {text}")
    addresses = [_address(a) for a in _items(record.get("addresses"))]
    for label, column in (
        ("Title", "title"),
        ("Remarks", "remarks"),
        ("Federal Register", "federal_register_notice"),
        ("Vessel type", "vessel_type"),
        ("Vessel owner", "vessel_owner"),
        ("Call sign", "call_sign"),
        ("License requirement", "license_requirement"),
        ("License policy", "license_policy"),
    ):
        if value := clean(record.get(column)):
            notes.append(f"{label}: {value}")
    notes += id_notes
    flag = to_iso(clean(record.get("vessel_flag")))
    countries = [a.country for a in addresses if a.country] + ([flag] if flag else [])
    return Entity(
        id=entity_id(record),
        source=SOURCE,
        schema=schema,
        names=tuple(dict.fromkeys(names)),
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        birth_places=tuple(_items(record.get("places_of_birth"))),
        nationalities=_codes(record.get("nationalities")),
        citizenships=_codes(record.get("citizenships")),
        countries=tuple(dict.fromkeys(countries)),
        identifiers=identifiers,
        addresses=tuple(dict.fromkeys(addresses)),
        programs=tuple(_items(record.get("programs"))),
        listed_on=clean(record.get("start_date")),
        source_url=clean(record.get("source_information_url")),
        remarks="\n".join(n for n in notes if n) or None,
    )


def _codes(text: str | None) -> tuple[str, ...]:
    found = [to_iso(v) for part in _items(text) for v in part.split(",")]
    return tuple(dict.fromkeys(c for c in found if c))


def _address(text: str) -> Address:
    last = text.rsplit(",", 1)[-1].strip()
    return Address(text, to_iso(last) if _COUNTRY_CODE.match(last) else None)


def _identifiers(text: str | None) -> tuple[tuple[Identifier, ...], list[str]]:
    """CSL ids: "RU, 1137746390572, Registration ID; www.x.ru, Website; …"."""
    found: list[Identifier] = []
    notes: list[str] = []
    for item in _items(text):
        pieces = [p.strip() for p in item.split(",")]
        kind = identifier_type(pieces[-1]) if len(pieces) >= 2 else None
        country = None
        body = pieces[:-1]
        if len(body) >= 2 and _COUNTRY_CODE.match(body[0]):
            country = to_iso(body[0])
            body = body[1:]
        split = split_identifier(", ".join(body)) if kind else None
        if kind is None or split is None:
            notes.append(item)
            continue
        value, paren_country, note = split
        if kind == "imo":
            value = re.sub(r"^IMO\s*", "", value, flags=re.IGNORECASE)
        found.append(make_identifier(kind, value, country or paren_country, note))
    return tuple(dict.fromkeys(found)), notes
