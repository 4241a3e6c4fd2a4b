"""What a route depends on: the service state, the database and the authenticated caller.

Routes declare the role they need with ``Depends(caller(Role.X))``; the
dependency authenticates (API key header, else session cookie) and checks the
role, so a route body only ever runs for a caller it admits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie, APIKeyHeader

from laborscreen.media.store import media_path
from laborscreen.service.auth import (
    SESSION_COOKIE,
    CredentialCache,
    Principal,
    authenticate,
    check_csrf,
    credential_key,
    require,
)
from laborscreen.service.db import Database
from laborscreen.service.jobs import JobRunner
from laborscreen.service.lists import Lists
from laborscreen.service.models import Role


@dataclass
class ServiceState:
    """What every request of one process shares."""

    db: Database
    lists: Lists
    credentials: CredentialCache
    migrate: bool = True
    jobs: JobRunner | None = None  # None: this process runs no screening jobs
    media: Path | None = None  # the media store; None: media.db in LABORSCREEN_HOME

    def media_store(self) -> Path:
        # Resolved per call, so that a store ingested after start-up is found.
        return self.media or media_path()


async def service_state(request: Request) -> ServiceState:
    # Asynchronous only so that FastAPI calls it on the event loop, not in a thread.
    state: ServiceState = request.app.state.service
    return state


State = Annotated[ServiceState, Depends(service_state)]

# Declared as security schemes so that OpenAPI (and its "Authorize" button) shows them.
_api_key = APIKeyHeader(
    name="Authorization",
    scheme_name="ApiKey",
    description="`ApiKey <key>` or `Bearer <key>` (keys come from `laborscreen admin create-key`)",
    auto_error=False,
)
_session = APIKeyCookie(
    name=SESSION_COOKIE,
    scheme_name="Session",
    description="The web UI's login session",
    auto_error=False,
)


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"


def _look_up(
    state: ServiceState, authorization: str | None, session_token: str | None
) -> Principal:
    with state.db.connect() as connection:
        return authenticate(connection, authorization, session_token)


def caller(role: Role = Role.ANALYST) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting callers whose role is at least ``role``.

    Asynchronous so that a request whose credential was verified a moment ago
    costs neither a query nor a thread; a look-up runs in the thread pool,
    where waiting for the database blocks no other request.
    """

    async def dependency(
        request: Request,
        state: State,
        authorization: Annotated[str | None, Security(_api_key)] = None,
        session_token: Annotated[str | None, Security(_session)] = None,
    ) -> Principal:
        if session_token and not authorization and request.method not in _SAFE_METHODS:
            # A browser sends the cookie by itself; only the service's own pages know the token.
            check_csrf(session_token, request.headers.get(CSRF_HEADER))
        key = credential_key(authorization, session_token)
        principal = state.credentials.get(key) if key else None
        if principal is None:
            principal = await run_in_threadpool(_look_up, state, authorization, session_token)
            if key:
                state.credentials.put(key, principal)
        return require(principal, role)

    return dependency


Analyst = Annotated[Principal, Depends(caller(Role.ANALYST))]
Reviewer = Annotated[Principal, Depends(caller(Role.REVIEWER))]
