"""``laborscreen eval`` (screening evaluation) and ``laborscreen eval-pairs`` (name pairs)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from laborscreen.cli import main
from laborscreen.cli.table import render
from laborscreen.engine import load_screener
from laborscreen.evaluation.pairs import evaluate_pairs
from laborscreen.evaluation.queries import evaluate, failures
from laborscreen.scoring import DEFAULT_THRESHOLD


@main.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--threshold", type=float, default=DEFAULT_THRESHOLD, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--failures",
    "show_failures",
    is_flag=True,
    help="List missed positives and false alerts instead.",
)
def eval_command(file: Path, threshold: float, as_json: bool, show_failures: bool) -> None:
    """Recall, false-positive rate and speed on an evaluation file (DESIGN.md §5 format)."""
    screener = load_screener()
    if show_failures:
        for failure in failures(file, screener, threshold):
            click.echo(json.dumps(failure, ensure_ascii=False))
        return
    result = evaluate(file, screener, threshold)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(
        f"{file}: {result['n_positive']} positive, {result['n_negative']} negative queries "
        f"at threshold {threshold:.2f}"
    )
    click.echo(
        f"recall {result['recall']}  false_positive_rate {result['false_positive_rate']}  "
        f"top1_accuracy {result['top1_accuracy']}  "
        f"queries_per_second {result['queries_per_second']}"
    )
    rows = [
        (name, c["n"], c.get("recall", ""), c.get("false_positive_rate", ""))
        for name, c in result["categories"].items()
    ]
    click.echo(render(["category", "n", "recall", "false_positive_rate"], rows))


@main.command("eval-pairs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--threshold", type=float, default=DEFAULT_THRESHOLD, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def eval_pairs_command(file: Path, threshold: float, as_json: bool) -> None:
    """Precision, recall and F1 on a labelled name-pair file (name_bench_cases.csv format)."""
    result = evaluate_pairs(file, threshold)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(
        f"precision {result['precision']}  recall {result['recall']}  f1 {result['f1']}  "
        f"threshold {threshold:.2f}  (n={result['n']})"
    )
    rows = [
        (g, v["n"], v["precision"], v["recall"], v["f1"]) for g, v in result["case_groups"].items()
    ]
    click.echo(render(["case_group", "n", "precision", "recall", "f1"], rows))
