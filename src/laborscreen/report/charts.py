"""Horizontal bar charts for the report, laid out here and drawn as inline SVG by the template.

No charting library and no script: this module computes every rectangle,
tick and label position, and ``templates/charts.html.j2`` writes them as SVG
elements, so the report stays one file that reads without JavaScript and
prints as it shows. Colours are CSS classes (``sev-critical``, ``na``,
``flagged``…) styled in ``templates/report.css``, so the charts and the
tables share one palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from laborscreen.report.model import NOT_GIVEN, SEVERITIES, GroupSummary, Report

#: Geometry in SVG user units (CSS pixels at 100%).
WIDTH = 760
LABEL_WIDTH = 300  # the category labels, right-aligned against the bars
TOTAL_WIDTH = 44  # room for the number written after each bar
BAR_HEIGHT = 18
BAR_GAP = 7
TOP = 6
AXIS_HEIGHT = 22
LEGEND_HEIGHT = 22

#: The width of a legend character (12 px sans-serif, generously: SVG text cannot be measured).
LEGEND_CHAR = 7.6
#: Labels longer than this are cut (the whole label is in the bar's tooltip).
MAX_LABEL = 36
#: More bars than this and the chart stops being read; the table beside it has them all.
MAX_BARS = 15
#: At most this many axis ticks.
MAX_TICKS = 6


@dataclass(frozen=True, slots=True)
class Part:
    """One stacked part of a bar: ``value`` counted items of one kind (CSS class ``css``)."""

    series: str
    css: str
    value: int


@dataclass(frozen=True, slots=True)
class BarSpec:
    label: str
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Segment:
    x: float
    width: float
    value: int
    css: str
    series: str


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    full_label: str
    y: float
    segments: tuple[Segment, ...]
    total: int
    total_x: float


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    value: int


@dataclass(frozen=True, slots=True)
class LegendItem:
    x: float
    label: str
    css: str


@dataclass(frozen=True, slots=True)
class BarChart:
    title: str
    width: int
    height: float
    plot_x: float
    plot_width: float
    axis_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[LegendItem, ...]
    omitted: int  # bars left out (MAX_BARS); the table lists them

    @property
    def description(self) -> str:
        """What the chart shows, in words, for screen readers and as the SVG's <desc>."""
        shown = "; ".join(f"{b.full_label}: {b.total}" for b in self.bars)
        more = f"; {self.omitted} more in the table" if self.omitted else ""
        return f"{self.title}. {shown}{more}."


def nice_ticks(top: int) -> list[int]:
    """0 up to the first round number at or above ``top``, in steps of 1, 2 or 5 × 10^k."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            count = -(-top // step)  # ceiling division
            if count + 1 <= MAX_TICKS:
                return [i * step for i in range(count + 1)]
        magnitude *= 10


def _cut(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(
    title: str, specs: Sequence[BarSpec], legend: Sequence[tuple[str, str]] = ()
) -> BarChart | None:
    """A horizontal bar chart; ``None`` when there is nothing to draw (no bar above zero).

    ``legend`` is (label, css class) pairs, drawn above the bars.
    """
    shown = list(specs[:MAX_BARS])
    totals = [sum(p.value for p in spec.parts) for spec in shown]
    if not shown or max(totals) <= 0:
        return None
    ticks = nice_ticks(max(totals))
    plot_x = float(LABEL_WIDTH)
    plot_width = float(WIDTH - LABEL_WIDTH - TOTAL_WIDTH)
    scale = plot_width / ticks[-1]
    top = TOP + (LEGEND_HEIGHT if legend else 0)
    bars = []
    for i, (spec, total) in enumerate(zip(shown, totals, strict=True)):
        x = plot_x
        segments = []
        for part in spec.parts:
            if part.value <= 0:
                continue
            width = part.value * scale
            segments.append(Segment(x, width, part.value, part.css, part.series))
            x += width
        y = top + i * (BAR_HEIGHT + BAR_GAP)
        bars.append(Bar(_cut(spec.label), spec.label, y, tuple(segments), total, x + 5))
    axis_y = top + len(bars) * (BAR_HEIGHT + BAR_GAP)
    # legend entries laid out left to right: a swatch and its label, widths by label length
    items, lx = [], plot_x
    for label, css in legend:
        items.append(LegendItem(lx, label, css))
        lx += 28 + LEGEND_CHAR * len(label)
    return BarChart(
        title=title,
        width=WIDTH,
        height=axis_y + AXIS_HEIGHT,
        plot_x=plot_x,
        plot_width=plot_width,
        axis_y=axis_y,
        bars=tuple(bars),
        ticks=tuple(Tick(plot_x + v * scale, v) for v in ticks),
        legend=tuple(items),
        omitted=max(0, len(specs) - MAX_BARS),
    )


# Not-assessable findings stay out of the charts: a roster lacking one column makes a
# rule not assessable on every row, and those bars would dwarf the hits a reader
# looks for. The tables count them.


def severity_chart(report: Report) -> BarChart | None:
    """Labour-rule hits (row and roster findings) by severity."""
    if not report.rules_run:
        return None
    specs = [
        BarSpec(severity, (Part("hits", f"sev-{severity}", n),))
        for severity, n in report.severity.items()
        if severity in SEVERITIES or n
    ]
    return bar_chart("Rule hits by severity", specs)


def rule_chart(report: Report) -> BarChart | None:
    """Hits per rule, coloured by the rule's severity; rules without hits are left out."""
    specs = [
        BarSpec(rule.rule_id, (Part("hits", f"sev-{rule.severity}", rule.hits),))
        for rule in report.rules
        if rule.hits
    ]
    legend = [(s, f"sev-{s}") for s in SEVERITIES]
    return bar_chart("Rule hits by rule", specs, legend)


def site_chart(groups: list[GroupSummary] | None, noun: str) -> BarChart | None:
    """Rule hits per site (or agency), stacked by severity; groups without hits are left out."""
    if not groups:
        return None
    specs = [
        BarSpec(g.key, tuple(Part(s, f"sev-{s}", g.severity[s]) for s in SEVERITIES))
        for g in groups
        if any(g.severity[s] for s in SEVERITIES)
    ]
    legend = [(s, f"sev-{s}") for s in SEVERITIES]
    return bar_chart(f"Rule hits per {noun}, by severity", specs, legend)


def nationality_chart(report: Report) -> BarChart | None:
    """Roster rows per nationality; the rows with a match or a rule hit stand out."""
    table = report.nationality_visa
    specs = []
    for row in table.rows:
        flagged = sum(table.flagged(row, c) for c in table.columns)
        total = table.row_totals[row]
        specs.append(
            BarSpec(
                row if row != NOT_GIVEN else "nationality not given",
                (Part("flagged", "flagged", flagged), Part("other", "plain", total - flagged)),
            )
        )
    legend = [("match or rule hit", "flagged"), ("other rows", "plain")]
    return bar_chart("Rows by nationality", specs, legend)
