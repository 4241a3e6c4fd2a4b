"""The candidate estimate: both kernels (C, and numpy where C was not built) against
the formula, against each other, and on their ties."""

from __future__ import annotations

import itertools
import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from laborscreen.index import _coverage, _coverage_numpy, coverage
from laborscreen.index.coverage import FloatArray, Kernel, TokenHits, estimate_names

KERNELS: list[Callable[[FloatArray, float, float], Kernel]] = [
    _coverage.Estimator,
    _coverage_numpy.Estimator,
]


def test_the_c_kernel_is_built_and_used() -> None:
    assert coverage.KERNEL == "c"
    assert coverage.Estimator is _coverage.Estimator
    assert coverage.near is _coverage.near


def test_the_numpy_kernel_can_be_asked_for() -> None:
    script = "from laborscreen.index import coverage; print(coverage.KERNEL)"
    env = {**os.environ, coverage.ENV_KERNEL: "numpy"}
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == "numpy", run.stderr


_SCREEN_UN = """
import json, sys
from pathlib import Path
from laborscreen.engine import Screener
from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.index import coverage
from laborscreen.model import Schema
from laborscreen.scoring import DEFAULT_THRESHOLD, Query
from laborscreen.sources import load_path
entities = [e for parsed in load_path(Path(sys.argv[1])) for e in parsed.entities]
screener = Screener(entities)
persons = [e for e in entities if e.schema.is_person]
queries = [Query((row.text,), Schema.PERSON) for row in synthetic_roster(persons, 1500, 2)]
found = screener.match_many(queries, DEFAULT_THRESHOLD, 10, workers=2)
print(json.dumps([coverage.KERNEL, [[(m.entity_id, m.score) for m in f] for f in found]]))
"""


@pytest.mark.slow
def test_both_kernels_screen_a_roster_alike() -> None:
    un_list = Path(__file__).resolve().parents[2].parent / "shared/data/lists/un/consolidated.xml"
    if not un_list.is_file():
        pytest.skip(f"official list files not found at {un_list}")
    outputs = []
    for kernel in ("c", "numpy"):
        env = {**os.environ, coverage.ENV_KERNEL: kernel}
        run = subprocess.run(
            [sys.executable, "-c", _SCREEN_UN, str(un_list)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(json.loads(run.stdout))
    (c_kernel, c_found), (numpy_kernel, numpy_found) = outputs
    assert (c_kernel, numpy_kernel) == ("c", "numpy")
    assert c_found == numpy_found
    assert sum(1 for f in c_found if f) > 10


def _ints(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def _formula(
    words: list[tuple[float, list[tuple[int, float, float, float]]]],
    name_weight: list[float],
    total: float,
    surplus: float,
    conflict: float = 0.85,
    left: float = 0.05,
) -> dict[int, float]:
    """The documented estimate, written out name by name."""
    sums: dict[int, list[float]] = {}
    for weight, hits in words:
        for name, alike, listed, cap in hits:
            q = min(weight, cap)
            entry = sums.setdefault(name, [0.0, 0.0, 0.0])
            entry[0] += q
            entry[1] += listed
            entry[2] += alike * (q + listed)
    out = {}
    for name, (q, c, paired) in sums.items():
        left_q, left_c = total - q, max(name_weight[name] - c, 0.0)
        value = (q + c) / (q + c + surplus * (left_q + left_c)) * paired / (q + c)
        if surplus < 1.0 and left_q > left and left_c > left:
            value *= conflict
        out[name] = value
    return out


@pytest.mark.parametrize("Estimator", KERNELS)
def test_kernel_adds_up_as_the_formula_says(
    Estimator: Callable[[FloatArray, float, float], Kernel],
) -> None:
    name_weight = [1.7, 0.9, 2.5, 1.0]
    yang = [(0, 0.72, 0.59, math.inf), (2, 0.9, 1.0, math.inf)]
    yun = [(0, 0.595, 0.59, math.inf), (3, 1.0, 1.0, 0.5)]
    words = [(0.8, yang), (0.6, yun)]
    estimator = Estimator(np.array(name_weight), 0.85, 0.05)
    rows = [
        TokenHits.best_per_name(estimator, [(_ints(n), a, w, c) for n, a, w, c in word])
        for _, word in words
    ]
    found = estimate_names(estimator, rows, [0.8, 0.6], 1.5, 0.5, 0.0)
    expected = _formula(words, name_weight, 1.5, 0.5)
    assert [name for name, _ in found] == sorted(expected)
    for name, value in found:
        assert value == pytest.approx(expected[name], rel=1e-12)
    # the floor keeps only the names that reach it, and the scratch is clean again
    floor = sorted(expected.values())[1]
    again = estimate_names(estimator, rows, [0.8, 0.6], 1.5, 0.5, floor)
    assert {name for name, _ in again} == {n for n, v in expected.items() if v >= floor}
    assert estimate_names(estimator, [], [], 1.0, 0.5, 0.0) == []


@pytest.mark.parametrize("Estimator", KERNELS)
def test_kernel_rejects_a_hit_outside_the_index(
    Estimator: Callable[[FloatArray, float, float], Kernel],
) -> None:
    estimator = Estimator(np.ones(3), 0.85, 0.05)
    outside = TokenHits.best_per_name(
        Estimator(np.ones(8), 0.85, 0.05), [(_ints(1, 7), 1.0, 1.0, math.inf)]
    )
    with pytest.raises(IndexError, match="outside the index"):
        estimate_names(estimator, [outside], [1.0], 1.0, 0.5, 0.0)
    inside = TokenHits.best_per_name(estimator, [(_ints(1), 1.0, 1.0, math.inf)])
    # the rejected call left nothing behind in the scratch arrays
    assert estimate_names(estimator, [inside], [1.0], 1.0, 0.5, 0.0) == [(1, 1.0 / 1.0)]


@pytest.mark.parametrize("Estimator", KERNELS)
def test_kernel_rejects_arrays_of_the_wrong_shape(
    Estimator: Callable[[FloatArray, float, float], Kernel],
) -> None:
    estimator = Estimator(np.ones(3), 0.85, 0.05)
    with pytest.raises(TypeError, match="float64"):
        estimator.estimate([np.ones((3, 2))], [1.0], 1.0, 0.5, 0.0)
    with pytest.raises(TypeError, match="float64"):
        Estimator(np.ones(3, dtype=np.int64), 0.85, 0.05)
    with pytest.raises(ValueError, match="differ in length"):
        estimator.estimate([np.ones((4, 0))], [], 1.0, 0.5, 0.0)


@pytest.mark.parametrize("Estimator", KERNELS)
def test_each_names_best_word_does_not_depend_on_the_order_words_come_in(
    Estimator: Callable[[FloatArray, float, float], Kernel],
) -> None:
    # Words equally alike but of different weight reach the same name: the
    # heavier one is kept, whichever came first (the order is a set's order,
    # which differs from one process to the next).
    parts = [
        (_ints(4, 9), 0.8, 0.5, math.inf),
        (_ints(4), 0.8, 0.9, math.inf),
        (_ints(9), 0.8, 0.9, 0.3),
        (_ints(2, 4), 0.6, 1.0, math.inf),
    ]
    estimator = Estimator(np.ones(10), 0.85, 0.05)
    results = [
        TokenHits.best_per_name(estimator, list(order)).rows
        for order in itertools.permutations(parts)
    ]
    for rows in results[1:]:
        np.testing.assert_array_equal(rows, results[0])
    assert results[0].tolist() == [
        [2.0, 4.0, 9.0],
        [0.6, 0.8, 0.8],
        [1.0, 0.9, 0.9],
        [math.inf, math.inf, 0.3],
    ]


@pytest.mark.parametrize("Estimator", KERNELS)
def test_best_word_rejects_names_outside_the_index_and_leaves_no_trace(
    Estimator: Callable[[FloatArray, float, float], Kernel],
) -> None:
    estimator = Estimator(np.ones(5), 0.85, 0.05)
    with pytest.raises(IndexError, match="outside the index"):
        TokenHits.best_per_name(
            estimator, [(_ints(1, 2), 0.9, 1.0, math.inf), (_ints(5), 1.0, 1.0, 1.0)]
        )
    with pytest.raises(TypeError, match="int64"):
        TokenHits.best_per_name(estimator, [(np.array([1.0]), 0.9, 1.0, math.inf)])
    # names seen by the failed calls are not remembered as taken
    rows = TokenHits.best_per_name(estimator, [(_ints(2, 1), 0.5, 1.0, 2.0)]).rows
    assert rows.tolist() == [[1.0, 2.0], [0.5, 0.5], [1.0, 1.0], [2.0, 2.0]]
    assert len(TokenHits.best_per_name(estimator, [])) == 0


def test_both_kernels_give_the_same_estimates() -> None:
    rng = np.random.default_rng(7)
    size = 400
    name_weight = rng.uniform(0.2, 3.0, size)
    kernels = [kernel(name_weight, 0.85, 0.05) for kernel in KERNELS]
    for _ in range(200):
        words = int(rng.integers(1, 5))
        weights = rng.uniform(0.1, 1.0, words).tolist()
        parts_per_word = [
            [
                (
                    np.unique(rng.integers(0, size, int(rng.integers(1, 30)))).astype(np.int64),
                    float(rng.choice([0.6, 0.8, 0.9, 1.0])),
                    float(rng.choice([0.3, 0.5, 1.0])),
                    float(rng.choice([0.5, math.inf])),
                )
                for _ in range(int(rng.integers(1, 4)))
            ]
            for _ in range(words)
        ]
        results = []
        for kernel in kernels:
            hits = [TokenHits.best_per_name(kernel, parts) for parts in parts_per_word]
            total = sum(weights)
            results.append(
                (
                    [h.rows.tolist() for h in hits],
                    estimate_names(kernel, hits, weights, total, 0.5, 0.3),
                )
            )
        assert results[0][0] == results[1][0]
        assert [n for n, _ in results[0][1]] == [n for n, _ in results[1][1]]
        for (_, a), (_, b) in zip(results[0][1], results[1][1], strict=True):
            assert a == pytest.approx(b, rel=1e-12)
