"""One error shape for every failure: ``{"error": {"code", "message", "details"}}``.

Every path to an error response goes through :func:`error_response`: the
laborscreen errors raised by the service (:class:`ServiceError` carries its
own status and code), FastAPI's request validation, Starlette's HTTP errors
(unknown route, wrong method) and, last, anything unexpected (500, logged, no
internals shown).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from laborscreen.errors import LaborscreenError, ServiceError, StoreError

log = logging.getLogger(__name__)

STORE_UNAVAILABLE = "the service's database cannot be used right now; try again later"

#: Codes for the HTTP errors Starlette raises itself.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
}


def error_body(
    code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def error_response(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> JSONResponse:
    headers = {"WWW-Authenticate": 'ApiKey realm="laborscreen"'} if status == 401 else None
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _for(request: Request, response: JSONResponse) -> Response:
    """The UI's pages show an error as a page; everything else gets the JSON shape."""
    path = request.url.path
    if not (path.startswith("/ui/") or path in ("/login", "/logout")):
        return response
    from laborscreen.service.ui.render import page

    error = json.loads(bytes(response.body))["error"]
    return page(
        "error.html.j2",
        None,
        None,
        response.status_code,
        title=f"{response.status_code} {error['code'].replace('_', ' ')}",
        message=error["message"],
    )


async def _service_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    return _for(request, error_response(exc.status, exc.code, exc.message, exc.details))


async def _laborscreen_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, StoreError):
        # The detail (database address, driver message) goes to the log, not to callers.
        log.error("store unavailable: %s", exc)
        return _for(request, error_response(503, "store_unavailable", STORE_UNAVAILABLE))
    return _for(request, error_response(400, "bad_request", str(exc)))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"field": _field(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    first = details[0] if details else {"field": "request", "message": "invalid"}
    message = f"invalid request: {first['field']}: {first['message']}"
    if len(details) > 1:
        message += f" (and {len(details) - 1} more)"
    return _for(request, error_response(422, "invalid_request", message, details))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    return _for(request, error_response(exc.status_code, code, str(exc.detail)))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "the server could not handle this request")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(LaborscreenError, _laborscreen_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
