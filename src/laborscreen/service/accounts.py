"""Organisations, users and API keys: created and revoked in one place, each change audited.

The admin commands and (later) the admin routes call these functions inside a
write transaction (:meth:`Database.transaction`); the audit entry is part of
the same transaction, so a change without its entry is never committed.
"""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from laborscreen.errors import ServiceError
from laborscreen.service import audit
from laborscreen.service.auth import KEY_PREFIX, hash_secret
from laborscreen.service.models import ApiKey, Organisation, Role, User, utcnow
from laborscreen.service.passwords import hash_password

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: Random hex digits in a key's display prefix (``lsk_`` + these).
_PREFIX_HEX = 8


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ServiceError(
            400, "invalid_role", f"unknown role {text!r}: use one of {choices}"
        ) from None


def find_org(session: Session, name: str) -> Organisation:
    org = session.execute(
        sa.select(Organisation).where(Organisation.name == name.strip())
    ).scalar_one_or_none()
    if org is None:
        raise ServiceError(404, "not_found", f"no organisation named {name!r}")
    return org


def create_org(session: Session, name: str, actor: str) -> Organisation:
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise ServiceError(400, "invalid_name", "an organisation name has 1 to 200 characters")
    exists = session.execute(sa.select(Organisation.id).where(Organisation.name == name)).first()
    if exists:
        raise ServiceError(409, "conflict", f"an organisation named {name!r} already exists")
    org = Organisation(name=name, created_at=utcnow())
    session.add(org)
    session.flush()  # the organisation's own id, which its entry belongs to
    audit.record_row(
        session,
        org,
        org_id=org.id,
        actor=actor,
        action="organisation.create",
        object_type="organisation",
    )
    return org


def create_user(
    session: Session,
    org_name: str,
    email: str,
    role: str,
    actor: str,
    password: str | None = None,
) -> User:
    """A user; with a ``password`` (stored only as a scrypt hash) the user can log in to the UI."""
    org = find_org(session, org_name)
    address = email.strip().lower()
    if not _EMAIL.match(address):
        raise ServiceError(400, "invalid_email", f"{email!r} is not an e-mail address")
    exists = session.execute(sa.select(User.id).where(User.email == address)).first()
    if exists:
        raise ServiceError(409, "conflict", f"a user with e-mail {address} already exists")
    user = User(
        org_id=org.id,
        email=address,
        role=parse_role(role),
        password_hash=hash_password(password) if password is not None else None,
        created_at=utcnow(),
    )
    session.add(user)
    audit.record_row(
        session,
        user,
        org_id=org.id,
        actor=actor,
        action="user.create",
        object_type="user",
    )
    return user


def create_key(
    session: Session, org_name: str, role: str, actor: str, label: str | None = None
) -> tuple[ApiKey, str]:
    """A new API key; the plain key is returned once and only its hash is stored."""
    org = find_org(session, org_name)
    prefix = KEY_PREFIX + secrets.token_hex(_PREFIX_HEX // 2)
    plain = f"{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        org_id=org.id,
        role=parse_role(role),
        prefix=prefix,
        key_hash=hash_secret(plain),
        label=label,
        created_by=actor,
        created_at=utcnow(),
    )
    session.add(key)
    audit.record_row(
        session,
        key,
        org_id=org.id,
        actor=actor,
        action="api_key.create",
        object_type="api_key",
    )
    return key, plain


def revoke_key(session: Session, org_name: str, prefix: str, actor: str) -> ApiKey:
    org = find_org(session, org_name)
    key = session.execute(
        sa.select(ApiKey).where(ApiKey.org_id == org.id, ApiKey.prefix == prefix.strip())
    ).scalar_one_or_none()
    if key is None:
        raise ServiceError(404, "not_found", f"{org.name} has no API key {prefix!r}")
    if key.revoked_at is not None:
        return key
    before = audit.snapshot(key)
    key.revoked_at = utcnow()
    audit.record_row(
        session,
        key,
        org_id=org.id,
        actor=actor,
        action="api_key.revoke",
        object_type="api_key",
        before=before,
    )
    return key


def list_keys(session: Session, org_name: str) -> list[ApiKey]:
    org = find_org(session, org_name)
    return list(
        session.execute(sa.select(ApiKey).where(ApiKey.org_id == org.id).order_by(ApiKey.id))
        .scalars()
        .all()
    )
