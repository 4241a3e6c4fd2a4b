"""Reading a roster or supplier file (CSV or XLSX) into records and problems.

The entry point of roster screening: decode the file (UTF-8, UTF-8 with BOM or
cp1251; broken bytes become per-row problems, not a crash), find the header row
(title rows above it are allowed), map its columns (:mod:`.headers`), then
stream the data rows through :class:`~.records.RecordBuilder`. Row numbers
count every row after the header, empty ones included, so data row ``n`` is
spreadsheet row ``header_row + n``.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from laborscreen.errors import Problem, RosterError
from laborscreen.heap import collector_paused
from laborscreen.roster.headers import ColumnMap, MappingFile, load_mapping_file, map_columns
from laborscreen.roster.records import RecordBuilder, RosterRecord

#: Rows searched for the header; HR exports put titles and dates above it.
HEADER_SEARCH_ROWS = 20
_CHUNK = 1 << 20
_SAMPLE_CHARS = 1 << 16
_DELIMITERS = (";", ",", "\t", "|")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other OLE files)

Row = tuple[list[str], str | None]  # cells, or a parse error for that row


@dataclass(slots=True)
class RosterRead:
    """A whole roster read: records in file order, problems, and the column mapping."""

    path: str
    records: list[RosterRecord]
    problems: list[Problem]
    mapping: dict[str, str]  # column label -> canonical field
    header_row: int = 1  # 1-based line (CSV) or sheet row (XLSX) of the header
    encoding: str | None = None  # CSV only
    sheet: str | None = None  # XLSX only
    extra_columns: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Plan:
    """How to read the file, decided before the first data row."""

    path: Path
    kind: str  # "csv" / "xlsx"
    columns: ColumnMap
    header_index: int  # 0-based index of the header among all rows
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    sheet: str | None = None


# ---- decoding -------------------------------------------------------------


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(path: Path) -> bool:
    """True when a file that is not valid UTF-8 is still UTF-8 with a few broken bytes.

    cp1251 Cyrillic is almost never a valid UTF-8 sequence, so a file whose
    non-ASCII text decodes as UTF-8 far more often than not is damaged UTF-8.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    good = bad = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            text = decoder.decode(chunk)
            broken = text.count("\ufffd")
            bad += broken
            good += len(text) - len(text.encode("ascii", "ignore")) - broken
            if bad > 1000 and good <= 4 * bad:
                return False  # plainly not UTF-8: no need to read on
    return good > 4 * bad


def detect_encoding(path: Path) -> str:
    """utf-8-sig if the file is (mostly) UTF-8, else cp1251; undecodable bytes are replaced."""
    if _decodes(path, "utf-8-sig") or _mostly_utf8(path):
        return "utf-8-sig"
    return "cp1251"


# ---- rows -----------------------------------------------------------------


#: The csv module's default cell limit. Checked here as well, because a library in the
#: same process may raise the module-wide limit (followthemoney does when imported), and a
#: cell this long is the sign of a stray quote whatever the limit.
MAX_CELL = 131_072


def _csv_rows(text: io.TextIOBase | io.StringIO, delimiter: str) -> Iterator[Row]:
    reader = csv.reader(text, delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield [], f"malformed CSV near line {reader.line_num}: {exc}"
            continue
        if any(len(cell) > MAX_CELL for cell in cells):
            limit = f"field larger than field limit ({MAX_CELL})"
            yield [], f"malformed CSV near line {reader.line_num}: {limit}"
            continue
        yield cells, None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # Passports and INNs typed as numbers come back as 123456789.0.
        return str(int(value))
    return str(value)


@contextmanager
def _open_workbook(path: Path, sheet: str | None) -> Iterator[tuple[str, Iterator[Row]]]:
    # Imported here so that CSV-only use never pays for openpyxl; no type stubs ship with it.
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they do not matter here.
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise RosterError(f"{path}: cannot open as an XLSX workbook: {exc}") from exc
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise RosterError(f"{path}: no sheet {sheet!r}; sheets: {book.sheetnames}")
            ws = book[sheet]
        elif book.worksheets:
            ws = book.worksheets[0]
        else:
            raise RosterError(f"{path}: the workbook has no worksheet")

        def rows() -> Iterator[Row]:
            for values in ws.iter_rows(values_only=True):
                yield [_cell_text(v) for v in values], None

        yield ws.title, rows()
    finally:
        book.close()


@contextmanager
def _open_rows(plan: _Plan) -> Iterator[Iterator[Row]]:
    if plan.kind == "xlsx":
        with _open_workbook(plan.path, plan.sheet) as (_, rows):
            yield rows
    else:
        with plan.path.open(encoding=plan.encoding, errors="replace", newline="") as fh:
            yield _csv_rows(fh, plan.delimiter)


# ---- finding the header -----------------------------------------------------


def _find_header(rows: list[Row], mapping: MappingFile | None) -> tuple[int, ColumnMap] | None:
    """The row (among the first few) whose cells map to the most fields, with a name field."""
    best: tuple[int, int, ColumnMap] | None = None
    for index, (cells, _) in enumerate(rows):
        if not any(c.strip() for c in cells):
            continue
        columns = map_columns(cells, mapping)
        if columns.has_name and (best is None or len(columns.fields) > best[0]):
            best = (len(columns.fields), index, columns)
    return None if best is None else (best[1], best[2])


def _first_cells(rows: list[Row]) -> list[str]:
    return next((c for c, _ in rows if any(x.strip() for x in c)), [])


def _no_header(path: Path, seen: list[str]) -> RosterError:
    shown = ", ".join(repr(" ".join(c.split())) for c in seen if c.strip()) or "none"
    return RosterError(
        f"{path}: no name column found in the first {HEADER_SEARCH_ROWS} rows "
        f"(headers seen: {shown}); name one with a mapping file, see docs/roster-format.md"
    )


def _plan_csv(path: Path, mapping: MappingFile | None) -> _Plan:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(_SAMPLE_CHARS)
    if not sample.strip():
        raise RosterError(f"{path}: the file is empty")
    best: tuple[int, int, str, int, ColumnMap] | None = None
    widest: list[str] = []
    for delimiter in _DELIMITERS:
        parsed = _csv_rows(io.StringIO(sample, newline=""), delimiter)
        rows = list(islice(parsed, HEADER_SEARCH_ROWS))
        first = _first_cells(rows)
        if len(first) > len(widest):
            widest = first
        found = _find_header(rows, mapping)
        if found is None:
            continue
        index, columns = found
        # The delimiter that makes the header map most fields wins, then the widest header.
        score = (len(columns.fields), len(columns.labels))
        if best is None or score > (best[0], best[1]):
            best = (score[0], score[1], delimiter, index, columns)
    if best is None:
        raise _no_header(path, widest)
    _, _, delimiter, index, columns = best
    return _Plan(path, "csv", columns, index, encoding=encoding, delimiter=delimiter)


def _plan_xlsx(path: Path, mapping: MappingFile | None) -> _Plan:
    with _open_workbook(path, mapping.sheet if mapping else None) as (title, rows):
        head = list(islice(rows, HEADER_SEARCH_ROWS))
    found = _find_header(head, mapping)
    if found is None:
        if not any(any(c.strip() for c in cells) for cells, _ in head):
            raise RosterError(f"{path}: sheet {title!r} is empty")
        raise _no_header(path, _first_cells(head))
    index, columns = found
    return _Plan(path, "xlsx", columns, index, sheet=title)


def _plan(path: Path, mapping_file: Path | None) -> _Plan:
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"{path}: no such file")
    mapping = load_mapping_file(Path(mapping_file)) if mapping_file is not None else None
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise RosterError(f"{path}: cannot read: {exc}") from exc
    if magic == _OLE_MAGIC:
        raise RosterError(f"{path}: legacy Excel .xls is not supported; save it as .xlsx or CSV")
    if magic == _ZIP_MAGIC:
        return _plan_xlsx(path, mapping)
    return _plan_csv(path, mapping)


def _entries(plan: _Plan) -> Iterator[RosterRecord | Problem]:
    where = str(plan.path)
    for label_field, message, value in plan.columns.notes:
        yield Problem(where, 0, label_field, message, value)
    builder = RecordBuilder(where, plan.columns)
    with _open_rows(plan) as rows:
        row = 0
        for cells, error in islice(rows, plan.header_index + 1, None):
            row += 1
            if error is not None:
                yield Problem(where, row, None, error)
                continue
            if not any(c.strip() for c in cells):
                continue  # blank rows are skipped but counted, so numbers match the sheet
            record, problems = builder.build(row, cells)
            yield record
            yield from problems


def iter_roster(
    path: Path, mapping_file: Path | None = None
) -> tuple[dict[str, str], Iterator[RosterRecord | Problem]]:
    """The column mapping, and a stream of records each followed by its problems.

    File-level failures (missing or unreadable file, no name column, a bad
    mapping file) raise :class:`RosterError` here, before the stream starts;
    header-level problems (row 0) come first in the stream.
    """
    plan = _plan(path, mapping_file)
    return plan.columns.mapping, _entries(plan)


def read_roster(path: Path, mapping_file: Path | None = None) -> RosterRead:
    """Read a whole roster into memory: one record per non-empty data row."""
    plan = _plan(path, mapping_file)
    records: list[RosterRecord] = []
    problems: list[Problem] = []
    # Keeping a million new objects alive makes the cyclic GC rescan them over and
    # over (half the read time); records hold no cycles, so pause it meanwhile.
    with collector_paused():
        for entry in _entries(plan):
            if isinstance(entry, Problem):
                problems.append(entry)
            else:
                records.append(entry)
    mapped = set(plan.columns.fields)
    return RosterRead(
        path=str(plan.path),
        records=records,
        problems=problems,
        mapping=plan.columns.mapping,
        header_row=plan.header_index + 1,
        encoding=plan.encoding if plan.kind == "csv" else None,
        sheet=plan.sheet,
        extra_columns=[x for i, x in enumerate(plan.columns.labels) if i not in mapped],
    )
