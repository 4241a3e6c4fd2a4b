"""The organisations a worker's row names: staffing agency, wage payee, employer.

A sanctions-list match on the worker finds the few listed people; the agency that
dispatched them (Mansudae, GENCO, Mokran...) is often the better lead. Each person row
can name an agency or contractor (with INN/OGRN), a payee (with INN) and an employer (the
organisation column, with the employer's INN). They are screened as organisations, with
their register numbers as identifiers, once per distinct name and numbers.

A payee may be a person (a team leader): it is screened as an organisation only when its
name carries a legal form or its INN has the 10 digits of a company.
"""

from __future__ import annotations

from dataclasses import dataclass

from laborscreen.model import Identifier, Schema
from laborscreen.names import analyze
from laborscreen.roster.headers import header_table
from laborscreen.roster.records import RosterRecord

#: role -> (name field, identifier fields with their type)
ROLES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "agency": ("agency", (("agency_inn", "inn"), ("agency_ogrn", "ogrn"))),
    "payee": ("payee", (("payee_inn", "inn"),)),
    "employer": ("organization", (("employer_inn", "inn"),)),
}


@dataclass(frozen=True, slots=True)
class Mention:
    """One organisation (or payee person) named on a row, as the lists are queried for it."""

    role: str  # agency / payee / employer
    name: str
    schema: Schema
    identifiers: tuple[Identifier, ...]

    @property
    def key(self) -> tuple[str, str, str, tuple[str, ...]]:
        """Rows naming the same organisation the same way share one screening."""
        name = " ".join(self.name.split()).casefold()
        return (self.role, self.schema.value, name, tuple(sorted(i.key for i in self.identifiers)))


def _cell(record: RosterRecord, name: str) -> str | None:
    raw = record.fields.get(name)
    if raw is None:
        return None
    text = " ".join(raw.split())
    return None if not text or text.lower() in header_table().empty else text


def _register_number(kind: str, value: str) -> Identifier:
    digits = "".join(ch for ch in value if ch.isdigit())
    # A numeric spreadsheet cell drops the leading zero of INNs of regions 01-09.
    if kind == "inn" and value.isdigit() and len(value) in (9, 11):
        digits = "0" + value
    return Identifier(kind, digits or value, "RU")


def mentions(record: RosterRecord) -> list[Mention]:
    """The organisations a person's row names; none on an organisation's own row."""
    if not record.schema.is_person:
        return []
    found: list[Mention] = []
    for role, (name_field, id_fields) in ROLES.items():
        name = _cell(record, name_field)
        if name is None:
            continue
        ids = tuple(
            _register_number(kind, value)
            for source, kind in id_fields
            if (value := _cell(record, source)) is not None
        )
        schema = Schema.ORGANIZATION
        if role == "payee" and not _is_organisation(name, ids):
            schema = Schema.PERSON
        found.append(Mention(role, name, schema, ids))
    return found


def _is_organisation(name: str, ids: tuple[Identifier, ...]) -> bool:
    if analyze(name, is_org=True).legal_form is not None:
        return True
    return any(i.type == "inn" and len(i.key) == 10 for i in ids)
