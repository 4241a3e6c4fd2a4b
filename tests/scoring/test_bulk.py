"""Bulk screening gives the same answers as one query at a time, in any number of processes."""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Sequence

import pytest

from laborscreen import engine
from laborscreen.dates import parse_date
from laborscreen.engine import Screener
from laborscreen.model import Schema
from laborscreen.scoring import DEFAULT_THRESHOLD, Query

pytestmark = pytest.mark.slow

NAMES = [
    "Ра Кён Су",
    "Ким Ён Чоль",
    "Иванов Сергей Петрович",
    "Ким Сергей Владимирович",
    "Yong Chol Kim",
    "Пак Виктор",
    "Чо Ён Вон",
    "Абдуллаев Шухрат Рустамович",
    "Lee Seo-yeon",
    "Хван Сокхва",
] * 120  # 1,200 rows, 10 of them distinct

#: 1,200 distinct names: identical rows are screened once, so it takes distinct
#: ones to give every process more than one chunk (engine._CHUNK) of work.
DISTINCT = [
    f"{surname} {given} {patronymic}"
    for surname in ("Ким", "Ли", "Пак", "Иванов", "Ra", "Kim", "Чо", "Хван", "Юсупов", "Тен")
    for given in ("Ён Чоль", "Сергей", "Кён Су", "Yong Chol", "Виктор", "Шухрат", "Мин", "Олег")
    for patronymic in [f"{letter}." for letter in "АБВГДЕЖЗИКЛМНОП"]
]


def test_match_many_equals_match_in_two_processes(real_screener: Screener) -> None:
    queries: list[Query | None] = [Query((n,)) for n in NAMES]
    queries[5] = None  # a row without a name
    parallel = real_screener.match_many(queries, DEFAULT_THRESHOLD, 5, workers=2)
    assert len(parallel) == len(queries)
    assert parallel[5] == []
    for query, found in zip(queries, parallel, strict=True):
        if query is None:
            continue
        expected = real_screener.match(query, DEFAULT_THRESHOLD, 5)
        assert [(m.entity_id, m.score) for m in found] == [(m.entity_id, m.score) for m in expected]


def test_forked_helpers_give_what_one_process_gives(real_screener: Screener) -> None:
    queries: list[Query | None] = [Query((n,)) for n in DISTINCT]
    assert len(set(DISTINCT)) == len(DISTINCT) > 2 * 500
    one = real_screener.match_many(queries, DEFAULT_THRESHOLD, 5, workers=1)
    two = real_screener.match_many(queries, DEFAULT_THRESHOLD, 5, workers=3)
    assert two == one
    assert any(one)


def test_processes_take_chunks_from_opposite_ends(real_screener: Screener) -> None:
    chunks = [
        [Query((name,))] for name in ("Ким Ён Чоль", "Ра Кён Су", "Пак Виктор", "Lee Seo-yeon")
    ]
    shared = engine._Shared(
        real_screener, chunks, DEFAULT_THRESHOLD, 5, mp.Array("l", [1, 4]), mp.Value("l", 0)
    )  # chunk 0 already taken
    back = shared.take(from_back=True)
    assert [position for position, _ in back] == [3, 2, 1]
    assert shared.take() == []  # nothing left for the front
    assert shared.screened.value == 3
    assert back[2][1] == real_screener._match_chunk(chunks[1], DEFAULT_THRESHOLD, 5)
    assert back[2][1][0] != ()  # Ра Кён Су is listed


def _failing_in_helpers(error: BaseException | None) -> object:
    """A match_batch that fails (raises ``error``, or exits at once) in forked helpers only."""
    parent = os.getpid()
    original = Screener.match_batch

    def match_batch(self: Screener, queries: Sequence[Query | None], *args: object) -> object:
        if os.getpid() != parent:
            if error is None:
                os._exit(3)
            raise error
        return original(self, queries, *args)  # type: ignore[arg-type]

    return match_batch


def test_an_error_in_a_helper_process_is_raised_in_the_caller(
    real_screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Screener, "match_batch", _failing_in_helpers(ValueError("bad row 7")))
    queries: list[Query | None] = [Query((n,)) for n in DISTINCT]
    with pytest.raises(ValueError, match="bad row 7"):
        real_screener.match_many(queries, DEFAULT_THRESHOLD, 5, workers=2)


def test_a_helper_process_that_dies_is_an_error_not_a_short_result(
    real_screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Screener, "match_batch", _failing_in_helpers(None))
    queries: list[Query | None] = [Query((n,)) for n in DISTINCT]
    with pytest.raises(RuntimeError, match="exit code 3"):
        real_screener.match_many(queries, DEFAULT_THRESHOLD, 5, workers=2)


def test_pruning_keeps_every_alert_of_an_unpruned_run(real_screener: Screener) -> None:
    """With a threshold, candidates are pruned by an estimate; browsing is not."""
    for name, date in [
        ("Ра Кён Су", "04.06.1954"),
        ("Чхве Рен Хе", None),
        ("O Kuk Ryol", None),
        ("Mansudae Overseas Project Group", None),
    ]:
        schema = Schema.ORGANIZATION if "Group" in name else Schema.PERSON
        query = Query((name,), schema, parse_date(date) if date else None)
        pruned = {m.entity_id for m in real_screener.match(query, DEFAULT_THRESHOLD, 50)}
        browsed = {
            m.entity_id
            for m in real_screener.match(query, None, 200)
            if m.score >= DEFAULT_THRESHOLD
        }
        assert pruned == browsed, name


def test_match_many_reports_progress_up_to_every_query(real_screener: Screener) -> None:
    queries: list[Query | None] = [Query((n,)) for n in NAMES]
    seen: list[int] = []
    real_screener.match_many(queries, DEFAULT_THRESHOLD, 5, workers=2, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == len(queries)


def test_identical_rows_get_equal_but_separate_results(real_screener: Screener) -> None:
    queries: list[Query | None] = [Query(("Ра Кён Су",))] * 3 + [None]
    found = real_screener.match_many(queries, DEFAULT_THRESHOLD, 5)
    assert found[0] == found[1] == found[2] != []
    assert found[0] is not found[1]  # a caller may change one row's list
    assert found[3] == []


@pytest.mark.parametrize("workers", [1, 2])
def test_no_cyclic_collection_while_a_roster_is_screened(
    real_screener: Screener, workers: int
) -> None:
    queries: list[Query | None] = [Query((n,)) for n in NAMES]
    collecting: list[bool] = []
    real_screener.match_many(
        queries, DEFAULT_THRESHOLD, 5, workers, progress=lambda _: collecting.append(gc.isenabled())
    )
    assert collecting and not any(collecting[:-1])  # the last call comes after
    assert gc.isenabled()
