"""The report's summary tables: per site and agency, per rule, nationality by visa purpose.

Roster cells are free text typed by hand: "Учеба" and "учёба", "КНДР" and
"North Korea" must land in one group. Nationalities are grouped by ISO code
(:func:`laborscreen.countries.to_iso`); other values by their text ignoring
case, ё/е and spacing. Each group is shown under the spelling most rows use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from laborscreen.countries import to_iso
from laborscreen.report.model import (
    NOT_GIVEN,
    SEVERITIES,
    CrossTab,
    FindingView,
    GroupSummary,
    LegalBasis,
    RosterFindingView,
    RuleSummary,
    Unassessed,
    severity_rank,
)


class Spellings:
    """Groups free-text values; each group is labelled by its commonest spelling."""

    def __init__(self) -> None:
        self._seen: dict[str, Counter[str]] = {}

    def key(self, value: str, key: str | None = None) -> str:
        """The group of ``value`` (``key`` when the caller knows it better, e.g. a country)."""
        shown = " ".join(value.split())
        if not shown:
            return NOT_GIVEN
        group = key or shown.casefold().replace("ё", "е")
        self._seen.setdefault(group, Counter())[shown] += 1
        return group

    def label(self, group: str) -> str:
        if group not in self._seen:
            return group
        # most_common keeps first-seen order among equals, so ties go to the first spelling
        return self._seen[group].most_common(1)[0][0]


class Nationalities(Spellings):
    """Nationalities grouped by ISO code, labelled "KP · КНДР"; unknown ones as written."""

    def __init__(self) -> None:
        super().__init__()
        self._codes: set[str] = set()

    def country(self, value: str) -> str:
        code = to_iso(value)
        if code:
            self._codes.add(code)
        return self.key(value, code)

    def label(self, group: str) -> str:
        spelling = super().label(group)
        return f"{group} · {spelling}" if group in self._codes else spelling


@dataclass(slots=True)
class RowFacts:
    """What the summaries need to know about one row."""

    number: int
    name: str
    site: str  # group keys (see Spellings)
    agency: str
    nationality: str
    visa_purpose: str
    matches: int
    hits: dict[str, int] = field(default_factory=dict)  # severity -> hits
    not_assessable: int = 0

    @property
    def flagged(self) -> bool:
        """A sanctions match or a labour-rule hit."""
        return self.matches > 0 or sum(self.hits.values()) > 0


def _ordered(keys: Iterable[str], weight: dict[str, tuple[int, ...]]) -> list[str]:
    """Heaviest first, then by name; the rows that gave no value last."""
    return sorted(keys, key=lambda k: (k == NOT_GIVEN, weight[k], k))


def group_summaries(
    facts: list[RowFacts],
    which: str,
    spellings: Spellings,
    in_roster_findings: set[int],
    list_matches: dict[int, list[str]] | None = None,
) -> list[GroupSummary] | None:
    """One summary per site (``which="site"``) or agency; ``None`` if no row names one.

    ``list_matches`` gives, per row, the list entries its ``which`` organisation matched.
    """
    if all(getattr(f, which) == NOT_GIVEN for f in facts):
        return None
    groups: dict[str, GroupSummary] = {}
    for fact in facts:
        key = getattr(fact, which)
        group = groups.setdefault(key, GroupSummary(spellings.label(key)))
        group.rows += 1
        group.matches += fact.matches
        group.rows_with_matches += fact.matches > 0
        group.rows_with_findings += sum(fact.hits.values()) > 0
        for severity, n in fact.hits.items():
            group.severity[severity] = group.severity.get(severity, 0) + n
        group.not_assessable += fact.not_assessable
        group.rows_in_roster_findings += fact.number in in_roster_findings
        for entity_id in (list_matches or {}).get(fact.number, []):
            if entity_id not in group.list_matches:
                group.list_matches.append(entity_id)
    # worst first: the group's own list matches, the rows' sanctions matches, then
    # findings from the most serious severity down
    weight = {
        k: (
            -len(g.list_matches),
            -g.rows_with_matches,
            *(-g.severity[s] for s in SEVERITIES),
            -g.rows,
        )
        for k, g in groups.items()
    }
    return [groups[k] for k in _ordered(groups, weight)]


def cross_tab(facts: list[RowFacts], nationalities: Spellings, purposes: Spellings) -> CrossTab:
    counts: Counter[tuple[str, str]] = Counter()
    flags: Counter[tuple[str, str]] = Counter()
    for fact in facts:
        cell = (nationalities.label(fact.nationality), purposes.label(fact.visa_purpose))
        counts[cell] += 1
        flags[cell] += fact.flagged
    row_totals: Counter[str] = Counter()
    column_totals: Counter[str] = Counter()
    for (row, column), n in counts.items():
        row_totals[row] += n
        column_totals[column] += n
    rows = _ordered(row_totals, {k: (-n,) for k, n in row_totals.items()})
    columns = _ordered(column_totals, {k: (-n,) for k, n in column_totals.items()})
    return CrossTab(
        tuple(rows),
        tuple(columns),
        dict(counts),
        {cell: n for cell, n in flags.items() if n},
        dict(row_totals),
        dict(column_totals),
        sum(counts.values()),
    )


@dataclass(slots=True)
class _RuleTally:
    """One rule's findings, added up; the first title, pack and citation given are kept."""

    severity: str
    scope: str = "row"
    pack: str = ""
    title: str = ""
    hits: int = 0
    not_assessable: int = 0
    rows: set[int] = field(default_factory=set)
    legal: tuple[LegalBasis, ...] = ()
    jurisdiction: str = ""
    explanation: str = ""

    def add(self, finding: FindingView | RosterFindingView) -> None:
        self.pack = self.pack or finding.pack
        self.title = self.title or finding.title
        self.legal = self.legal or finding.legal
        self.jurisdiction = self.jurisdiction or finding.jurisdiction
        self.explanation = self.explanation or finding.explanation
        if severity_rank(finding.severity) < severity_rank(self.severity):
            self.severity = finding.severity
        if finding.status == "not_assessable":
            self.not_assessable += 1
        else:
            self.hits += 1


def rule_summaries(
    findings: list[FindingView], roster_findings: list[RosterFindingView]
) -> list[RuleSummary]:
    """Each rule once, most serious first; a rule's severity is its most serious finding's.

    Within a severity, rules that hit come before rules that could only be
    reported as not assessable.
    """
    rules: dict[str, _RuleTally] = {}
    for f in findings:
        tally = rules.setdefault(f.rule_id, _RuleTally(f.severity))
        tally.add(f)
        tally.rows.add(f.row)
    for r in roster_findings:
        tally = rules.setdefault(r.rule_id, _RuleTally(r.severity, "roster"))
        tally.add(r)
        tally.rows.update(r.rows)
    summaries = [
        RuleSummary(
            rule_id,
            a.pack,
            a.title,
            a.severity,
            a.scope,
            a.hits,
            a.not_assessable,
            tuple(sorted(a.rows)),
            a.legal,
            a.jurisdiction,
            a.explanation,
        )
        for rule_id, a in rules.items()
    ]
    summaries.sort(key=lambda s: (severity_rank(s.severity), s.hits == 0, s.rule_id))
    return summaries


def unassessed(
    findings: list[FindingView], roster_findings: list[RosterFindingView]
) -> list[Unassessed]:
    """The not-assessable findings, one entry per rule, most serious rule first."""
    rules: dict[str, tuple[FindingView | RosterFindingView, set[int], dict[str, str]]] = {}
    items: list[FindingView | RosterFindingView] = [*findings, *roster_findings]
    for item in items:
        if item.status != "not_assessable":
            continue
        _, rows, missing = rules.setdefault(item.rule_id, (item, set(), {}))
        rows.update((item.row,) if isinstance(item, FindingView) else item.rows)
        for name, why in item.missing.items():
            missing.setdefault(name, why)
    found = [
        Unassessed(
            rule_id,
            first.pack,
            first.severity,
            first.title,
            "row" if isinstance(first, FindingView) else "roster",
            tuple(sorted(rows)),
            missing,
        )
        for rule_id, (first, rows, missing) in rules.items()
    ]
    found.sort(key=lambda u: (severity_rank(u.severity), u.rule_id))
    return found
