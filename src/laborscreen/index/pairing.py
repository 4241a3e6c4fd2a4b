"""Which list words near a query word pair with it: the parts a word's hits are made of.

Each list word that holds names of the query's kind and is at least ``floor``
alike (the scorer's word similarity) is a part: its names, the similarity,
its weight in those names and the most of the query word's weight it can
pair, which for a list initial against a full word is the initial's own
weight. The kernels' ``best_per_name`` then keeps each name's best part. The
C kernel's ``person_hits`` does the same for people's words in one step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

from laborscreen.names.analyze import Token

#: A list word's names, its similarity to the query word, its weight, its cap.
Part = tuple[npt.NDArray[np.int64], float, float, float]


def pairing_parts(
    query: Token,
    words: Iterable[tuple[Token, npt.NDArray[np.int64], float]],
    similarity: Callable[[Token, Token], float],
    floor: float,
) -> list[Part]:
    """The parts of the list ``words`` (word, names holding it, weight) that pair with ``query``."""
    parts: list[Part] = []
    for listed, names, weight in words:
        if not names.size:
            continue
        alike = similarity(query, listed)
        if alike < floor:
            continue
        # an initial vouches for no more of a full word than its own weight
        cap = weight if len(listed.text) == 1 < len(query.text) else math.inf
        parts.append((names, alike, weight, cap))
    return parts
