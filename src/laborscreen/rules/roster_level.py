"""Judging a roster rule: rows grouped by a shared value, optionally within a date window.

The roster-level red flags of DESIGN.md §4 are patterns of many rows: workers of one
nationality hired within a few days through one agency, many workers at one dormitory,
one payee for many workers. A roster rule keeps the rows its ``filter`` accepts, groups
them by the normalised values of ``group_by`` (rows with a blank value stay out), splits
each group into clusters whose ``window`` dates lie within N days of each other, and
reports every cluster of at least ``min_size`` rows (that has a member meeting
``require_member``, when given). Each finding names all its rows and the shared value.

When the roster has no column for a ``group_by`` or window field, the rule cannot be
judged: one "not assessable" finding lists the rows the filter accepted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from laborscreen.rules.facts import RecordView
from laborscreen.rules.keys import group_key
from laborscreen.rules.model import RosterFinding, RosterRule, Status
from laborscreen.rules.record_level import ref


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def _day(view: RecordView, name: str) -> date | None:
    span = view.date_value(ref(name))
    return None if span is None else span[0]


def _windows(
    group: list[RecordView], name: str, days: int, min_size: int
) -> list[list[tuple[date, RecordView]]]:
    """Clusters of at least ``min_size`` rows whose dates lie within ``days`` of the first.

    Slides from the earliest date; a window big enough is taken whole and the search
    goes on after it, so no row counts in two clusters. Rows without a readable date
    cannot be placed and stay out.
    """
    dated = sorted(
        ((d, v) for v in group if (d := _day(v, name)) is not None),
        key=lambda item: (item[0], item[1].record.row),
    )
    clusters: list[list[tuple[date, RecordView]]] = []
    start = 0
    while start < len(dated):
        end = start
        while end + 1 < len(dated) and (dated[end + 1][0] - dated[start][0]).days <= days:
            end += 1
        if end - start + 1 >= min_size:
            clusters.append(dated[start : end + 1])
            start = end + 1
        else:
            start += 1
    return clusters


def _common(written: Counter[str]) -> str:
    """How a shared value is shown: as written, or the part all spellings share.

    Rooms of one dormitory ("..., общежитие, ком. 1", "..., ком. 2") share the building:
    the common beginning is shown, cut at a word boundary and marked with "…".
    """
    if len(written) == 1:
        return next(iter(written))
    first, last = min(written), max(written)
    size = next(
        (i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first)
    )
    prefix = first[:size]
    if prefix not in written:  # cut a partial word or segment off
        cut = prefix.rfind(",") if "," in prefix else prefix.rfind(" ")
        prefix = prefix[:cut] if cut > 0 else ""
    shared = prefix.rstrip(" ,;.")
    if len(shared) < 3:
        return f"{written.most_common(1)[0][0]} (and {len(written) - 1} other spellings)"
    return shared + " …"


def _finding(rule: RosterRule, cluster: list[RecordView], dates: list[date]) -> RosterFinding:
    shared: dict[str, Any] = {}
    parts: list[str] = []
    evidence: dict[str, Any] = {}
    for name in rule.group_by:
        written = Counter(_shown(v.lookup(ref(name))[0]) for v in cluster)
        shown = _common(written)
        shared[name] = shown
        parts.append(f"{name}: {shown}")
        if len(written) > 1:
            evidence[name] = sorted(written)  # every spelling that was grouped
    if rule.window is not None and dates:
        first, last = min(dates).isoformat(), max(dates).isoformat()
        parts.append(f"{rule.window.field}: {first}" + (f" to {last}" if last != first else ""))
        evidence[rule.window.field] = sorted({d.isoformat() for d in dates})
    for name in rule.info.evidence:
        values: set[str] = set()
        for view in cluster:
            value = view.lookup(ref(name))[0]
            values.update(map(str, value) if isinstance(value, list | tuple) else [str(value)])
        values.discard("None")
        if values:
            evidence[name] = sorted(values)
    if rule.require_member is not None:
        evidence["member_rows"] = [v.record.row for v in cluster if _meets(rule, v)]
    rows = tuple(sorted(v.record.row for v in cluster))
    return RosterFinding(rule.info, Status.HIT, rows, "; ".join(parts), shared, evidence)


def _meets(rule: RosterRule, view: RecordView) -> bool:
    if rule.require_member is None:
        return True
    view.reset()
    return rule.require_member.evaluate(view) is True


def judge(rule: RosterRule, views: Sequence[RecordView]) -> list[RosterFinding]:
    members: list[RecordView] = []
    for view in views:
        view.reset()
        if rule.filter is None or rule.filter.evaluate(view) is True:
            members.append(view)
    if not members:
        return []
    needed = (*rule.group_by, *((rule.window.field,) if rule.window else ()))
    absent = {n: str(members[0].lookup(ref(n))[1]) for n in needed if not members[0].has(ref(n))}
    if absent:
        numbers = tuple(v.record.row for v in members)
        return [RosterFinding(rule.info, Status.NOT_ASSESSABLE, numbers, None, missing=absent)]
    groups: dict[tuple[str, ...], list[RecordView]] = {}
    for view in members:
        keys = tuple(group_key(n, view.lookup(ref(n))[0]) for n in rule.group_by)
        if all(k is not None for k in keys):
            groups.setdefault(tuple(str(k) for k in keys), []).append(view)
    findings: list[RosterFinding] = []
    for group in groups.values():
        if len(group) < rule.min_size:
            continue
        if rule.window is None:
            clusters = [[(date.min, v) for v in group]]
        else:
            clusters = _windows(group, rule.window.field, rule.window.days, rule.min_size)
        for cluster in clusters:
            rows = [v for _, v in cluster]
            if len(rows) < rule.min_size:
                continue
            if rule.require_member is not None and not any(_meets(rule, v) for v in rows):
                continue
            dates = [d for d, _ in cluster] if rule.window else []
            findings.append(_finding(rule, rows, dates))
    findings.sort(key=lambda f: f.rows)
    return findings
