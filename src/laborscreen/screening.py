"""Screening a roster: every record against the lists, one result row per input row.

The output shape is the stable contract of ``laborscreen screen --out``
(docs/output-format.md): ``rows`` (``row``, ``input``, ``matches``,
``problems``) and ``summary``. Nothing is dropped: a row that cannot be
screened (no name) is still listed, with its problem.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from laborscreen.engine import Screener
from laborscreen.errors import Problem
from laborscreen.roster import RosterRead, RosterRecord
from laborscreen.scoring import DEFAULT_THRESHOLD, Match, Query

Progress = Callable[[int], None]

#: Rosters this long are screened in parallel worker processes.
BULK_MIN_ROWS = 5_000
BULK_WORKERS = max(1, min(2, os.cpu_count() or 1))


@dataclass(slots=True)
class RowResult:
    record: RosterRecord
    matches: list[Match]
    problems: list[Problem]

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.record.row,
            "input": dict(self.record.fields),
            "schema": self.record.schema.value,
            "matches": [m.to_dict() for m in self.matches],
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass(slots=True)
class ScreenResult:
    file: str
    threshold: float
    rows: list[RowResult]
    problems: list[Problem] = field(default_factory=list)  # problems of rows with no record

    def summary(self) -> dict[str, Any]:
        alerted = [r for r in self.rows if r.matches]
        entities = {m.entity_id for r in alerted for m in r.matches}
        return {
            "file": self.file,
            "rows": len(self.rows),
            "rows_with_matches": len(alerted),
            "matches": sum(len(r.matches) for r in self.rows),
            "distinct_entities": len(entities),
            "problems": sum(len(r.problems) for r in self.rows) + len(self.problems),
            "threshold": self.threshold,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": [r.to_dict() for r in self.rows],
            "summary": self.summary(),
            "problems": [p.to_dict() for p in self.problems],
        }


def record_query(record: RosterRecord) -> Query | None:
    """The query a record asks; ``None`` when it has no name to screen."""
    names = tuple(n for n in (record.name, record.name_latin) if n and n.strip())
    if not names:
        return None
    nationalities = (record.nationality,) if record.nationality else ()
    return Query(
        names, record.schema, record.birth_date, nationalities, record.gender, record.identifiers
    )


def screen_roster(
    read: RosterRead,
    screener: Screener,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    progress: Progress | None = None,
) -> ScreenResult:
    by_row: dict[int, list[Problem]] = {}
    for problem in read.problems:
        by_row.setdefault(problem.row, []).append(problem)
    queries = [record_query(record) for record in read.records]
    workers = BULK_WORKERS if len(queries) >= BULK_MIN_ROWS else 1
    found = screener.match_many(queries, threshold, limit, workers, progress)
    rows = [
        RowResult(record, matches, by_row.pop(record.row, []))
        for record, matches in zip(read.records, found, strict=True)
    ]
    orphans = [p for problems in by_row.values() for p in problems]
    return ScreenResult(read.path, threshold, rows, orphans)
