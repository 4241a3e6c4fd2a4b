"""Applying a rule set to a whole roster: record rules row by row, then roster rules.

The caller (``laborscreen.screening``) builds one :class:`RecordView` per row, with the
row's sanctions matches and those of the organisations it names; this module only judges.
"""

from __future__ import annotations

from collections.abc import Sequence

from laborscreen.rules import record_level, roster_level
from laborscreen.rules.facts import RecordView
from laborscreen.rules.model import Finding, RosterFinding, RuleSet


def apply_rules(
    rules: RuleSet, views: Sequence[RecordView]
) -> tuple[list[list[Finding]], list[RosterFinding]]:
    """(the findings of each row, in row order; the roster findings), in pack order."""
    per_row: list[list[Finding]] = []
    for view in views:
        found = [record_level.judge(rule, view) for rule in rules.record_rules]
        per_row.append([f for f in found if f is not None])
    roster = [f for rule in rules.roster_rules for f in roster_level.judge(rule, views)]
    return per_row, roster
