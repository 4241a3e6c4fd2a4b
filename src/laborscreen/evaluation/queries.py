"""The screening evaluation (DESIGN.md §5): queries with the ids they must find.

CSV header ``query_name,query_birth_date,query_nationality,query_schema,expected_ids[,category]``.
A query with expected ids is a positive: found when any expected id is
returned at or above the threshold. A query without is a negative: it must
raise no alert at all. Reports recall, false-positive rate, top-1 accuracy and
speed, overall and per category.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from laborscreen.countries import to_iso
from laborscreen.dates import parse_date
from laborscreen.engine import Screener
from laborscreen.errors import EvaluationFormatError
from laborscreen.model import Schema
from laborscreen.scoring import DEFAULT_THRESHOLD, Query

REQUIRED = ("query_name", "query_birth_date", "query_nationality", "query_schema", "expected_ids")


@dataclass(frozen=True, slots=True)
class EvalCase:
    row: int
    query: Query
    expected: frozenset[str]
    category: str


def read_cases(path: Path, warnings: list[str] | None = None) -> list[EvalCase]:
    """The evaluation queries; what could not be read is noted in ``warnings``."""
    if warnings is None:
        warnings = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationFormatError(f"{path}: cannot read: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise EvaluationFormatError(f"{path}: missing columns {', '.join(missing)}")
    cases = []
    for row_number, row in enumerate(reader, start=1):
        name = (row["query_name"] or "").strip()
        if not name:
            raise EvaluationFormatError(f"{path}: row {row_number}, field 'query_name': empty")
        # An unreadable date or schema does not stop the evaluation: the query
        # is screened without it (a roster row would be too) and counted.
        raw_date = (row.get("query_birth_date") or "").strip()
        birth_date = parse_date(raw_date) if raw_date else None
        if raw_date and birth_date is None:
            warnings.append(f"row {row_number}: unreadable birth date {raw_date!r}, ignored")
        nationality = to_iso((row.get("query_nationality") or "").strip())
        try:
            schema = Schema.parse(row.get("query_schema") or "Person")
        except ValueError:
            warnings.append(
                f"row {row_number}: unknown schema {row['query_schema']!r}, Person used"
            )
            schema = Schema.PERSON
        expected = frozenset(x.strip() for x in (row["expected_ids"] or "").split(";") if x.strip())
        query = Query((name,), schema, birth_date, (nationality,) if nationality else ())
        category = (row.get("category") or "").strip() or ("positive" if expected else "negative")
        cases.append(EvalCase(row_number, query, expected, category))
    return cases


def evaluate(
    path: Path, screener: Screener, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, Any]:
    warnings: list[str] = []
    cases = read_cases(path, warnings)
    started = time.perf_counter()
    outcomes: list[tuple[EvalCase, bool, bool]] = []  # case, alerted/found, top1
    for case in cases:
        matches = screener.match(case.query, threshold=threshold, limit=10)
        if case.expected:
            found = any(m.entity_id in case.expected for m in matches)
            top1 = bool(matches) and matches[0].entity_id in case.expected
            outcomes.append((case, found, top1))
        else:
            outcomes.append((case, bool(matches), False))
    elapsed = time.perf_counter() - started
    positives = [o for o in outcomes if o[0].expected]
    negatives = [o for o in outcomes if not o[0].expected]
    categories: dict[str, list[tuple[EvalCase, bool, bool]]] = defaultdict(list)
    for outcome in outcomes:
        categories[outcome[0].category].append(outcome)

    def summary(items: list[tuple[EvalCase, bool, bool]]) -> dict[str, Any]:
        pos = [o for o in items if o[0].expected]
        neg = [o for o in items if not o[0].expected]
        result: dict[str, Any] = {"n": len(items)}
        if pos:
            result["recall"] = round(sum(o[1] for o in pos) / len(pos), 4)
        if neg:
            result["false_positive_rate"] = round(sum(o[1] for o in neg) / len(neg), 4)
        return result

    return {
        "recall": round(sum(o[1] for o in positives) / len(positives), 4) if positives else None,
        "false_positive_rate": (
            round(sum(o[1] for o in negatives) / len(negatives), 4) if negatives else None
        ),
        "top1_accuracy": (
            round(sum(o[2] for o in positives) / len(positives), 4) if positives else None
        ),
        "n_positive": len(positives),
        "n_negative": len(negatives),
        "queries_per_second": round(len(cases) / elapsed, 1) if elapsed > 0 else None,
        "threshold": threshold,
        "categories": {k: summary(v) for k, v in sorted(categories.items())},
        "warnings": warnings,
    }


def failures(
    path: Path, screener: Screener, threshold: float = DEFAULT_THRESHOLD
) -> list[dict[str, Any]]:
    """Missed positives and alerting negatives, with what was returned: for error analysis."""
    out = []
    for case in read_cases(path):
        alerts = screener.match(case.query, threshold=threshold, limit=10)
        matches = alerts or screener.match(case.query, threshold=None, limit=3)
        if case.expected and not any(m.entity_id in case.expected for m in alerts):
            kind = "missed"
        elif not case.expected and alerts:
            kind = "false_alert"
        else:
            continue
        out.append(
            {
                "row": case.row,
                "kind": kind,
                "category": case.category,
                "query": case.query.names[0],
                "expected": sorted(case.expected),
                "top": [(m.entity_id, m.score, m.explanation) for m in matches],
            }
        )
    return out
