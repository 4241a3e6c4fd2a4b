"""The labelled name-pair benchmark (OpenSanctions' ``name_bench_cases.csv``).

Each row is two names, a schema and a label; a pair is predicted a match when
the name score is at or above the threshold. Reports precision, recall and F1
overall and per ``case_group``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from laborscreen.errors import EvaluationFormatError
from laborscreen.model import Schema
from laborscreen.names import analyze, compare_names
from laborscreen.scoring import DEFAULT_THRESHOLD

REQUIRED = ("case_group", "schema", "name1", "name2", "is_match")


@dataclass(frozen=True, slots=True)
class PairCase:
    group: str
    schema: Schema
    name1: str
    name2: str
    is_match: bool


def read_pairs(path: Path) -> list[PairCase]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise EvaluationFormatError(f"{path}: cannot open: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise EvaluationFormatError(f"{path}: missing columns {', '.join(missing)}")
        cases = []
        for row_number, row in enumerate(reader, start=1):
            label = (row["is_match"] or "").strip().lower()
            if label not in ("true", "false", "1", "0"):
                raise EvaluationFormatError(
                    f"{path}: row {row_number}, field 'is_match': "
                    f"expected true/false, got {label!r}"
                )
            try:
                schema = Schema.parse(row["schema"] or "Person")
            except ValueError as exc:
                raise EvaluationFormatError(
                    f"{path}: row {row_number}, field 'schema': {exc}"
                ) from exc
            cases.append(
                PairCase(
                    row["case_group"], schema, row["name1"], row["name2"], label in ("true", "1")
                )
            )
    return cases


def pair_score(case: PairCase) -> float:
    is_org = not case.schema.is_person
    return compare_names(analyze(case.name1, is_org), analyze(case.name2, is_org)).score


def _figures(rows: list[tuple[bool, bool]]) -> dict[str, Any]:
    tp = sum(1 for truth, pred in rows if truth and pred)
    fp = sum(1 for truth, pred in rows if not truth and pred)
    fn = sum(1 for truth, pred in rows if truth and not pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(rows),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def evaluate_pairs(path: Path, threshold: float = DEFAULT_THRESHOLD) -> dict[str, Any]:
    cases = read_pairs(path)
    rows: list[tuple[bool, bool]] = []
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for case in cases:
        predicted = pair_score(case) >= threshold
        rows.append((case.is_match, predicted))
        groups[case.group].append((case.is_match, predicted))
    result = _figures(rows)
    result["threshold"] = threshold
    result["case_groups"] = {g: _figures(r) for g, r in sorted(groups.items())}
    return result
