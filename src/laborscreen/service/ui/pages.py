"""The UI's pages: log in, upload and follow a screening, the alert queue, an alert, lists, audit.

Every page but the login form needs a login session; without one the browser
is sent to ``/login``. A page a role may not see answers 403 in the page
layout. Forms that change something carry the session's CSRF token.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from laborscreen.errors import ServiceError, StoreError
from laborscreen.service import alerts, audit, queue, uploads
from laborscreen.service.api.alerts import alert_detail
from laborscreen.service.api.deps import State
from laborscreen.service.api.screenings import screening_dict
from laborscreen.service.auth import (
    SESSION_COOKIE,
    SESSION_TTL,
    Principal,
    check_csrf,
    create_session,
    csrf_token,
    end_session,
)
from laborscreen.service.media import alert_media
from laborscreen.service.models import (
    AlertStatus,
    AuditEntry,
    Outcome,
    Role,
    Screening,
    User,
)
from laborscreen.service.passwords import verify_password
from laborscreen.service.ui.evidence import comparison, matched_words
from laborscreen.service.ui.lists import list_history
from laborscreen.service.ui.render import page
from laborscreen.service.ui.session import NotSignedIn, signed_in, to_login
from laborscreen.service.uploads import owned_screening
from laborscreen.store import ListStore

router = APIRouter(include_in_schema=False)

LOGIN_COOKIE = "laborscreen_login"  # the login form's own CSRF token (double submit)
#: Compared against when the e-mail is unknown, so that a wrong address costs the same time.
_NO_USER_HASH = (
    "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
)


def _safe_next(target: str | None) -> str:
    # Only paths of this site: never an absolute URL (an open redirect).
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/ui/alerts"


def _forbidden(principal: Principal, token: str, message: str) -> HTMLResponse:
    return page(
        "error.html.j2", principal, csrf_token(token), 403, title="Not allowed", message=message
    )


# ---- logging in and out ------------------------------------------------------


@router.get("/")
def home(request: Request) -> Response:
    if request.cookies.get(SESSION_COOKIE):
        return RedirectResponse("/ui/alerts", status_code=303)
    return RedirectResponse("/login", status_code=303)


def _login_page(next_url: str, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = page(
        "login.html.j2", None, None, status_code, next_url=next_url, error=error, login_token=token
    )
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login")
    return response


@router.get("/login")
def login_form(next: str | None = None) -> HTMLResponse:
    return _login_page(_safe_next(next))


@router.post("/login")
def login(
    request: Request,
    state: State,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    login_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/ui/alerts",
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE)
    target = _safe_next(next)
    if not expected or not secrets.compare_digest(expected, login_token):
        return _login_page(target, "The login form expired: please try again.", 403)
    with state.db.transaction() as session:
        user = session.execute(
            sa.select(User).where(User.email == email.strip().lower())
        ).scalar_one_or_none()
        ok = verify_password(password, user.password_hash if user else _NO_USER_HASH)
        if user is None or not ok or not user.active:
            return _login_page(target, "Unknown e-mail address or wrong password.", 401)
        token = create_session(session, user)
        audit.record(
            session,
            org_id=user.org_id,
            actor=f"user:{user.email}",
            action="session.create",
            object_type="user",
            object_id=user.id,
            after={"login": True},
        )
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, state: State, csrf: Annotated[str, Form()] = "") -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        check_csrf(token, csrf)
        with state.db.transaction() as session:
            end_session(session, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# ---- screenings -------------------------------------------------------------


def _recent(session: Any, principal: Principal) -> list[dict[str, Any]]:
    jobs = session.execute(
        sa.select(Screening)
        .where(Screening.org_id == principal.org_id)
        .order_by(Screening.id.desc())
        .limit(20)
    ).scalars()
    return [screening_dict(session, job, full=False) for job in jobs]


@router.get("/ui/upload")
def upload_form(request: Request, state: State) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    with state.db.session() as session:
        recent = _recent(session, principal)
    return page("upload.html.j2", principal, csrf_token(token), recent=recent, error=None)


@router.post("/ui/upload")
async def upload(
    request: Request,
    state: State,
    file: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    from fastapi.concurrency import run_in_threadpool

    try:
        principal, token = await run_in_threadpool(signed_in, request, state)
    except NotSignedIn:
        return to_login(request)
    check_csrf(token, csrf)
    content = await file.read(uploads.MAX_UPLOAD_BYTES + 1)
    try:
        job, _ = await run_in_threadpool(
            uploads.ingest, state.db, principal, file.filename, content
        )
    except ServiceError as exc:
        if exc.status >= 500:
            raise

        def again() -> list[dict[str, Any]]:
            with state.db.session() as session:
                return _recent(session, principal)

        recent = await run_in_threadpool(again)
        return page(
            "upload.html.j2", principal, csrf_token(token), exc.status, recent=recent, error=exc
        )
    if state.jobs is not None:
        state.jobs.wake()
    return RedirectResponse(f"/ui/screenings/{job.id}", status_code=303)


@router.get("/ui/screenings/{screening_id}")
def screening_page(screening_id: int, request: Request, state: State) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    with state.db.session() as session:
        job = screening_dict(session, owned_screening(session, principal, screening_id))
    return page("screening.html.j2", principal, csrf_token(token), job=job)


# ---- alerts -----------------------------------------------------------------

_FILTERS = ("status", "severity", "site", "rule", "list", "screening")


@router.get("/ui/alerts")
def queue_page(request: Request, state: State) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    chosen = {k: request.query_params.get(k) or None for k in _FILTERS}
    if chosen["status"] is None and "status" not in request.query_params:
        chosen["status"] = AlertStatus.OPEN.value  # the working queue: what is left to decide
    try:
        offset = max(0, int(request.query_params.get("offset") or 0))
        screening = int(chosen["screening"]) if chosen["screening"] else None
        status = AlertStatus(chosen["status"]).value if chosen["status"] else None
    except ValueError:
        raise ServiceError(400, "bad_request", "unreadable filter in the address") from None
    where = queue.QueueFilter(
        status, chosen["severity"], chosen["site"], chosen["rule"], chosen["list"], screening
    )
    limit = 100
    with state.db.session() as session:
        found, total, counts = queue.page(session, principal.org_id, where, limit, offset)
        menus = queue.facets(session, principal.org_id)
        rows = [alerts.alert_dict(a) for a in found]
    kept = {k: v for k, v in chosen.items() if v}

    def link(**changes: Any) -> str:
        query = {**kept, **changes}
        return "/ui/alerts?" + urlencode({k: v for k, v in query.items() if v is not None})

    return page(
        "queue.html.j2",
        principal,
        csrf_token(token),
        rows=rows,
        total=total,
        counts=counts,
        chosen=chosen,
        menus=menus,
        statuses=[s.value for s in AlertStatus],
        severities=queue.SEVERITIES,
        link=link,
        offset=offset,
        limit=limit,
    )


def _neighbours(session: Any, principal: Principal, alert_id: int) -> tuple[int | None, int | None]:
    """The open alerts before and after this one in the queue's order."""
    ids = queue.ordered_ids(session, principal.org_id, queue.QueueFilter(status="open"))
    if alert_id not in ids:
        return None, ids[0] if ids else None
    at = ids.index(alert_id)
    return (ids[at - 1] if at > 0 else None), (ids[at + 1] if at + 1 < len(ids) else None)


@router.get("/ui/alerts/{alert_id}")
def alert_page(alert_id: int, request: Request, state: State) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    with state.db.session() as session:
        alert = alerts.get_alert(session, principal, alert_id)
        detail = alert_detail(session, alert)
        previous, following = _neighbours(session, principal, alert_id)
    query_words, list_words = matched_words(detail.get("match"))
    media = alert_media(detail, state.media_store())
    return page(
        "alert.html.j2",
        principal,
        csrf_token(token),
        a=detail,
        rows=comparison(detail),
        query_words=query_words,
        list_words=list_words,
        previous=previous,
        following=following,
        outcomes=[o.value for o in Outcome],
        decided=request.query_params.get("decided"),
        media=media,
    )


@router.post("/ui/alerts/{alert_id}/decision")
def decide(
    alert_id: int,
    request: Request,
    state: State,
    outcome: Annotated[Outcome, Form()],
    reason: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    check_csrf(token, csrf)
    if not principal.role.allows(Role.REVIEWER):
        return _forbidden(principal, token, "Only a reviewer can decide an alert.")
    with state.db.transaction() as session:
        alerts.decide(session, principal, alert_id, outcome, reason)
    return RedirectResponse(f"/ui/alerts/{alert_id}?decided={outcome.value}", status_code=303)


# ---- lists and audit ----------------------------------------------------------


@router.get("/ui/lists")
def lists_page(request: Request, state: State) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    problem: str | None = None
    history: list[dict[str, Any]] = []
    try:
        with ListStore(state.lists.store_path) as store:
            history = list_history(store)
    except StoreError as exc:
        problem = str(exc)
    return page(
        "lists.html.j2",
        principal,
        csrf_token(token),
        history=history,
        problem=problem,
        loaded=state.lists.status,
    )


@router.get("/ui/audit")
def audit_page(request: Request, state: State) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    if not principal.role.allows(Role.REVIEWER):
        return _forbidden(principal, token, "The audit trail is for reviewers and admins.")
    try:
        before = int(request.query_params.get("before") or 0) or None
    except ValueError:
        before = None
    with state.db.session() as session:
        conditions = [AuditEntry.org_id == principal.org_id]
        if before is not None:
            conditions.append(AuditEntry.seq < before)
        entries = [
            audit.entry_dict(e)
            for e in session.execute(
                sa.select(AuditEntry).where(*conditions).order_by(AuditEntry.seq.desc()).limit(100)
            ).scalars()
        ]
    older = entries[-1]["seq"] if len(entries) == 100 else None
    return page("audit.html.j2", principal, csrf_token(token), entries=entries, older=older)
