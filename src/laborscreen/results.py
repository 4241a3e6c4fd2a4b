"""Writing screening results: the JSON document and the flat CSV.

The CSV has one line per row × match and one per row × finding (record findings, and
roster findings on each row they name), so that a spreadsheet filter on ``rule_id`` or
``status`` shows every row concerned; docs/output-format.md describes both files.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from laborscreen.rules import Finding, RosterFinding
from laborscreen.screening import RowResult, ScreenResult

CSV_COLUMNS = (
    "row",
    "name",
    "name_latin",
    "birth_date",
    "nationality",
    "entity_id",
    "caption",
    "score",
    "matched_name",
    "explanation",
    "problems",
    "finding_scope",
    "rule_id",
    "pack",
    "severity",
    "status",
    "legal_basis",
    "evidence",
)
_MATCH_WIDTH = 5  # entity_id .. explanation
_FINDING_WIDTH = 7  # finding_scope .. evidence


def write_json(result: ScreenResult, path: Path) -> None:
    path.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


def _shown(value: Any) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or "(none)"
    return str(value)


def _finding_cells(finding: Finding | RosterFinding) -> list[str]:
    basis = "; ".join(f"{c.instrument}, {c.paragraph} <{c.url}>" for c in finding.rule.legal_basis)
    parts = [f"{name}={_shown(value)}" for name, value in finding.evidence.items()]
    scope = "record"
    if isinstance(finding, RosterFinding):
        scope = "roster"
        rows = ", ".join(map(str, finding.rows))
        parts = [f"shared_value={finding.shared_value or '(none)'}", f"rows={rows}", *parts]
    parts += [f"missing {name}: {why}" for name, why in finding.missing.items()]
    return [
        scope,
        finding.rule.id,
        finding.rule.pack,
        finding.rule.severity.value,
        finding.status.value,
        basis,
        "; ".join(parts),
    ]


def _base(row: RowResult) -> list[Any]:
    rec = row.record
    return [
        rec.row,
        rec.name or "",
        rec.name_latin or "",
        rec.birth_date.iso() if rec.birth_date else rec.fields.get("birth_date", ""),
        rec.nationality or rec.fields.get("nationality", ""),
    ]


def write_csv(result: ScreenResult, path: Path) -> None:
    """One line per row × match and per row × finding; a row with neither gets one line."""
    on_row: dict[int, list[RosterFinding]] = {}
    for roster_finding in result.roster_findings:
        for number in roster_finding.rows:
            on_row.setdefault(number, []).append(roster_finding)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in result.rows:
            base = _base(row)
            problems = "; ".join(str(p) for p in row.problems)
            no_finding = [""] * _FINDING_WIDTH
            for match in row.matches:
                score = f"{match.score:.4f}"
                cells = [match.entity_id, match.caption, score, match.list_name, match.explanation]
                writer.writerow([*base, *cells, problems, *no_finding])
            findings: list[Finding | RosterFinding] = [
                *row.findings,
                *on_row.get(row.record.row, []),
            ]
            for finding in findings:
                writer.writerow([*base, *[""] * _MATCH_WIDTH, problems, *_finding_cells(finding)])
            if not row.matches and not findings:
                writer.writerow([*base, *[""] * _MATCH_WIDTH, problems, *no_finding])


def write_outputs(result: ScreenResult, out: Path) -> list[Path]:
    """Write ``out`` by its suffix; ``.json`` also gets a ``.csv`` beside it and vice versa."""
    json_path = out if out.suffix.lower() == ".json" else out.with_suffix(".json")
    csv_path = out if out.suffix.lower() == ".csv" else out.with_suffix(".csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_json(result, json_path)
    write_csv(result, csv_path)
    return [json_path, csv_path]
