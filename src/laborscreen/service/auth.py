"""Who is calling: API keys (machines) and login sessions (the UI) to a :class:`Principal`.

* API keys arrive as ``Authorization: ApiKey <key>`` (what yente clients send)
  or ``Authorization: Bearer <key>``. A key is 32 random bytes behind a short
  display prefix (``lsk_1a2b3c4d_…``); only its SHA-256 is stored, which is
  enough for a secret of that entropy (no dictionary to try).
* UI sessions arrive as the ``laborscreen_session`` cookie; the token is
  stored hashed in the same way, with an expiry.

Roles are ordered (analyst < reviewer < admin): :func:`require` lets a caller
through when its role is at least the one a route needs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from laborscreen.errors import ServiceError
from laborscreen.service.models import ApiKey, Organisation, Role, User, UserSession, utcnow

KEY_PREFIX = "lsk_"
SESSION_COOKIE = "laborscreen_session"
SESSION_TTL = timedelta(hours=12)

#: Seconds a verified credential is trusted without a look-up (see CredentialCache).
CREDENTIAL_CACHE_SECONDS = 2.0

_SCHEMES = ("apikey", "bearer")


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller: the organisation it acts for and with which role."""

    org_id: int
    org_name: str
    role: Role
    actor: str  # as the audit trail names it: "key:lsk_…" or "user:name@example.org"
    user_id: int | None = None
    key_id: int | None = None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _unauthorized(message: str) -> ServiceError:
    return ServiceError(401, "unauthorized", message)


def bearer_secret(authorization: str | None) -> str | None:
    """The key in an ``ApiKey`` or ``Bearer`` Authorization header; None when there is none."""
    if not authorization or not authorization.strip():
        return None
    scheme, _, secret = authorization.strip().partition(" ")
    if scheme.lower() not in _SCHEMES or not secret.strip():
        raise _unauthorized("the Authorization header must be 'ApiKey <key>' or 'Bearer <key>'")
    return secret.strip()


def credential_key(authorization: str | None, session_token: str | None) -> str | None:
    """What identifies the presented credential in a :class:`CredentialCache` (its hash)."""
    secret = bearer_secret(authorization)
    if secret is not None:
        return "key:" + hash_secret(secret)
    if session_token:
        return "session:" + hash_secret(session_token)
    return None


def authenticate(
    session: Session | sa.Connection, authorization: str | None, session_token: str | None = None
) -> Principal:
    """The caller named by the Authorization header, else by the session cookie.

    Column queries, not ORM objects: this runs on every request, and building
    ORM objects costs several times the lookup itself.
    """
    secret = bearer_secret(authorization)
    if secret is not None:
        return _by_key(session, secret)
    if session_token:
        return _by_session(session, session_token)
    raise _unauthorized("this route needs an API key ('Authorization: ApiKey <key>') or a login")


_KEY_QUERY = (
    sa.select(ApiKey.id, ApiKey.org_id, ApiKey.role, ApiKey.prefix, ApiKey.revoked_at)
    .add_columns(Organisation.name)
    .join(Organisation, Organisation.id == ApiKey.org_id)
    .where(ApiKey.key_hash == sa.bindparam("digest"))
)
_SESSION_QUERY = (
    sa.select(UserSession.expires_at, User.id, User.org_id, User.role, User.email, User.active)
    .add_columns(Organisation.name)
    .join(User, User.id == UserSession.user_id)
    .join(Organisation, Organisation.id == User.org_id)
    .where(UserSession.token_hash == sa.bindparam("digest"))
)


def _by_key(session: Session | sa.Connection, secret: str) -> Principal:
    row = session.execute(_KEY_QUERY, {"digest": hash_secret(secret)}).first()
    if row is None:
        raise _unauthorized("unknown API key")
    key_id, org_id, role, prefix, revoked_at, org_name = row
    if revoked_at is not None:
        raise _unauthorized(f"API key {prefix} was revoked")
    return Principal(org_id, org_name, role, f"key:{prefix}", key_id=key_id)


def _by_session(session: Session | sa.Connection, token: str) -> Principal:
    row = session.execute(_SESSION_QUERY, {"digest": hash_secret(token)}).first()
    if row is None:
        raise _unauthorized("unknown or expired session: log in again")
    expires, user_id, org_id, role, email, active, org_name = row
    if expires.tzinfo is None:  # SQLite hands back naive UTC
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    if expires <= utcnow() or not active:
        raise _unauthorized("unknown or expired session: log in again")
    return Principal(org_id, org_name, role, f"user:{email}", user_id=user_id)


class CredentialCache:
    """Recently verified credentials, so that a busy client costs no query per request.

    An entry lives ``seconds`` (0 disables the cache): a key revoked in the
    database is refused by every process within that time. Only successful
    look-ups are kept, under the credential's hash, never the credential.
    """

    MAX_ENTRIES = 10_000

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._entries: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> Principal | None:
        found = self._entries.get(digest)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, digest: str, principal: Principal) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[digest] = (time.monotonic() + self.seconds, principal)


def create_session(session: Session, user: User, ttl: timedelta = SESSION_TTL) -> str:
    """Start a UI session for ``user``; returns the cookie value (stored only hashed)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        UserSession(
            user_id=user.id, token_hash=hash_secret(token), created_at=now, expires_at=now + ttl
        )
    )
    session.flush()
    return token


def csrf_token(session_token: str) -> str:
    """The CSRF token of a login session: derived from it, so nothing more is stored.

    Forms carry it in a hidden ``csrf`` field, scripts in an ``X-CSRF-Token``
    header; a page of another site can read neither.
    """
    return hmac.new(session_token.encode("utf-8"), b"laborscreen-csrf", "sha256").hexdigest()


def check_csrf(session_token: str, presented: str | None) -> None:
    if not presented or not hmac.compare_digest(presented, csrf_token(session_token)):
        raise ServiceError(
            403,
            "csrf_failed",
            "a change made with a login session needs the page's CSRF token: reload the page",
        )


def end_session(session: Session, token: str) -> None:
    session.execute(sa.delete(UserSession).where(UserSession.token_hash == hash_secret(token)))


def require(principal: Principal, role: Role) -> Principal:
    if not principal.role.allows(role):
        raise ServiceError(
            403,
            "forbidden",
            f"this needs the {role.value} role; {principal.actor} has {principal.role.value}",
        )
    return principal
