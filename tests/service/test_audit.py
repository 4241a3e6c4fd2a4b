"""The audit trail: each change appended and hash-chained, tampering detected, reads per org."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from laborscreen.cli import main
from laborscreen.service import accounts, audit
from laborscreen.service.db import Database
from laborscreen.service.models import AuditEntry

from .conftest import ORG_A, ORG_B


def _populate(db: Database) -> None:
    """Six audited changes over two organisations."""
    with db.transaction() as session:
        accounts.create_org(session, ORG_A, "cli:test")
        accounts.create_org(session, ORG_B, "cli:test")
        accounts.create_user(session, ORG_A, "ana@example.org", "analyst", "cli:test")
        key, _ = accounts.create_key(session, ORG_A, "reviewer", "cli:test")
        accounts.create_key(session, ORG_B, "analyst", "cli:test")
        accounts.revoke_key(session, ORG_A, key.prefix, "cli:test")


def _verify(db: Database) -> audit.Verification:
    with db.session() as session:
        return audit.verify(session)


def _drop_guard(db: Database) -> None:
    """What someone rewriting history would do first: remove the append-only trigger."""
    with db.engine.begin() as connection:
        if db.dialect == "postgresql":
            connection.execute(sa.text("DROP TRIGGER audit_entries_append_only ON audit_entries"))
        else:
            connection.execute(sa.text("DROP TRIGGER audit_entries_no_update"))
            connection.execute(sa.text("DROP TRIGGER audit_entries_no_delete"))


def test_every_change_is_recorded_in_order(db: Database) -> None:
    _populate(db)
    with db.session() as session:
        entries = session.execute(sa.select(AuditEntry).order_by(AuditEntry.seq)).scalars().all()
        actions = [(e.seq, e.action) for e in entries]
        before, after = entries[-1].before, entries[-1].after
        first_prev = entries[0].prev_hash
        chained = all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert actions == [
        (1, "organisation.create"),
        (2, "organisation.create"),
        (3, "user.create"),
        (4, "api_key.create"),
        (5, "api_key.create"),
        (6, "api_key.revoke"),
    ]
    assert first_prev == audit.GENESIS
    assert chained
    assert before is not None and before["revoked_at"] is None
    assert after is not None and after["revoked_at"] is not None
    # Credentials never reach the trail.
    assert "key_hash" not in after and "prefix" in after
    result = _verify(db)
    assert result.ok and result.entries == 6


def test_a_failed_change_leaves_no_entry(db: Database) -> None:
    _populate(db)
    with pytest.raises(Exception, match="already exists"), db.transaction() as session:
        accounts.create_user(session, ORG_B, "bob@example.org", "analyst", "cli:test")
        accounts.create_org(session, ORG_A, "cli:test")  # fails: the user above is undone too
    with db.session() as session:
        count = session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar()
        users = session.execute(sa.text("SELECT count(*) FROM users")).scalar()
    assert (count, users) == (6, 1)
    assert _verify(db).ok


def test_the_database_refuses_to_edit_or_delete_entries(db: Database) -> None:
    _populate(db)
    for statement in (
        "UPDATE audit_entries SET actor = 'someone else' WHERE seq = 3",
        "DELETE FROM audit_entries WHERE seq = 3",
    ):
        with (
            pytest.raises(sa.exc.DatabaseError, match="append-only"),
            db.engine.begin() as connection,
        ):
            connection.execute(sa.text(statement))
    assert _verify(db).ok


def test_an_edited_entry_is_detected(db: Database) -> None:
    _populate(db)
    _drop_guard(db)
    with db.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE audit_entries SET actor = 'cli:someone-else' WHERE seq = 4")
        )
    result = _verify(db)
    assert not result.ok
    assert result.broken_at == 4
    assert result.problem is not None and "altered" in result.problem


def test_an_edited_before_after_value_is_detected(db: Database) -> None:
    _populate(db)
    _drop_guard(db)
    with db.session() as session:
        after = session.get(AuditEntry, 3)
        assert after is not None and after.after is not None
        changed = {**after.after, "role": "admin"}
    with db.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE audit_entries SET after = :after WHERE seq = 3"),
            {"after": json.dumps(changed)},
        )
    result = _verify(db)
    assert (result.ok, result.broken_at) == (False, 3)


def test_a_rehashed_entry_breaks_the_next_link(db: Database) -> None:
    _populate(db)
    _drop_guard(db)
    with db.session() as session:
        entry = session.get(AuditEntry, 2)
        assert entry is not None
        forged = audit.entry_hash(
            entry.seq,
            entry.org_id,
            "cli:forger",
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.before,
            entry.after,
            entry.at,
            entry.prev_hash,
        )
    with db.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE audit_entries SET actor = 'cli:forger', hash = :h WHERE seq = 2"),
            {"h": forged},
        )
    result = _verify(db)
    assert (result.ok, result.broken_at) == (False, 3)
    assert result.problem is not None and "does not follow entry 2" in result.problem


def test_a_removed_entry_is_detected(db: Database) -> None:
    _populate(db)
    _drop_guard(db)
    with db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_entries WHERE seq = 2"))
    result = _verify(db)
    assert (result.ok, result.broken_at) == (False, 2)
    assert result.problem == "entry 2 is missing (the next entry is 3)"


def test_a_removed_last_entry_is_detected(db: Database) -> None:
    _populate(db)
    _drop_guard(db)
    with db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_entries WHERE seq = 6"))
    result = _verify(db)
    assert (result.ok, result.broken_at) == (False, 6)
    assert result.problem is not None and "head records entry 6" in result.problem


def test_reads_are_scoped_to_one_organisation(db: Database) -> None:
    _populate(db)
    with db.session() as session:
        org_a = accounts.find_org(session, ORG_A).id
        org_b = accounts.find_org(session, ORG_B).id
        seen_a = [e.seq for e in audit.entries(session, org_a)]
        seen_b = [e.seq for e in audit.entries(session, org_b)]
        paged = [e.seq for e in audit.entries(session, org_a, after_seq=3, limit=1)]
    assert seen_a == [1, 3, 4, 6]
    assert seen_b == [2, 5]
    assert paged == [4]


def test_verify_command(db_url: str, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABORSCREEN_DATABASE_URL", db_url)
    _populate(db)
    runner = CliRunner()
    intact = runner.invoke(main, ["audit", "verify"])
    assert intact.exit_code == 0, intact.output
    assert intact.output.startswith("audit trail intact: 6 entries, head ")
    _drop_guard(db)
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_entries SET action = 'x' WHERE seq = 5"))
    broken = runner.invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "audit trail broken at entry 5: entry 5 was altered" in broken.output
    as_json = runner.invoke(main, ["audit", "verify", "--json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.output)["broken_at"] == 5


def test_list_command_shows_one_organisation(
    db_url: str, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LABORSCREEN_DATABASE_URL", db_url)
    _populate(db)
    result = CliRunner().invoke(main, ["audit", "list", "--org", ORG_B, "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(e["seq"], e["action"]) for e in lines] == [
        (2, "organisation.create"),
        (5, "api_key.create"),
    ]
