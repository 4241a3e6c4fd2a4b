"""Where one screening process spends its time per name, on the benchmark's roster.

``laborscreen bench`` gives the rates that judge bulk speed; this gives the
stages behind them, in one process, so that a change to one stage can be
measured on its own. It prints one JSON object:

- ``cold_us_per_name``: screening half the roster (every other name) with
  nothing cached yet, as each of the two processes of a bulk run starts;
- ``warm_words_us_per_name``: screening the other half next, when most of its
  words have been seen but none of its names;
- ``analyze_us_per_name``: analysing those names again with the word caches
  kept and the name caches emptied;
- ``new_word_hits_us``: building the hits of one distinct roster word the
  first time (the scorer's word similarity against every list word near it);
- ``full_collection_seconds``: one full run of the cyclic garbage collector
  over everything alive, the index included, as it was before the index was
  exempted from collection (``laborscreen.heap``).

Timings are wall-clock on a shared machine: compare runs made one after the
other, and repeat them.

    python scripts/profile_screening.py [--size 20000] [--seed 1]
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Sequence

from laborscreen.engine import Screener, load_screener
from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.heap import settle
from laborscreen.model import Schema
from laborscreen.names import analyze, korean
from laborscreen.names import compare as compare_module
from laborscreen.scoring import DEFAULT_THRESHOLD, Query

BATCH = 500


def _screen(screener: Screener, queries: Sequence[Query]) -> float:
    start = time.perf_counter()
    for offset in range(0, len(queries), BATCH):
        screener.match_batch(queries[offset : offset + BATCH], DEFAULT_THRESHOLD, 10)
    return time.perf_counter() - start


def profile(screener: Screener, size: int, seed: int) -> dict[str, float]:
    """The figures of the module docstring for ``size`` roster names (seed ``seed``).

    Empties the screener's caches on the way (its results stay the same).
    """
    persons = [e for e in screener.index.entities if e.schema.is_person]
    names = [r.text for r in synthetic_roster(persons, size, seed)]
    queries = [Query((name,), Schema.PERSON) for name in names]
    first, second = queries[::2], queries[1::2]

    cold = _screen(screener, first)
    warm_words = _screen(screener, second)

    analyze.cache_clear()
    korean._readings.cache_clear()
    start = time.perf_counter()
    for query in second:
        analyze(query.names[0])
    analysing = time.perf_counter() - start

    # every distinct word of the roster, its hits built anew (the index's own
    # caches are emptied: this reaches into them on purpose)
    index = screener.index
    tokens = {t.text: t for name in names for t in analyze(name).tokens}
    for words in index._words:
        words.clear()
    index._near_cache.clear()
    compare_module._SIMILARITIES.clear()
    start = time.perf_counter()
    for token in tokens.values():
        index._word(token, False)
    hits = time.perf_counter() - start

    gc.unfreeze()
    start = time.perf_counter()
    gc.collect()
    collection = time.perf_counter() - start
    settle()

    return {
        "roster_size": len(names),
        "distinct_names": len(set(names)),
        "distinct_words": len(tokens),
        "cold_us_per_name": round(cold / max(len(first), 1) * 1e6, 1),
        "warm_words_us_per_name": round(warm_words / max(len(second), 1) * 1e6, 1),
        "analyze_us_per_name": round(analysing / max(len(second), 1) * 1e6, 1),
        "new_word_hits_us": round(hits / max(len(tokens), 1) * 1e6, 1),
        "full_collection_seconds": round(collection, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(profile(load_screener(), args.size, args.seed)))


if __name__ == "__main__":
    main()
