"""Bar chart layout: bars proportional to their counts, stacked parts side by side."""

from __future__ import annotations

from typing import Any

import pytest

from laborscreen.report import build_report
from laborscreen.report.charts import (
    MAX_BARS,
    BarSpec,
    Part,
    bar_chart,
    nationality_chart,
    nice_ticks,
    rule_chart,
    severity_chart,
    site_chart,
)


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 2, 4, 6, 8, 10]),
        (37, [0, 10, 20, 30, 40]),
        (230, [0, 50, 100, 150, 200, 250]),
    ],
)
def test_ticks_are_round_numbers_covering_the_largest_bar(top: int, ticks: list[int]) -> None:
    assert nice_ticks(top) == ticks


def test_bars_are_proportional_and_parts_stack() -> None:
    chart = bar_chart(
        "t",
        [
            BarSpec("a", (Part("hit", "sev-critical", 6), Part("n/a", "na", 2))),
            BarSpec("b", (Part("hit", "sev-low", 2),)),
            BarSpec("c", ()),
        ],
    )
    assert chart is not None
    a, b, c = chart.bars
    scale = chart.plot_width / 8  # ticks 0, 2, ... 8
    assert [s.width for s in a.segments] == [pytest.approx(6 * scale), pytest.approx(2 * scale)]
    assert a.segments[0].x == chart.plot_x
    assert a.segments[1].x == pytest.approx(chart.plot_x + 6 * scale)
    assert b.segments[0].width == pytest.approx(2 * scale)
    assert (a.total, b.total, c.total, c.segments) == (8, 2, 0, ())
    assert a.y < b.y < c.y <= chart.height
    assert [t.value for t in chart.ticks] == [0, 2, 4, 6, 8]
    assert chart.ticks[-1].x == pytest.approx(chart.plot_x + chart.plot_width)


def test_nothing_to_draw_is_no_chart() -> None:
    assert bar_chart("t", []) is None
    assert bar_chart("t", [BarSpec("a", (Part("x", "na", 0),))]) is None


def test_long_labels_are_cut_and_kept_whole_for_the_tooltip() -> None:
    label = "Склад ответственного хранения № 4, Московская область, г. Электросталь"
    chart = bar_chart("t", [BarSpec(label, (Part("rows", "plain", 1),))])
    assert chart is not None
    (bar,) = chart.bars
    assert bar.full_label == label
    assert bar.label.endswith("…") and len(bar.label) < len(label)


def test_many_bars_are_capped() -> None:
    specs = [BarSpec(f"site {i}", (Part("rows", "plain", i + 1),)) for i in range(MAX_BARS + 5)]
    chart = bar_chart("t", specs)
    assert chart is not None
    assert len(chart.bars) == MAX_BARS and chart.omitted == 5


def test_report_charts(ruled_result: dict[str, Any]) -> None:
    report = build_report(ruled_result)
    severity = severity_chart(report)
    assert severity is not None
    assert [(b.label, b.total) for b in severity.bars] == [
        ("critical", 3),
        ("high", 2),
        ("medium", 1),
        ("low", 0),
        ("info", 0),
    ]  # not-assessable findings are counted in the tables, not drawn
    assert severity.bars[0].segments[0].css == "sev-critical"
    rules = rule_chart(report)
    assert rules is not None
    assert rules.bars[0].label == "UN-DPRK-NATIONAL-WORK" and rules.bars[0].total == 3
    assert "RU-STUDENT-WORK" not in [b.label for b in rules.bars]  # not assessable only
    sites = site_chart(report.sites, "site")
    assert sites is not None
    assert [b.label for b in sites.bars] == ["Склад Электросталь", "Склад Подольск"]
    nationalities = nationality_chart(report)
    assert nationalities is not None
    kp = nationalities.bars[0]
    assert kp.label == "KP · КНДР"
    assert [(s.css, s.value) for s in kp.segments] == [("flagged", 3)]


def test_without_rules_only_the_nationality_chart(plain_result: dict[str, Any]) -> None:
    report = build_report(plain_result)
    assert severity_chart(report) is None and rule_chart(report) is None
    assert site_chart(report.sites, "site") is None
    assert nationality_chart(report) is not None
