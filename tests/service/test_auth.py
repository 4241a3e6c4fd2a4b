"""Organisations, users and API keys; authentication by key or session; roles in order."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from laborscreen.cli import main
from laborscreen.errors import ServiceError
from laborscreen.service import accounts
from laborscreen.service.auth import (
    CredentialCache,
    Principal,
    authenticate,
    bearer_secret,
    create_session,
    credential_key,
    hash_secret,
    require,
)
from laborscreen.service.db import Database
from laborscreen.service.models import ApiKey, Role

from .conftest import ORG_A, ORG_B


def test_keys_are_stored_hashed_and_authenticate(db: Database) -> None:
    with db.transaction() as session:
        accounts.create_org(session, ORG_A, "cli:test")
        key, plain = accounts.create_key(session, ORG_A, "reviewer", "cli:test", "ERP import")
        prefix = key.prefix
    assert plain.startswith(prefix + "_") and prefix.startswith("lsk_") and len(plain) > 40
    with db.engine.connect() as connection:
        stored = [tuple(r) for r in connection.execute(sa.text("SELECT * FROM api_keys"))]
    assert not any(plain in str(value) for row in stored for value in row)
    assert any(hash_secret(plain) in row for row in stored)
    with db.session() as session:
        for scheme in ("ApiKey", "Bearer", "apikey"):
            principal = authenticate(session, f"{scheme} {plain}")
            assert (principal.org_name, principal.role, principal.actor) == (
                ORG_A,
                Role.REVIEWER,
                f"key:{prefix}",
            )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "needs an API key"),
        ("", "needs an API key"),
        ("Basic dXNlcjpwYXNz", "must be 'ApiKey <key>' or 'Bearer <key>'"),
        ("ApiKey", "must be 'ApiKey <key>' or 'Bearer <key>'"),
        ("ApiKey lsk_00000000_not-a-real-key", "unknown API key"),
    ],
)
def test_missing_or_bad_credentials_are_refused(
    db: Database, header: str | None, message: str
) -> None:
    with db.session() as session, pytest.raises(ServiceError, match=message) as raised:
        authenticate(session, header)
    assert (raised.value.status, raised.value.code) == (401, "unauthorized")


def test_a_revoked_key_is_refused(db: Database) -> None:
    with db.transaction() as session:
        accounts.create_org(session, ORG_A, "cli:test")
        key, plain = accounts.create_key(session, ORG_A, "analyst", "cli:test")
        accounts.revoke_key(session, ORG_A, key.prefix, "cli:test")
    with db.session() as session, pytest.raises(ServiceError, match="was revoked"):
        authenticate(session, f"ApiKey {plain}")


def test_a_key_cannot_be_revoked_through_another_organisation(db: Database) -> None:
    with db.transaction() as session:
        accounts.create_org(session, ORG_A, "cli:test")
        accounts.create_org(session, ORG_B, "cli:test")
        key, _ = accounts.create_key(session, ORG_A, "analyst", "cli:test")
        prefix = key.prefix
    with db.transaction() as session, pytest.raises(ServiceError, match="has no API key"):
        accounts.revoke_key(session, ORG_B, prefix, "cli:test")
    with db.session() as session:
        assert session.execute(sa.select(ApiKey.revoked_at)).scalar_one() is None


def test_sessions_authenticate_until_they_expire(db: Database) -> None:
    with db.transaction() as session:
        accounts.create_org(session, ORG_B, "cli:test")
        user = accounts.create_user(session, ORG_B, "Rev@Example.org", "reviewer", "cli:test")
        live = create_session(session, user)
        expired = create_session(session, user, ttl=timedelta(seconds=-1))
    with db.session() as session:
        principal = authenticate(session, None, live)
        assert (principal.org_name, principal.role, principal.actor) == (
            ORG_B,
            Role.REVIEWER,
            "user:rev@example.org",
        )
        with pytest.raises(ServiceError, match="expired"):
            authenticate(session, None, expired)
        with pytest.raises(ServiceError, match="expired"):
            authenticate(session, None, "not-a-session")


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.allows(Role.REVIEWER) and Role.REVIEWER.allows(Role.ANALYST)
    assert not Role.ANALYST.allows(Role.REVIEWER)
    assert not Role.REVIEWER.allows(Role.ADMIN)


def test_require_names_the_missing_role(db: Database) -> None:
    with db.transaction() as session:
        accounts.create_org(session, ORG_A, "cli:test")
        _, plain = accounts.create_key(session, ORG_A, "analyst", "cli:test")
    with db.session() as session:
        analyst = authenticate(session, f"Bearer {plain}")
    with pytest.raises(ServiceError, match="needs the reviewer role") as raised:
        require(analyst, Role.REVIEWER)
    assert (raised.value.status, raised.value.code) == (403, "forbidden")
    assert require(analyst, Role.ANALYST) is analyst


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda s: accounts.create_org(s, ORG_A, "t"), "conflict"),
        (lambda s: accounts.create_org(s, "   ", "t"), "invalid_name"),
        (lambda s: accounts.create_user(s, "Nobody", "x@example.org", "analyst", "t"), "not_found"),
        (lambda s: accounts.create_user(s, ORG_A, "no address", "analyst", "t"), "invalid_email"),
        (lambda s: accounts.create_user(s, ORG_A, "x@example.org", "boss", "t"), "invalid_role"),
        (lambda s: accounts.create_key(s, ORG_A, "superuser", "t"), "invalid_role"),
    ],
)  # fmt: skip
def test_bad_account_changes_are_refused(db: Database, call: object, code: str) -> None:
    with db.transaction() as session:
        accounts.create_org(session, ORG_A, "cli:test")
    with pytest.raises(ServiceError) as raised, db.transaction() as session:
        call(session)  # type: ignore[operator]
    assert raised.value.code == code


def test_bearer_secret_parsing() -> None:
    assert bearer_secret(None) is None
    assert bearer_secret("  ") is None
    assert bearer_secret("Bearer  abc ") == "abc"
    assert bearer_secret("APIKEY abc") == "abc"


def test_admin_commands_bootstrap_a_deployment(
    db_url: str, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LABORSCREEN_DATABASE_URL", db_url)
    runner = CliRunner()
    created = runner.invoke(main, ["admin", "create-org", ORG_A])
    assert created.exit_code == 0, created.output
    assert f"created organisation {ORG_A!r}" in created.output
    again = runner.invoke(main, ["admin", "create-org", ORG_A])
    assert again.exit_code == 2
    assert "already exists" in again.output
    user = runner.invoke(
        main, ["admin", "create-user", "--org", ORG_A, "--role", "reviewer", "ria@example.org"]
    )
    assert user.exit_code == 0, user.output
    assert "created reviewer ria@example.org" in user.output
    key = runner.invoke(main, ["admin", "create-key", "--org", ORG_A, "--role", "analyst"])
    assert key.exit_code == 0, key.output
    plain = key.stdout.strip()
    assert plain.startswith("lsk_") and "\n" not in plain
    assert "not shown again" in key.stderr
    listed = runner.invoke(main, ["admin", "list-keys", "--org", ORG_A])
    assert listed.exit_code == 0
    assert plain.split("_")[1] in listed.output and plain not in listed.output
    with db.session() as session:
        assert authenticate(session, f"ApiKey {plain}").role is Role.ANALYST
    prefix = "_".join(plain.split("_")[:2])
    revoked = runner.invoke(main, ["admin", "revoke-key", "--org", ORG_A, prefix])
    assert revoked.exit_code == 0, revoked.output
    with db.session() as session, pytest.raises(ServiceError, match="revoked"):
        authenticate(session, f"ApiKey {plain}")
    bad_role = runner.invoke(main, ["admin", "create-key", "--org", ORG_A, "--role", "boss"])
    assert bad_role.exit_code == 2
    missing = runner.invoke(main, ["admin", "create-key", "--org", "Nobody", "--role", "admin"])
    assert missing.exit_code == 2
    assert "error: no organisation named 'Nobody'" in missing.output


def test_credential_cache_expires_and_can_be_off() -> None:
    principal = Principal(1, "Org A (synthetic)", Role.ANALYST, "key:lsk_x")
    cache = CredentialCache(0.05)
    cache.put("key:abc", principal)
    assert cache.get("key:abc") is principal
    assert cache.get("key:other") is None
    time.sleep(0.06)
    assert cache.get("key:abc") is None
    off = CredentialCache(0)
    off.put("key:abc", principal)
    assert off.get("key:abc") is None


def test_credential_key_is_a_hash_of_the_credential() -> None:
    assert credential_key("ApiKey secret-1", None) == "key:" + hash_secret("secret-1")
    assert credential_key(None, "tok") == "session:" + hash_secret("tok")
    assert credential_key(None, None) is None
    with pytest.raises(ServiceError):
        credential_key("Digest x", None)
