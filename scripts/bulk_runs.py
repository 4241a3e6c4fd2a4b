"""Bulk screening of the benchmark's roster, run several times from one built index.

``laborscreen bench`` times one indexed run per invocation, and on a shared
2-core machine one run can be a tenth or more off the next. This builds the
index once and then screens the roster ``--runs`` times, each run in a process
forked from the same state, so that each starts as ``laborscreen screen``
does (the index built, no word of the roster seen yet), in ``--workers``
processes at the default threshold. It prints one JSON object: per run the
wall-clock ``seconds``, the ``cpu_seconds`` of every process of the run and
their minor page faults (mostly pages copied on write after the fork), and
the medians. Compare two versions of the code by alternating runs of this
script on each.

    python scripts/bulk_runs.py [--runs 5] [--size 20000] [--seed 1] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import statistics
import time

from laborscreen.engine import Screener, load_screener
from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.model import Schema
from laborscreen.scoring import DEFAULT_THRESHOLD, Query


def _one_run(screener: Screener, queries: list[Query], workers: int) -> dict[str, float]:
    """Screen ``queries`` in this process and its helpers; the run's figures."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    found = screener.match_many(queries, DEFAULT_THRESHOLD, 10, workers)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    while mp.active_children():  # reap the helpers, so that their usage is counted
        time.sleep(0.01)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {
        "seconds": round(seconds, 4),
        "cpu_seconds": round(cpu + helpers.ru_utime + helpers.ru_stime, 4),
        "page_faults": after.ru_minflt - before.ru_minflt + helpers.ru_minflt,
        "alerts": sum(1 for matches in found if matches),
    }


def _forked_run(screener: Screener, queries: list[Query], workers: int) -> dict[str, float]:
    """:func:`_one_run` in a forked process, which leaves this one as it was."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the run's own process
        try:
            os.close(reader)
            os.write(writer, json.dumps(_one_run(screener, queries, workers)).encode())
        finally:
            os._exit(0)
    os.close(writer)
    data = b""
    while chunk := os.read(reader, 65536):
        data += chunk
    os.close(reader)
    os.waitpid(pid, 0)
    if not data:
        raise SystemExit("error: a run ended without its figures")
    figures: dict[str, float] = json.loads(data)
    return figures


def measure(runs: int, size: int, seed: int, workers: int) -> dict[str, object]:
    screener = load_screener()
    persons = [e for e in screener.index.entities if e.schema.is_person]
    queries = [Query((row.text,), Schema.PERSON) for row in synthetic_roster(persons, size, seed)]
    results = [_forked_run(screener, queries, workers) for _ in range(runs)]
    seconds = statistics.median(r["seconds"] for r in results)
    return {
        "roster_size": size,
        "workers": workers,
        "runs": results,
        "median_seconds": seconds,
        "median_names_per_second": round(size / seconds, 1) if seconds else 0.0,
        "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in results),
        "median_page_faults": statistics.median(r["page_faults"] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.runs < 1 or args.size < 1 or args.workers < 1:
        parser.error("--runs, --size and --workers must be positive")
    print(json.dumps(measure(args.runs, args.size, args.seed, args.workers)))


if __name__ == "__main__":
    main()
