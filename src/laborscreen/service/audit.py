"""The append-only audit trail: every state change, hash-chained, verifiable.

Each entry records who (``actor``), when (``at``), what (``action`` on
``object_type:object_id``) and the object's state ``before`` and ``after``.
Its ``hash`` is SHA-256 over the canonical JSON of those fields, its sequence
number, its organisation and the previous entry's hash, so that

* editing an entry breaks its own hash,
* removing an entry breaks the sequence and the next entry's ``prev_hash``,
* cutting entries off the end disagrees with ``audit_head``, the row that
  :func:`record` updates with every append, in the same transaction.

There is one chain for the whole database (so one ``laborscreen audit verify``
checks everything); reads are scoped to one organisation (:func:`entries`).
Appends are serialised by a row lock on ``audit_head`` (PostgreSQL) or the
write lock that write transactions take first (SQLite). The database also
refuses UPDATE and DELETE on ``audit_entries`` (a trigger made by the migration).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from laborscreen.service.models import AuditEntry, AuditHead, Base

#: The ``prev_hash`` of the first entry.
GENESIS = "0" * 64

#: Columns never copied into the trail: credentials stay out of before/after.
SECRET_COLUMNS = frozenset({"key_hash", "password_hash", "token_hash"})

#: Entries read per batch while verifying (the trail can be long).
_BATCH = 1000


def canonical(value: Any) -> str:
    """The one JSON text that is hashed: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def snapshot(obj: Base, only: Iterable[str] | None = None) -> dict[str, Any]:
    """An ORM object's column values as plain JSON values, credentials left out."""
    columns = [c.key for c in sa.inspect(type(obj)).columns if c.key not in SECRET_COLUMNS]
    keep = set(only) if only is not None else None
    return {k: _plain(getattr(obj, k)) for k in columns if keep is None or k in keep}


def entry_hash(
    seq: int,
    org_id: int | None,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: str,
    prev_hash: str,
) -> str:
    payload = {
        "seq": seq,
        "org": org_id,
        "actor": actor,
        "action": action,
        "object": f"{object_type}:{object_id}",
        "before": before,
        "after": after,
        "at": at,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()


def _stored_hash(entry: AuditEntry) -> str:
    return entry_hash(
        entry.seq,
        entry.org_id,
        entry.actor,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.before,
        entry.after,
        entry.at,
        entry.prev_hash,
    )


def lock(session: Session) -> AuditHead:
    """Take the trail's write lock for the rest of the transaction; returns the head.

    Writers that check before they write (is this already recorded?) take it
    first, so that two processes cannot both find nothing and both write.
    """
    return session.execute(
        sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()


def record(
    session: Session,
    *,
    org_id: int | None,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction: it commits or rolls back with the change."""
    head = lock(session)
    # Round-tripped through the canonical text so that what is stored is what was hashed.
    before = None if before is None else json.loads(canonical(before))
    after = None if after is None else json.loads(canonical(after))
    seq = head.seq + 1
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    digest = entry_hash(
        seq, org_id, actor, action, object_type, str(object_id), before, after, at, head.hash
    )
    entry = AuditEntry(
        seq=seq,
        org_id=org_id,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        at=at,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of :func:`verify`: ``broken_at`` names the first bad entry, if any."""

    entries: int
    head_hash: str
    broken_at: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head_hash": self.head_hash,
            "broken_at": self.broken_at,
            "problem": self.problem,
        }


def record_row(
    session: Session,
    row: Base,
    *,
    org_id: int | None,
    actor: str,
    action: str,
    object_type: str,
    only: Iterable[str] | None = None,
    before: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    """The entry for writing ``row``: flushed first (so that it has its id), its
    columns (``only`` those) as the state after, with ``extra`` added."""
    session.flush()
    identity = sa.inspect(row).identity
    if identity is None:
        raise ValueError(f"{type(row).__name__} has no primary key after flushing")
    after = snapshot(row, only)
    return record(
        session,
        org_id=org_id,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=identity[0],
        before=before,
        after={**after, **extra} if extra else after,
    )


def verify(session: Session) -> Verification:
    """Walk the chain from the first entry; stop at the first entry that does not fit."""
    expected_seq, prev_hash, count = 1, GENESIS, 0
    last_seq = 0
    while True:
        batch = (
            session.execute(
                sa.select(AuditEntry)
                .where(AuditEntry.seq > last_seq)
                .order_by(AuditEntry.seq)
                .limit(_BATCH)
            )
            .scalars()
            .all()
        )
        if not batch:
            break
        for entry in batch:
            if entry.seq != expected_seq:
                return Verification(
                    count,
                    prev_hash,
                    expected_seq,
                    f"entry {expected_seq} is missing (the next entry is {entry.seq})",
                )
            if entry.prev_hash != prev_hash:
                return Verification(
                    count,
                    prev_hash,
                    entry.seq,
                    f"entry {entry.seq} does not follow entry {entry.seq - 1}: "
                    "its prev_hash differs from that entry's hash",
                )
            if _stored_hash(entry) != entry.hash:
                return Verification(
                    count,
                    prev_hash,
                    entry.seq,
                    f"entry {entry.seq} was altered: its hash does not match its content",
                )
            prev_hash, count, expected_seq = entry.hash, count + 1, entry.seq + 1
        last_seq = batch[-1].seq
        session.expunge_all()  # keep memory flat on a long trail
    head = session.get(AuditHead, 1)
    if head is None:
        return Verification(count, prev_hash, expected_seq, "the audit head row is missing")
    if head.seq != count or head.hash != prev_hash:
        return Verification(
            count,
            prev_hash,
            count + 1,
            f"entries after {count} are missing: the head records entry {head.seq}",
        )
    return Verification(count, prev_hash)


def entries(
    session: Session, org_id: int, after_seq: int = 0, limit: int = 100
) -> list[AuditEntry]:
    """One organisation's entries after ``after_seq``, oldest first."""
    return list(
        session.execute(
            sa.select(AuditEntry)
            .where(AuditEntry.org_id == org_id, AuditEntry.seq > after_seq)
            .order_by(AuditEntry.seq)
            .limit(limit)
        ).scalars()
    )


def entry_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }
