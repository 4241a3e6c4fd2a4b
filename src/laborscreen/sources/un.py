"""Parser for the UN Security Council consolidated sanctions list (XML).

The UN list is the legal basis of the DPRK labour ban (1718 Committee entries
``KPi.*``/``KPe.*``). ``INDIVIDUAL`` elements become :class:`Person` entities and
``ENTITY`` elements :class:`Organization` entities, with ids ``un:<REFERENCE_NUMBER>``.

Korean names: for DPRK entries ``FIRST_NAME`` holds the surname (``RA`` in
"RA KY'ONG-SU"), so ``Name.last`` is set from it. The same document often appears
once per UN language ("Passport", "Numéro de passeport", "Número de pasaporte");
identical identifiers are kept once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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
from laborscreen.sources.base import child_text, children, clean, parse_xml, sha256_files
from laborscreen.sources.ofac_remarks import identifier_type, make_identifier, merge_duplicates

SOURCE = "un"
URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

_QUALITY = {
    "good": NameKind.ALIAS,
    "a.k.a.": NameKind.ALIAS,
    "": NameKind.ALIAS,
    "low": NameKind.WEAK_ALIAS,
    "f.k.a.": NameKind.FORMER,
}
_NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# "Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet": UN's lettered sub-lists
_ALIAS_SEPARATORS = re.compile(r";|\s[a-z]\)\s")
_ORIGINAL_SCRIPT_MARK = re.compile(r"\s*\(original script\)\s*$", re.IGNORECASE)
# A number inside a note: a token with at least five digits (not a year)
_NUMBER_IN_TEXT = re.compile(r"[A-Z]{0,3}[\d][\w/-]*\d[\w/-]*")
# A whole word of letters inside NUMBER means prose around the number
_WORDY = re.compile(r"(?:^|\s)[^\W\d]{3,}(?:\s|$)")
_SCRIPTS = {"HANGUL": "Hang", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "CJK": "Hani"}


def parse(path: Path) -> ParsedList:
    """Read the consolidated list; any unreadable record fails the whole file."""
    root = parse_xml(path)
    entities: list[Entity] = []
    for group, tag, schema in (
        ("INDIVIDUALS", "INDIVIDUAL", Schema.PERSON),
        ("ENTITIES", "ENTITY", Schema.ORGANIZATION),
    ):
        for container in children(root, group):
            for index, element in enumerate(children(container, tag), start=1):
                entities.append(_record(path, element, schema, f"{tag} #{index}"))
    return ParsedList(
        source=SOURCE,
        entities=merge_duplicates(entities),
        published=root.get("dateGenerated"),
        files=[str(path)],
        checksum=sha256_files([path]),
        url=URL,
    )


def _record(path: Path, element: Element, schema: Schema, position: str) -> Entity:
    ref = child_text(element, "REFERENCE_NUMBER")
    if ref is None:
        raise ListFormatError(str(path), "record without REFERENCE_NUMBER", position)
    try:
        return _entity(element, schema, ref)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ListFormatError(str(path), f"unreadable record: {exc}", f"{position}, {ref}") from exc


def _texts(element: Element, name: str) -> list[str]:
    """The cleaned VALUE texts of a repeated <NAME><VALUE>…</VALUE></NAME> field."""
    out: list[str] = []
    for holder in children(element, name):
        for value in children(holder, "VALUE"):
            text = clean(value.text)
            if text:
                out.append(text)
    return out


def _entity(element: Element, schema: Schema, ref: str) -> Entity:
    program = child_text(element, "UN_LIST_TYPE")
    notes: list[str] = []
    primary = _primary_name(element, schema, program)
    names = [primary]
    if ";" in primary.full:
        # "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)"
        first, *others = split_alias(primary.full)
        names = [Name(first), *(Name(o, NameKind.ALIAS) for o in others)]
    original = clean(child_text(element, "NAME_ORIGINAL_SCRIPT"))
    if original:
        names.append(Name(original, NameKind.ORIGINAL_SCRIPT, script=_script(original)))
    alias_tag = "INDIVIDUAL_ALIAS" if schema is Schema.PERSON else "ENTITY_ALIAS"
    birth_dates: list[PartialDate] = []
    birth_places: list[str] = []
    for alias in children(element, alias_tag):
        names.extend(_aliases(alias))
        # Some aliases carry the birth data of the identity they belong to.
        dob = parse_date(child_text(alias, "DATE_OF_BIRTH"))
        if dob:
            birth_dates.append(dob)
        place = _join(alias, ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"))
        if place:
            birth_places.append(place)
    for dob_element in children(element, "INDIVIDUAL_DATE_OF_BIRTH"):
        dob, note = _birth_date(dob_element)
        if dob:
            birth_dates.append(dob)
        if note:
            notes.append(f"Date of birth: {note}")
    for place_element in children(element, "INDIVIDUAL_PLACE_OF_BIRTH"):
        place = _join(place_element, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
        if place:
            birth_places.append(place)
    nationalities: list[str] = []
    for text in _texts(element, "NATIONALITY"):
        code = to_iso(text)
        if code:
            nationalities.append(code)
        elif text.lower() not in ("na", "n/a"):
            notes.append(f"Nationality: {text}")
    address_tag = "INDIVIDUAL_ADDRESS" if schema is Schema.PERSON else "ENTITY_ADDRESS"
    addresses = [a for a in map(_address, children(element, address_tag)) if a]
    identifiers = _dedupe_identifiers(
        ident for doc in children(element, "INDIVIDUAL_DOCUMENT") if (ident := _document(doc))
    )
    gender = clean(child_text(element, "GENDER"))
    remarks = [clean(child_text(element, "COMMENTS1"))]
    remarks += [f"Title: {t}" for t in _texts(element, "TITLE")]
    remarks += [f"Designation: {t}" for t in _texts(element, "DESIGNATION")]
    remarks += notes
    return Entity(
        id=f"{SOURCE}:{ref}",
        source=SOURCE,
        schema=schema,
        names=tuple(dict.fromkeys(names)),
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        birth_places=tuple(dict.fromkeys(birth_places)),
        nationalities=tuple(dict.fromkeys(nationalities)),
        countries=tuple(dict.fromkeys(a.country for a in addresses if a.country)),
        gender=gender.lower() if gender and gender.lower() in ("male", "female") else None,
        identifiers=identifiers,
        addresses=tuple(dict.fromkeys(addresses)),
        programs=(program,) if program else (),
        listed_on=child_text(element, "LISTED_ON"),
        remarks="\n".join(r for r in remarks if r) or None,
    )


def _primary_name(element: Element, schema: Schema, program: str | None) -> Name:
    parts = [p for f in _NAME_FIELDS if (p := clean(child_text(element, f)))]
    if not parts:
        raise ValueError("record without a name")
    full = " ".join(parts)
    if schema is not Schema.PERSON:
        return Name(full)
    if program == "DPRK":
        # Korean order: FIRST_NAME is the family name.
        return Name(full, first=" ".join(parts[1:]) or None, last=parts[0])
    if len(parts) == 1:
        return Name(full, first=parts[0])
    return Name(full, first=parts[0], middle=" ".join(parts[1:-1]) or None, last=parts[-1])


def _aliases(alias: Element) -> list[Name]:
    text = clean(child_text(alias, "ALIAS_NAME"))
    if not text:
        return []
    quality = (clean(child_text(alias, "QUALITY")) or "").lower()
    kind = _QUALITY.get(quality, NameKind.ALIAS)
    return [Name(name, kind) for name in split_alias(text)]


def split_alias(text: str) -> list[str]:
    """One ALIAS_NAME may list several names: "A; B", "أبو شيماء (Abu-Shaima; Abu- Shayma)"."""
    if ";" not in text:
        return [text]
    outer, inner = text, ""
    if text.endswith(")"):
        depth = 0
        for pos in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[pos], 0)
            if depth == 0:
                if ";" in text[pos:]:  # only a bracketed list, not "(GLBC)"
                    outer, inner = text[:pos].strip(), text[pos + 1 : -1]
                break
    pieces = [outer] if inner else []
    pieces += _ALIAS_SEPARATORS.split(inner or outer)
    names = [clean(_ORIGINAL_SCRIPT_MARK.sub("", p)) for p in pieces]
    return list(dict.fromkeys(n for n in names if n))


def _birth_date(element: Element) -> tuple[PartialDate | None, str | None]:
    kind = (child_text(element, "TYPE_OF_DATE") or "").upper()
    note = clean(child_text(element, "NOTE"))
    circa = kind == "APPROXIMATELY" or (note or "").lower().startswith("approx")
    date_text, year = child_text(element, "DATE"), child_text(element, "YEAR")
    start, end = child_text(element, "FROM_YEAR"), child_text(element, "TO_YEAR")
    found: PartialDate | None = None
    if date_text:
        found = parse_date(date_text) or parse_date(date_text[:4])
    elif year:
        found = parse_date(year)
    elif start and end:
        found = parse_date(f"{start} to {end}")
    elif note:
        found = parse_date(note)  # "August 1961"; "30-35 years old" stays a note
        note = None if found else note
    if found and circa and note and note.lower().startswith("approx"):
        note = None  # the note only said "Approximately": now the circa flag
    if found and circa and not found.circa:
        found = PartialDate(found.year, found.month, found.day, True, found.year_to)
    if found is None and (date_text or year or start):
        note = " ".join(x for x in (date_text, year, start, end, note) if x)
    return found, note


def _join(element: Element, fields: tuple[str, ...]) -> str | None:
    parts = [p for f in fields if (p := clean(child_text(element, f)))]
    return ", ".join(dict.fromkeys(parts)) or None


def _address(element: Element) -> Address | None:
    text = _join(element, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"))
    if text is None:
        return None
    return Address(text, to_iso(child_text(element, "COUNTRY")))


def _document(element: Element) -> Identifier | None:
    number = clean(child_text(element, "NUMBER"))
    note = clean(child_text(element, "NOTE"))
    if number is None or _WORDY.search(number):
        # The number is missing or wrapped in words ("Libyan Passport No. 96/184442").
        found = _NUMBER_IN_TEXT.findall(number or note or "")
        found = [n for n in found if sum(ch.isdigit() for ch in n) >= 5]
        if not found:
            return None
        if number and number != found[0]:
            note = "; ".join(x for x in (number, note) if x)
        number = found[0]
    kind = (
        identifier_type(child_text(element, "TYPE_OF_DOCUMENT2"))
        or identifier_type(child_text(element, "TYPE_OF_DOCUMENT"))
        or "other"
    )
    country_text = child_text(element, "ISSUING_COUNTRY") or child_text(element, "COUNTRY_OF_ISSUE")
    issued = child_text(element, "DATE_OF_ISSUE")
    city = clean(child_text(element, "CITY_OF_ISSUE"))
    extras = [f"issued {issued}" if issued else None, f"in {city}" if city else None, note]
    return make_identifier(
        kind, number, to_iso(country_text), "; ".join(x for x in extras if x) or None
    )


def _dedupe_identifiers(found: Iterable[Identifier]) -> tuple[Identifier, ...]:
    """One identifier per (type, number, country); notes of the copies are kept together."""
    kept: dict[tuple[str, str, str | None], Identifier] = {}
    for ident in found:
        key = (ident.type, ident.key, ident.country)
        if key not in kept:
            kept[key] = ident
        elif ident.note and ident.note not in (kept[key].note or ""):
            note = "; ".join(x for x in (kept[key].note, ident.note) if x)
            kept[key] = Identifier(ident.type, kept[key].value, ident.country, note)
    return tuple(kept.values())


def _script(text: str) -> str | None:
    """ISO 15924 code of the first letter's script, for the scripts the lists use."""
    for ch in text:
        if ch.isalpha():
            word = unicodedata.name(ch, "").split(" ")[0]
            return _SCRIPTS.get(word)
    return None
