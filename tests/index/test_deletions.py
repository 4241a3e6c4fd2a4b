"""Keys one edit apart through their deletions, in Python and in the C kernel."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping

import pytest

from laborscreen.engine import Screener
from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.index import _coverage, deletions
from laborscreen.index.coverage import NearFn
from laborscreen.index.deletions import SHORTEST
from laborscreen.names import analyze

NEARS: list[NearFn] = [deletions.near, _coverage.near]


def _indexed(vocabulary: list[str]) -> tuple[dict[str, object], dict[str, set[str]]]:
    held: dict[str, object] = dict.fromkeys(vocabulary)
    cut: dict[str, set[str]] = defaultdict(set)
    for key in vocabulary:
        for variant in deletions.deletions(key):
            cut[variant].add(key)
    return held, cut


VOCABULARY = ["kim", "serge", "sergei", "serhei", "sergeev", "ivanov", "ivanova", "ivnov", "ким"]


@pytest.mark.parametrize("near", NEARS)
def test_every_key_one_edit_away_and_no_other(near: NearFn) -> None:
    held, cut = _indexed(VOCABULARY)
    assert sorted(near("sergei", held, cut, SHORTEST)) == ["serge", "sergei", "serhei"]
    assert sorted(near("sregei", held, cut, SHORTEST)) == ["sergei"]  # a swap shares a deletion
    assert near("sorgay", held, cut, SHORTEST) == ()  # two letters different
    assert sorted(near("ivanov", held, cut, SHORTEST)) == ["ivanov", "ivanova", "ivnov"]
    assert sorted(near("ivanob", held, cut, SHORTEST)) == ["ivanov"]  # one letter different
    assert near("kim", held, cut, SHORTEST) == ("kim",)  # short keys match exactly
    assert near("kin", held, cut, SHORTEST) == ()
    assert near("ким", held, cut, SHORTEST) == ("ким",)
    assert near("", held, cut, SHORTEST) == ()


def test_the_c_search_refuses_what_it_cannot_read() -> None:
    with pytest.raises(TypeError):
        _coverage.near("kim", ["kim"], {}, SHORTEST)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _coverage.near(b"kim", {}, {}, SHORTEST)  # type: ignore[arg-type]


@pytest.mark.slow
def test_both_give_the_same_keys_on_the_real_lists(real_screener: Screener) -> None:
    """Every distinct word of a bench roster against the index's three vocabularies."""
    index = real_screener.index
    persons = [e for e in index.entities if e.schema.is_person]
    tokens = {t for row in synthetic_roster(persons, 3_000, 5) for t in analyze(row.text).tokens}
    vocabularies: list[tuple[Mapping[str, object], Mapping[str, set[str]], list[str]]] = [
        (index._postings, index._deletes, [t.key for t in tokens]),
        (index._by_text, index._text_deletes, [t.text for t in tokens]),
        (index._korean, index._korean_deletes, [t.key + t.key[:2] for t in tokens]),
    ]
    reached = 0
    for held, cut, keys in vocabularies:
        for key in itertools.chain(keys, [k[:-1] for k in keys]):
            in_c = _coverage.near(key, held, cut, SHORTEST)
            assert sorted(in_c) == sorted(deletions.near(key, held, cut, SHORTEST)), key
            assert len(set(in_c)) == len(in_c)
            reached += len(in_c)
    assert reached > 5_000
