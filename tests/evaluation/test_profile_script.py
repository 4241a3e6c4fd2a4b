"""scripts/profile_screening.py measures what it says, on a small roster."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from laborscreen.engine import Screener

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "profile_screening.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("profile_screening", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_profile_reports_every_stage(real_screener: Screener) -> None:
    figures = _script().profile(real_screener, 400, 1)
    assert figures["roster_size"] == 400
    assert 0 < figures["distinct_words"] <= 3 * 400
    for key in ("cold_us_per_name", "warm_words_us_per_name", "analyze_us_per_name"):
        assert figures[key] > 0, key
    assert figures["new_word_hits_us"] > 0
    assert figures["full_collection_seconds"] >= 0
