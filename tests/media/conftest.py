"""Fixtures for the adverse-media tests: the seed article in place, synthetic documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from laborscreen.media.known import load_known
from laborscreen.media.linking import Linker
from laborscreen.media.store import MediaStore

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "media"
SEED = (ROOT / ".." / "shared" / "seed" / "000_c74d9c634c7eee8c.txt").resolve()
EXTRA_KNOWN = FIXTURES / "known_extra.yml"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED


@pytest.fixture(scope="session")
def linker() -> Linker:
    """Known organisations (shipped and the synthetic test ones); no sanctions lists."""
    return Linker(load_known([EXTRA_KNOWN]))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[MediaStore]:
    with MediaStore(tmp_path / "media.db") as media:
        yield media
