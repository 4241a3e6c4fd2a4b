"""CPU instructions spent screening the first names of the benchmark's roster.

Wall-clock rates on a shared 2-core machine move by a tenth or more from one
run to the next, more than most single changes to the hot path are worth.
The number of instructions executed barely moves, so this is how a change to
screening is compared with the code before it: run this on both, one after
the other or at the same time (the count does not depend on load).

It runs screening under valgrind's callgrind (Debian package ``valgrind``)
with instrumentation switched on only around ``Screener.match_many`` (one
process, default threshold), after the index was built, and prints one JSON
object: ``names``, ``instructions``, ``instructions_per_name``, ``alerts``.
The lists are those of the store in force (``LABORSCREEN_HOME``); a run of
4,000 names takes about a minute.

    python scripts/screening_instructions.py [--names 4000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from laborscreen.engine import load_screener
from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.model import Schema
from laborscreen.scoring import DEFAULT_THRESHOLD, Query

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def _instrumentation(state: str) -> None:
    subprocess.run(
        ["callgrind_control", "-i", state, str(os.getpid())], capture_output=True, check=True
    )


def screen_instrumented(names: int, seed: int) -> int:
    """Screen ``names`` roster names with callgrind counting; the names with an alert."""
    screener = load_screener()
    persons = [e for e in screener.index.entities if e.schema.is_person]
    roster = synthetic_roster(persons, max(names, 1), seed)[:names]
    queries = [Query((row.text,), Schema.PERSON) for row in roster]
    _instrumentation("on")
    found = screener.match_many(queries, DEFAULT_THRESHOLD, 10, workers=1)
    _instrumentation("off")
    return sum(1 for matches in found if matches)


def count(names: int, seed: int) -> dict[str, float]:
    """Run :func:`screen_instrumented` under callgrind; the figures of the module docstring."""
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("error: valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={scratch}/callgrind.out",
            sys.executable,
            __file__,
            "--inner",
            "--names",
            str(names),
            "--seed",
            str(seed),
        ]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
    collected = _COLLECTED.search(run.stderr)
    if run.returncode != 0 or collected is None:
        raise SystemExit(f"error: callgrind run failed:\n{run.stderr[-2000:]}")
    instructions = int(collected.group(1))
    return {
        "names": names,
        "instructions": instructions,
        "instructions_per_name": round(instructions / max(names, 1)),
        "alerts": int(run.stdout.split()[-1]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=4_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        print(screen_instrumented(args.names, args.seed))
    else:
        print(json.dumps(count(args.names, args.seed)))


if __name__ == "__main__":
    main()
