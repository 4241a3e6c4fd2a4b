"""Filling the report templates and writing the report files.

The templates (``templates/*.j2``, package data) are rendered with
autoescaping always on: every name, address and evidence value comes from a
roster that anyone may have typed, so nothing from the data reaches the page
unescaped. The page also carries a Content-Security-Policy that allows
inline styles and nothing else: no script runs and nothing is fetched, even
if a value ever slipped through.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import jinja2

from laborscreen.report.build import build_report
from laborscreen.report.charts import (
    nationality_chart,
    rule_chart,
    severity_chart,
    site_chart,
)
from laborscreen.report.export import write_tables
from laborscreen.report.model import NOT_GIVEN, SEVERITIES, Report
from laborscreen.store import ListStore

#: Findings listed per rule; the rest are counted (every one is in report.json).
MAX_SHOWN = 200

#: Rows named (number and name) under a roster-level finding; the rest are counted.
MAX_ROWS_NAMED = 60

#: Suffixes the HTML report may have; its CSV and JSON twins take the same stem.
HTML_SUFFIXES = (".html", ".htm")


def _fixed(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def _slug(value: str) -> str:
    """An HTML id fragment from a rule id (which may hold anything)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-") or "rule"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("laborscreen.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fixed"] = _fixed
    env.filters["signed"] = _signed
    env.filters["slug"] = _slug
    return env


def _version() -> str:
    try:
        return version("laborscreen")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return ""


def render_html(report: Report, tables: Sequence[str] = ()) -> str:
    """The report as one HTML page; ``tables`` names the CSV/JSON files written beside it."""
    template = environment().get_template("report.html.j2")
    return template.render(
        report=report,
        tables=list(tables),
        severities=SEVERITIES,
        not_given=NOT_GIVEN,
        max_shown=MAX_SHOWN,
        max_rows_named=MAX_ROWS_NAMED,
        version=_version(),
        charts={
            "severity": severity_chart(report),
            "rules": rule_chart(report),
            "sites": site_chart(report.sites, "site"),
            "agencies": site_chart(report.agencies, "agency"),
            "nationalities": nationality_chart(report),
        },
    )


def report_paths(html: Path) -> tuple[Path, Path, Path]:
    """The HTML report and the CSV and JSON of its tables beside it (same stem)."""
    return html, html.with_suffix(".csv"), html.with_suffix(".json")


def report_conflict(html: Path, out: Path | None) -> str | None:
    """Why ``html`` cannot be the report path (with ``--out`` at ``out``), or ``None``."""
    if html.suffix.lower() not in HTML_SUFFIXES:
        return f"the report is an HTML file: give it a .html name, not {html.name!r}"
    if out is not None and out.with_suffix("") == html.with_suffix(""):
        return (
            f"{html.with_suffix('.json')} and .csv would overwrite the results of --out {out}: "
            "give the report another name"
        )
    return None


def current_lists(store: Path | None = None) -> list[dict[str, Any]]:
    """The list versions in force in the store (what a screening now runs against)."""
    with ListStore(store) as lists:
        return [v.to_dict() for v in lists.current_versions()]


def write_report(
    result: Mapping[str, Any],
    path: Path,
    lists: Sequence[Mapping[str, Any]] | None = None,
    generated: datetime | None = None,
) -> list[Path]:
    """Write the HTML report at ``path`` and its tables as CSV and JSON beside it.

    ``result`` is the dict of a screening (``ScreenResult.to_dict()`` or a
    saved ``--out`` JSON file). Returns the paths written.
    """
    report = build_report(result, lists, generated)
    html, csv_path, json_path = report_paths(path)
    html.parent.mkdir(parents=True, exist_ok=True)
    write_tables(report, csv_path, json_path)
    html.write_text(render_html(report, [csv_path.name, json_path.name]), encoding="utf-8")
    return [html, csv_path, json_path]
