"""The alert page's evidence: the record and the list entry lined up, the words that matched."""

from __future__ import annotations

from typing import Any

#: Rows of the side-by-side table: a label, the record's fields, the entry's properties.
_ROWS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Name",
        ("name", "name_latin", "last_name", "first_name", "middle_name"),
        ("name", "alias", "weakAlias", "previousName"),
    ),
    ("Birth date", ("birth_date",), ("birthDate",)),
    ("Birth place", ("birth_place",), ("birthPlace",)),
    ("Nationality", ("citizenship", "nationality"), ("nationality", "citizenship", "country")),
    ("Gender", ("gender",), ("gender",)),
    (
        "Documents",
        ("passport", "passport_series", "national_id", "inn", "ogrn"),
        ("passportNumber", "idNumber", "innCode", "ogrnCode", "registrationNumber", "taxNumber"),
    ),
    ("Address", ("address",), ("address",)),
)
_ENTRY_ONLY = ("program", "notes", "sourceUrl")


def comparison(detail: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"label", "record": [(field, value)], "entry": [(property, value)]}]``."""
    record: dict[str, str] = (detail.get("record") or {}).get("fields") or {}
    entry: dict[str, list[str]] = (detail.get("entry") or {}).get("properties") or {}
    used: set[str] = set()
    rows = []
    for label, fields, props in _ROWS:
        mine = [(f, record[f]) for f in fields if record.get(f)]
        theirs = [(p, v) for p in props for v in entry.get(p, [])]
        used.update(fields)
        if mine or theirs:
            rows.append({"label": label, "record": mine, "entry": theirs})
    rest = [(f, v) for f, v in record.items() if f not in used and v]
    listed = [(p, v) for p in _ENTRY_ONLY for v in entry.get(p, [])]
    if rest or listed:
        rows.append({"label": "Other", "record": rest, "entry": listed})
    return rows


def matched_words(match: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """The query's words and the list name's words the name comparison paired up."""
    if not match:
        return [], []
    name = (match.get("explanation") or {}).get("name") or {}
    pairs = name.get("pairs") or []
    query = [p["query"] for p in pairs if p.get("query")]
    listed = [p["list"] for p in pairs if p.get("list")]
    if not pairs:
        query = [name.get("query") or ""]
        listed = [name.get("matched") or ""]
    return query, listed
