"""EU Financial Sanctions Files (FSF): the consolidated list XML, schema 1.1.

Reads ``xmlFullSanctionsList_1_1`` (namespace ``http://eu.europa.ec/fpi/fsd/export``)
into :class:`~laborscreen.model.Entity` values with ids ``eu_fsf:<logicalId>``.
Every ``<sanctionEntity>`` becomes one entity; its ``<nameAlias>`` children become
its names, ``<citizenship>`` its nationalities, ``<birthdate>`` its birth dates
and places, ``<identification>`` its documents and ``<regulation>`` its programmes.

The XML is parsed with DTDs and entities forbidden (:func:`base.parse_xml`), and
any malformed entry fails the whole import so the previous version stays in force.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element

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
from laborscreen.sources.base import (
    child_text,
    children,
    local,
    parse_xml,
    script_of,
    sha256_files,
)

SOURCE = "eu_fsf"
URL = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"

# identificationTypeCode values of the FSF schema, mapped onto Identifier.type;
# codes not listed here are kept as "other" with the EU's own description as note.
_ID_TYPES = {
    "passport": "passport",
    "id": "national_id",
    "ssn": "national_id",
    "regnumber": "registration",
    "tin": "tax",
    "fiscalcode": "tax",
    "imo": "imo",
}
_GENDERS = {"M": "male", "F": "female"}


def parse(path: Path | str) -> ParsedList:
    """Parse an FSF XML export (``xmlFullSanctionsList_1_1``) into a :class:`ParsedList`."""
    path = Path(path)
    root = parse_xml(path)
    if local(root.tag) != "export":
        raise ListFormatError(str(path), f"root element is <{local(root.tag)}>, not <export>")
    entities: list[Entity] = []
    seen: set[str] = set()
    for number, element in enumerate(children(root, "sanctionEntity"), start=1):
        entity = _entity(path, number, element)
        if entity.id in seen:
            raise ListFormatError(str(path), "duplicate logicalId", _where(number, element))
        seen.add(entity.id)
        entities.append(entity)
    return ParsedList(
        source=SOURCE,
        entities=entities,
        published=_attr(root, "generationDate"),
        files=[str(path)],
        checksum=sha256_files([path]),
        url=URL,
    )


def _attr(element: Element, name: str) -> str | None:
    value = element.get(name)
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _where(number: int, element: Element) -> str:
    logical_id = _attr(element, "logicalId")
    if logical_id:
        return f"sanctionEntity logicalId={logical_id}"
    return f"sanctionEntity #{number}"


def _country(element: Element) -> str | None:
    # "00" and "UNKNOWN" are the schema's way to say no country.
    return to_iso(_attr(element, "countryIso2Code")) or to_iso(_attr(element, "countryDescription"))


def _entity(path: Path, number: int, element: Element) -> Entity:
    where = _where(number, element)
    logical_id = _attr(element, "logicalId")
    if logical_id is None:
        raise ListFormatError(str(path), "sanctionEntity without logicalId", where)
    subject = next(children(element, "subjectType"), None)
    code = None if subject is None else _attr(subject, "code")
    if code is None:
        raise ListFormatError(str(path), "no <subjectType code=...>", where)
    try:
        schema = Schema.parse(code)
    except ValueError:
        raise ListFormatError(str(path), f"unknown subjectType code {code!r}", where) from None

    names, genders, functions = _names(element)
    if not names:
        raise ListFormatError(str(path), "no <nameAlias> with a name", where)

    birth_dates: list[PartialDate] = []
    birth_places: list[str] = []
    countries: list[str] = []
    for birth in children(element, "birthdate"):
        date = _birth_date(birth)
        if date is not None:
            birth_dates.append(date)
        place = ", ".join(
            v for v in (_attr(birth, a) for a in ("city", "place", "region")) if v is not None
        )
        country_text = _attr(birth, "countryDescription")
        if country_text and country_text.upper() != "UNKNOWN":
            place = f"{place}, {country_text}" if place else country_text
        if place:
            birth_places.append(place)
        if (code := _country(birth)) is not None:
            countries.append(code)

    nationalities = [c for c in (_country(n) for n in children(element, "citizenship")) if c]
    addresses = [a for a in (_address(n) for n in children(element, "address")) if a]
    countries += [a.country for a in addresses if a.country]

    programs: list[str] = []
    listed: list[str] = []
    urls: list[str] = []
    for regulation in children(element, "regulation"):
        if (programme := _attr(regulation, "programme")) is not None:
            programs.append(programme)
        if (published := _attr(regulation, "publicationDate")) is not None:
            listed.append(published)
        if (url := child_text(regulation, "publicationUrl")) is not None:
            urls.append(url)
    designated = _attr(element, "designationDate")
    listed_on = designated or (min(listed) if listed else None)

    remarks = [" ".join((n.text or "").split()) for n in children(element, "remark")]
    remarks += [f"function: {f}" for f in functions]
    for label, attr in (("UN reference", "unitedNationId"), ("EU reference", "euReferenceNumber")):
        if (value := _attr(element, attr)) is not None:
            remarks.append(f"{label}: {value}")

    return Entity(
        id=f"{SOURCE}:{logical_id}",
        source=SOURCE,
        schema=schema,
        names=tuple(names),
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        birth_places=tuple(dict.fromkeys(birth_places)),
        nationalities=tuple(dict.fromkeys(nationalities)),
        countries=tuple(dict.fromkeys(countries)),
        gender=genders[0] if len(set(genders)) == 1 else None,
        identifiers=tuple(dict.fromkeys(_identifiers(element))),
        addresses=tuple(dict.fromkeys(addresses)),
        programs=tuple(dict.fromkeys(programs)),
        listed_on=listed_on[:10] if listed_on else None,
        source_url=urls[0] if urls else None,
        remarks="\n".join(r for r in remarks if r) or None,
    )


def _names(element: Element) -> tuple[list[Name], list[str], list[str]]:
    """Names, genders and functions from the ``<nameAlias>`` children, in file order."""
    names: list[Name] = []
    genders: list[str] = []
    functions: list[str] = []
    primary_given = False
    for alias in children(element, "nameAlias"):
        first, middle, last = (_attr(alias, a) for a in ("firstName", "middleName", "lastName"))
        full = _attr(alias, "wholeName") or " ".join(p for p in (first, middle, last) if p)
        if (gender := _GENDERS.get((_attr(alias, "gender") or "").upper())) is not None:
            genders.append(gender)
        if (function := _attr(alias, "function")) is not None:
            functions.append(function)
        if not full:
            continue
        remark = (child_text(alias, "remark") or "").lower()
        weak = (_attr(alias, "strong") or "true").lower() == "false" or "low quality" in remark
        script = script_of(full)
        if weak:
            kind = NameKind.WEAK_ALIAS
        elif script is not None:
            kind = NameKind.ORIGINAL_SCRIPT
        elif not primary_given:
            kind, primary_given = NameKind.PRIMARY, True
        else:
            kind = NameKind.ALIAS
        names.append(Name(full, kind, first=first, last=last, middle=middle, script=script))
    if names and not primary_given:
        # Only weak or non-Latin names: the first still has to stand as the caption.
        names[0] = replace(names[0], kind=NameKind.PRIMARY)
    return list(dict.fromkeys(names)), genders, list(dict.fromkeys(functions))


def _int(element: Element, name: str) -> int | None:
    value = _attr(element, name)
    return int(value) if value is not None and value.isdigit() else None


def _birth_date(element: Element) -> PartialDate | None:
    circa = (_attr(element, "circa") or "").lower() == "true"
    date = parse_date(_attr(element, "birthdate"))
    if date is None:
        year = _int(element, "year")
        month = _int(element, "monthOfYear") or _int(element, "month")
        day = _int(element, "dayOfMonth") or _int(element, "day")
        if year is not None:
            text = f"{year:04d}" + (f"-{month:02d}" if month else "")
            text += f"-{day:02d}" if month and day else ""
            date = parse_date(text)
        else:
            start, end = _int(element, "yearRangeFrom"), _int(element, "yearRangeTo")
            if start is not None and end is not None:
                date = parse_date(f"{start} to {end}")
            elif start is not None or end is not None:
                date = parse_date(str(start or end))
    if date is not None and circa and not date.circa:
        date = PartialDate(date.year, date.month, date.day, True, date.year_to)
    return date


def _identifiers(element: Element) -> list[Identifier]:
    found: list[Identifier] = []
    for node in children(element, "identification"):
        number = _attr(node, "number") or _attr(node, "latinNumber")
        if number is None:
            continue
        code = (_attr(node, "identificationTypeCode") or "").lower()
        kind = _ID_TYPES.get(code, "other")
        note = _attr(node, "identificationTypeDescription")
        found.append(Identifier(kind, number, _country(node), note))
        latin = _attr(node, "latinNumber")
        if latin is not None and latin != number:
            found.append(Identifier(kind, latin, _country(node), note))
    return found


def _address(element: Element) -> Address | None:
    attrs = ("street", "poBox", "zipCode", "city", "region", "place", "countryDescription")
    parts = [v for v in (_attr(element, a) for a in attrs) if v and v.upper() != "UNKNOWN"]
    if not parts:
        return None
    return Address(", ".join(parts), _country(element))
