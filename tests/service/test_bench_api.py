"""``laborscreen bench-api --json``: a real server on the full lists, timed at concurrency 1, 8."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from laborscreen.cli import main
from laborscreen.sources import load_path
from laborscreen.store import ListStore

SHARED_LISTS = (Path(__file__).parents[2] / ".." / "shared" / "data" / "lists").resolve()


@pytest.mark.slow
def test_bench_api_prints_latency_per_concurrency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not SHARED_LISTS.is_dir():
        pytest.skip("official lists not available")
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path))
    with ListStore(tmp_path / "laborscreen.db") as store:
        store.import_lists(load_path(SHARED_LISTS), origin="import")
    result = CliRunner().invoke(main, ["bench-api", "--seconds", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures) == {"c1", "c8"}
    for level, threads in (("c1", 1), ("c8", 8)):
        data = figures[level]
        assert data["concurrency"] == threads
        assert data["errors"] == 0 and data["requests"] > 0
        assert 0 < data["p50_ms"] <= data["p95_ms"]
        assert data["requests_per_second"] > 0


def test_bench_api_without_lists_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path))
    result = CliRunner().invoke(main, ["bench-api", "--seconds", "1"])
    assert result.exit_code == 2
    assert "no lists loaded" in result.output
