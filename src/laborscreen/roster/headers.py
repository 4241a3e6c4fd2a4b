"""Which roster column holds which field: header synonyms, fuzzy rules and mapping files.

The first step of reading a roster. Column titles are free text written by HR
clerks in Russian or English ("Ф.И.О.", "Дата рождения (дд.мм.гггг)", "Given
name(s)"), so each header is matched against the synonyms in
``resources/roster_headers.yml``: an exact synonym first, then the conservative
``contains`` rules; a header that fits several fields equally well is left
unmapped rather than guessed (its cells are still kept as ``extra``). A mapping
file given by the user overrides all of this.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from laborscreen.errors import RosterError
from laborscreen.model import Schema

#: Fields whose cells hold a name of the row's person or organisation.
NAME_FIELDS = (
    "name",
    "last_name",
    "first_name",
    "middle_name",
    "name_latin",
    "last_name_latin",
    "first_name_latin",
    "middle_name_latin",
)

#: Fields only a person has: beside them an organisation column is the employer.
PERSON_ONLY_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "gender",
    "passport",
    "passport_series",
    "nationality",
    "citizenship",
)

_NON_WORD = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """Lower-case words of a header, ё read as е, punctuation and extra spaces gone."""
    return _NON_WORD.sub(" ", text.lower().replace("ё", "е")).strip()


def compact_key(text: str) -> str:
    """:func:`header_key` without spaces: "Ф.И.О." and "ФИО" meet, as do "DateOfBirth" and "DOB"."""
    return header_key(text).replace(" ", "")


Phrase = tuple[str, ...]  # words; a word ending in "*" is a prefix
Rule = tuple[Phrase, ...]  # every phrase must occur in the header


@dataclass(frozen=True, slots=True)
class HeaderTable:
    """The loaded ``roster_headers.yml``."""

    fields: tuple[str, ...]
    exact: dict[str, str]  # compact synonym -> field
    rules: dict[str, tuple[Rule, ...]]
    overrides: dict[str, frozenset[str]]
    gender: dict[str, str]  # compact cell value -> "male" / "female"
    schema: dict[str, Schema]  # compact cell value -> schema
    empty: frozenset[str]  # lower-cased placeholder cells meaning "no value"


def _phrase(text: str) -> Phrase:
    # Keep the prefix marker through normalisation, which would strip it.
    return tuple(
        header_key(word[:-1]) + "*" if word.endswith("*") else header_key(word)
        for word in str(text).split()
        if header_key(word.rstrip("*"))
    )


@cache
def header_table() -> HeaderTable:
    """Load and check the synonym table once."""
    source = resources.files("laborscreen.resources").joinpath("roster_headers.yml")
    with source.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    exact: dict[str, str] = {}
    rules: dict[str, tuple[Rule, ...]] = {}
    overrides: dict[str, frozenset[str]] = {}
    names = tuple(data["fields"])
    for name, spec in data["fields"].items():
        for synonym in spec.get("exact", []):
            key = compact_key(str(synonym))
            if exact.setdefault(key, name) != name:
                raise ValueError(f"synonym {synonym!r} given for {exact[key]} and {name}")
        rules[name] = tuple(
            tuple(_phrase(p) for p in (entry if isinstance(entry, list) else [entry]))
            for entry in spec.get("contains", [])
        )
        overrides[name] = frozenset(spec.get("overrides", []))
        unknown = overrides[name] - set(names)
        if unknown:
            raise ValueError(f"{name} overrides unknown fields {sorted(unknown)}")
    values = data["values"]
    gender = {compact_key(str(w)): g for g, words in values["gender"].items() for w in words}
    schema = {
        compact_key(str(w)): Schema(s) for s, words in values["schema"].items() for w in words
    }
    empty = frozenset(str(w).strip().lower() for w in values["empty"])
    return HeaderTable(names, exact, rules, overrides, gender, schema, empty)


def canonical_fields() -> tuple[str, ...]:
    """Every field name a mapping file may use, in the order of the synonym table."""
    return header_table().fields


def _has_phrase(words: list[str], phrase: Phrase) -> bool:
    size = len(phrase)
    for start in range(len(words) - size + 1):
        for offset, part in enumerate(phrase):
            word = words[start + offset]
            if part.endswith("*"):
                if not word.startswith(part[:-1]):
                    break
            elif word != part:
                break
        else:
            return True
    return False


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """How one header was read: ``how`` is exact, contains, ambiguous or none."""

    field: str | None
    how: str
    candidates: tuple[str, ...] = ()


def match_header(header: str) -> HeaderMatch:
    """The canonical field of one header, by exact synonym, then by the contains rules."""
    table = header_table()
    key = header_key(header)
    if not key:
        return HeaderMatch(None, "none")
    found = table.exact.get(key.replace(" ", ""))
    if found is not None:
        return HeaderMatch(found, "exact", (found,))
    words = key.split()
    hits = [
        name
        for name, field_rules in table.rules.items()
        if any(all(_has_phrase(words, p) for p in rule) for rule in field_rules)
    ]
    # A more specific field beats the general one it overrides ("ИНН агентства").
    left = [h for h in hits if not any(h in table.overrides[o] for o in hits if o != h)]
    if len(left) == 1:
        return HeaderMatch(left[0], "contains", tuple(hits))
    if left:
        return HeaderMatch(None, "ambiguous", tuple(left))
    return HeaderMatch(None, "none")


@dataclass(frozen=True, slots=True)
class MappingFile:
    """A user's column mapping: header (as compact key) -> field, or None to ignore it."""

    path: str
    columns: dict[str, str | None]
    labels: dict[str, str]  # compact key -> header as written in the mapping file
    sheet: str | None = None


_IGNORE = {"", "ignore", "none", "extra", "-"}


def load_mapping_file(path: Path) -> MappingFile:
    """Read ``{columns: {"My Header": field}, sheet: "Name"}`` from YAML or JSON."""
    where = str(path)
    try:
        data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RosterError(f"{where}: cannot read the mapping file: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise RosterError(f"{where}: a mapping file needs a 'columns' table of header: field")
    unknown_keys = set(data) - {"columns", "sheet"}
    if unknown_keys:
        raise RosterError(f"{where}: unknown keys {sorted(unknown_keys)} (allowed: columns, sheet)")
    known = set(canonical_fields())
    columns: dict[str, str | None] = {}
    labels: dict[str, str] = {}
    for header, target in data["columns"].items():
        name = None if target is None else str(target).strip()
        if name is not None and name.lower() in _IGNORE:
            name = None
        if name is not None and name not in known:
            raise RosterError(
                f"{where}: column {header!r} is mapped to unknown field {name!r}; "
                f"known fields: {', '.join(sorted(known))}"
            )
        key = compact_key(str(header))
        columns[key] = name
        labels[key] = str(header)
    sheet = data.get("sheet")
    return MappingFile(where, columns, labels, None if sheet is None else str(sheet))


@dataclass(slots=True)
class ColumnMap:
    """The reading of one header row.

    ``labels`` has one unique label per column (blank headers become
    "column 3", a repeated header "Примечание (2)"); ``fields`` maps column
    index to field; ``notes`` are header-level problems as (field, message, value).
    """

    labels: list[str]
    fields: dict[int, str]
    notes: list[tuple[str | None, str, str | None]] = field(default_factory=list)

    @property
    def mapping(self) -> dict[str, str]:
        return {self.labels[i]: name for i, name in sorted(self.fields.items())}

    def has(self, *names: str) -> bool:
        wanted = set(names)
        return any(name in wanted for name in self.fields.values())

    @property
    def has_name(self) -> bool:
        """A column names the row: a person-name column, or the organisation of an org-only file.

        In a file with birth dates or passports an organisation column is the
        employer, and screening it in place of the unrecognised person name
        would be silently wrong.
        """
        if self.has(*NAME_FIELDS):
            return True
        return self.has("organization") and not self.has(*PERSON_ONLY_FIELDS)


def column_labels(headers: Sequence[str]) -> list[str]:
    labels: list[str] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        label = " ".join(header.split()) or f"column {index + 1}"
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels


def map_columns(headers: Sequence[str], mapping: MappingFile | None = None) -> ColumnMap:
    """Assign a field to each header: the mapping file first, then exact, then contains."""
    labels = column_labels(headers)
    notes: list[tuple[str | None, str, str | None]] = []
    ranked: list[tuple[int, int, str]] = []  # (strength, column, field); lower is stronger
    decided: set[int] = set()
    if mapping is not None:
        present = {compact_key(h) for h in headers}
        for index, header in enumerate(headers):
            key = compact_key(header)
            if key and key in mapping.columns:
                decided.add(index)
                target = mapping.columns[key]
                if target is not None:
                    ranked.append((0, index, target))
        for key, label in mapping.labels.items():
            if key not in present:
                notes.append(
                    (mapping.columns[key], f"mapping file column {label!r} not found", label)
                )
    strength = {"exact": 1, "contains": 2}
    for index, header in enumerate(headers):
        if index in decided:
            continue
        found = match_header(header)
        if found.field is not None:
            ranked.append((strength[found.how], index, found.field))
        elif found.how == "ambiguous":
            options = " or ".join(found.candidates)
            notes.append(
                (None, f"column {labels[index]!r} could be {options}: not guessed", labels[index])
            )
    fields: dict[int, str] = {}
    taken: dict[str, int] = {}
    for _, index, name in sorted(ranked):
        if name in taken:
            first = labels[taken[name]]
            message = f"column {labels[index]!r} is also {name} (read from {first!r})"
            notes.append((name, message, labels[index]))
            continue
        taken[name] = index
        fields[index] = name
    return ColumnMap(labels, fields, notes)
