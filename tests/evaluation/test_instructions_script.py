"""scripts/screening_instructions.py counts the instructions of real screening."""

from __future__ import annotations

import json
import os
import shutil
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


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_counts_the_screening_of_the_roster_names(tmp_path: Path) -> None:
    env = {**os.environ, "LABORSCREEN_HOME": str(tmp_path)}
    laborscreen = Path(sys.executable).with_name("laborscreen")
    subprocess.run(
        [laborscreen, "lists", "import", UN_LIST], env=env, check=True, capture_output=True
    )
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screening_instructions.py"), "--names", "30"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(run.stdout)
    assert figures["names"] == 30
    assert figures["instructions"] > 1_000_000
    assert figures["instructions_per_name"] == round(figures["instructions"] / 30)

    # the alerts it reports are those of the same names screened here
    screener = load_screener(store_path(tmp_path))
    persons = [e for e in screener.index.entities if e.schema.is_person]
    queries = [Query((r.text,), Schema.PERSON) for r in synthetic_roster(persons, 30, 1)]
    found = screener.match_many(queries, DEFAULT_THRESHOLD, 10)
    assert figures["alerts"] == sum(1 for matches in found if matches)
