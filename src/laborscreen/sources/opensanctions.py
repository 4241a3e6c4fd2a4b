"""OpenSanctions exports: FollowTheMoney JSON lines and the Senzing JSON format.

Both exports carry one JSON object per line. ``parse_ftm`` reads
``entities.ftm.json``, where documents, sanctions and addresses are separate
entities that point at their holder; they are folded into the holder, and only
Person, Organization, Company, LegalEntity, Vessel and Airplane become entries.
``parse_senzing`` reads ``senzing.json``, where each record is already flat.
Ids are ``opensanctions:<FtM id>`` / ``opensanctions:<RECORD_ID>`` either way,
so the two exports of one dataset give the same ids.

A line that is not JSON, or a target without id or name, fails the whole import
(the caller keeps the previous version); a single unreadable value (a date, a
country code) is dropped, as OpenSanctions has already cleaned these.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

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
from laborscreen.sources.base import read_text, script_of, sha256_files

SOURCE = "opensanctions"
DATASET_URL = "https://data.opensanctions.org/datasets/latest/{dataset}/{file}"

_TARGETS = {s.value for s in Schema}
# FtM identifier properties -> Identifier.type
_FTM_IDS = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "taxNumber": "tax",
    "vatCode": "tax",
    "registrationNumber": "registration",
    "imoNumber": "imo",
}
_FTM_NAMES = (
    ("name", NameKind.ALIAS),  # the first "name" value is promoted to PRIMARY
    ("alias", NameKind.ALIAS),
    ("weakAlias", NameKind.WEAK_ALIAS),
    ("previousName", NameKind.FORMER),
)
# Senzing record types that are list entries; POSITION-like records have none.
_SENZING_TYPES = {
    "PERSON": Schema.PERSON,
    "ORGANIZATION": Schema.ORGANIZATION,
    "VESSEL": Schema.VESSEL,
    "AIRCRAFT": Schema.AIRPLANE,
}
# Senzing identifier attributes -> Identifier.type; *_TYPE may refine it (below).
_SENZING_IDS = {
    "PASSPORT_NUMBER": ("passport", "PASSPORT_COUNTRY"),
    "NATIONAL_ID_NUMBER": ("national_id", "NATIONAL_ID_COUNTRY"),
    "TAX_ID_NUMBER": ("tax", "TAX_ID_COUNTRY"),
    "SSN_NUMBER": ("national_id", None),
    "IMO_NUMBER": ("imo", None),
    "LEI_NUMBER": ("registration", None),
    "DUNS_NUMBER": ("registration", None),
}
_GENDERS = {"male": "male", "female": "female", "m": "male", "f": "female"}


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a JSON-lines file."""
    for number, line in enumerate(read_text(path, ("utf-8-sig",)).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ListFormatError(str(path), f"invalid JSON: {exc.msg}", f"line {number}") from exc
        if not isinstance(data, dict):
            raise ListFormatError(str(path), "line is not a JSON object", f"line {number}")
        yield number, data


def _strings(path: Path, number: int, value: Any, key: str) -> list[str]:
    """A property's values as stripped strings; anything but strings is a format error."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ListFormatError(str(path), f"{key!r} holds a non-string value", f"line {number}")
        text = " ".join(item.split())
        if text:
            out.append(text)
    return out


_T = TypeVar("_T")


def _unique(values: list[_T]) -> tuple[_T, ...]:
    return tuple(dict.fromkeys(values))


def _dates(values: list[str]) -> list[PartialDate]:
    return [d for d in (parse_date(v) for v in values) if d is not None]


def _countries(values: list[str]) -> list[str]:
    return [c for c in (to_iso(v) for v in values) if c is not None]


def _name(full: str, kind: NameKind) -> Name:
    script = script_of(full)
    if script is not None and kind in (NameKind.PRIMARY, NameKind.ALIAS):
        return Name(full, NameKind.ORIGINAL_SCRIPT, script=script)
    return Name(full, kind, script=script)


def _url(datasets: set[str], file: str) -> str | None:
    # Only a single-dataset export says which dataset it is; collections do not.
    if len(datasets) != 1:
        return None
    return DATASET_URL.format(dataset=next(iter(datasets)), file=file)


# ---------------------------------------------------------------- FtM JSON lines


@dataclass(slots=True)
class _Extras:
    """What side entities (documents, sanctions, addresses) add to their holder."""

    identifiers: list[Identifier] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)


def parse_ftm(path: Path | str) -> ParsedList:
    """Parse an OpenSanctions ``entities.ftm.json`` (FollowTheMoney JSON lines) file."""
    path = Path(path)
    targets: list[tuple[int, dict[str, Any]]] = []
    extras: dict[str, _Extras] = {}
    addresses: dict[str, Address] = {}
    datasets: set[str] = set()
    changes: list[str] = []
    for number, data in _lines(path):
        schema = data.get("schema")
        props = data.get("properties") or {}
        if not isinstance(schema, str) or not isinstance(props, dict):
            raise ListFormatError(
                str(path), "entity without schema or properties", f"line {number}"
            )
        if not isinstance(data.get("id"), str) or not data["id"]:
            raise ListFormatError(str(path), "entity without id", f"line {number}")
        if isinstance(change := data.get("last_change"), str):
            changes.append(change)
        if schema in _TARGETS:
            targets.append((number, data))
            datasets.update(_strings(path, number, data.get("datasets"), "datasets"))
        elif schema in ("Identification", "Passport"):
            _fold_document(path, number, schema, props, extras)
        elif schema == "Sanction":
            for holder in _strings(path, number, props.get("entity"), "entity"):
                extra = extras.setdefault(holder, _Extras())
                extra.programs += _strings(path, number, props.get("program"), "program")
                for key in ("listingDate", "startDate"):
                    extra.listed += _strings(path, number, props.get(key), key)
        elif schema == "Address":
            full = _strings(path, number, props.get("full"), "full")
            country = _countries(_strings(path, number, props.get("country"), "country"))
            if full:
                addresses[data["id"]] = Address(full[0], country[0] if country else None)
        # Ownership, Directorship, Family, Position… are not list entries.
    entities = [_ftm_entity(path, n, d, extras, addresses) for n, d in targets]
    _check_unique(path, entities)
    return ParsedList(
        source=SOURCE,
        entities=entities,
        published=max(changes) if changes else None,
        files=[str(path)],
        checksum=sha256_files([path]),
        url=_url(datasets, "entities.ftm.json"),
    )


def _fold_document(
    path: Path, number: int, schema: str, props: dict[str, Any], extras: dict[str, _Extras]
) -> None:
    kind_text = " ".join(_strings(path, number, props.get("type"), "type"))
    kind = "passport" if schema == "Passport" or "passport" in kind_text.lower() else "national_id"
    countries = _countries(_strings(path, number, props.get("country"), "country"))
    for holder in _strings(path, number, props.get("holder"), "holder"):
        for value in _strings(path, number, props.get("number"), "number"):
            identifier = Identifier(
                kind, value, countries[0] if countries else None, kind_text or None
            )
            extras.setdefault(holder, _Extras()).identifiers.append(identifier)


def _ftm_names(path: Path, number: int, props: dict[str, Any]) -> list[Name]:
    def get(key: str) -> list[str]:
        return _strings(path, number, props.get(key), key)

    first, last = get("firstName"), get("lastName")
    middle = " ".join(get("middleName") + get("fatherName")) or None
    names: list[Name] = []
    for key, kind in _FTM_NAMES:
        names += [_name(value, kind) for value in get(key)]
    if not get("name") and (first or last):
        full = " ".join(first[:1] + ([middle] if middle else []) + last[:1])
        names.insert(0, _name(full, NameKind.ALIAS))
    if not names:
        return names
    head = names[0]
    # The parts describe the first name only when the source gives one of each.
    split = len(first) <= 1 and len(last) <= 1 and head.script is None
    names[0] = replace(
        head,
        kind=NameKind.PRIMARY,
        first=first[0] if split and first else None,
        last=last[0] if split and last else None,
        middle=middle if split else None,
    )
    return list(dict.fromkeys(names))


def _ftm_entity(
    path: Path,
    number: int,
    data: dict[str, Any],
    extras: dict[str, _Extras],
    addresses: dict[str, Address],
) -> Entity:
    props: dict[str, Any] = data["properties"]

    def get(key: str) -> list[str]:
        return _strings(path, number, props.get(key), key)

    names = _ftm_names(path, number, props)
    if not names:
        raise ListFormatError(
            str(path), f"{data['schema']} {data['id']} has no name", f"line {number}"
        )
    extra = extras.get(data["id"], _Extras())
    identifiers = [Identifier(kind, v) for prop, kind in _FTM_IDS.items() for v in get(prop)]
    address_list = [Address(text) for text in get("address")]
    address_list += [addresses[ref] for ref in get("addressEntity") if ref in addresses]
    genders = {_GENDERS.get(g.lower()) for g in get("gender")}
    listed = get("createdAt") or sorted(extra.listed)
    return Entity(
        id=f"{SOURCE}:{data['id']}",
        source=SOURCE,
        schema=Schema(data["schema"]),
        names=tuple(names),
        birth_dates=_unique(_dates(get("birthDate"))),
        birth_places=_unique(get("birthPlace")),
        nationalities=_unique(_countries(get("nationality"))),
        citizenships=_unique(_countries(get("citizenship"))),
        countries=_unique(
            _countries(get("country") + get("jurisdiction"))
            + [a.country for a in address_list if a.country]
        ),
        gender=genders.pop() if len(genders) == 1 else None,
        identifiers=_unique(identifiers + extra.identifiers),
        addresses=_unique(address_list),
        programs=_unique(get("program") + extra.programs + get("topics")),
        listed_on=listed[0][:10] if listed else None,
        source_url=next(iter(get("sourceUrl")), None),
        remarks="\n".join(get("notes")) or None,
    )


def _check_unique(path: Path, entities: list[Entity]) -> None:
    seen: set[str] = set()
    for entity in entities:
        if entity.id in seen:
            raise ListFormatError(str(path), f"duplicate id {entity.id}")
        seen.add(entity.id)


# ---------------------------------------------------------------- Senzing JSON


def parse_senzing(path: Path | str) -> ParsedList:
    """Parse an OpenSanctions ``senzing.json`` export (Senzing generic entity JSON lines)."""
    path = Path(path)
    entities: list[Entity] = []
    sources: set[str] = set()
    changes: list[str] = []
    for number, record in _lines(path):
        if isinstance(change := record.get("LAST_CHANGE"), str):
            changes.append(change)
        schema = _SENZING_TYPES.get(str(record.get("RECORD_TYPE")))
        if schema is None:
            # null-typed records are positions and other non-entries.
            continue
        if isinstance(source := record.get("DATA_SOURCE"), str):
            sources.add(source)
        entities.append(_senzing_entity(path, number, record, schema))
    _check_unique(path, entities)
    # DATA_SOURCE is OS_<DATASET> for single datasets, OPEN_SANCTIONS for collections.
    datasets = {s[3:].lower() for s in sources if s.startswith("OS_")}
    return ParsedList(
        source=SOURCE,
        entities=entities,
        published=max(changes) if changes else None,
        files=[str(path)],
        checksum=sha256_files([path]),
        url=_url(datasets, "senzing.json") if datasets and len(sources) == 1 else None,
    )


def _section(path: Path, number: int, record: dict[str, Any], key: str) -> list[dict[str, str]]:
    items = record.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ListFormatError(str(path), f"{key} is not a list of objects", f"line {number}")
    return [{k: " ".join(str(v).split()) for k, v in i.items() if v is not None} for i in items]


def _senzing_names(path: Path, number: int, record: dict[str, Any]) -> list[Name]:
    names: list[Name] = []
    for item in _section(path, number, record, "NAMES"):
        first, middle, last = item.get("NAME_FIRST"), item.get("NAME_MIDDLE"), item.get("NAME_LAST")
        full = item.get("NAME_FULL") or item.get("NAME_ORG")
        full = full or " ".join(p for p in (first, middle, last) if p)
        if not full:
            continue
        primary = item.get("NAME_TYPE", "").upper() == "PRIMARY"
        name = _name(full, NameKind.PRIMARY if primary else NameKind.ALIAS)
        names.append(
            Name(name.full, name.kind, first or None, last or None, middle or None, name.script)
        )
    if names and not any(n.kind is NameKind.PRIMARY for n in names):
        names[0] = replace(names[0], kind=NameKind.PRIMARY)
    # The caption first, whatever order the record lists names in.
    names.sort(key=lambda n: n.kind is not NameKind.PRIMARY)
    return list(dict.fromkeys(names))


def _senzing_identifiers(items: list[dict[str, str]]) -> list[Identifier]:
    found: list[Identifier] = []
    for item in items:
        for attr, (kind, country_attr) in _SENZING_IDS.items():
            if value := item.get(attr):
                # NATIONAL_ID_TYPE / TAX_ID_TYPE keep the FtM property (innCode, ogrnCode…).
                note = item.get(attr.replace("_NUMBER", "_TYPE"))
                kind = _FTM_IDS.get(note, kind) if note else kind
                country = to_iso(item.get(country_attr)) if country_attr else None
                found.append(Identifier(kind, value, country, note))
        other_type = item.get("OTHER_ID_TYPE", "")
        # The OPEN_SANCTIONS self-reference repeats RECORD_ID: it identifies nothing.
        if (value := item.get("OTHER_ID_NUMBER")) and other_type != "OPEN_SANCTIONS":
            found.append(Identifier(_FTM_IDS.get(other_type, "other"), value, None, other_type))
        if value := item.get("TRUSTED_ID_NUMBER"):
            found.append(Identifier("other", value, None, item.get("TRUSTED_ID_TYPE")))
    return found


def _senzing_entity(path: Path, number: int, record: dict[str, Any], schema: Schema) -> Entity:
    record_id = record.get("RECORD_ID")
    if not isinstance(record_id, str) or not record_id.strip():
        raise ListFormatError(str(path), "record without RECORD_ID", f"line {number}")
    names = _senzing_names(path, number, record)
    if not names:
        raise ListFormatError(str(path), f"record {record_id} has no name", f"line {number}")

    def values(key: str, attr: str) -> list[str]:
        return [i[attr] for i in _section(path, number, record, key) if i.get(attr)]

    addresses = [Address(a) for a in values("ADDRESSES", "ADDR_FULL")]
    deaths = values("DATES", "DATE_OF_DEATH")
    gender = record.get("GENDER")
    url = record.get("URL")
    return Entity(
        id=f"{SOURCE}:{record_id.strip()}",
        source=SOURCE,
        schema=schema,
        names=tuple(names),
        birth_dates=_unique(_dates(values("DATES", "DATE_OF_BIRTH"))),
        birth_places=_unique(values("ADDRESSES", "PLACE_OF_BIRTH")),
        nationalities=_unique(_countries(values("COUNTRIES", "NATIONALITY"))),
        citizenships=_unique(_countries(values("COUNTRIES", "CITIZENSHIP"))),
        countries=_unique(
            _countries(
                values("COUNTRIES", "COUNTRY_OF_ASSOCIATION")
                + values("COUNTRIES", "REGISTRATION_COUNTRY")
            )
        ),
        gender=_GENDERS.get(gender.lower()) if isinstance(gender, str) else None,
        identifiers=_unique(_senzing_identifiers(_section(path, number, record, "IDENTIFIERS"))),
        addresses=_unique(addresses),
        programs=_unique(values("RISKS", "TOPIC")),
        source_url=url
        if isinstance(url, str) and url
        else next(iter(values("SOURCE_LINKS", "SOURCE_URL")), None),
        remarks="; ".join(f"date of death: {d}" for d in deaths) or None,
    )
