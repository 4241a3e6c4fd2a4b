"""``laborscreen screen`` (a roster file) and ``laborscreen match`` (one name)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from laborscreen.cli import main
from laborscreen.cli.table import render
from laborscreen.countries import to_iso
from laborscreen.dates import parse_date
from laborscreen.engine import load_screener
from laborscreen.model import Schema
from laborscreen.report import current_lists, report_conflict, write_report
from laborscreen.results import write_outputs
from laborscreen.roster import read_roster
from laborscreen.rules import RuleSet, Status, load_rules
from laborscreen.scoring import DEFAULT_THRESHOLD, Query
from laborscreen.screening import ScreenResult, attach_adverse_media, screen_roster

PROGRESS_MIN_ROWS = 2000


@main.command()
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write results here: .json (a .csv is written beside it) or .csv.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an HTML report here (its tables go to .csv and .json beside it).",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML/JSON file mapping column headers to fields.",
)
@click.option("--threshold", type=float, default=DEFAULT_THRESHOLD, show_default=True)
@click.option("--limit", type=int, default=5, show_default=True, help="Matches kept per row.")
@click.option(
    "--rules",
    "rules",
    multiple=True,
    metavar="PACKS",
    help="Labour rule packs: shipped ids (un_dprk_labour, us_caatsa, ru_115fz, red_flags), "
    "all (the default), none, or a YAML pack file or folder; comma-separated or repeated.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def screen(
    roster: Path,
    out: Path | None,
    report: Path | None,
    mapping: Path | None,
    threshold: float,
    limit: int,
    rules: tuple[str, ...],
    as_json: bool,
) -> None:
    """Screen every row of a roster or supplier file (CSV or XLSX): lists and labour rules."""
    rule_set = load_rules(rules)  # checked before any work: a broken pack stops here
    if report and (conflict := report_conflict(report, out)):
        raise click.BadParameter(conflict, param_hint="--report")
    read = read_roster(roster, mapping)
    screener = load_screener()
    total = len(read.records)
    if total >= PROGRESS_MIN_ROWS and sys.stderr.isatty():
        with click.progressbar(length=total, label="screening", file=sys.stderr) as bar:
            last = [0]

            def advance(done: int) -> None:
                bar.update(done - last[0])
                last[0] = done

            result = screen_roster(read, screener, threshold, limit, advance, rule_set)
    else:
        result = screen_roster(read, screener, threshold, limit, rules=rule_set)
    attach_adverse_media(result)
    written = write_outputs(result, out) if out else []
    if report:
        written += write_report(result.to_dict(), report, current_lists())
    summary = result.summary()
    if as_json:
        click.echo(
            json.dumps({**summary, "outputs": [str(p) for p in written]}, ensure_ascii=False)
        )
        return
    alerts = [
        (
            r.record.row,
            r.record.name or r.record.name_latin,
            m.entity_id,
            f"{m.score:.2f}",
            m.list_name,
        )
        for r in result.rows
        for m in r.matches
    ]
    click.echo(
        f"Screened {summary['rows']} rows of {roster} at threshold {threshold:.2f}: "
        f"{summary['rows_with_matches']} rows with matches, {summary['matches']} matches, "
        f"{summary['problems']} problems."
    )
    if alerts:
        click.echo(render(["row", "name", "entity", "score", "matched list name"], alerts))
    problems = [p for r in result.rows for p in r.problems] + result.problems
    if problems:
        click.echo("\nProblems:")
        for problem in problems:
            click.echo(f"  {problem}")
    _echo_findings(result, rule_set)
    _echo_adverse_media(result)
    for path in written:
        click.echo(f"Full results: {path}")


def _echo_adverse_media(result: ScreenResult) -> None:
    named = [o for o in result.organisations if o.adverse_media]
    if not named:
        return
    click.echo("\nAdverse media about the organisations the rows name:")
    for organisation in named:
        rows = organisation.rows
        where = f"row {rows[0]}" if len(rows) == 1 else f"{len(rows)} rows"
        click.echo(
            f"  {organisation.mention.name} ({organisation.mention.role}, {where}): "
            f"{len(organisation.adverse_media)} claims"
        )
        for claim in organisation.adverse_media:
            chain = " → ".join(claim["attribution_chain"])
            origin = "origin located" if claim["origin_located"] else "origin NOT located"
            click.echo(f"    [{claim['category']}] {chain} ({origin})")


def _echo_findings(result: ScreenResult, rule_set: RuleSet) -> None:
    """The labour-rule hits, row by row, then the roster findings and what was not assessable."""
    if not rule_set:
        return
    counts = result.finding_summary()
    click.echo(
        f"\nLabour rules ({', '.join(rule_set.ids)}): {counts['hits']} hits on "
        f"{counts['rows_with_hits']} rows, {counts['roster_hits']} roster findings, "
        f"{counts['not_assessable'] + counts['roster_not_assessable']} not assessable."
    )
    hits = [
        (r.record.row, r.record.name or r.record.name_latin, f.rule.severity.value, f.rule.id)
        for r in result.rows
        for f in r.findings
        if f.status is Status.HIT
    ]
    if hits:
        click.echo(render(["row", "name", "severity", "rule"], hits, max_width=None))
    cluster = [
        (f.rule.id, f.rule.severity.value, _rows(f.rows), f.shared_value)
        for f in result.roster_findings
        if f.status is Status.HIT
    ]
    if cluster:
        click.echo("\nRoster findings:")
        click.echo(render(["rule", "severity", "rows", "shared value"], cluster))
    # rule -> (rows, reason -> the names it was given for)
    lacking: dict[str, tuple[list[int], dict[str, list[str]]]] = {}
    unassessed = [
        (f.rule.id, [row.record.row], f.missing)
        for row in result.rows
        for f in row.findings
        if f.status is Status.NOT_ASSESSABLE
    ] + [
        (f.rule.id, list(f.rows), f.missing)
        for f in result.roster_findings
        if f.status is Status.NOT_ASSESSABLE
    ]
    for rule_id, numbers, missing in unassessed:
        rows, why = lacking.setdefault(rule_id, ([], {}))
        rows.extend(numbers)
        for name, text in missing.items():
            names = why.setdefault(text, [])
            if name not in names:
                names.append(name)
    if lacking:
        click.echo("\nNot assessable (the rule applies, the roster lacks what it needs):")
        for rule_id, (rows, why) in sorted(lacking.items()):
            reasons = "; ".join(f"{', '.join(n)}: {text}" for text, n in list(why.items())[:3])
            click.echo(f"  {rule_id}: {_rows(rows)} ({reasons})")


def _rows(rows: tuple[int, ...] | list[int]) -> str:
    shown = ", ".join(map(str, rows[:6])) + (", …" if len(rows) > 6 else "")
    return f"row {shown}" if len(rows) == 1 else f"{len(rows)} rows: {shown}"


@main.command()
@click.argument("name")
@click.option("--birth-date", help="Birth date: ISO, dd.mm.yyyy, dd/mm/yyyy or a year.")
@click.option("--nationality", help="Country name or code.")
@click.option(
    "--schema", type=click.Choice(["Person", "Organization"]), default="Person", show_default=True
)
@click.option("--passport", help="A passport or other document number.")
@click.option(
    "--threshold",
    type=float,
    default=None,
    help=f"Show only matches at or above (alerts are >= {DEFAULT_THRESHOLD}).",
)
@click.option("--limit", type=int, default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def match(
    name: str,
    birth_date: str | None,
    nationality: str | None,
    schema: str,
    passport: str | None,
    threshold: float | None,
    limit: int,
    as_json: bool,
) -> None:
    """Screen one name and print the best matches with their explanation."""
    date = parse_date(birth_date) if birth_date else None
    if birth_date and date is None:
        raise click.BadParameter(f"cannot read {birth_date!r} as a date", param_hint="--birth-date")
    country = to_iso(nationality) if nationality else None
    from laborscreen.model import Identifier

    ids = (Identifier("passport", passport),) if passport else ()
    query = Query((name,), Schema.parse(schema), date, (country,) if country else (), None, ids)
    matches = load_screener().match(query, threshold, limit)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "query": name,
                    "threshold": DEFAULT_THRESHOLD,
                    "matches": [m.to_dict() for m in matches],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if not matches:
        click.echo("No candidates.")
        return
    for m in matches:
        flag = "ALERT" if m.score >= DEFAULT_THRESHOLD else "below threshold"
        click.echo(f"{m.score:.2f}  {m.entity_id}  {m.caption}  [{m.schema}, {flag}]")
        click.echo(f"      {m.explanation}")
