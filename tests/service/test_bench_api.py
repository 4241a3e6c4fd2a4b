"""``laborscreen bench-api --json``: a real server on the full lists, timed at concurrency 1, 8."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from laborscreen.cli import main
from laborscreen.service.bench import load
from laborscreen.sources import load_path
from laborscreen.store import ListStore

SHARED_LISTS = (Path(__file__).parents[2] / ".." / "shared" / "data" / "lists").resolve()


@pytest.mark.slow
def test_bench_api_prints_latency_per_concurrency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not SHARED_LISTS.is_dir():
        pytest.skip("official lists not available")
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path))
    with ListStore(tmp_path / "laborscreen.db") as store:
        store.import_lists(load_path(SHARED_LISTS), origin="import")
    result = CliRunner().invoke(main, ["bench-api", "--seconds", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures) == {"c1", "c8"}
    for level, threads in (("c1", 1), ("c8", 8)):
        data = figures[level]
        assert data["concurrency"] == threads
        assert data["errors"] == 0 and data["requests"] > 0
        assert 0 < data["p50_ms"] <= data["p95_ms"]
        assert data["requests_per_second"] > 0


def test_bench_api_without_lists_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path))
    result = CliRunner().invoke(main, ["bench-api", "--seconds", "1"])
    assert result.exit_code == 2
    assert "no lists loaded" in result.output


def _answering_server(
    statuses: list[int],
) -> tuple[asyncio.Server, threading.Thread, asyncio.AbstractEventLoop]:
    """A keep-alive HTTP/1.1 server on loopback answering with ``statuses`` in turn."""
    loop = asyncio.new_event_loop()
    seen = iter(statuses * 100_000)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                body = json.loads(await reader.readexactly(length))
                answer = json.dumps({"echo": body}).encode()
                status = next(seen)
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Length: {len(answer)}\r\n\r\n".encode()
                    + answer
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            await writer.wait_closed()

    server = loop.run_until_complete(asyncio.start_server(handle, "127.0.0.1", 0))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    return server, thread, loop


def test_load_keeps_requests_in_flight_and_counts_errors() -> None:
    server, thread, loop = _answering_server([200, 200, 200, 503])
    port = server.sockets[0].getsockname()[1]

    async def shut_down() -> None:
        server.close()
        await server.wait_closed()

    try:
        bodies = [{"queries": {"q": {"schema": "Person", "properties": {"name": ["Ким"]}}}}]
        figures = load(f"http://127.0.0.1:{port}", "lsk_synthetic", bodies, 3, 0.3)
    finally:
        asyncio.run_coroutine_threadsafe(shut_down(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
    assert figures["concurrency"] == 3
    assert figures["requests"] > 0 and figures["errors"] > 0
    # one answer in four is an error, and errors are counted, not timed
    assert abs(figures["errors"] * 3 - figures["requests"]) <= 3
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
