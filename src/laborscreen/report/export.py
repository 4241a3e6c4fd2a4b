"""The report's tables as data: ``report.json`` (everything) and ``report.csv`` (the summaries).

The CSV is in long form, one number per line (``table,key,measure,value``),
so that the summaries of differently shaped tables (totals, severities,
rules, sites, agencies, nationality × visa purpose) share one file that a
spreadsheet's pivot table reads directly. The JSON holds the whole report,
findings and matches with their evidence included. See docs/report.md.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from laborscreen.report.model import SEVERITIES, GroupSummary, Report

CSV_COLUMNS = ("table", "key", "measure", "value")


def _groups(
    table: str, groups: list[GroupSummary] | None
) -> Iterator[tuple[str, str, str, object]]:
    for g in groups or []:
        yield table, g.key, "rows", g.rows
        yield table, g.key, "rows_with_matches", g.rows_with_matches
        yield table, g.key, "matches", g.matches
        yield table, g.key, "rows_with_findings", g.rows_with_findings
        for severity in SEVERITIES:
            yield table, g.key, severity, g.severity[severity]
        yield table, g.key, "not_assessable", g.not_assessable
        yield table, g.key, "rows_in_roster_findings", g.rows_in_roster_findings
        if table == "agency":
            yield table, g.key, "list_matches", len(g.list_matches)


def table_lines(report: Report) -> Iterator[tuple[str, str, str, object]]:
    """Every summary number of the report as (table, key, measure, value)."""
    for measure, value in report.totals.items():
        yield "totals", "", measure, value
    if report.rules_run:
        for severity, n in report.severity.items():
            yield "severity", severity, "hits", n
        for rule in report.rules:
            yield "rule", rule.rule_id, "severity", rule.severity
            yield "rule", rule.rule_id, "hits", rule.hits
            yield "rule", rule.rule_id, "not_assessable", rule.not_assessable
            yield "rule", rule.rule_id, "rows", len(rule.rows)
            if rule.legal:
                yield "rule", rule.rule_id, "legal_basis", "; ".join(c.citation for c in rule.legal)
    yield from _groups("site", report.sites)
    yield from _groups("agency", report.agencies)
    table = report.nationality_visa
    for row in table.rows:
        for column in table.columns:
            if table.count(row, column):
                yield "nationality_visa", row, column, table.count(row, column)


def write_tables(report: Report, csv_path: Path, json_path: Path) -> None:
    # UTF-8 with BOM, as results.csv: spreadsheet programs then read Cyrillic correctly
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(table_lines(report))
    json_path.write_text(
        json.dumps(report.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
