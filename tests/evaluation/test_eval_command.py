"""`laborscreen eval` and `eval-pairs`: the documented keys, on real lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from laborscreen.cli import main

LISTS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lists").resolve()
BENCH = LISTS.parent / "benchmarks" / "name_bench_cases.csv"

EVAL_KEYS = {
    "recall",
    "false_positive_rate",
    "top1_accuracy",
    "n_positive",
    "n_negative",
    "queries_per_second",
    "categories",
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not LISTS.is_dir():
        pytest.skip("official lists not available")
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(main, ["lists", "import", str(LISTS / "un")])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_eval_json_has_the_documented_keys(home: Path) -> None:
    cases = home / "cases.csv"
    cases.write_text(
        "query_name,query_birth_date,query_nationality,query_schema,expected_ids,category\n"
        "Ра Кён Су,04.06.1954,КНДР,Person,un:KPi.008,cyrillic\n"
        "RA KYONG SU,1988,North Korea,Person,,other_dob\n"
        "Иванов Пётр Сергеевич,12/03/1990,RU,Person,,russian\n"
        "Mansudae Overseas Project Group Co. Ltd,,,Organization,un:KPe.050,org\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["eval", str(cases), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data.keys() >= EVAL_KEYS
    assert (data["n_positive"], data["n_negative"]) == (2, 2)
    assert data["recall"] == 1.0 and data["false_positive_rate"] == 0.0
    assert data["categories"]["cyrillic"] == {"n": 1, "recall": 1.0}
    assert data["categories"]["other_dob"] == {"n": 1, "false_positive_rate": 0.0}


def test_eval_reads_on_past_an_unreadable_date(home: Path) -> None:
    cases = home / "cases.csv"
    cases.write_text(
        "query_name,query_birth_date,query_nationality,query_schema,expected_ids\n"
        "Ра Кён Су,sometime,,Person,un:KPi.008\n",
        encoding="utf-8",
    )
    data = json.loads(CliRunner().invoke(main, ["eval", str(cases), "--json"]).output)
    assert data["recall"] == 1.0
    assert data["warnings"] == ["row 1: unreadable birth date 'sometime', ignored"]


def test_eval_names_a_missing_column(home: Path) -> None:
    cases = home / "cases.csv"
    cases.write_text("name,expected_ids\nX,\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(cases), "--json"])
    assert result.exit_code == 2
    assert "missing columns" in result.output and "query_name" in result.output


@pytest.mark.slow
def test_eval_pairs_beats_the_reference_matcher() -> None:
    if not BENCH.is_file():
        pytest.skip("benchmark file not available")
    result = CliRunner().invoke(main, ["eval-pairs", str(BENCH), "--json"])
    data = json.loads(result.output)
    assert data.keys() >= {"precision", "recall", "f1", "threshold", "case_groups"}
    assert data["threshold"] == 0.7
    assert data["f1"] > 0.79  # OpenSanctions logic-v2 on the same file
