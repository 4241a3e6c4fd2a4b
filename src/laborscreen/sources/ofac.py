"""Parser for the OFAC SDN list in its legacy CSV set (sdn, alt, add, sdn_comments).

``sdn.csv`` has one row per entry and no header; ``alt.csv`` adds names,
``add.csv`` addresses, and ``sdn_comments.csv`` the rest of remarks texts that
were cut off in ``sdn.csv`` (the two pieces are glued without a separator:
"…PROMO RAI" + "Z S.A.S.; …"). Remarks are read by
:mod:`laborscreen.sources.ofac_remarks`; the whole remarks text is kept too.

Ids are ``us_ofac:<ent_num>``. People are printed "SURNAME, Given Names"; the
name is kept as printed and split at the first comma.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from laborscreen.countries import to_iso
from laborscreen.errors import ListFormatError
from laborscreen.model import Address, Entity, Identifier, Name, NameKind, ParsedList, Schema
from laborscreen.sources.base import clean, read_csv_rows, sha256_files
from laborscreen.sources.ofac_remarks import merge_duplicates, parse_remarks

SOURCE = "us_ofac"
BASE_URL = "https://www.treasury.gov/ofac/downloads/"
URL = BASE_URL + "sdn.csv"
FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")

_SCHEMAS = {"individual": Schema.PERSON, "vessel": Schema.VESSEL, "aircraft": Schema.AIRPLANE}
_ALT_KINDS = {"aka": NameKind.ALIAS, "fka": NameKind.FORMER, "nka": NameKind.ALIAS}
_EOF = "\x1a"  # OFAC's files end with a DOS end-of-file byte


def parse(path: Path) -> ParsedList:
    """Read the CSV set in directory ``path``; sdn.csv is required, the rest optional."""
    sdn = path / "sdn.csv"
    if not sdn.is_file():
        raise ListFormatError(str(sdn), "no such file")
    files = [path / name for name in FILES if (path / name).is_file()]
    sdn_rows = list(_records(sdn, 12))
    known = {int(cells[0]) for _, cells in sdn_rows}
    aliases: dict[int, list[Name]] = defaultdict(list)
    addresses: dict[int, list[Address]] = defaultdict(list)
    continued: dict[int, str] = {}
    schemas = {int(cells[0]): _schema(cells[2]) for _, cells in sdn_rows}
    if (path / "alt.csv").is_file():
        for line, cells in _records(path / "alt.csv", 5, known):
            kind = _ALT_KINDS.get((clean(cells[2]) or "aka").lower())
            name = clean(cells[3])
            if kind is None or name is None:
                raise ListFormatError(str(path / "alt.csv"), "bad alias row", f"line {line}")
            ent = int(cells[0])
            aliases[ent].append(_name(name, kind, schemas[ent]))
    if (path / "add.csv").is_file():
        for _, cells in _records(path / "add.csv", 6, known):
            address = _address(cells)
            if address:
                addresses[int(cells[0])].append(address)
    if (path / "sdn_comments.csv").is_file():
        for _, cells in _records(path / "sdn_comments.csv", 2, known):
            continued[int(cells[0])] = continued.get(int(cells[0]), "") + cells[1]
    entities = []
    for line, cells in sdn_rows:
        ent = int(cells[0])
        try:
            entities.append(_entity(cells, aliases[ent], addresses[ent], continued.get(ent)))
        except ValueError as exc:
            raise ListFormatError(str(sdn), str(exc), f"line {line}") from exc
    return ParsedList(
        source=SOURCE,
        entities=merge_duplicates(entities),
        files=[str(f) for f in files],
        checksum=sha256_files(files),
        url=URL,
    )


def _records(
    path: Path, width: int, known: set[int] | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Rows of one file, checked for width, a numeric ent_num and (if given) its entry."""
    for line, cells in read_csv_rows(path):
        if not any(c.strip(_EOF + " \t\r\n") for c in cells):
            continue
        if len(cells) != width:
            raise ListFormatError(
                str(path), f"{len(cells)} columns where {width} are expected", f"line {line}"
            )
        if not cells[0].strip().isdigit():
            raise ListFormatError(
                str(path), f"ent_num {cells[0]!r} is not a number", f"line {line}"
            )
        if known is not None and int(cells[0]) not in known:
            # An orphan row means files from different publications were mixed.
            raise ListFormatError(
                str(path), f"ent_num {cells[0]} is not in sdn.csv", f"line {line}"
            )
        yield line, cells


def _schema(text: str) -> Schema:
    return _SCHEMAS.get((clean(text) or "").lower(), Schema.ORGANIZATION)


def _name(full: str, kind: NameKind, schema: Schema) -> Name:
    if schema is Schema.PERSON and "," in full:
        last, first = (p.strip() for p in full.split(",", 1))
        return Name(full, kind, first=first or None, last=last or None)
    return Name(full, kind)


def _address(cells: list[str]) -> Address | None:
    parts = [p for c in cells[2:5] if (p := clean(c))]
    if not parts:
        return None
    country = clean(cells[4])
    return Address(", ".join(parts), to_iso(country) if country else None)


def _entity(
    cells: list[str], aliases: list[Name], addresses: list[Address], continued: str | None
) -> Entity:
    name = clean(cells[1])
    if name is None:
        raise ValueError("entry without a name")
    schema = _schema(cells[2])
    remarks = clean(cells[11])
    if continued:
        # sdn.csv cuts remarks mid-word; sdn_comments.csv holds the exact remainder.
        remarks = (cells[11].strip() if remarks else "") + continued.strip()
    facts = parse_remarks(remarks)
    names = [_name(name, NameKind.PRIMARY, schema), *aliases]
    names += [_name(n, NameKind.WEAK_ALIAS, schema) for n in facts.weak_aliases]
    names += [_name(n, NameKind.FORMER, schema) for n in facts.former_names]
    identifiers = list(facts.identifiers)
    call_sign = clean(cells[5])
    if call_sign:
        identifiers.append(Identifier("other", call_sign, to_iso(clean(cells[9])), "call sign"))
    extra = [
        f"{label}: {value}"
        for label, index in (
            ("Title", 4),
            ("Vessel type", 6),
            ("Tonnage", 7),
            ("GRT", 8),
            ("Vessel flag", 9),
            ("Vessel owner", 10),
        )
        if (value := clean(cells[index]))
    ]
    flag = to_iso(clean(cells[9]))
    countries = [*facts.countries, *(a.country for a in addresses if a.country)]
    if flag:
        countries.insert(0, flag)
    return Entity(
        id=f"{SOURCE}:{int(cells[0])}",
        source=SOURCE,
        schema=schema,
        names=tuple(dict.fromkeys(names)),
        birth_dates=facts.birth_dates,
        birth_places=facts.birth_places,
        nationalities=facts.nationalities,
        citizenships=facts.citizenships,
        countries=tuple(dict.fromkeys(countries)),
        gender=facts.gender,
        identifiers=tuple(dict.fromkeys(identifiers)),
        addresses=tuple(dict.fromkeys(addresses)),
        programs=_programs(cells[3]),
        remarks="\n".join(x for x in (remarks, *extra) if x) or None,
    )


def _programs(text: str) -> tuple[str, ...]:
    """ "NPWMD] [DPRK2" -> ("NPWMD", "DPRK2"); names may hold spaces ("CAATSA - IRAN")."""
    parts = (p.strip(" []") for p in (clean(text) or "").split("] ["))
    return tuple(dict.fromkeys(p for p in parts if p))
