"""Reading the free-text facts lists pack into one field, and naming document types.

OFAC squeezes birth dates, nationalities, passports, tax numbers, IMO numbers and
weak aliases into the SDN "Remarks" field as ``;``-separated "label value" parts
("DOB circa 1947; alt. DOB circa 1946; Passport 645120196 (Korea, North)").
:func:`parse_remarks` turns them into a :class:`RemarkFacts` value; parts it does
not understand are returned untouched, so nothing is lost.

The document-type vocabulary (``resources/identifier_types.yml``) is shared with
the UN and CSL parsers through :func:`identifier_type` and :func:`make_identifier`,
which also recognise Russian INN and OGRN numbers by their check digits; so is
:func:`merge_duplicates`, which makes ids unique. Both live here, not in one of
the parsers, because a parser module must not import another parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import TypeVar

import yaml

from laborscreen.countries import to_iso
from laborscreen.dates import parse_date
from laborscreen.model import Entity, Identifier, PartialDate

_WORD_SPLIT = re.compile(r"[^\w#]+|_")


def _norm(text: str) -> str:
    """Lower-case words, punctuation dropped; ``#`` kept as its own word."""
    text = text.lower().replace("#", " # ")
    return " ".join(_WORD_SPLIT.sub(" ", text).split())


@cache
def _vocabulary() -> dict[str, str]:
    """Normalised phrase -> identifier type, loaded once from the YAML table."""
    with (
        resources.files("laborscreen.resources")
        .joinpath("identifier_types.yml")
        .open(encoding="utf-8") as fh
    ):
        data = yaml.safe_load(fh)
    table: dict[str, str] = {}
    for kind, phrases in data["types"].items():
        for phrase in phrases:
            table[_norm(str(phrase))] = str(kind)
    return table


@cache
def _label_regex() -> re.Pattern[str]:
    """Any known label at the start of a remarks part; the longest label wins."""
    phrases = sorted(_vocabulary(), key=len, reverse=True)
    # Words may be joined by any punctuation or none ("R.F.C.", "RFC", "D-U-N-S").
    alternatives = [r"[^\w#]*".join(re.escape(word) for word in p.split()) for p in phrases]
    return re.compile(r"^(?P<label>" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def identifier_type(text: str | None) -> str | None:
    """The normalised type named anywhere in a document label, or ``None``.

    >>> identifier_type("Numéro de passeport")
    'passport'
    """
    if not text:
        return None
    padded = f" {_norm(text)} "
    best: tuple[int, str] | None = None
    for phrase, kind in _vocabulary().items():
        if f" {phrase} " in padded and (best is None or len(phrase) > best[0]):
            best = (len(phrase), kind)
    return best[1] if best else None


def _inn_ok(digits: str) -> bool:
    def check(weights: tuple[int, ...]) -> int:
        return sum(w * int(d) for w, d in zip(weights, digits, strict=False)) % 11 % 10

    if len(digits) == 10:
        return check((2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(digits[9])
    if len(digits) == 12:
        first = check((7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
        second = check((3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
        return first == int(digits[10]) and second == int(digits[11])
    return False


def _ogrn_ok(digits: str) -> bool:
    if len(digits) == 13:
        return int(digits[:12]) % 11 % 10 == int(digits[12])
    if len(digits) == 15:
        return int(digits[:14]) % 13 % 10 == int(digits[14])
    return False


def make_identifier(
    kind: str, value: str, country: str | None = None, note: str | None = None
) -> Identifier:
    """An identifier, with Russian tax and register numbers told apart by check digit.

    Lists label INN as "Tax ID No." and OGRN as "Registration ID/Number"; a valid
    check digit on a Russian (or country-less) number makes the type specific, so
    that an INN on a supplier file can meet the INN on the list.
    """
    digits = value.strip()
    if country in (None, "RU") and digits.isdigit():
        # A national id number is only read as INN when the list says it is Russian:
        # one random number in ten passes the check digit.
        taxlike = kind in ("tax", "registration") or (kind == "national_id" and country == "RU")
        if taxlike and _inn_ok(digits):
            kind = "inn"
        elif kind == "registration" and _ogrn_ok(digits):
            kind = "ogrn"
    return Identifier(type=kind, value=value, country=country, note=note)


@dataclass(frozen=True, slots=True)
class RemarkFacts:
    """What one remarks text says, sorted by kind. Countries are ISO alpha-2."""

    birth_dates: tuple[PartialDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # "Nationality of Registration" of companies and ships
    gender: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    weak_aliases: tuple[str, ...] = ()  # a.k.a. 'X' inside the remarks
    former_names: tuple[str, ...] = ()  # f.k.a. 'X' inside the remarks
    websites: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    linked_to: tuple[str, ...] = ()
    unresolved_countries: tuple[str, ...] = ()  # nationality texts to_iso cannot read
    other: tuple[str, ...] = ()  # parts not understood, as printed


T = TypeVar("T")
_TEXT_FIELDS = (
    "birth_places",
    "nationalities",
    "citizenships",
    "countries",
    "weak_aliases",
    "former_names",
    "websites",
    "emails",
    "linked_to",
    "unresolved_countries",
    "other",
)
_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_QUOTED_NAME = re.compile(r"^(a|f|n)\.k\.a\.,?\s+'(.*)'$", re.IGNORECASE | re.DOTALL)
_DOB = re.compile(r"^DOB\s+(.+)$", re.IGNORECASE)
_POB = re.compile(r"^POB\s+(.+)$", re.IGNORECASE)
_REGISTERED_IN = re.compile(r"^Nationality of Registration\s+(.+)$", re.IGNORECASE)
_NATIONALITY = re.compile(r"^(nationality|citizen)\s+(.+)$", re.IGNORECASE)
_GENDER = re.compile(r"^Gender\s+(Male|Female)$", re.IGNORECASE)
_WEBSITE = re.compile(r"^Website\s+(\S+)$", re.IGNORECASE)
_EMAIL = re.compile(r"^Email(?: Address)?\s+(\S+@\S+)$", re.IGNORECASE)
_LINKED = re.compile(r"^Linked To:\s*(.+)$", re.IGNORECASE)
# value, then an optional "(Country)", then optional "issued …"/"expires …" text
_ID_VALUE = re.compile(
    r"^[\s:#.)-]*(?P<value>.+?)\s*(?:\((?P<paren>[^)]*)\))?\s*(?P<tail>(?:issued|expires|expired)\b.*)?$",
    re.IGNORECASE | re.DOTALL,
)


def parse_dob(text: str) -> PartialDate | None:
    """An OFAC birth date: ``04 Jun 1954``, ``circa 1947``, ``1960 to 1962``,
    ``01 Jan 1960 to 31 Dec 1962`` (a range of years), ``Jun 1954``."""
    direct = parse_date(text)
    if direct is not None:
        return direct
    circa = text.lower().startswith("circa")
    body = text[5:].strip() if circa else text
    if " to " in body:
        start_text, end_text = body.split(" to ", 1)
        start, end = parse_date(start_text), parse_date(end_text)
        if start is not None and end is not None and start.year <= end.year:
            if start.year == end.year:
                return PartialDate(start.year, circa=circa)
            return PartialDate(start.year, circa=circa, year_to=end.year)
    return None


def split_identifier(rest: str) -> tuple[str, str | None, str | None] | None:
    """(value, ISO country, note) from the text after an identifier label."""
    match = _ID_VALUE.match(rest.strip().rstrip("."))
    if match is None or not any(ch.isdigit() for ch in match.group("value")):
        return None
    value = match.group("value").strip(" ,")
    notes: list[str] = []
    country = None
    paren = match.group("paren")
    if paren:
        country = to_iso(paren)
        if country is None:
            notes.append(paren)  # a city ("Bogota") or an unreadable country
    if match.group("tail"):
        notes.append(match.group("tail").strip())
    return value, country, "; ".join(notes) or None


def identifier_from_part(part: str) -> Identifier | None:
    """An identifier from one remarks part ("Passport 645120196 (Korea, North)")."""
    match = _label_regex().match(part)
    if match is None:
        return None
    kind = _vocabulary()[_norm(match.group("label"))]
    split = split_identifier(part[match.end() :])
    if split is None:
        return None
    value, country, note = split
    if kind == "imo":
        value = re.sub(r"^IMO\s*", "", value, flags=re.IGNORECASE)
    return make_identifier(kind, value, country, note)


def split_parts(text: str) -> list[str]:
    """Remarks split on ``;`` (values hold commas, never semicolons)."""
    parts = [p.strip() for p in text.split(";")]
    if parts and parts[-1].endswith("."):
        # OFAC ends every remarks text with a full stop; a name's own "S.A." loses its
        # last dot here, which the name normaliser ignores anyway.
        parts[-1] = parts[-1][:-1]
    return [p for p in parts if p]


def _append(bucket: list[T], value: T) -> None:
    if value not in bucket:
        bucket.append(value)


def parse_remarks(text: str | None) -> RemarkFacts:
    """Sort the parts of an OFAC remarks text into facts; unknown parts go to ``other``."""
    if not text:
        return RemarkFacts()
    dates: list[PartialDate] = []
    idents: list[Identifier] = []
    lists: dict[str, list[str]] = {key: [] for key in _TEXT_FIELDS}
    gender: str | None = None
    for raw in split_parts(text):
        part = _ALT.sub("", raw)
        if m := _QUOTED_NAME.match(part):
            key = "former_names" if m.group(1).lower() == "f" else "weak_aliases"
            _append(lists[key], m.group(2))
        elif m := _DOB.match(part):
            dob = parse_dob(m.group(1).strip())
            if dob is None:
                _append(lists["other"], raw)
            else:
                _append(dates, dob)
        elif m := _POB.match(part):
            _append(lists["birth_places"], m.group(1).strip())
        elif m := _REGISTERED_IN.match(part):
            code = to_iso(m.group(1))
            _append(
                lists["countries"] if code else lists["unresolved_countries"], code or m.group(1)
            )
        elif m := _NATIONALITY.match(part):
            key = "nationalities" if m.group(1).lower() == "nationality" else "citizenships"
            code = to_iso(m.group(2))
            _append(lists[key] if code else lists["unresolved_countries"], code or m.group(2))
        elif m := _GENDER.match(part):
            gender = m.group(1).lower()
        elif m := _WEBSITE.match(part):
            _append(lists["websites"], m.group(1))
        elif m := _EMAIL.match(part):
            _append(lists["emails"], m.group(1))
        elif m := _LINKED.match(part):
            _append(lists["linked_to"], m.group(1).strip())
        elif (ident := identifier_from_part(part)) is not None:
            _append(idents, ident)
        else:
            _append(lists["other"], raw)
    texts = {key: tuple(values) for key, values in lists.items()}
    return RemarkFacts(birth_dates=tuple(dates), gender=gender, identifiers=tuple(idents), **texts)


def _union(first: tuple[T, ...], second: tuple[T, ...]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(first + second))


def merge_duplicates(entities: list[Entity]) -> list[Entity]:
    """One entity per id: later rows with the same id are merged into the first.

    Names, dates, places, countries, identifiers, addresses and programs are
    united in order of appearance; schema, gender and listing date come from the
    first row; differing remarks are kept one after the other.
    """
    merged: dict[str, Entity] = {}
    for entity in entities:
        first = merged.get(entity.id)
        if first is None:
            merged[entity.id] = entity
            continue
        lines = [ln for r in (first.remarks, entity.remarks) if r for ln in r.split("\n")]
        merged[entity.id] = replace(
            first,
            names=_union(first.names, entity.names),
            birth_dates=_union(first.birth_dates, entity.birth_dates),
            birth_places=_union(first.birth_places, entity.birth_places),
            nationalities=_union(first.nationalities, entity.nationalities),
            citizenships=_union(first.citizenships, entity.citizenships),
            countries=_union(first.countries, entity.countries),
            identifiers=_union(first.identifiers, entity.identifiers),
            addresses=_union(first.addresses, entity.addresses),
            programs=_union(first.programs, entity.programs),
            gender=first.gender or entity.gender,
            listed_on=first.listed_on or entity.listed_on,
            remarks="\n".join(dict.fromkeys(lines)) or None,
        )
    return list(merged.values())
