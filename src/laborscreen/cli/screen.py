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
from laborscreen.results import write_outputs
from laborscreen.roster import read_roster
from laborscreen.scoring import DEFAULT_THRESHOLD, Query
from laborscreen.screening import screen_roster

PROGRESS_MIN_ROWS = 2000


@main.command()
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write results here: .json (a .csv is written beside it) or .csv.",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML/JSON file mapping column headers to fields.",
)
@click.option("--threshold", type=float, default=DEFAULT_THRESHOLD, show_default=True)
@click.option("--limit", type=int, default=5, show_default=True, help="Matches kept per row.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def screen(
    roster: Path,
    out: Path | None,
    mapping: Path | None,
    threshold: float,
    limit: int,
    as_json: bool,
) -> None:
    """Screen every row of a roster or supplier file (CSV or XLSX) against the lists."""
    read = read_roster(roster, mapping)
    screener = load_screener()
    total = len(read.records)
    if total >= PROGRESS_MIN_ROWS and sys.stderr.isatty():
        with click.progressbar(length=total, label="screening", file=sys.stderr) as bar:
            last = [0]

            def advance(done: int) -> None:
                bar.update(done - last[0])
                last[0] = done

            result = screen_roster(read, screener, threshold, limit, advance)
    else:
        result = screen_roster(read, screener, threshold, limit)
    written = write_outputs(result, out) if out else []
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
    for path in written:
        click.echo(f"Full results: {path}")


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
