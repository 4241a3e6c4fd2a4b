"""What every list parser shares: safe reading, size limits, checksums.

Official files come from the internet and from users' disks, so they are read
as hostile: XML never resolves DTDs, entities or external references
(defusedxml), every file has a size cap, and every error names the file and,
where known, the line or element.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from laborscreen.errors import ListFormatError

#: Largest list file accepted. The biggest official file (EU FSF XML) is ~25 MB.
MAX_FILE_BYTES = int(os.environ.get("LABORSCREEN_MAX_LIST_BYTES", 512 * 1024 * 1024))


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ListFormatError(str(path), f"file is {size} bytes, over the {MAX_FILE_BYTES} limit")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, after the size check."""
    if not path.is_file():
        raise ListFormatError(str(path), "no such file")
    check_size(path)
    return path.read_bytes()


def parse_xml(path: Path) -> Element:
    """Parse an XML file with DTDs, entities and external references forbidden."""
    data = read_bytes(path)
    try:
        root: Element = safe_et.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        return root
    except DefusedXmlException as exc:
        raise ListFormatError(str(path), f"refused unsafe XML: {exc}") from exc
    except safe_et.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise ListFormatError(
            str(path), f"malformed XML: {exc}", f"line {line}, column {column}"
        ) from exc


def local(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> Iterator[Element]:
    """Direct children with this local name, whatever their namespace."""
    for child in element:
        if local(child.tag) == name:
            yield child


def child_text(element: Element, name: str) -> str | None:
    """Stripped text of the first direct child with this local name, or None."""
    for child in children(element, name):
        text = (child.text or "").strip()
        return text or None
    return None


def read_text(path: Path, encodings: Iterable[str] = ("utf-8-sig", "cp1252")) -> str:
    data = read_bytes(path)
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListFormatError(str(path), "cannot decode the file as " + ", ".join(encodings))


def read_csv_rows(
    path: Path, encodings: Iterable[str] = ("utf-8-sig", "cp1252")
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each CSV record; csv errors name the line."""
    reader = csv.reader(io.StringIO(read_text(path, encodings), newline=""))
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise ListFormatError(
            str(path), f"malformed CSV: {exc}", f"line {reader.line_num}"
        ) from exc


def sha256_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(read_bytes(path))
    return digest.hexdigest()


def clean(value: str | None) -> str | None:
    """Strip a cell; OFAC's ``-0-`` and empty strings mean "no value"."""
    if value is None:
        return None
    value = " ".join(value.split())
    if not value or value == "-0-":
        return None
    return value


# First word of a letter's Unicode name -> ISO 15924 script code. Only scripts
# that sanctions lists actually print are listed; anything else is "Zyyy".
_SCRIPTS = {
    "HANGUL": "Hang",
    "CYRILLIC": "Cyrl",
    "CJK": "Hani",
    "ARABIC": "Arab",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "GEORGIAN": "Geor",
    "ARMENIAN": "Armn",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
}


def script_of(text: str) -> str | None:
    """ISO 15924 code of the first non-Latin letter in ``text``; ``None`` for Latin text.

    Lists rarely say which script a name is in, yet the matcher must know a
    Hangul or Cyrillic spelling from a romanisation, so the letters decide.
    """
    for char in text:
        if not char.isalpha():
            continue
        word = unicodedata.name(char, "").split(" ", 1)[0]
        if word == "LATIN":
            continue
        return _SCRIPTS.get(word, "Zyyy")
    return None
