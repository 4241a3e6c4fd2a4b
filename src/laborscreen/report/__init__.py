"""The screening report: one self-contained HTML file, with its tables as CSV and JSON.

``laborscreen screen ROSTER --report report.html`` writes it. The flow:
:func:`build_report` condenses the result dict of a screening into plain
values (:mod:`~laborscreen.report.model`), :mod:`~laborscreen.report.charts`
lays out the bar charts, :mod:`~laborscreen.report.render` fills the Jinja2
templates (autoescaped: roster data is untrusted) and
:mod:`~laborscreen.report.export` writes the tables beside the HTML.
See docs/report.md.
"""

from laborscreen.report.build import build_report
from laborscreen.report.model import NOT_GIVEN, SEVERITIES, Report
from laborscreen.report.render import (
    current_lists,
    render_html,
    report_conflict,
    report_paths,
    write_report,
)

__all__ = [
    "NOT_GIVEN",
    "SEVERITIES",
    "Report",
    "build_report",
    "current_lists",
    "render_html",
    "report_conflict",
    "report_paths",
    "write_report",
]
