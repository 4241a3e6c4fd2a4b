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

from laborscreen.service.api import entities, errors, matching, system
from laborscreen.service.api.deps import ServiceState
from laborscreen.service.auth import CREDENTIAL_CACHE_SECONDS, CredentialCache
from laborscreen.service.db import Database
from laborscreen.service.lists import DEFAULT_POLL_SECONDS, Lists

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
) -> FastAPI:
    database = db or Database()
    state = ServiceState(
        db=database,
        lists=lists or Lists(database, store_path, poll_seconds),
        credentials=CredentialCache(credential_cache_seconds),
        migrate=migrate,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.migrate:
            state.db.upgrade()
        state.lists.load()
        state.lists.start_polling()
        try:
            yield
        finally:
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
    return app


def app_from_environment() -> FastAPI:
    """The application as configured by the environment (uvicorn's factory for workers)."""
    return create_app(
        migrate=os.environ.get(ENV_MIGRATE, "1") != "0",
        poll_seconds=float(os.environ.get(ENV_POLL, DEFAULT_POLL_SECONDS)),
    )
