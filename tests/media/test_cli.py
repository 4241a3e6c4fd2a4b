"""`laborscreen media …` commands, end to end on a temporary data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.media.conftest import EXTRA_KNOWN, FIXTURES, ROOT

from laborscreen.cli import main


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path / "home"))

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return invoke


def test_ingest_json_shape_and_no_op(run, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("media", "ingest", str(seed_path), "--json", "--no-lists"))
    [doc] = data["documents"]
    assert {
        "id",
        "source",
        "url",
        "title",
        "published",
        "outlet",
        "language",
        "entities",
        "claims",
    } <= set(doc)
    assert doc["source"] == str(seed_path) and doc["outlet"] == "The Moscow Times" and doc["added"]
    claim = next(c for c in doc["claims"] if "hundreds" in c["text"])
    assert {"text", "category", "entities", "attribution_chain", "origin_located"} <= set(claim)
    assert claim["origin_located"] is False
    again = json.loads(run("media", "ingest", str(seed_path), "--json", "--no-lists"))
    assert not again["documents"][0]["added"]
    assert again["documents"][0]["claims"] == doc["claims"]


def test_trace_show_export(run, seed_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("media", "ingest", str(seed_path), "--no-lists")
    tree = run("media", "trace", "unidentified Telegram channels").splitlines()
    assert "  The Moscow Times  [outlet, known:the_moscow_times]" in tree
    assert any(line.startswith("  └── RTVI  [cites, 'reported', known:rtvi]") for line in tree)
    assert any(
        "unidentified Telegram channels" in line and "origin NOT located" in line for line in tree
    )
    shown = run("media", "show", "Вайлдберриз")
    assert shown.startswith("Вайлдберриз: 5 claims")
    assert "The Moscow Times → Moskva → Wildberries press service  (origin located)" in shown
    ftm = [json.loads(line) for line in run("media", "export", "--format", "ftm").splitlines()]
    assert ftm[0]["schema"] == "Article"
    out = tmp_path / "graph.json"
    run("media", "export", "--format", "graph", "--out", str(out))
    assert json.loads(out.read_text())["edges"]
    assert run("media", "export", "--format", "graphml").startswith("<?xml")


def test_ingest_folder_with_known_file_and_outlet(run) -> None:  # type: ignore[no-untyped-def]
    text = run(
        "media",
        "ingest",
        str(FIXTURES / "en_plain.txt"),
        "--outlet",
        "Example Daily",
        "--known",
        str(EXTRA_KNOWN),
        "--no-lists",
    )
    assert "Ingested 1 document (1 new, 0 unchanged): 1 claims." in text
    assert "Example Daily" in text


def test_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(main, ["media", "trace", "no such claim"])
    assert result.exit_code == 2
    assert "error: no stored claim is 'no such claim' or contains it" in result.output
    result = CliRunner().invoke(main, ["media", "ingest", str(tmp_path / "none.md"), "--no-lists"])
    assert result.exit_code == 2 and "none.md: no such file" in result.output


@pytest.mark.slow  # natasha's Russian models
def test_media_eval_reports_precision_and_recall(run) -> None:  # type: ignore[no-untyped-def]
    result = json.loads(
        run("media", "eval", str(ROOT / "eval" / "media" / "gold.jsonl"), "--json", "--no-lists")
    )
    for key in ("entities", "claims", "attribution_edges"):
        assert {"precision", "recall", "f1"} <= set(result[key])
    assert result["documents"] == 4
    assert result["claims"]["recall"] >= 0.7
    assert result["attribution_edges"]["precision"] >= 0.8
