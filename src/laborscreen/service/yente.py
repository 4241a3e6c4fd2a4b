"""FollowTheMoney in and out: yente-shaped queries to :class:`Query`, list entries to FtM entities.

yente clients send a query entity as ``{"schema": "Person", "properties":
{"name": [...], "birthDate": [...], ...}}`` and read back FtM-shaped entities
with a ``score``, a ``match`` flag and per-feature ``features``. This module is
that translation, free of the web framework:

* :func:`example_queries` reads one query entity: names (``name``, ``alias``,
  ``weakAlias``, ``previousName``, and ``firstName`` … ``lastName`` joined),
  ``birthDate``, countries (``nationality``/``citizenship`` for people, else
  ``country``; ``country``/``jurisdiction``/``mainCountry`` for organisations),
  ``gender`` and document numbers (``passportNumber``, ``idNumber``,
  ``innCode``, ``ogrnCode``, ``registrationNumber``, ``taxNumber``, ``imoNumber``).
  Other properties are accepted and not used. A ``LegalEntity`` is screened as
  a person and as an organisation.
* :func:`entity_dict` writes a list entry with the FtM property names its
  schema has, so that FtM libraries load it without complaint.
* :func:`result_dict` adds the score, the verdict and the explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from laborscreen.countries import to_iso
from laborscreen.dates import parse_date
from laborscreen.errors import ServiceError
from laborscreen.model import Entity, Identifier, NameKind, PartialDate, Schema
from laborscreen.scoring import Match, Query
from laborscreen.store import ListVersion

#: FtM schema of a query -> the laborscreen schemas it is screened as.
QUERY_SCHEMAS: dict[str, tuple[Schema, ...]] = {
    "Person": (Schema.PERSON,),
    "LegalEntity": (Schema.PERSON, Schema.LEGAL_ENTITY),
    "Organization": (Schema.ORGANIZATION,),
    "Company": (Schema.COMPANY,),
    "PublicBody": (Schema.ORGANIZATION,),
    "Vessel": (Schema.VESSEL,),
    "Airplane": (Schema.AIRPLANE,),
}

NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
#: Name parts joined into one more spelling, in this order.
NAME_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
PERSON_COUNTRY_PROPS = ("nationality", "citizenship")
ORG_COUNTRY_PROPS = ("country", "jurisdiction", "mainCountry")
#: FtM identifier property -> laborscreen identifier type (laborscreen.model.Identifier).
IDENTIFIER_PROPS = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "registrationNumber": "registration",
    "taxNumber": "tax",
    "imoNumber": "imo",
}
GENDERS = {"male": "male", "m": "male", "female": "female", "f": "female"}

#: Values accepted per property, and queries per request (yente's own batch limit).
MAX_VALUES = 50
MAX_QUERIES = 100

# -- queries in ------------------------------------------------------------------------


def _values(key: str, prop: str, raw: str | Sequence[str]) -> list[str]:
    values = [raw] if isinstance(raw, str) else list(raw)
    if len(values) > MAX_VALUES:
        raise _invalid(key, prop, f"at most {MAX_VALUES} values per property")
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _invalid(key: str, field: str, message: str, value: str | None = None) -> ServiceError:
    where = f"properties.{field}" if field != "schema" else field
    detail: dict[str, Any] = {"query": key, "field": where, "message": message}
    if value is not None:
        detail["value"] = value
    shown = f" ({value!r})" if value is not None else ""
    return ServiceError(400, "invalid_query", f"query {key!r}, {where}: {message}{shown}", [detail])


def example_queries(
    key: str, schema: str, properties: Mapping[str, str | Sequence[str]]
) -> list[Query]:
    """The laborscreen queries for one yente query entity (two for a ``LegalEntity``)."""
    schemas = QUERY_SCHEMAS.get(schema)
    if schemas is None:
        choices = ", ".join(QUERY_SCHEMAS)
        raise _invalid(key, "schema", f"cannot screen this schema; use one of {choices}", schema)
    props = {prop: _values(key, prop, raw) for prop, raw in properties.items()}
    names = [v for prop in NAME_PROPS for v in props.get(prop, [])]
    parts = [" ".join(props[p]) for p in NAME_PART_PROPS if props.get(p)]
    if parts:
        names.append(" ".join(parts))
    names = list(dict.fromkeys(names))
    if not names:
        raise _invalid(key, "name", "a query needs a name (name, alias or firstName/lastName)")
    birth_date = _birth_date(key, props.get("birthDate", []))
    gender = next(
        (GENDERS[g.lower()] for g in props.get("gender", []) if g.lower() in GENDERS), None
    )
    identifiers = tuple(
        Identifier(kind, value)
        for prop, kind in IDENTIFIER_PROPS.items()
        for value in props.get(prop, [])
    )
    queries = []
    for target in schemas:
        person = target.is_person
        countries = _countries(props, PERSON_COUNTRY_PROPS if person else ORG_COUNTRY_PROPS)
        if person and not countries:
            countries = _countries(props, ("country",))
        queries.append(
            Query(
                names=tuple(names),
                schema=target,
                birth_date=birth_date if person else None,
                nationalities=countries,
                gender=gender if person else None,
                identifiers=identifiers,
            )
        )
    return queries


def _birth_date(key: str, values: list[str]) -> PartialDate | None:
    # The scorer takes one date: the first one given; every one must be readable.
    dates = []
    for value in values:
        parsed = parse_date(value)
        if parsed is None:
            raise _invalid(key, "birthDate", "unreadable date", value)
        dates.append(parsed)
    return dates[0] if dates else None


def _countries(props: Mapping[str, list[str]], names: Iterable[str]) -> tuple[str, ...]:
    # A country laborscreen cannot place (an FtM pseudo-code, say) adds no evidence.
    codes = (to_iso(v) for prop in names for v in props.get(prop, []))
    return tuple(dict.fromkeys(c for c in codes if c))


# -- entities out ----------------------------------------------------------------------

_COMMON = {"name", "alias", "weakAlias", "previousName", "country", "address", "program"}
_COMMON |= {"topics", "notes", "sourceUrl", "registrationNumber"}
_LEGAL = _COMMON | {"idNumber", "innCode", "ogrnCode", "taxNumber"}
#: The FtM properties this module writes that each schema has (followthemoney's model).
SCHEMA_PROPS: dict[Schema, frozenset[str]] = {
    Schema.PERSON: frozenset(
        _LEGAL
        | {"firstName", "lastName", "middleName", "birthDate", "birthPlace"}
        | {"nationality", "citizenship", "gender", "passportNumber"}
    ),
    Schema.LEGAL_ENTITY: frozenset(_LEGAL),
    Schema.ORGANIZATION: frozenset(_LEGAL | {"imoNumber"}),
    Schema.COMPANY: frozenset(_LEGAL | {"imoNumber"}),
    Schema.VESSEL: frozenset(_COMMON | {"imoNumber"}),
    Schema.AIRPLANE: frozenset(_COMMON),
}
#: laborscreen identifier type -> FtM properties to write it to, first one the schema has.
IDENTIFIER_OUT = {
    "passport": ("passportNumber", "idNumber", "registrationNumber"),
    "national_id": ("idNumber", "registrationNumber"),
    "inn": ("innCode", "registrationNumber"),
    "ogrn": ("ogrnCode", "registrationNumber"),
    "imo": ("imoNumber", "registrationNumber"),
    "registration": ("registrationNumber",),
    "tax": ("taxNumber", "registrationNumber"),
    "other": ("idNumber", "registrationNumber"),
}
_NAME_OUT = {
    NameKind.PRIMARY: "name",
    NameKind.ALIAS: "alias",
    NameKind.ORIGINAL_SCRIPT: "alias",
    NameKind.WEAK_ALIAS: "weakAlias",
    NameKind.FORMER: "previousName",
}
#: A birth-year range longer than this is written as its two ends only.
_MAX_RANGE_YEARS = 10


def _dates(date: PartialDate) -> list[str]:
    if date.year_to is not None:
        if date.year_to - date.year <= _MAX_RANGE_YEARS:
            return [str(year) for year in range(date.year, date.year_to + 1)]
        return [str(date.year), str(date.year_to)]
    return [f"{date.year:04d}" if date.circa else date.iso()]


def entity_properties(entity: Entity) -> dict[str, list[str]]:
    allowed = SCHEMA_PROPS[entity.schema]
    props: dict[str, list[str]] = {}

    def add(prop: str, values: Iterable[str | None]) -> None:
        if prop in allowed:
            kept = props.setdefault(prop, [])
            kept.extend(v for v in values if v and v not in kept)

    for name in entity.names:
        add(_NAME_OUT[name.kind], [name.full])
        if name.kind is NameKind.PRIMARY:
            add("firstName", [name.first])
            add("middleName", [name.middle])
            add("lastName", [name.last])
    for date in entity.birth_dates:
        add("birthDate", _dates(date))
    add("birthPlace", entity.birth_places)
    add("nationality", (c.lower() for c in entity.nationalities))
    add("citizenship", (c.lower() for c in entity.citizenships))
    add("country", (c.lower() for c in entity.countries))
    add("gender", [entity.gender])
    for identifier in entity.identifiers:
        targets = IDENTIFIER_OUT.get(identifier.type, IDENTIFIER_OUT["other"])
        prop = next((p for p in targets if p in allowed), None)
        if prop is not None:
            add(prop, [identifier.value])
    add("address", (a.text for a in entity.addresses))
    add("program", entity.programs)
    add("notes", [entity.remarks])
    add("sourceUrl", [entity.source_url])
    add("topics", ["sanction"])
    return {k: v for k, v in props.items() if v}


def entity_dict(entity: Entity, version: ListVersion | None) -> dict[str, Any]:
    """The list entry as yente returns an entity."""
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema": entity.schema.value,
        "properties": entity_properties(entity),
        "datasets": [entity.source],
        "referents": [],
        "target": True,
        "first_seen": None,
        # When the service's list store last imported the entry's list.
        "last_seen": version.imported_at if version else None,
        "last_change": None,
    }


def result_dict(
    match: Match, entity: Entity, version: ListVersion | None, threshold: float
) -> dict[str, Any]:
    """One scored result: the entity plus ``score``, ``match`` and the feature breakdown."""
    explained = match.to_dict()["explanation"]
    features: dict[str, float] = {"name": match.name_score}
    explanations: dict[str, dict[str, Any]] = {
        "name": {
            "detail": f"name {match.query_name!r} ~ {match.list_name!r} "
            f"({match.list_name_kind}, {match.name_match.method}): {match.name_score:.2f}",
            "score": match.name_score,
            "query": match.query_name,
            "candidate": match.list_name,
        }
    }
    for feature in match.features:
        features[feature.name] = feature.delta
        explanations[feature.name] = {
            "detail": feature.detail,
            "score": feature.delta,
            "query": None,
            "candidate": None,
        }
    return {
        **entity_dict(entity, version),
        "score": match.score,
        "match": match.score >= threshold,
        "features": features,
        "explanations": explanations,
        "explanation": explained,
    }


#: What each feature in ``features`` means (yente's ``matcher`` section).
MATCHER_FEATURES: dict[str, dict[str, Any]] = {
    "name": {
        "description": "Best name pair of the query and the entry (aliases included), "
        "compared across scripts and romanisations; the base of the score.",
        "coefficient": 1.0,
    },
    "birth_date": {
        "description": "Birth date evidence: +0.10 same date, +0.05 same year, -0.40 and a "
        "cap of 0.60 for a clearly different date.",
        "coefficient": 0.10,
    },
    "nationality": {
        "description": "Shared country +0.05; known on both sides and disjoint -0.10.",
        "coefficient": 0.05,
    },
    "gender": {"description": "Differing gender -0.20.", "coefficient": -0.20},
    "identifier": {
        "description": "Same passport, ID or register number +0.30, and a floor of 0.90.",
        "coefficient": 0.30,
    },
}


def matcher_docs() -> dict[str, dict[str, Any]]:
    return {name: {**doc, "url": "docs/scoring.md"} for name, doc in MATCHER_FEATURES.items()}
