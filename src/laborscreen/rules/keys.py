"""Group keys for roster rules: when two rows share an agency, an address or a payee.

Clerks write one agency as "ООО «Восток-Кадры»", "Восток-Кадры ООО" and "OOO Vostok-Kadry",
and one dormitory with different room numbers; rows are grouped by a normalised key, and
each kind of value has its own normaliser. The finding shows the value as written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from laborscreen.dates import parse_date
from laborscreen.names import analyze
from laborscreen.roster.headers import header_key
from laborscreen.rules.vocabulary import address_key


def organisation_key(text: str) -> str:
    """Legal form dropped, Latin, word order kept: "ООО «Мокран»" == "Mokran LLC"."""
    form = analyze(text, is_org=True)
    return " ".join(t.key for t in form.tokens) or header_key(text)


def name_key(text: str) -> str:
    """A payee may be a person or an organisation: legal form dropped, word order free."""
    form = analyze(text, is_org=True)
    return " ".join(sorted(t.key for t in form.tokens)) or header_key(text)


def identifier_key(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def date_key(text: str) -> str:
    found = parse_date(text)
    return found.iso() if found is not None else header_key(text)


def wage_key(text: str) -> str:
    """A bank account or card number by its digits; a payee by name."""
    digits = sum(ch.isdigit() for ch in text)
    return "account " + identifier_key(text) if digits >= 6 else "payee " + name_key(text)


_BY_NAME: dict[str, Callable[[str], str]] = {
    "agency": organisation_key,
    "organization": organisation_key,
    "payee": name_key,
    "team_leader": name_key,
    "wage_destination": wage_key,
    "address": lambda text: address_key(text) or header_key(text),
    "bank_account": identifier_key,
    "passport": identifier_key,
    "inn": identifier_key,
    "ogrn": identifier_key,
    "agency_inn": identifier_key,
    "agency_ogrn": identifier_key,
    "payee_inn": identifier_key,
    "employer_inn": identifier_key,
}


def group_key(name: str, value: Any) -> str | None:
    """The normalised key of a value of field or fact ``name``; None when there is none."""
    if value is None or value == [] or value == ():
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return "|".join(sorted(str(v) for v in value))
    text = str(value)
    if name.endswith("_date"):
        return date_key(text)
    return _BY_NAME.get(name, header_key)(text) or None
