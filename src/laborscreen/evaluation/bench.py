"""The bulk-speed benchmark: indexed screening against brute force, on one machine.

DESIGN §6 asks that screening a roster be at least 20 times faster than
comparing every roster name with every list name (rapidfuzz ``cdist``, 2
workers) while finding at least 99% of the pairs that exhaustive scoring finds
at or above the alert threshold. :func:`run_bench` measures both on a synthetic
roster (:mod:`laborscreen.evaluation.bench_roster`) in one run:

1. build the :class:`~laborscreen.engine.Screener` (timed on its own);
2. screen every roster name through the index (timed);
3. ``cdist`` of the normalised roster names against every normalised list name
   (timed; the roster names are normalised beforehand, so the baseline is not
   charged for normalisation while the indexed path is);
4. on a sample, score every name against every listed person with the real
   scorer (slow: spread over worker processes) and count how many of the pairs
   at or above the threshold the indexed run returns as well.
"""

from __future__ import annotations

import multiprocessing
import random
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from laborscreen.engine import Screener
from laborscreen.evaluation.bench_roster import RosterName, synthetic_roster
from laborscreen.model import Entity, Schema
from laborscreen.names import analyze
from laborscreen.scoring import DEFAULT_THRESHOLD, Query
from laborscreen.scoring.scorer import score_entity

#: Roster rows per ``cdist`` call: 1,000 x ~29,000 list names is ~116 MB of float32 scores.
BRUTE_FORCE_CHUNK = 1_000

#: Fewest rows brute force is timed on when asked to time a subset.
MIN_BRUTE_FORCE_ROWS = 2_000

#: How many results the recall run asks the index for (more than any name has).
RECALL_LIMIT = 50

#: Jaro-Winkler: the string metric of OFAC's own Sanctions List Search and the
#: usual brute-force baseline in name screening.
BRUTE_FORCE_SCORER = "jaro_winkler"

#: The scorers brute force can be timed with: name -> (function, score dtype).
#: Others than the default show how much the baseline's choice moves the speedup.
BRUTE_FORCE_SCORERS: dict[str, tuple[Callable[..., Any], Any]] = {
    "jaro_winkler": (JaroWinkler.normalized_similarity, np.float32),
    "ratio": (fuzz.ratio, np.uint8),
    "token_sort_ratio": (fuzz.token_sort_ratio, np.uint8),
    "token_set_ratio": (fuzz.token_set_ratio, np.uint8),
}

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BenchResult:
    roster_size: int
    seed: int
    list_entities: int
    list_names: int
    index_build_seconds: float
    indexed_seconds: float
    names_per_second: float
    alerts: int  # roster names with at least one match at or above the threshold
    brute_force_scorer: str
    brute_force_rows_timed: int
    brute_force_seconds: float
    brute_force_names_per_second: float
    speedup: float
    recall_sample: int
    recall_sample_listed: int
    brute_force_pairs: int
    indexed_pairs_found: int
    recall_vs_brute_force: float | None  # None when exhaustive scoring found no pair
    # the subset of those pairs that join a listed rendering to the entity it renders
    rendered_pairs: int
    rendered_pairs_found: int
    rendered_recall: float | None
    threshold: float
    peak_rss_mb: float
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _quiet(message: str) -> None:
    del message


def _query(name: str) -> Query:
    return Query(names=(name,), schema=Schema.PERSON)


def peak_rss_mb() -> float:
    """Peak resident memory of this process (not of worker processes), in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def time_indexed(screener: Screener, names: Sequence[str], workers: int = 2) -> tuple[float, int]:
    """(seconds, names with an alert) for screening every name at the default threshold,
    in ``workers`` processes as ``laborscreen screen`` does for a large roster.

    The queries are made before the clock starts, as brute force gets its
    name lists ready before its clock starts; analysing the names is timed.
    """
    queries = [_query(n) for n in names]
    start = time.perf_counter()
    found = screener.match_many(queries, DEFAULT_THRESHOLD, 10, workers)
    return time.perf_counter() - start, sum(1 for matches in found if matches)


def time_brute_force(
    screener: Screener,
    names: Sequence[str],
    rows: int | None = None,
    workers: int = 2,
    scorer: str = BRUTE_FORCE_SCORER,
) -> tuple[float, int]:
    """(seconds, rows timed) for ``cdist`` of normalised names against every list name.

    ``rows`` times only the first rows (at least :data:`MIN_BRUTE_FORCE_ROWS`);
    the caller extrapolates the rate.
    """
    if rows is not None:
        names = names[: max(rows, MIN_BRUTE_FORCE_ROWS)]
    queries = [analyze(name, False).text for name in names]
    choices = [indexed.form.text for indexed in screener.index.names]
    function, dtype = BRUTE_FORCE_SCORERS[scorer]
    start = time.perf_counter()
    for offset in range(0, len(queries), BRUTE_FORCE_CHUNK):
        chunk = queries[offset : offset + BRUTE_FORCE_CHUNK]
        scores = process.cdist(chunk, choices, scorer=function, workers=workers, dtype=dtype)
        del scores  # only the time matters; keep one chunk alive at a time
    return time.perf_counter() - start, len(queries)


def recall_sample(roster: Sequence[RosterName], size: int, seed: int) -> list[RosterName]:
    """Distinct roster names to score exhaustively, a quarter of them listed-person renderings.

    Listed renderings are 3% of a roster; a plain random sample would hold too
    few pairs at or above the threshold to measure recall on.
    """
    rng = random.Random(seed)
    unique = list({item.text: item for item in roster}.values())
    listed = [item for item in unique if item.group == "listed"]
    others = [item for item in unique if item.group != "listed"]
    take_listed = min(len(listed), max(size // 4, size - len(others)))
    chosen = rng.sample(listed, take_listed)
    chosen += rng.sample(others, min(len(others), size - take_listed))
    return chosen


# Exhaustive scoring runs in forked workers that inherit the screener.
_SHARED: dict[str, Any] = {}


def _exhaustive_one(name: str) -> list[str]:
    screener: Screener = _SHARED["screener"]
    persons: list[int] = _SHARED["persons"]
    query = _query(name)
    forms = [f for f in (analyze(n, False) for n in query.names) if f.tokens]
    if not forms:
        return []
    found = []
    for position in persons:
        match = score_entity(query, forms, screener.index, position)
        if match is not None and match.score >= DEFAULT_THRESHOLD:
            found.append(match.entity_id)
    return found


def _exhaustive_chunk(names: list[str]) -> list[tuple[str, str]]:
    return [(name, entity_id) for name in names for entity_id in _exhaustive_one(name)]


def exhaustive_pairs(
    screener: Screener, names: Sequence[str], workers: int = 2, progress: Progress = _quiet
) -> set[tuple[str, str]]:
    """Every (name, entity id) pair at or above the threshold, scoring every listed person."""
    _SHARED["screener"] = screener
    _SHARED["persons"] = [
        i for i, entity in enumerate(screener.index.entities) if entity.schema.is_person
    ]
    chunks = [list(names[i : i + 5]) for i in range(0, len(names), 5)]
    pairs: set[tuple[str, str]] = set()
    start, done, reported = time.perf_counter(), 0, 0
    use_pool = workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    try:
        if use_pool:
            # fork, not spawn: the workers share the parent's index instead of rebuilding it
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results: Iterable[list[tuple[str, str]]] = pool.imap_unordered(
                    _exhaustive_chunk, chunks
                )
                for result in results:
                    pairs.update(result)
                    done += 1
                    reported = _report(progress, done, len(chunks), reported, start)
        else:
            for chunk in chunks:
                pairs.update(_exhaustive_chunk(chunk))
                done += 1
                reported = _report(progress, done, len(chunks), reported, start)
    finally:
        _SHARED.clear()
    return pairs


def _report(progress: Progress, done: int, total: int, reported: int, start: float) -> int:
    tenth = done * 10 // total
    if tenth > reported:
        progress(f"exhaustive scoring: {tenth * 10}% ({time.perf_counter() - start:.0f} s)")
    return max(tenth, reported)


def indexed_pairs(screener: Screener, names: Sequence[str]) -> set[tuple[str, str]]:
    """The (name, entity id) pairs the indexed screener returns at or above the threshold."""
    return {
        (name, match.entity_id)
        for name in names
        for match in screener.match(_query(name), threshold=DEFAULT_THRESHOLD, limit=RECALL_LIMIT)
    }


def run_bench(
    entities: Iterable[Entity],
    size: int = 20_000,
    sample: int = 500,
    seed: int = 1,
    brute_force_rows: int | None = None,
    workers: int = 2,
    progress: Progress = _quiet,
    scorer: str = BRUTE_FORCE_SCORER,
) -> BenchResult:
    """Measure indexed screening, brute force and recall on a synthetic roster of ``size``."""
    started = time.perf_counter()
    entity_list = list(entities)
    progress(f"building the index over {len(entity_list)} entities")
    build_start = time.perf_counter()
    screener = Screener(entity_list)
    build_seconds = time.perf_counter() - build_start

    persons = [e for e in screener.index.entities if e.schema.is_person]
    roster = synthetic_roster(persons, size, seed)
    names = [item.text for item in roster]

    progress(f"indexed screening of {len(names)} roster names")
    indexed_seconds, alerts = time_indexed(screener, names, workers)
    names_per_second = len(names) / indexed_seconds if indexed_seconds else 0.0

    progress(f"brute force: cdist against {len(screener.index.names)} list names")
    brute_seconds, rows = time_brute_force(screener, names, brute_force_rows, workers, scorer)
    brute_rate = rows / brute_seconds if brute_seconds else 0.0

    chosen = recall_sample(roster, sample, seed)
    chosen_names = [item.text for item in chosen]
    progress(f"exhaustive scoring of {len(chosen)} sample names against {len(persons)} persons")
    exhaustive = exhaustive_pairs(screener, chosen_names, workers, progress)
    found = exhaustive & indexed_pairs(screener, chosen_names)
    rendered = exhaustive & {(item.text, item.entity_id or "") for item in chosen}

    return BenchResult(
        roster_size=len(names),
        seed=seed,
        list_entities=len(screener.index.entities),
        list_names=len(screener.index.names),
        index_build_seconds=round(build_seconds, 3),
        indexed_seconds=round(indexed_seconds, 3),
        names_per_second=round(names_per_second, 1),
        alerts=alerts,
        brute_force_scorer=scorer,
        brute_force_rows_timed=rows,
        brute_force_seconds=round(brute_seconds, 3),
        brute_force_names_per_second=round(brute_rate, 1),
        speedup=float(f"{names_per_second / brute_rate:.4g}") if brute_rate else 0.0,
        recall_sample=len(chosen),
        recall_sample_listed=sum(1 for item in chosen if item.group == "listed"),
        brute_force_pairs=len(exhaustive),
        indexed_pairs_found=len(found),
        recall_vs_brute_force=round(len(found) / len(exhaustive), 4) if exhaustive else None,
        rendered_pairs=len(rendered),
        rendered_pairs_found=len(rendered & found),
        rendered_recall=round(len(rendered & found) / len(rendered), 4) if rendered else None,
        threshold=DEFAULT_THRESHOLD,
        peak_rss_mb=round(peak_rss_mb(), 1),
        seconds=round(time.perf_counter() - started, 3),
    )
