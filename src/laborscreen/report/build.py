"""From the result dict of ``laborscreen screen`` to a :class:`~laborscreen.report.model.Report`.

The report reads the same JSON document ``--out`` writes, so a report can be
made from a saved result as well as from a live run. Labour-rule findings are
optional: when no row has a ``findings`` key and there is no
``roster_findings``, the rule packs were not run and the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from laborscreen.report import read
from laborscreen.report.model import (
    SEVERITIES,
    FindingView,
    ListInfo,
    MatchView,
    Report,
    RosterFindingView,
    severity_rank,
)
from laborscreen.report.tables import (
    Nationalities,
    RowFacts,
    Spellings,
    cross_tab,
    group_summaries,
    rule_summaries,
    unassessed,
)


def _lists(versions: Sequence[Mapping[str, Any]]) -> tuple[ListInfo, ...]:
    infos = []
    for v in versions:
        entries = v.get("entity_count")
        published = read.text(v.get("published"))
        imported = read.text(v.get("imported_at"))
        infos.append(
            ListInfo(
                source=read.text(v.get("source")),
                version=read.text(v.get("id")),
                published=published[:10] or None,  # the day is what a reader compares
                imported=imported[:16].replace("T", " ") or None,
                entries=entries if isinstance(entries, int) else None,
            )
        )
    return tuple(infos)


def _when(generated: datetime | None) -> str:
    moment = (generated or datetime.now(UTC)).astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def build_report(
    result: Mapping[str, Any],
    lists: Sequence[Mapping[str, Any]] | None = None,
    generated: datetime | None = None,
) -> Report:
    """The report of one screening result.

    ``lists`` are the list versions screened against (``ListVersion.to_dict``);
    without them the result's own ``lists`` key is used when it has one.
    ``generated`` is the time shown in the header (default: now).
    """
    rows = read.items(result.get("rows"))
    summary = read.mapping(result.get("summary"))
    packs = summary.get("rule_packs")
    rule_packs = tuple(read.text(p) for p in packs) if isinstance(packs, list) else ()
    findings_given = any(read.items(row.get("findings")) for row in rows) or bool(
        read.items(result.get("roster_findings"))
    )
    # A result that names its rule packs says whether they ran; an older one without
    # that key ran them if it has finding keys at all.
    if isinstance(packs, list):
        rules_run = bool(rule_packs) or findings_given
    else:
        rules_run = "roster_findings" in result or any("findings" in row for row in rows)

    sites, agencies, purposes = Spellings(), Spellings(), Spellings()
    nationalities = Nationalities()
    facts: list[RowFacts] = []
    findings: list[FindingView] = []
    matches: list[MatchView] = []
    problems = []
    for row in rows:
        fields = read.mapping(row.get("input"))
        row_findings = [read.finding(row, f) for f in read.items(row.get("findings"))]
        row_matches = [read.match(row, m) for m in read.items(row.get("matches"))]
        fact = RowFacts(
            number=read.row_number(row),
            name=read.row_name(fields),
            site=sites.key(read.text(fields.get("site"))),
            agency=agencies.key(read.text(fields.get("agency"))),
            nationality=nationalities.country(
                read.text(fields.get("citizenship") or fields.get("nationality"))
            ),
            visa_purpose=purposes.key(read.text(fields.get("visa_purpose"))),
            matches=len(row_matches),
        )
        for f in row_findings:
            if f.status == "not_assessable":
                fact.not_assessable += 1
            else:
                fact.hits[f.severity] = fact.hits.get(f.severity, 0) + 1
        facts.append(fact)
        findings += row_findings
        matches += row_matches
        problems += [read.problem(p) for p in read.items(row.get("problems"))]
    problems += [read.problem(p) for p in read.items(result.get("problems"))]
    problems.sort(key=lambda p: p.row or 0)
    organisations = (
        [read.organisation(o) for o in read.items(result.get("organisations"))]
        if "organisations" in result
        else None
    )
    agency_matches: dict[int, list[str]] = {}
    for org in organisations or []:
        if org.role == "agency" and org.matches:
            for number in org.rows:
                agency_matches.setdefault(number, []).extend(m.entity_id for m in org.matches)

    names = {fact.number: fact.name for fact in facts}
    roster_findings = [
        read.roster_finding(item, names) for item in read.items(result.get("roster_findings"))
    ]
    roster_findings.sort(key=lambda r: severity_rank(r.severity))
    findings.sort(key=lambda f: (severity_rank(f.severity), f.rule_id, f.row))
    matches.sort(key=lambda m: (-m.score, m.row, m.entity_id))
    in_roster_findings = {n for r in roster_findings for n in r.rows}

    # a finding is a hit unless the rule said it could not be assessed
    severity = dict.fromkeys(SEVERITIES, 0)
    not_assessable = 0
    items: list[FindingView | RosterFindingView] = [*findings, *roster_findings]
    for item in items:
        if item.status == "not_assessable":
            not_assessable += 1
        else:
            severity[item.severity] = severity.get(item.severity, 0) + 1

    totals = {
        "rows": len(rows),
        "rows_with_matches": sum(f.matches > 0 for f in facts),
        "matches": len(matches),
        "distinct_entities": len({m.entity_id for m in matches}),
        "problems": len(problems),
    }
    if organisations is not None:
        totals |= {
            "organisations": len(organisations),
            "organisations_with_matches": sum(bool(o.matches) for o in organisations),
        }
    if rules_run:
        totals |= {
            "rows_with_findings": sum(sum(f.hits.values()) > 0 for f in facts),
            "findings": len(findings),
            "hits": sum(f.status != "not_assessable" for f in findings),
            "roster_findings": len(roster_findings),
            "roster_hits": sum(r.status != "not_assessable" for r in roster_findings),
            "not_assessable": not_assessable,
        }
    threshold = read.number(summary.get("threshold"))
    return Report(
        file=read.text(summary.get("file")),
        generated=_when(generated),
        threshold=threshold,
        lists=_lists(read.items(lists if lists is not None else result.get("lists"))),
        rules_run=rules_run,
        rule_packs=rule_packs,
        totals=totals,
        severity=severity,
        not_assessable=not_assessable,
        rules=rule_summaries(findings, roster_findings),
        unassessed=unassessed(findings, roster_findings),
        sites=group_summaries(facts, "site", sites, in_roster_findings),
        agencies=group_summaries(facts, "agency", agencies, in_roster_findings, agency_matches),
        nationality_visa=cross_tab(facts, nationalities, purposes),
        matches=matches,
        organisations=organisations,
        findings=findings,
        roster_findings=roster_findings,
        problems=problems,
    )
