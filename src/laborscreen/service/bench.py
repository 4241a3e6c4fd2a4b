"""``laborscreen bench-api``: the latency of single-entity ``/match`` requests over loopback.

It starts ``laborscreen serve`` in a subprocess on a free loopback port with
the lists in force in ``LABORSCREEN_HOME`` and a throw-away SQLite service
database (one synthetic organisation and API key), waits for ``/healthz``,
then sends requests from 1 and from 8 client threads, each level for a
bounded time. The names are the synthetic benchmark roster
(:mod:`laborscreen.evaluation.bench_roster`): mostly people on no list plus
renderings of listed persons, each with a birth year half of the time.
The server is stopped whatever happens.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from laborscreen.errors import StoreError
from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.service import accounts
from laborscreen.service.db import Database
from laborscreen.store import ListStore

CONCURRENCY = {"c1": 1, "c8": 8}
QUERY_NAMES = 400
SEED = 20260301
#: Seconds to wait for the server to load the lists and answer /healthz.
START_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def bench_bodies(store_path: Path | None = None) -> list[dict[str, Any]]:
    """Single-entity /match request bodies over the synthetic roster's names."""
    with ListStore(store_path) as store:
        persons = [e for e in store.entities() if e.schema.is_person]
    if not persons:
        raise StoreError("no lists loaded: run `laborscreen lists import PATH` first")
    roster = synthetic_roster(persons, QUERY_NAMES, SEED, listed_share=0.10)
    bodies = []
    for i, name in enumerate(roster):
        properties: dict[str, list[str]] = {"name": [name.text]}
        if i % 2:
            properties["birthDate"] = [str(1950 + i % 40)]
        bodies.append({"queries": {"q": {"schema": "Person", "properties": properties}}})
    return bodies


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load(
    base_url: str, key: str, bodies: list[dict[str, Any]], threads: int, seconds: float
) -> dict[str, Any]:
    """Send requests from ``threads`` threads for ``seconds``; latency figures in ms.

    ``{"p50_ms", "p95_ms", "p99_ms", "requests_per_second", "requests", "errors",
    "concurrency"}``; failed requests are counted, not timed.
    """
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    deadline = time.perf_counter() + seconds

    def worker(n: int) -> None:
        headers = {"Authorization": f"ApiKey {key}"}
        with httpx.Client(base_url=base_url, headers=headers, timeout=30.0) as client:
            i = n
            while time.perf_counter() < deadline:
                body = bodies[i % len(bodies)]
                i += threads
                start = time.perf_counter()
                response = client.post("/match/default", json=body)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code == 200:
                    latencies[n].append(elapsed)
                else:
                    errors[n] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    every = [v for part in latencies for v in part]
    if not every:
        raise RuntimeError(f"no /match request succeeded ({sum(errors)} errors)")
    return {
        "concurrency": threads,
        "requests": len(every),
        "errors": sum(errors),
        "p50_ms": round(statistics.median(every), 2),
        "p95_ms": round(_percentile(every, 0.95), 2),
        "p99_ms": round(_percentile(every, 0.99), 2),
        "requests_per_second": round(len(every) / wall, 1),
    }


def _wait_ready(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            health = httpx.get(f"{base_url}/healthz", timeout=2.0)
        except httpx.TransportError:
            health = None
        if health is not None and health.status_code == 200:
            return
        if health is not None and health.status_code == 503:
            # Up, but without lists (or without its database): waiting will not help.
            raise RuntimeError(f"the server cannot screen: {health.json()['error']['message']}")
        time.sleep(0.2)
    raise RuntimeError(f"the server did not become ready within {START_TIMEOUT:.0f} s")


def run_bench_api(
    seconds: float = 10.0,
    workers: int = 2,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    say = progress or (lambda _message: None)
    bodies = bench_bodies()
    with tempfile.TemporaryDirectory(prefix="laborscreen-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'service.db'}"
        db = Database(url)
        db.upgrade()
        with db.transaction() as session:
            accounts.create_org(session, "Benchmark (synthetic)", "bench")
            _, key = accounts.create_key(session, "Benchmark (synthetic)", "analyst", "bench")
        db.dispose()
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "laborscreen", "serve", "--port", str(port)]
        command += ["--workers", str(workers), "--poll-seconds", "0"]
        command += ["--no-access-log", "--log-level", "warning"]
        env = {**os.environ, "LABORSCREEN_DATABASE_URL": url}
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
        try:
            say(f"starting the server on {base_url} ({workers} worker(s))")
            _wait_ready(base_url, process)
            load(base_url, key, bodies, 2, min(2.0, seconds))  # warm-up, not reported
            result: dict[str, Any] = {}
            for label, threads in CONCURRENCY.items():
                say(f"{label}: {threads} client thread(s) for {seconds:g} s")
                figures = load(base_url, key, bodies, threads, seconds)
                result[label] = {**figures, "seconds": seconds, "server_workers": workers}
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return result
