"""scripts/bulk_runs.py times real bulk screening, run after run from one index."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from laborscreen.engine import load_screener
from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.model import Schema
from laborscreen.scoring import DEFAULT_THRESHOLD, Query
from laborscreen.settings import store_path

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
UN_LIST = ROOT.parent / "shared" / "data" / "lists" / "un" / "consolidated.xml"


def test_each_run_screens_the_whole_roster_in_two_processes(tmp_path: Path) -> None:
    env = {**os.environ, "LABORSCREEN_HOME": str(tmp_path)}
    laborscreen = Path(sys.executable).with_name("laborscreen")
    subprocess.run(
        [laborscreen, "lists", "import", UN_LIST], env=env, check=True, capture_output=True
    )
    script = ROOT / "scripts" / "bulk_runs.py"
    run = subprocess.run(
        [sys.executable, str(script), "--runs", "3", "--size", "1200"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(run.stdout)
    assert figures["roster_size"] == 1200 and figures["workers"] == 2
    runs = figures["runs"]
    assert len(runs) == 3
    assert figures["median_seconds"] == statistics.median(r["seconds"] for r in runs)
    assert figures["median_names_per_second"] == round(1200 / figures["median_seconds"], 1)
    # the helper's time is counted too: both processes screened
    assert all(r["cpu_seconds"] > 0 and r["page_faults"] > 0 for r in runs)

    # every run raises the alerts of the same names screened here
    screener = load_screener(store_path(tmp_path))
    persons = [e for e in screener.index.entities if e.schema.is_person]
    queries = [Query((r.text,), Schema.PERSON) for r in synthetic_roster(persons, 1200, 1)]
    found = screener.match_many(queries, DEFAULT_THRESHOLD, 10)
    assert {r["alerts"] for r in runs} == {sum(1 for matches in found if matches)}
    assert runs[0]["alerts"] > 0


def test_nonsense_counts_are_refused() -> None:
    script = ROOT / "scripts" / "bulk_runs.py"
    run = subprocess.run(
        [sys.executable, str(script), "--runs", "0"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert "must be positive" in run.stderr
