"""The screening report as plain values: what the HTML, CSV and JSON outputs show.

:func:`laborscreen.report.build.build_report` fills these from the result
dict of ``laborscreen screen``; the renderers only lay them out. Every value
here is text or a number taken from the result, never markup: escaping is the
template's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

#: Finding severities, most serious first (the rule packs' vocabulary).
SEVERITIES = ("critical", "high", "medium", "low", "info")

#: The label of rows that leave a grouping field (site, agency, nationality…) empty.
NOT_GIVEN = "(not given)"


def severity_rank(severity: str) -> int:
    """Sort key: known severities in their order, anything else after them."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True, slots=True)
class ListInfo:
    """One list version the roster was screened against."""

    source: str
    version: str
    published: str | None
    imported: str | None
    entries: int | None


@dataclass(frozen=True, slots=True)
class LegalBasis:
    instrument: str
    paragraph: str
    url: str
    #: ``url`` when it is a web address; anything else is shown, never linked.
    link: str | None
    other: dict[str, str] = field(default_factory=dict)  # any further keys, as given

    @property
    def citation(self) -> str:
        return ", ".join(part for part in (self.instrument, self.paragraph) if part)


class TokenPair(NamedTuple):
    """Which word of the roster name met which word of the list name."""

    query: str
    list: str
    similarity: float


class Feature(NamedTuple):
    """Evidence beside the name (birth date, nationality, document) and its effect."""

    name: str
    delta: float
    detail: str


@dataclass(frozen=True, slots=True)
class MatchView:
    """A sanctions match of one roster row, with the evidence that made it."""

    row: int
    name: str
    entity_id: str
    source: str
    caption: str
    schema: str
    score: float
    summary: str
    query_name: str
    list_name: str
    list_name_kind: str
    method: str
    name_score: float | None
    pairs: tuple[TokenPair, ...]
    features: tuple[Feature, ...]


@dataclass(frozen=True, slots=True)
class MediaClaimView:
    """An adverse-media claim about an organisation, with where it came from."""

    text: str
    category: str
    chain: tuple[str, ...]  # publishing outlet first, origin last
    origin_located: bool
    origin_note: str
    title: str
    outlet: str
    published: str
    url: str | None  # linked only when it is a web address


@dataclass(frozen=True, slots=True)
class OrganisationView:
    """An organisation the rows name (agency, payee, employer), screened once against the lists."""

    role: str
    name: str
    identifiers: tuple[str, ...]  # "inn 7811489970"
    rows: tuple[int, ...]
    matches: tuple[MatchView, ...]  # their ``row`` is 0, their ``name`` the organisation's
    adverse_media: tuple[MediaClaimView, ...] = ()


@dataclass(frozen=True, slots=True)
class FindingView:
    """A labour-rule finding on one roster row."""

    row: int
    name: str
    site: str
    agency: str
    rule_id: str
    pack: str
    severity: str
    status: str  # "hit" or "not_assessable"
    title: str
    explanation: str
    evidence: dict[str, str]  # roster field -> the value the rule saw
    missing: dict[str, str]  # field -> why the rule could not read it (not assessable)
    legal: tuple[LegalBasis, ...]
    jurisdiction: str = ""


@dataclass(frozen=True, slots=True)
class RosterFindingView:
    """A finding about several rows together (one payee, one address, one dispatch day…)."""

    rule_id: str
    pack: str
    severity: str
    status: str  # "hit" or "not_assessable"
    rows: tuple[int, ...]
    row_names: tuple[str, ...]
    shared_value: str
    title: str
    explanation: str
    evidence: dict[str, str]
    missing: dict[str, str]
    legal: tuple[LegalBasis, ...]
    jurisdiction: str = ""


@dataclass(frozen=True, slots=True)
class RuleSummary:
    """One rule across the roster: how often it hit and where it stands in law."""

    rule_id: str
    pack: str
    title: str
    severity: str  # the most serious severity among its findings
    scope: str  # "row" or "roster"
    hits: int
    not_assessable: int
    rows: tuple[int, ...]
    legal: tuple[LegalBasis, ...]
    jurisdiction: str = ""
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class Unassessed:
    """A rule that applies to some rows but could not judge them, and what the roster lacks.

    Listed once per rule rather than once per row: a roster without a column a rule
    reads makes that rule not assessable on every row it concerns.
    """

    rule_id: str
    pack: str
    severity: str
    title: str
    scope: str  # "row" or "roster"
    rows: tuple[int, ...]
    missing: dict[str, str]  # field -> why it is unknown (the first reason given)


@dataclass(slots=True)
class GroupSummary:
    """The rows of one site or one agency and what was found on them."""

    key: str
    rows: int = 0
    rows_with_matches: int = 0
    matches: int = 0
    rows_with_findings: int = 0
    severity: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    not_assessable: int = 0
    rows_in_roster_findings: int = 0
    #: list entries the organisation itself matched (agencies: a sanctioned labour exporter)
    list_matches: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CrossTab:
    """Row counts by nationality (rows) and visa or entry purpose (columns)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: dict[tuple[str, str], int]
    #: rows with a sanctions match or a labour-rule hit, per cell
    flags: dict[tuple[str, str], int]
    row_totals: dict[str, int]
    column_totals: dict[str, int]
    total: int

    def count(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)

    def flagged(self, row: str, column: str) -> int:
        return self.flags.get((row, column), 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": list(self.rows),
            "columns": list(self.columns),
            "cells": [
                {"nationality": r, "visa_purpose": c, "rows": n, "flagged": self.flagged(r, c)}
                for (r, c), n in self.counts.items()
            ],
            "total": self.total,
        }


@dataclass(frozen=True, slots=True)
class ProblemView:
    file: str
    row: int | None
    field: str | None
    message: str
    value: str | None


@dataclass(frozen=True, slots=True)
class Report:
    file: str
    generated: str
    threshold: float | None
    lists: tuple[ListInfo, ...]
    rules_run: bool
    rule_packs: tuple[str, ...]  # the packs applied, when the result names them
    totals: dict[str, int]
    #: labour-rule hits (row and roster findings) by severity
    severity: dict[str, int]
    not_assessable: int
    rules: list[RuleSummary]
    unassessed: list[Unassessed]
    sites: list[GroupSummary] | None  # None: the roster has no site column
    agencies: list[GroupSummary] | None  # None: the roster has no agency column
    nationality_visa: CrossTab
    matches: list[MatchView]
    organisations: list[OrganisationView] | None  # None: the result does not screen them
    findings: list[FindingView]
    roster_findings: list[RosterFindingView]
    problems: list[ProblemView]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``report.json``)."""
        data = _plain(self)
        assert isinstance(data, dict)
        return data


def _plain(value: Any) -> Any:
    """Dataclasses, named tuples, tuples and dicts as JSON-ready values."""
    if isinstance(value, CrossTab):
        return value.to_dict()
    if hasattr(value, "__dataclass_fields__"):
        out = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, LegalBasis):
            out["citation"] = value.citation
        return out
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
