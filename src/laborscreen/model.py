"""The normalised list entry: one shape for every sanctions source.

Every parser in :mod:`laborscreen.sources` turns its official format into
:class:`Entity` values; the store keeps them as JSON (``to_dict``/``from_dict``)
and the matcher reads nothing else. Values are plain frozen dataclasses so that
each pipeline stage hands the next an inspectable value.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Schema(StrEnum):
    """FollowTheMoney schema names for the kinds of listed entries."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    COMPANY = "Company"
    LEGAL_ENTITY = "LegalEntity"
    VESSEL = "Vessel"
    AIRPLANE = "Airplane"

    @property
    def is_person(self) -> bool:
        return self is Schema.PERSON

    @property
    def is_organization(self) -> bool:
        return self in (Schema.ORGANIZATION, Schema.COMPANY, Schema.LEGAL_ENTITY)

    @classmethod
    def parse(cls, text: str) -> Schema:
        """Read a schema from FtM names and the words the sources use."""
        key = text.strip().lower().replace("_", "").replace(" ", "").replace("-", "")
        aliases = {
            "person": cls.PERSON,
            "individual": cls.PERSON,
            "organization": cls.ORGANIZATION,
            "organisation": cls.ORGANIZATION,
            "entity": cls.ORGANIZATION,
            "enterprise": cls.ORGANIZATION,
            "company": cls.COMPANY,
            "legalentity": cls.LEGAL_ENTITY,
            "vessel": cls.VESSEL,
            "airplane": cls.AIRPLANE,
            "aircraft": cls.AIRPLANE,
        }
        if key not in aliases:
            raise ValueError(f"unknown schema {text!r}")
        return aliases[key]


class NameKind(StrEnum):
    """How a list presents a name: its weight as evidence depends on it."""

    PRIMARY = "primary"
    ALIAS = "alias"
    WEAK_ALIAS = "weak_alias"  # "low quality" a.k.a. (UN 'Low', OFAC 'fka'/weak)
    ORIGINAL_SCRIPT = "original_script"  # the name in its own script (Hangul, Cyrillic…)
    FORMER = "former"  # f.k.a.


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entry. ``parts`` holds the source's own split, if any."""

    full: str
    kind: NameKind = NameKind.PRIMARY
    first: str | None = None  # given name(s)
    last: str | None = None  # surname / family name
    middle: str | None = None  # middle names, patronymic
    script: str | None = None  # e.g. "Hang", "Cyrl", when the source says so


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as lists give it: exact, month-only, year-only, circa, or a range.

    ``year_to`` is set for ranges ("1960 to 1962"); ``circa`` widens a year by
    the usual tolerance when comparing.
    """

    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False
    year_to: int | None = None

    def iso(self) -> str:
        """ISO-ish text: ``1954-06-04``, ``1954-06``, ``1954``, ``~1947``, ``1960..1962``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        if self.year_to is not None:
            text += f"..{self.year_to:04d}"
        return ("~" if self.circa else "") + text

    @property
    def is_exact(self) -> bool:
        return self.day is not None and not self.circa and self.year_to is None


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identity document or register number: passport, national id, INN, OGRN, IMO…"""

    type: str  # normalised type: passport, national_id, inn, ogrn, imo, registration, tax, other
    value: str  # as printed
    country: str | None = None  # ISO 3166-1 alpha-2
    note: str | None = None

    @property
    def key(self) -> str:
        """The value reduced to letters and digits, for comparison."""
        return "".join(ch for ch in self.value.upper() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Address:
    text: str
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True, slots=True)
class Entity:
    """A normalised sanctions-list entry (id ``<source>:<native id>``)."""

    id: str
    source: str
    schema: Schema
    names: tuple[Name, ...]
    birth_dates: tuple[PartialDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO alpha-2
    citizenships: tuple[str, ...] = ()  # ISO alpha-2
    countries: tuple[str, ...] = ()  # other linked countries (addresses, jurisdiction)
    gender: str | None = None  # "male" / "female"
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: str | None = None  # ISO date
    source_url: str | None = None
    remarks: str | None = None

    @property
    def caption(self) -> str:
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.full
        return self.names[0].full if self.names else self.id

    @property
    def all_countries(self) -> tuple[str, ...]:
        seen = dict.fromkeys(self.nationalities + self.citizenships + self.countries)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            source=data["source"],
            schema=Schema(data["schema"]),
            names=tuple(Name(**{**n, "kind": NameKind(n["kind"])}) for n in data.get("names", ())),
            birth_dates=tuple(PartialDate(**d) for d in data.get("birth_dates", ())),
            birth_places=tuple(data.get("birth_places", ())),
            nationalities=tuple(data.get("nationalities", ())),
            citizenships=tuple(data.get("citizenships", ())),
            countries=tuple(data.get("countries", ())),
            gender=data.get("gender"),
            identifiers=tuple(Identifier(**i) for i in data.get("identifiers", ())),
            addresses=tuple(Address(**a) for a in data.get("addresses", ())),
            programs=tuple(data.get("programs", ())),
            listed_on=data.get("listed_on"),
            source_url=data.get("source_url"),
            remarks=data.get("remarks"),
        )


@dataclass(slots=True)
class ParsedList:
    """What a parser returns: the entries of one official file set, plus its metadata."""

    source: str  # un, us_ofac, us_csl, eu_fsf, gb_fcdo, opensanctions, custom:<list>
    entities: list[Entity]
    published: str | None = None  # ISO date or datetime the publisher gives
    files: list[str] = field(default_factory=list)  # paths read
    checksum: str = ""  # sha256 over the files read, in order
    url: str | None = None
