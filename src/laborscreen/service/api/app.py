"""The FastAPI application: state, start-up, error handling and routers.

:func:`create_app` is what ``laborscreen serve`` runs (through
:func:`app_from_environment` when uvicorn starts several worker processes)
and what the tests drive. At start-up it applies pending migrations (unless
the caller already did), loads the lists once and starts watching the list
store for new versions.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from laborscreen.service.api import alerts, entities, errors, matching, media, screenings, system
from laborscreen.service.api.deps import ServiceState
from laborscreen.service.auth import CREDENTIAL_CACHE_SECONDS, CredentialCache
from laborscreen.service.db import Database
from laborscreen.service.jobs import JobRunner
from laborscreen.service.lists import DEFAULT_POLL_SECONDS, Lists
from laborscreen.service.ui import router as ui_router

#: Environment read by :func:`app_from_environment` (set by ``laborscreen serve``).
ENV_MIGRATE = "LABORSCREEN_SERVE_MIGRATE"
ENV_POLL = "LABORSCREEN_LIST_POLL_SECONDS"

DESCRIPTION = """
Screening of people and organisations against the sanctions lists, with a
yente-compatible `/match`. Every route except `/healthz` needs an API key
(`Authorization: ApiKey <key>` or `Bearer <key>`) or a UI session.
Errors have one shape: `{"error": {"code", "message", "details"}}`.
"""


def create_app(
    db: Database | None = None,
    lists: Lists | None = None,
    *,
    store_path: Path | None = None,
    migrate: bool = True,
    poll_seconds: float = DEFAULT_POLL_SECONDS,
    credential_cache_seconds: float = CREDENTIAL_CACHE_SECONDS,
    jobs: bool = True,
    job_poll_seconds: float = 1.0,
    media_store: Path | None = None,
) -> FastAPI:
    database = db or Database()
    loaded = lists or Lists(database, store_path, poll_seconds)
    state = ServiceState(
        db=database,
        lists=loaded,
        credentials=CredentialCache(credential_cache_seconds),
        migrate=migrate,
        jobs=JobRunner(database, loaded, poll_seconds=job_poll_seconds) if jobs else None,
        media=media_store,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.migrate:
            state.db.upgrade()
        state.lists.load()
        state.lists.start_polling()
        if state.jobs is not None:
            state.jobs.start()
        try:
            yield
        finally:
            if state.jobs is not None:
                state.jobs.stop()
            state.lists.stop_polling()
            state.db.dispose()

    app = FastAPI(
        title="laborscreen",
        version=version("laborscreen"),
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.service = state
    errors.install(app)
    app.include_router(system.router)
    app.include_router(matching.router)
    app.include_router(entities.router)
    app.include_router(screenings.router)
    app.include_router(alerts.router)
    app.include_router(media.router)
    app.include_router(ui_router)
    # The UI's stylesheet and script: public, they hold no data.
    app.mount("/ui/static", StaticFiles(directory=Path(__file__).parents[1] / "ui" / "static"))
    return app


def app_from_environment() -> FastAPI:
    """The application as configured by the environment (uvicorn's factory for workers)."""
    return create_app(
        migrate=os.environ.get(ENV_MIGRATE, "1") != "0",
        poll_seconds=float(os.environ.get(ENV_POLL, DEFAULT_POLL_SECONDS)),
    )
