"""A person's query word against the list words near it, in the kernels.

The C kernel mirrors the scorer's word similarity
(:func:`laborscreen.names.compare.word_similarity`); the numpy kernel calls
it. These tests hold the C kernel's similarities and hits to the scorer's,
exactly, on every kind of word pair and on the real lists.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import pytest

from laborscreen.engine import Screener
from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.index import _coverage, _coverage_numpy
from laborscreen.index.coverage import FloatArray, Kernel, TokenHits
from laborscreen.names import Token, analyze
from laborscreen.names.compare import PAIR_FLOOR, word_similarity
from laborscreen.names.phonetic import phonetic_key

KERNELS: list[Callable[[FloatArray, float, float], Kernel]] = [
    _coverage.Estimator,
    _coverage_numpy.Estimator,
]

#: Words that reach every branch of word_similarity: equal and unequal keys,
#: initials (W = V, C = K), digits and Roman numerals, short words, a swapped
#: pair of letters, Cyrillic text, and words longer than the kernel's stack rows.
WORDS = [
    "kim", "kin", "gim", "ri", "li", "lee", "yi", "o", "oh", "pak", "park", "bak",
    "chol", "cheol", "chul", "yong", "yong chol", "ryong", "sergei", "sergey", "sregei",
    "vladimir", "wladimir", "v", "w", "c", "k", "i", "ii", "iv", "x", "xii", "xiii", "12",
    "2", "23", "a", "ab", "abc", "donald", "donlad", "solovev", "zolotov", "fedor", "putol",
    "ким", "ким", "чоль", "ivanovich", "ivanovna", "x" * 70, "y" * 70, "xy" * 40,
]  # fmt: skip


def _table(words: list[str]) -> tuple[list[str], list[str], list[np.ndarray], list[float]]:
    """Word ``i`` held by list name ``i``, with a weight of its own."""
    return (
        words,
        [phonetic_key(w) if w.isascii() else w for w in words],
        [np.array([i], dtype=np.int64) for i in range(len(words))],
        [0.5 + (i % 3) / 4 for i in range(len(words))],
    )


@pytest.mark.parametrize("kernel", KERNELS)
def test_every_similarity_is_the_scorers(
    kernel: Callable[[FloatArray, float, float], Kernel],
) -> None:
    texts, keys, names, weights = _table(WORDS)
    estimator = kernel(np.ones(len(WORDS)), 0.85, 0.05)
    estimator.set_words(texts, keys, names, weights)
    for text, key in zip(texts, keys, strict=True):
        query = Token(text, key)
        # floor 0.0: every word is a part, so every name shows its similarity
        rows = TokenHits.from_bytes(
            estimator.person_hits(text, key, list(range(len(WORDS))), 0.0)
        ).rows
        assert rows[0].tolist() == list(range(len(WORDS)))
        expected = [word_similarity(query, Token(t, k)) for t, k in zip(texts, keys, strict=True)]
        assert rows[1].tolist() == expected, text  # exactly, not approximately
        # an initial vouches for no more of a full word than its own weight
        caps = [
            w if len(t) == 1 < len(text) else math.inf for t, w in zip(texts, weights, strict=True)
        ]
        assert rows[3].tolist() == caps


@pytest.mark.parametrize("kernel", KERNELS)
def test_words_below_the_floor_or_without_names_are_no_parts(
    kernel: Callable[[FloatArray, float, float], Kernel],
) -> None:
    texts = ["sergei", "sergey", "park", "sergei"]
    estimator = kernel(np.ones(4), 0.85, 0.05)
    estimator.set_words(
        texts,
        [phonetic_key(t) for t in texts],
        [np.array([0, 1], dtype=np.int64), np.array([1, 2], dtype=np.int64),
         np.array([3], dtype=np.int64), np.array([], dtype=np.int64)],
        [1.0, 0.8, 1.0, 1.0],
    )  # fmt: skip
    rows = TokenHits.from_bytes(
        estimator.person_hits("sergei", phonetic_key("sergei"), [1, 0, 2, 3], PAIR_FLOOR)
    ).rows
    # Park does not pair, the fourth word holds no name, and name 1 keeps the
    # more similar of its two words
    similar = word_similarity(
        Token("sergei", phonetic_key("sergei")), Token("sergey", phonetic_key("sergey"))
    )
    assert PAIR_FLOOR <= similar < 1.0
    assert rows.tolist() == [[0, 1, 2], [1.0, 1.0, similar], [1.0, 1.0, 0.8], [math.inf] * 3]


@pytest.mark.parametrize("kernel", KERNELS)
def test_a_word_outside_the_table_is_an_error(
    kernel: Callable[[FloatArray, float, float], Kernel],
) -> None:
    estimator = kernel(np.ones(2), 0.85, 0.05)
    estimator.set_words(["kim"], ["kim"], [np.array([1], dtype=np.int64)], [1.0])
    with pytest.raises(IndexError):
        estimator.person_hits("kim", "kim", [1], PAIR_FLOOR)
    with pytest.raises(IndexError):  # a name outside the index
        estimator.set_words(["kim"], ["kim"], [np.array([2], dtype=np.int64)], [1.0])
    with pytest.raises(ValueError):
        estimator.set_words(["kim"], ["kim", "ri"], [np.array([1], dtype=np.int64)], [1.0])


@pytest.mark.slow
def test_the_kernels_agree_on_the_real_lists_and_a_roster(real_screener: Screener) -> None:
    """Every distinct word of a 4,000-name bench roster against the list words
    near it: the C kernel's hits equal the numpy kernel's, which uses the scorer."""
    index = real_screener.index
    listed = index._listed_words  # the table the index gives its kernel
    numpy_kernel = _coverage_numpy.Estimator(np.ones(len(index.names)), 0.85, 0.05)
    numpy_kernel.set_words(
        [w.text for w, *_ in listed],
        [w.key for w, *_ in listed],
        [persons for _, persons, _, _ in listed],
        [weight for *_, weight in listed],
    )
    persons = [e for e in index.entities if e.schema.is_person]
    roster = synthetic_roster(persons, 4_000, 3)
    tokens = {t.text: t for row in roster for t in analyze(row.text).tokens}
    compared = 0
    for token in itertools.islice(tokens.values(), 1_500):
        near = index._words_near(token)
        c_rows = index._estimator.person_hits(token.text, token.key, near, PAIR_FLOOR)
        assert c_rows == numpy_kernel.person_hits(token.text, token.key, near, PAIR_FLOOR)
        compared += len(near)
    assert compared > 10_000
