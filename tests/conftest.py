"""Shared fixtures: the real official lists beside the repository, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborscreen.engine import Screener
from laborscreen.sources import load_path

SHARED_LISTS = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "lists").resolve()
BENCHMARKS = SHARED_LISTS.parent / "benchmarks"


@pytest.fixture(scope="session")
def real_screener() -> Screener:
    if not SHARED_LISTS.is_dir():
        pytest.skip(f"official list files not found at {SHARED_LISTS}")
    entities = [e for parsed in load_path(SHARED_LISTS) for e in parsed.entities]
    return Screener(entities)
