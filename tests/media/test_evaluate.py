"""The gold-set scorer counts what it should, and names the line of a bad gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.media.conftest import FIXTURES

from laborscreen.errors import MediaError
from laborscreen.media.evaluate import evaluate
from laborscreen.media.linking import Linker


def test_counts(tmp_path: Path, linker: Linker) -> None:
    gold = {
        "document": str(FIXTURES / "en_report.html"),
        "entities": ["known:wildberries", "known:ozon"],
        "claims": [
            {
                "text": "The Russian Foreign Ministry said it was unable to send",
                "category": "forced.labor",
                "attribution_chain": ["Northern Courier", "Russian Foreign Ministry"],
                "origin_located": True,
            },
            {
                "text": "a sentence the document does not have",
                "category": "crime",
                "attribution_chain": ["Northern Courier", "Nobody"],
                "origin_located": False,
            },
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = evaluate(path, linker)
    assert result["entities"]["tp"] == 1 and result["entities"]["fn"] == 1
    assert result["entities"]["fp"] == 3  # Warehouse Watch, Склад-Инфо, the Foreign Ministry
    assert (result["claims"]["tp"], result["claims"]["fp"], result["claims"]["fn"]) == (1, 2, 1)
    assert result["attribution_edges"]["tp"] == 1 and result["attribution_edges"]["fn"] == 1
    assert result["matched_claims"]["chain_exact"] == 1.0


def test_bad_gold_line(tmp_path: Path, linker: Linker) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"document": "x.md", "claims": [{"text": "t"}]}\n', encoding="utf-8")
    with pytest.raises(MediaError, match="line 1: claim 1: field 'category' is missing"):
        evaluate(path, linker)
