"""``laborscreen serve`` (the HTTP API) and ``laborscreen bench-api`` (its latency).

``serve`` applies pending migrations once, then starts uvicorn with the
application factory, in one process or ``--workers`` processes that each load
the lists (the matcher is CPU-bound: processes, not threads, use more cores).
"""

from __future__ import annotations

import json
import os

import click

from laborscreen.cli import main
from laborscreen.service.db import Database, display_url
from laborscreen.service.lists import DEFAULT_POLL_SECONDS
from laborscreen.settings import store_path


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes."
)
@click.option(
    "--poll-seconds",
    default=DEFAULT_POLL_SECONDS,
    show_default=True,
    type=float,
    help="How often to look for new list versions (0: never).",
)
@click.option("--access-log/--no-access-log", default=True, show_default=True)
@click.option("--log-level", default="info", show_default=True)
def serve(
    host: str, port: int, workers: int, poll_seconds: float, access_log: bool, log_level: str
) -> None:
    """Serve the HTTP API (OpenAPI at /docs and /openapi.json)."""
    import uvicorn

    from laborscreen.service.api.app import ENV_MIGRATE, ENV_POLL

    with Database() as db:
        revision = db.upgrade()
    click.echo(
        f"laborscreen: database {display_url(db.url)} at revision {revision}; "
        f"lists from {store_path()}; serving on http://{host}:{port}",
        err=True,
    )
    # The workers read their settings from the environment (uvicorn's factory takes none).
    os.environ[ENV_MIGRATE] = "0"
    os.environ[ENV_POLL] = str(poll_seconds)
    uvicorn.run(
        "laborscreen.service.api.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level=log_level,
    )


@main.command("bench-api")
@click.option("--seconds", default=10.0, show_default=True, type=float, help="Per concurrency.")
@click.option(
    "--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Server processes."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_api(seconds: float, workers: int, as_json: bool) -> None:
    """Time single-entity /match requests at concurrency 1 and 8 over loopback.

    Starts `laborscreen serve` on a free loopback port with the lists in
    LABORSCREEN_HOME and a throw-away service database, then prints p50/p95
    latency and requests per second for each concurrency.
    """
    from laborscreen.service.bench import run_bench_api

    result = run_bench_api(seconds, workers, progress=lambda line: click.echo(line, err=True))
    if as_json:
        click.echo(json.dumps(result))
        return
    for level, figures in result.items():
        click.echo(
            f"{level}: p50 {figures['p50_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms, "
            f"{figures['requests_per_second']:.0f} requests/s "
            f"({figures['requests']} requests, {figures['errors']} errors)"
        )
