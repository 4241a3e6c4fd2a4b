"""``laborscreen bench``: the bulk-speed benchmark over the lists in the store.

A thin shell over :func:`laborscreen.evaluation.bench.run_bench`; it screens a
synthetic roster against the list versions in force (what ``lists import``
or ``lists update`` loaded). Progress goes to stderr, the figures to stdout.
"""

from __future__ import annotations

import json

import click

from laborscreen.cli import main
from laborscreen.errors import StoreError
from laborscreen.evaluation.bench import (
    BRUTE_FORCE_SCORER,
    BRUTE_FORCE_SCORERS,
    BenchResult,
    run_bench,
)
from laborscreen.store import ListStore

#: (key, label, format) of the figures shown in the readable table.
_ROWS = (
    ("roster_size", "roster names", "{:,}"),
    ("list_entities", "list entities", "{:,}"),
    ("list_names", "indexed list names", "{:,}"),
    ("index_build_seconds", "index build (s)", "{:.2f}"),
    ("names_per_second", "indexed names/s", "{:,.0f}"),
    ("alerts", "roster names alerted", "{:,}"),
    ("brute_force_names_per_second", "brute force names/s", "{:,.0f}"),
    ("brute_force_rows_timed", "brute force rows timed", "{:,}"),
    ("brute_force_scorer", "brute force scorer", "{}"),
    ("speedup", "speedup (x)", "{:.2f}"),
    ("recall_sample", "recall sample names", "{:,}"),
    ("recall_sample_listed", "  of them listed renderings", "{:,}"),
    ("brute_force_pairs", "exhaustive pairs >= threshold", "{:,}"),
    ("indexed_pairs_found", "  found by the index", "{:,}"),
    ("recall_vs_brute_force", "recall vs brute force", "{:.4f}"),
    ("rendered_pairs", "pairs of a rendering and its entity", "{:,}"),
    ("rendered_recall", "  recall on them", "{:.4f}"),
    ("threshold", "threshold", "{:.2f}"),
    ("peak_rss_mb", "peak RSS (MiB)", "{:,.1f}"),
    ("seconds", "total (s)", "{:.1f}"),
)


def format_table(result: BenchResult) -> str:
    data = result.to_dict()
    cells = [
        (label, "n/a" if data[key] is None else fmt.format(data[key])) for key, label, fmt in _ROWS
    ]
    width = max(len(label) for label, _ in cells)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in cells)


@main.command("bench")
@click.option("--size", default=20_000, show_default=True, help="Synthetic roster names.")
@click.option(
    "--sample", default=500, show_default=True, help="Names scored exhaustively for recall."
)
@click.option("--seed", default=1, show_default=True, help="Seed of the synthetic roster.")
@click.option(
    "--brute-force-rows",
    type=int,
    default=None,
    help="Time brute force on this many rows only (at least 2,000) and extrapolate.",
)
@click.option("--workers", default=2, show_default=True, help="Brute-force threads / processes.")
@click.option(
    "--brute-force-scorer",
    type=click.Choice(sorted(BRUTE_FORCE_SCORERS)),
    default=BRUTE_FORCE_SCORER,
    show_default=True,
    help="The rapidfuzz scorer brute force is timed with.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def bench(
    size: int,
    sample: int,
    seed: int,
    brute_force_rows: int | None,
    workers: int,
    brute_force_scorer: str,
    as_json: bool,
) -> None:
    """Measure bulk screening speed and recall against brute force on a synthetic roster."""
    if size < 1 or sample < 1 or workers < 1:
        raise click.UsageError("--size, --sample and --workers must be positive")
    with ListStore() as store:
        entities = list(store.entities())
        where = store.path
    if not entities:
        raise StoreError(
            f"the list store {where} holds no lists: run `laborscreen lists import PATH` "
            "or `laborscreen lists update` first"
        )
    result = run_bench(
        entities,
        size=size,
        sample=sample,
        seed=seed,
        brute_force_rows=brute_force_rows,
        workers=workers,
        progress=lambda message: click.echo(message, err=True),
        scorer=brute_force_scorer,
    )
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        click.echo(format_table(result))
