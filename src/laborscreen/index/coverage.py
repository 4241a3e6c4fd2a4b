"""The index's estimate of a name score, computed for a batch of query names at once.

For every list name that shares a (near) token key with a query name, the
estimate adds up the token weight that could pair on both sides and how alike
the keys are, then charges what is left over (half for people's extra words)
and, for people with words left on both sides, a likely conflict. It is
optimistic: names whose estimate cannot reach the caller's floor are never
scored (docs/scoring.md).

Screening a roster asks this for every name; adding the hits up in Python
cost more than everything else in screening. Each query word brings its cached
hit arrays (:class:`TokenHits`) and a small C kernel (``_coverage.c``) adds
them up per list name in scratch arrays, visiting only the names a word
reached.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from laborscreen.index import _coverage_numpy, deletions

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Set to "numpy" to use the numpy kernel even where the C one was built (to
#: compare their results or their speed).
ENV_KERNEL = "LABORSCREEN_KERNEL"


class Kernel(Protocol):
    """What both kernels (``_coverage.c`` and ``_coverage_numpy.py``) offer."""

    def estimate(
        self,
        hits: Sequence[FloatArray],
        weights: Sequence[float],
        total: float,
        surplus: float,
        floor: float,
    ) -> list[tuple[int, float]]: ...

    def best_per_name(self, parts: Sequence[tuple[IntArray, float, float, float]]) -> bytes: ...

    def set_words(
        self,
        texts: Sequence[str],
        keys: Sequence[str],
        names: Sequence[IntArray],
        weights: Sequence[float],
    ) -> None: ...

    def person_hits(self, text: str, key: str, words: Sequence[int], floor: float) -> bytes: ...

    def size(self) -> int: ...


#: The kernels' near(key, vocabulary, deletes, shortest) (index.deletions).
NearFn = Callable[[str, Mapping[str, object], Mapping[str, set[str]], int], tuple[str, ...]]


def _kernel() -> tuple[str, Callable[[FloatArray, float, float], Kernel], NearFn]:
    if os.environ.get(ENV_KERNEL, "").strip().lower() != "numpy":
        try:
            from laborscreen.index import _coverage
        except ImportError:  # installed without a C compiler: setup.py lets that pass
            pass
        else:
            return "c", _coverage.Estimator, _coverage.near
    return "numpy", _coverage_numpy.Estimator, deletions.near


#: Which kernel adds the hits up ("c", or "numpy" where the C one was not built
#: or LABORSCREEN_KERNEL asks for it), its Estimator class, and its search for
#: the keys one edit away (:func:`laborscreen.index.deletions.near`, in C or as is).
KERNEL, Estimator, near = _kernel()

__all__ = [
    "ENV_KERNEL",
    "KERNEL",
    "Estimator",
    "FloatArray",
    "IntArray",
    "Kernel",
    "TokenHits",
    "estimate_names",
    "near",
]


@dataclass(frozen=True, slots=True)
class TokenHits:
    """The list names one query word reaches, as the rows of one array: the
    names' positions, the word similarity, the list word's weight in the name,
    and the most of the query word's weight it can pair."""

    rows: FloatArray  # shape (4, n)

    @classmethod
    def best_per_name(
        cls, estimator: Kernel, parts: list[tuple[IntArray, float, float, float]]
    ) -> TokenHits:
        """From (names, similarity, weight, cap) per list word, each name's most similar word.

        Of equally similar words the heavier is kept, then the one with the
        higher cap (the parts come in a set's order, which differs between
        processes). Rows are ordered by name.
        """
        return cls.from_bytes(estimator.best_per_name(parts))

    @classmethod
    def from_bytes(cls, data: bytes) -> TokenHits:
        """The hits a kernel returned as the bytes of a (4, n) float64 array."""
        return cls(np.frombuffer(data, dtype=np.float64).reshape(4, -1))

    def __len__(self) -> int:
        return int(self.rows.shape[1])


def estimate_names(
    estimator: Kernel,
    hits: list[TokenHits],
    weights: list[float],
    total: float,
    surplus: float,
    floor: float,
) -> list[tuple[int, float]]:
    """[(list name, estimate)] for one query name: every estimate at or above ``floor``.

    ``hits`` and ``weights`` are the query words' hits and weights, ``total``
    the query's whole word weight, ``surplus`` what an unpaired word costs
    (1.0 for companies, 0.5 for people). Per list name, with ``q`` and ``c``
    the query and list weight its words pair and ``alike`` their similarity::

        mean_alike = sum(alike * (q_i + c_i)) / (q + c)
        estimate = (q + c) / (q + c + surplus * (left_q + left_c)) * mean_alike

    times the estimator's ``conflict`` for a person's name with more than
    ``left`` weight unpaired on both sides. The sums run in the C kernel
    (``_coverage.c``): for a roster, that loop runs millions of times.
    """
    return estimator.estimate([h.rows for h in hits], weights, total, surplus, floor)
