"""The second development set is exactly what its generator makes."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
LISTS = (ROOT / ".." / "shared" / "data" / "lists").resolve()
COMMITTED = ROOT / "eval" / "dev" / "bench_roster.csv"

pytestmark = pytest.mark.slow


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_bench_evalset", ROOT / "scripts" / "make_bench_evalset.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_file_equals_regenerated() -> None:
    if not LISTS.is_dir():
        pytest.skip("official lists not available")
    assert _generator().build(LISTS) == COMMITTED.read_text(encoding="utf-8")


def test_shape() -> None:
    with COMMITTED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    categories = {r["category"] for r in rows}
    assert categories == {
        "bench_listed",
        "bench_russian",
        "bench_central_asian",
        "bench_koryo_saram",
        "bench_south_korean",
    }
    positives = [r for r in rows if r["expected_ids"]]
    assert len(positives) >= 80 and len(rows) - len(positives) >= 2500
    assert all(r["category"] == "bench_listed" for r in positives)
