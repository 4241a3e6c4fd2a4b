"""The estimate's kernel in numpy, for an installation where ``_coverage.c`` was not built.

Same interface and same arithmetic, in the same order, as the C kernel (a
test holds the two to equal results); bulk screening runs at about half the
speed with it.
Installing needs a C compiler for the fast one (``setup.py``); without one,
``pip`` skips it and this module takes its place.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from laborscreen.index.pairing import pairing_parts
from laborscreen.names.analyze import Token
from laborscreen.names.compare import word_similarity

FloatArray = npt.NDArray[np.float64]


def _rows(hits: object, what: str) -> FloatArray:
    array = np.asarray(hits)
    if array.dtype != np.float64 or array.ndim != 2 or array.shape[0] != 4:
        raise TypeError(f"{what} must be a C-contiguous float64 array of 4 row(s)")
    return array


class Estimator:
    """Estimator(name_weight, conflict, left): the name-score estimate for one query name."""

    def __init__(self, name_weight: FloatArray, conflict: float, left: float) -> None:
        weights = np.asarray(name_weight)
        if weights.dtype != np.float64 or weights.ndim != 1:
            raise TypeError("name_weight must be a C-contiguous float64 array of 1 row(s)")
        self._name_weight = weights.copy()
        self._conflict = conflict
        self._left = left
        self._words: list[tuple[Token, npt.NDArray[np.int64], float]] = []

    def size(self) -> int:
        return int(self._name_weight.size)

    def _check(self, names: npt.NDArray[np.int64], what: str) -> None:
        if names.size and (names.min() < 0 or names.max() >= self._name_weight.size):
            raise IndexError(
                f"{what} names a list name outside the index ({self._name_weight.size} names)"
            )

    def estimate(
        self,
        hits: Sequence[FloatArray],
        weights: Sequence[float],
        total: float,
        surplus: float,
        floor: float,
    ) -> list[tuple[int, float]]:
        if len(hits) != len(weights):
            raise ValueError("hits and weights differ in length")
        rows = [_rows(h, "hits") for h in hits]
        if not rows or not sum(r.shape[1] for r in rows):
            return []
        names_f, alike, list_weight, cap = np.concatenate(rows, axis=1)
        names = names_f.astype(np.int64)
        self._check(names, "a hit")
        sizes = [r.shape[1] for r in rows]
        query_weight = np.minimum(np.repeat(np.asarray(weights, dtype=np.float64), sizes), cap)
        # bincount adds in input order: word by word, as the C kernel does
        touched, slot = np.unique(names, return_inverse=True)
        q = np.bincount(slot, query_weight)
        c = np.bincount(slot, list_weight)
        paired = np.bincount(slot, alike * (query_weight + list_weight))
        with np.errstate(divide="ignore", invalid="ignore"):
            left_q = total - q
            left_c = np.maximum(self._name_weight[touched] - c, 0.0)
            mean_alike = paired / (q + c)
            value = (q + c) / (q + c + surplus * (left_q + left_c)) * mean_alike
        both_left = (surplus < 1.0) & (left_q > self._left) & (left_c > self._left)
        value = np.where(both_left, value * self._conflict, value)
        keep = (q + c > 0.0) & (value >= floor)
        return list(zip(touched[keep].tolist(), value[keep].tolist(), strict=True))

    def best_per_name(
        self, parts: Sequence[tuple[npt.NDArray[np.int64], float, float, float]]
    ) -> bytes:
        if not parts:
            return b""
        # most similar first, then heaviest, then highest cap, then as given
        order = sorted(
            range(len(parts)), key=lambda i: (-parts[i][1], -parts[i][2], -parts[i][3], i)
        )
        chosen = [parts[i] for i in order]
        for names, *_ in chosen:
            if np.asarray(names).dtype != np.int64 or np.asarray(names).ndim != 1:
                raise TypeError("a part's names must be a 1-d int64 array")
        names = np.concatenate([np.asarray(p[0]) for p in chosen])
        self._check(names, "a part")
        sizes = [len(p[0]) for p in chosen]
        rows = np.empty((4, names.size), dtype=np.float64)
        rows[0] = names
        for i in (1, 2, 3):
            rows[i] = np.repeat([p[i] for p in chosen], sizes)
        _, first = np.unique(names, return_index=True)  # first occurrence: the preferred
        return np.ascontiguousarray(rows[:, first]).tobytes()

    def set_words(
        self,
        texts: Sequence[str],
        keys: Sequence[str],
        names: Sequence[npt.NDArray[np.int64]],
        weights: Sequence[float],
    ) -> None:
        if not len(texts) == len(keys) == len(names) == len(weights):
            raise ValueError("texts, keys, names and weights differ in length")
        for held in names:
            if np.asarray(held).dtype != np.int64 or np.asarray(held).ndim != 1:
                raise TypeError("a word's names must be a 1-d int64 array")
            self._check(np.asarray(held), "a word")
        self._words = [
            (Token(text, key), np.asarray(held), float(weight))
            for text, key, held, weight in zip(texts, keys, names, weights, strict=True)
        ]

    def person_hits(self, text: str, key: str, words: Sequence[int], floor: float) -> bytes:
        for position in words:
            if not 0 <= position < len(self._words):
                raise IndexError(f"word {position} is not among the {len(self._words)} set")
        listed = [self._words[position] for position in words]
        return self.best_per_name(pairing_parts(Token(text, key), listed, word_similarity, floor))
