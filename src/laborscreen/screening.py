"""Screening a roster: list matching and labour rules, one result row per input row.

One pass does three things: every record is matched against the lists; the
organisations the rows name (staffing agencies, wage payees, employers, with their
INN/OGRN) are matched too; and the labour rule packs judge every row and the roster as a
whole; each organisation also gets the adverse-media claims about it, when media has been
ingested. The output shape is the stable contract of ``laborscreen screen --out``
(docs/output-format.md): ``rows`` (``row``, ``input``, ``matches``, ``findings``,
``problems``), ``roster_findings``, ``organisations`` and ``summary``. Nothing is dropped:
a row that cannot be screened (no name) is still listed, with its problem.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laborscreen.engine import Screener
from laborscreen.errors import Problem
from laborscreen.media.api import ClaimFinder
from laborscreen.media.store import MediaStore, media_path
from laborscreen.model import Schema
from laborscreen.roster import RosterRead, RosterRecord
from laborscreen.roster.organisations import Mention, mentions
from laborscreen.rules import (
    Finding,
    ListEvidence,
    RecordView,
    RosterFinding,
    RuleSet,
    Status,
    apply_rules,
)
from laborscreen.scoring import DEFAULT_THRESHOLD, Match, Query

Progress = Callable[[int], None]

#: Rosters this long are screened in parallel worker processes.
BULK_MIN_ROWS = 5_000
BULK_WORKERS = max(1, min(2, os.cpu_count() or 1))


@dataclass(slots=True)
class RowResult:
    record: RosterRecord
    matches: list[Match]
    problems: list[Problem]
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.record.row,
            "input": dict(self.record.fields),
            "schema": self.record.schema.value,
            "matches": [m.to_dict() for m in self.matches],
            "findings": [f.to_dict() for f in self.findings],
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass(slots=True)
class OrganisationResult:
    """One organisation the rows name, screened once, with the rows that name it, and
    the adverse-media claims about it (:func:`attach_adverse_media`)."""

    mention: Mention
    rows: list[int]
    matches: list[Match]
    adverse_media: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.mention.role,
            "name": self.mention.name,
            "schema": self.mention.schema.value,
            "identifiers": [{"type": i.type, "value": i.value} for i in self.mention.identifiers],
            "rows": self.rows,
            "matches": [m.to_dict() for m in self.matches],
            "adverse_media": self.adverse_media,
        }


@dataclass(slots=True)
class ScreenResult:
    file: str
    threshold: float
    rows: list[RowResult]
    problems: list[Problem] = field(default_factory=list)  # problems of rows with no record
    organisations: list[OrganisationResult] = field(default_factory=list)
    roster_findings: list[RosterFinding] = field(default_factory=list)
    rule_packs: tuple[str, ...] = ()

    def finding_summary(self) -> dict[str, Any]:
        found = [f for r in self.rows for f in r.findings]
        hits = [f for f in found if f.status is Status.HIT]
        roster_hits = [f for f in self.roster_findings if f.status is Status.HIT]
        severities = Counter(f.rule.severity.value for f in hits)
        severities.update(f.rule.severity.value for f in roster_hits)
        by_rule: dict[str, dict[str, int]] = {}
        every: list[Finding | RosterFinding] = [*found, *self.roster_findings]
        for item in every:
            counts = by_rule.setdefault(item.rule.id, {"hit": 0, "not_assessable": 0})
            counts[item.status.value] += 1
        return {
            "hits": len(hits),
            "not_assessable": len(found) - len(hits),
            "rows_with_hits": sum(
                any(f.status is Status.HIT for f in r.findings) for r in self.rows
            ),
            "roster_hits": len(roster_hits),
            "roster_not_assessable": len(self.roster_findings) - len(roster_hits),
            "by_severity": dict(sorted(severities.items())),
            "by_rule": dict(sorted(by_rule.items())),
        }

    def summary(self) -> dict[str, Any]:
        alerted = [r for r in self.rows if r.matches]
        entities = {m.entity_id for r in alerted for m in r.matches}
        return {
            "file": self.file,
            "rows": len(self.rows),
            "rows_with_matches": len(alerted),
            "matches": sum(len(r.matches) for r in self.rows),
            "distinct_entities": len(entities),
            "problems": sum(len(r.problems) for r in self.rows) + len(self.problems),
            "threshold": self.threshold,
            "organisations": len(self.organisations),
            "organisations_with_matches": sum(bool(o.matches) for o in self.organisations),
            "rule_packs": list(self.rule_packs),
            "findings": self.finding_summary(),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": [r.to_dict() for r in self.rows],
            "roster_findings": [f.to_dict() for f in self.roster_findings],
            "organisations": [o.to_dict() for o in self.organisations],
            "summary": self.summary(),
            "problems": [p.to_dict() for p in self.problems],
        }


def record_query(record: RosterRecord) -> Query | None:
    """The query a record asks; ``None`` when it has no name to screen."""
    names = tuple(n for n in (record.name, record.name_latin) if n and n.strip())
    if not names:
        return None
    nationalities = (record.nationality,) if record.nationality else ()
    return Query(
        names, record.schema, record.birth_date, nationalities, record.gender, record.identifiers
    )


def screen_organisations(
    records: Sequence[RosterRecord], screener: Screener, threshold: float, limit: int
) -> tuple[list[OrganisationResult], list[dict[str, OrganisationResult]]]:
    """Screen each organisation the rows name once; also, per row, role -> its result."""
    by_key: dict[tuple[str, str, str, tuple[str, ...]], OrganisationResult] = {}
    per_row: list[dict[str, OrganisationResult]] = []
    for record in records:
        roles: dict[str, OrganisationResult] = {}
        for mention in mentions(record):
            result = by_key.get(mention.key)
            if result is None:
                result = by_key[mention.key] = OrganisationResult(mention, [], [])
            result.rows.append(record.row)
            roles[mention.role] = result
        per_row.append(roles)
    found = list(by_key.values())
    queries: list[Query | None] = [
        Query((o.mention.name,), o.mention.schema, identifiers=o.mention.identifiers) for o in found
    ]
    for result, matches in zip(found, screener.match_many(queries, threshold, limit), strict=True):
        # A company name may also be a ship's; only the kind of thing the row names counts.
        if result.mention.schema.is_organization:
            matches = [m for m in matches if Schema(m.schema).is_organization]
        result.matches = matches
    return found, per_row


def attach_adverse_media(result: ScreenResult, media: Path | None = None) -> None:
    """Give each organisation the rows name the adverse-media claims about it.

    Claims are found by the organisation's name, in any script (Вайлдберриз is
    Wildberries), and by the list entries it matched, in the media store that
    ``laborscreen media ingest`` fills (default: ``media.db`` in the data
    directory). Without such a store nothing is added, and nothing is created.
    """
    path = media or media_path()
    if not path.exists() or not result.organisations:
        return
    with MediaStore(path) as store:
        finder = ClaimFinder(store)
        for organisation in result.organisations:
            keys = (organisation.mention.name, *(m.entity_id for m in organisation.matches))
            organisation.adverse_media = [view.to_dict() for view in finder.about(keys)]


def _evidence(screener: Screener, matches: Sequence[Match]) -> ListEvidence:
    programs: dict[str, None] = {}
    for match in matches:
        entity = screener.index.entity(match.entity_id)
        if entity is not None:
            programs.update(dict.fromkeys(f"{entity.source}:{p}" for p in entity.programs))
    return ListEvidence(tuple(m.entity_id for m in matches), tuple(programs))


def screen_roster(
    read: RosterRead,
    screener: Screener,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    progress: Progress | None = None,
    rules: RuleSet | None = None,
) -> ScreenResult:
    """Screen every row against the lists and apply ``rules`` (none: list screening only)."""
    by_row: dict[int, list[Problem]] = {}
    for problem in read.problems:
        by_row.setdefault(problem.row, []).append(problem)
    queries = [record_query(record) for record in read.records]
    workers = BULK_WORKERS if len(queries) >= BULK_MIN_ROWS else 1
    found = screener.match_many(queries, threshold, limit, workers, progress)
    rows = [
        RowResult(record, matches, by_row.pop(record.row, []))
        for record, matches in zip(read.records, found, strict=True)
    ]
    orphans = [p for problems in by_row.values() for p in problems]
    organisations, roles = screen_organisations(read.records, screener, threshold, limit)
    result = ScreenResult(read.path, threshold, rows, orphans, organisations)
    if rules:
        columns = frozenset(read.mapping.values())
        views = [
            RecordView(
                row.record,
                columns,
                {
                    "list": _evidence(screener, row.matches),
                    **{role: _evidence(screener, o.matches) for role, o in named.items()},
                },
            )
            for row, named in zip(rows, roles, strict=True)
        ]
        per_row, result.roster_findings = apply_rules(rules, views)
        for row, findings in zip(rows, per_row, strict=True):
            row.findings = findings
        result.rule_packs = rules.ids
    return result
