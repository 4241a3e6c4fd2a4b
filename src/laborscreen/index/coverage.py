"""The index's estimate of a name score, computed for a batch of query names at once.

For every list name that shares a (near) token key with a query name, the
estimate adds up the token weight that could pair on both sides and how alike
the keys are, then charges what is left over (half for people's extra words)
and, for people with words left on both sides, a likely conflict. It is
optimistic: names whose estimate cannot reach the caller's floor are never
scored (docs/scoring.md).

Screening a roster asks this for thousands of names; adding the hits up name
by name in Python cost more than everything else in screening. Here each
query token contributes its cached hit arrays, and one sort and three
``bincount`` calls add up every (query, list name) pair of the batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class TokenHits:
    """The list names one query word reaches, as the rows of one array: the
    names' positions, the word similarity, the list word's weight in the name,
    and the most of the query word's weight it can pair."""

    rows: FloatArray  # shape (4, n)

    @classmethod
    def best_per_name(cls, parts: list[tuple[IntArray, float, float, float]]) -> TokenHits:
        """From (names, similarity, weight, cap) per list word, each name's most similar word."""
        if not parts:
            return cls(np.empty((4, 0), dtype=np.float64))
        sizes = [p[0].size for p in parts]
        rows = np.empty((4, sum(sizes)), dtype=np.float64)
        rows[0] = np.concatenate([p[0] for p in parts])
        for i in (1, 2, 3):
            rows[i] = np.repeat([p[i] for p in parts], sizes)
        # most similar first; np.unique keeps each name's first occurrence
        rows = rows[:, np.argsort(-rows[1], kind="stable")]
        _, first = np.unique(rows[0], return_index=True)
        return cls(rows[:, first])

    def __len__(self) -> int:
        return int(self.rows.shape[1])


@dataclass(slots=True)
class QueryBatch:
    """Query names (their total token weight, surplus factor, floor) and their tokens' hits."""

    totals: list[float] = field(default_factory=list)
    surplus: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    hits: list[TokenHits] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)

    def add_query(self, total: float, surplus: float, floor: float) -> None:
        self.totals.append(total)
        self.surplus.append(surplus)
        self.floors.append(floor)

    def add_token(self, row: int, weight: float, hits: TokenHits) -> None:
        size = len(hits)
        if size:
            self.rows.append(row)
            self.weights.append(weight)
            self.hits.append(hits)
            self.sizes.append(size)


def token_coverage(
    batch: QueryBatch, name_weight: FloatArray, conflict: float, left: float
) -> dict[int, list[tuple[int, float]]]:
    """query row -> [(list name, estimate)] for every estimate at or above the row's floor.

    ``name_weight`` is each list name's total token weight; ``conflict``
    multiplies the estimate of a person's name with more than ``left`` weight
    unpaired on both sides.
    """
    if not batch.hits:
        return {}
    sizes = np.asarray(batch.sizes, dtype=np.int64)
    rows = np.repeat(np.asarray(batch.rows, dtype=np.int64), sizes)
    names_f, alike, list_weight, cap = np.concatenate([h.rows for h in batch.hits], axis=1)
    names = names_f.astype(np.int64)
    query_weight = np.minimum(np.repeat(np.asarray(batch.weights, dtype=np.float64), sizes), cap)
    # one slot per (query, list name) pair, however many tokens reach it
    span = np.int64(name_weight.size)
    keys = rows * span + names
    # The keys come as a few sorted runs per query (each word's hits are sorted
    # by name, queries in order): a stable sort merges runs instead of sorting.
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    slot = np.cumsum(np.r_[False, keys[1:] != keys[:-1]])
    pair = keys[starts]
    query_weight, list_weight, alike = query_weight[order], list_weight[order], alike[order]
    q = np.bincount(slot, query_weight)
    c = np.bincount(slot, list_weight)
    paired = np.bincount(slot, alike * (query_weight + list_weight))
    pair_rows = pair // span
    pair_names = pair % span
    totals = np.asarray(batch.totals, dtype=np.float64)[pair_rows]
    surplus = np.asarray(batch.surplus, dtype=np.float64)[pair_rows]
    left_q = totals - q
    left_c = np.maximum(name_weight[pair_names] - c, 0.0)
    mean_alike = paired / (q + c)
    # the scorer multiplies coverage by the product of the pair similarities,
    # each raised to its pair's share of the heaviest pair's weight; by the
    # weighted AM-GM inequality their weighted mean bounds that product
    estimate = (q + c) / (q + c + surplus * (left_q + left_c)) * mean_alike
    both_left = (surplus < 1.0) & (left_q > left) & (left_c > left)
    estimate = np.where(both_left, estimate * conflict, estimate)
    keep = estimate >= np.asarray(batch.floors, dtype=np.float64)[pair_rows]
    found: dict[int, list[tuple[int, float]]] = {}
    for row, name, value in zip(
        pair_rows[keep].tolist(), pair_names[keep].tolist(), estimate[keep].tolist(), strict=True
    ):
        found.setdefault(row, []).append((name, value))
    return found
