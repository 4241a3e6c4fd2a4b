"""List files in: recognise each official format by its content and hand it to its parser.

:func:`load_path` takes what a user points at (one file, an OFAC file set, or a
directory of mixed lists), decides the format of every file by looking at its
first bytes (the name alone is not trusted: downloads often arrive as
``content`` or ``export.xml``), and returns one :class:`ParsedList` per list.
Every file is classified before any is parsed, so a stray file fails the whole
call early instead of after minutes of parsing; nothing is skipped silently
except README and hidden files.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import cast

from laborscreen.errors import ListFormatError
from laborscreen.model import ParsedList

__all__ = [
    "OFAC_FILES",
    "ListFormat",
    "Planned",
    "detect_format",
    "load_path",
    "parser_for",
    "plan",
]

#: The files of an OFAC SDN CSV set; ``sdn.csv`` is the one that must be there.
OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")

#: Bytes read to recognise a file; enough for any header or XML prolog.
_HEAD_BYTES = 64 * 1024

_CSL_HEADER = ("source", "entity_number", "type", "programs", "name")
_XML_START_TAG = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^>]*)>")
_XMLNS = re.compile(r"""xmlns(?::[\w.\-]+)?\s*=\s*["']([^"']*)["']""")
_SKIP_XML = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.DOTALL)


class ListFormat(StrEnum):
    """The list formats laborscreen reads, named after the parser that reads them."""

    UN = "un"
    EU_FSF = "eu_fsf"
    US_OFAC = "us_ofac"
    US_CSL = "us_csl"
    OPENSANCTIONS_FTM = "opensanctions_ftm"
    OPENSANCTIONS_SENZING = "opensanctions_senzing"
    GB_FCDO = "gb_fcdo"
    CUSTOM = "custom"


# Parsers are looked up by name when needed: each lives in its own module and
# importing one must not pull in the others.
_PARSERS: dict[ListFormat, tuple[str, str]] = {
    ListFormat.UN: ("laborscreen.sources.un", "parse"),
    ListFormat.EU_FSF: ("laborscreen.sources.eu_fsf", "parse"),
    ListFormat.US_OFAC: ("laborscreen.sources.ofac", "parse"),
    ListFormat.US_CSL: ("laborscreen.sources.us_csl", "parse"),
    ListFormat.OPENSANCTIONS_FTM: ("laborscreen.sources.opensanctions", "parse_ftm"),
    ListFormat.OPENSANCTIONS_SENZING: ("laborscreen.sources.opensanctions", "parse_senzing"),
    ListFormat.GB_FCDO: ("laborscreen.sources.gb_fcdo", "parse"),
    ListFormat.CUSTOM: ("laborscreen.sources.custom_csv", "parse"),
}


@dataclass(frozen=True, slots=True)
class Planned:
    """One list to parse: its format and the path its parser takes (a file or OFAC folder)."""

    format: ListFormat
    path: Path


def _head(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(_HEAD_BYTES)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Detection only looks at markup and headers; a stray cp1252 byte must not stop it.
    return data.decode("utf-8", errors="replace")


def _first_lines(text: str, count: int) -> list[str]:
    return text.splitlines()[:count]


def _csv_row(line: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(line)), [])
    except csv.Error:
        return []


def _detect_xml(path: Path, text: str) -> ListFormat:
    body = _SKIP_XML.sub("", text)
    match = _XML_START_TAG.search(body)
    if match is None:
        raise ListFormatError(str(path), "XML file without a root element")
    root = match.group(2)
    namespaces = _XMLNS.findall(match.group(3))
    if root == "CONSOLIDATED_LIST":
        return ListFormat.UN
    # The FSF namespace changed spelling over the years (eu.europa.eu/fsd/…,
    # eu.europa.ec/fpi/fsd/…); both contain "/fsd".
    if root == "export" and any("/fsd" in ns for ns in namespaces):
        return ListFormat.EU_FSF
    raise ListFormatError(
        str(path),
        f"unknown XML list: root element <{root}> is neither the UN CONSOLIDATED_LIST "
        "nor an EU FSF export",
    )


def _detect_json(path: Path, text: str) -> ListFormat:
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        raise ListFormatError(
            str(path), "not JSON lines: the first line is not a JSON object", "line 1"
        ) from None
    if isinstance(record, dict):
        if "DATA_SOURCE" in record:
            return ListFormat.OPENSANCTIONS_SENZING
        if "schema" in record and "properties" in record:
            return ListFormat.OPENSANCTIONS_FTM
    raise ListFormatError(
        str(path),
        "unknown JSON list: the first record has neither DATA_SOURCE (Senzing) "
        "nor schema and properties (FollowTheMoney)",
        "line 1",
    )


def _is_ofac_sdn(text: str) -> bool:
    # sdn.csv has no header: 12 cells, the first the numeric entity number.
    row = _csv_row(_first_lines(text, 1)[0]) if text.strip() else []
    return len(row) == 12 and row[0].strip().isdigit()


def _detect_csv(path: Path, text: str) -> ListFormat:
    lines = _first_lines(text, 3)
    if not lines:
        raise ListFormatError(str(path), "empty file")
    header = [cell.strip().lower() for cell in _csv_row(lines[0])]
    if tuple(header[: len(_CSL_HEADER)]) == _CSL_HEADER:
        return ListFormat.US_CSL
    if lines[0].lstrip().lower().startswith("report date"):
        return ListFormat.GB_FCDO
    for line in lines:
        cells = {cell.strip().lower() for cell in _csv_row(line)}
        if "name 6" in cells and "group id" in cells:
            return ListFormat.GB_FCDO
    if "id" in header and "name" in header:
        return ListFormat.CUSTOM
    raise ListFormatError(
        str(path),
        "unknown CSV list: the header is not the US CSL, UK FCDO or custom (id, name) layout",
        "line 1",
    )


def detect_format(path: Path) -> ListFormat:
    """The format of one list file (not a folder), judged by its content.

    Raises :class:`ListFormatError` naming the file when the format is unknown.
    """
    if not path.is_file():
        raise ListFormatError(str(path), "no such file")
    text = _head(path)
    stripped = text.lstrip()
    name = path.name.lower()
    if name in OFAC_FILES:
        if name == "sdn.csv" and _is_ofac_sdn(text):
            return ListFormat.US_OFAC
        if name != "sdn.csv":
            raise ListFormatError(
                str(path), "part of an OFAC file set: pass the folder holding sdn.csv"
            )
    if stripped.startswith("<"):
        return _detect_xml(path, stripped)
    if stripped.startswith(("{", "[")):
        return _detect_json(path, stripped)
    if not stripped:
        raise ListFormatError(str(path), "empty file")
    return _detect_csv(path, stripped)


def _ignored(path: Path) -> bool:
    # README files and dot files (.DS_Store, .gitkeep) travel with list folders.
    return path.name.startswith(".") or path.name.lower().startswith("readme")


def _sdn_file(folder: Path) -> Path | None:
    for child in folder.iterdir():
        if child.is_file() and child.name.lower() == "sdn.csv":
            return child
    return None


def _plan_folder(folder: Path, out: list[Planned]) -> None:
    sdn = _sdn_file(folder)
    if sdn is not None:
        if not _is_ofac_sdn(_head(sdn)):
            raise ListFormatError(str(sdn), "sdn.csv is not in the OFAC SDN CSV layout", "line 1")
        out.append(Planned(ListFormat.US_OFAC, folder))
    for child in sorted(folder.iterdir()):
        if _ignored(child):
            continue
        if child.is_dir():
            _plan_folder(child, out)
        elif sdn is not None and child.name.lower() in OFAC_FILES:
            continue  # read by the OFAC parser with sdn.csv
        else:
            out.append(Planned(detect_format(child), child))


def plan(path: Path) -> list[Planned]:
    """What :func:`load_path` would parse, without parsing: every file classified."""
    if path.is_dir():
        planned: list[Planned] = []
        _plan_folder(path, planned)
        if not planned:
            raise ListFormatError(str(path), "no list files in this folder")
        return planned
    if not path.exists():
        raise ListFormatError(str(path), "no such file or folder")
    found = detect_format(path)
    # The OFAC parser reads the whole set, so a bare sdn.csv stands for its folder.
    return [Planned(found, path.parent if found is ListFormat.US_OFAC else path)]


def parser_for(found: ListFormat) -> Callable[[Path], ParsedList]:
    """The parse function of a format's module."""
    module_name, function = _PARSERS[found]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise  # the parser exists but one of its own imports is missing
        raise ListFormatError(module_name, f"no parser installed for {found.value}") from exc
    return cast(Callable[[Path], ParsedList], getattr(module, function))


def load_path(path: Path) -> list[ParsedList]:
    """Parse a list file, an OFAC folder, or a folder of lists walked recursively."""
    return [parser_for(item.format)(item.path) for item in plan(path)]
