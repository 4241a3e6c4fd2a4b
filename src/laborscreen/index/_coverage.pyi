from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

class Estimator:
    def __init__(
        self, name_weight: npt.NDArray[np.float64], conflict: float, left: float
    ) -> None: ...
    def estimate(
        self,
        hits: Sequence[npt.NDArray[np.float64]],
        weights: Sequence[float],
        total: float,
        surplus: float,
        floor: float,
    ) -> list[tuple[int, float]]: ...
    def best_per_name(
        self, parts: Sequence[tuple[npt.NDArray[np.int64], float, float, float]]
    ) -> bytes: ...
    def set_words(
        self,
        texts: Sequence[str],
        keys: Sequence[str],
        names: Sequence[npt.NDArray[np.int64]],
        weights: Sequence[float],
    ) -> None: ...
    def person_hits(self, text: str, key: str, words: Sequence[int], floor: float) -> bytes: ...
    def size(self) -> int: ...

def near(
    key: str, vocabulary: Mapping[str, object], deletes: Mapping[str, set[str]], shortest: int
) -> tuple[str, ...]: ...
