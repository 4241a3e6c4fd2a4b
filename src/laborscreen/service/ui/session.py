"""The UI's login session: who is signed in, or a redirect to the login page.

Every page handler starts with :func:`signed_in`; a request without a valid
session cookie raises :class:`NotSignedIn`, which the handler turns into
:func:`to_login` (back to the page asked for after signing in).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse

from laborscreen.errors import ServiceError
from laborscreen.service.auth import SESSION_COOKIE, Principal, authenticate


class NotSignedIn(Exception):
    """The request has no valid login session: go to the login page."""


def signed_in(request: Request, state: Any) -> tuple[Principal, str]:
    """The signed-in principal and the session token."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotSignedIn
    try:
        with state.db.connect() as connection:
            return authenticate(connection, None, token), token
    except ServiceError as exc:
        if exc.status == 401:
            raise NotSignedIn from None
        raise


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
