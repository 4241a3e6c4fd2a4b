"""``laborscreen bench-api``: the latency of single-entity ``/match`` requests over loopback.

It starts ``laborscreen serve`` in a subprocess on a free loopback port with
the lists in force in ``LABORSCREEN_HOME`` and a throw-away SQLite service
database (one synthetic organisation and API key), waits for ``/healthz``,
then keeps 1 and then 8 requests in flight, each level for a bounded time.
The client is one asyncio event loop writing prepared HTTP/1.1 requests on
keep-alive connections, so that on a small machine, where it shares the
server's cores, it takes as little of them as it can and the figures are the
server's. The names are the synthetic benchmark roster
(:mod:`laborscreen.evaluation.bench_roster`): mostly people on no list plus
renderings of listed persons, each with a birth year half of the time.
The server is stopped whatever happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


class _Connection:
    """One keep-alive HTTP/1.1 connection that sends prepared requests and reads answers.

    The load generator shares the server's cores, so it does as little as it
    can per request: the request bytes are built once, and the answer is read
    by its ``Content-Length`` without being parsed further.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def send(self, request: bytes) -> int:
        """Send ``request``; the status code once the whole answer has been read."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                await self.reader.readexactly(int(value))
                return int(head[9:12])
        # The service sends every answer with its length; anything else is a fault.
        raise ConnectionError("an answer without Content-Length on a keep-alive connection")

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


def match_requests(host: str, port: int, key: str, bodies: list[dict[str, Any]]) -> list[bytes]:
    """Each body as a complete ``POST /match/default`` HTTP/1.1 request."""
    requests = []
    for body in bodies:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        head = (
            f"POST /match/default HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: ApiKey {key}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        )
        requests.append(head.encode("ascii") + payload)
    return requests


async def _load(
    host: str, port: int, requests: list[bytes], clients: int, seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    clock = time.perf_counter
    deadline = clock() + seconds

    async def client(n: int) -> None:
        nonlocal errors
        connection: _Connection | None = None
        i = n
        while clock() < deadline:
            request = requests[i % len(requests)]
            i += clients
            try:
                if connection is None:
                    connection = _Connection(*await asyncio.open_connection(host, port))
                start = clock()
                status = await connection.send(request)
                elapsed = (clock() - start) * 1000
            except (OSError, asyncio.IncompleteReadError, ValueError):
                errors += 1
                if connection is not None:
                    await connection.close()
                connection = None
                continue
            if status == 200:
                latencies.append(elapsed)
            else:
                errors += 1
        if connection is not None:
            await connection.close()

    started = clock()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, errors, clock() - started


def load(
    base_url: str, key: str, bodies: list[dict[str, Any]], clients: int, seconds: float
) -> dict[str, Any]:
    """Keep ``clients`` requests in flight for ``seconds``; latency figures in ms.

    Each of the concurrent clients (coroutines of one event loop,
    each with its own keep-alive connection) sends its next request as soon
    as the last one is answered. ``{"p50_ms", "p95_ms", "p99_ms",
    "requests_per_second", "requests", "errors", "concurrency"}``; failed
    requests are counted, not timed.
    """
    address = urlsplit(base_url)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    requests = match_requests(host, port, key, bodies)
    every, errors, wall = asyncio.run(_load(host, port, requests, clients, seconds))
    if not every:
        raise RuntimeError(f"no /match request succeeded ({errors} errors)")
    return {
        "concurrency": clients,
        "requests": len(every),
        "errors": errors,
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
            for label, clients in CONCURRENCY.items():
                say(f"{label}: {clients} request(s) in flight for {seconds:g} s")
                figures = load(base_url, key, bodies, clients, seconds)
                result[label] = {**figures, "seconds": seconds, "server_workers": workers}
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return result
