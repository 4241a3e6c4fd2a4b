"""Country normalisation: free text, ISO codes and Russian names to ISO 3166-1 alpha-2.

Built from pycountry's official names plus ``resources/countries.yml`` for the
colloquial and Russian forms. A bare "Korea" is ambiguous and returns ``None``
(DESIGN.md §4): guessing North would raise false labour alerts, guessing South
would hide real ones.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pycountry
import yaml

DPRK = "KP"
ROK = "KR"


def _key(text: str) -> str:
    text = text.strip().lower().replace("ё", "е").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip(" .")


@cache
def _table() -> tuple[dict[str, str], frozenset[str]]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table[_key(value)] = code
        table[country.alpha_3.lower()] = code
        table[str(country.numeric)] = code
        table[code.lower()] = code
    with (
        resources.files("laborscreen.resources")
        .joinpath("countries.yml")
        .open(encoding="utf-8") as fh
    ):
        data = yaml.safe_load(fh)
    for code, names in data["aliases"].items():
        for name in names:
            table[_key(str(name))] = str(code)
    ambiguous = frozenset(_key(x) for x in data.get("ambiguous", []))
    for word in ambiguous:
        table.pop(word, None)
    return table, ambiguous


def to_iso(text: str | None) -> str | None:
    """ISO alpha-2 code for a country name or code; ``None`` if unknown or ambiguous."""
    if not text:
        return None
    key = _key(str(text))
    if not key:
        return None
    table, ambiguous = _table()
    if key in ambiguous:
        return None
    if key in table:
        return table[key]
    # "Korean (DPRK)", "Korea (North)", "Россия (РФ)": try the words outside the
    # brackets, those inside, and all of them without the brackets
    inside = re.findall(r"\((.*?)\)", key)
    outside = re.sub(r"\(.*?\)", "", key).strip(" ,.")
    unbracketed = re.sub(r"\s+", " ", re.sub(r"[()]", " ", key)).strip(" ,.")
    for candidate in (outside, unbracketed, *inside):
        candidate = candidate.strip(" ,.")
        if candidate and candidate != key and candidate in table:
            return table[candidate]
    # "гражданин Узбекистана", "citizen of Tajikistan": the country after the word
    # for a citizen (the Russian genitive forms are aliases)
    citizen = _CITIZEN.sub("", key, count=1).strip(" ,.:")
    if citizen != key:
        return to_iso(citizen)
    return None


_CITIZEN = re.compile(
    r"^(?:гражданин|гражданка|гражданство|подданный|подданная|гр\.|гр|"
    r"citizen of|citizenship|national of|nationality)\b[\s:.]*"
)


def is_ambiguous(text: str | None) -> bool:
    """True for a country text that names no single country, like a bare "Korea"."""
    return bool(text) and _key(str(text)) in _table()[1]
