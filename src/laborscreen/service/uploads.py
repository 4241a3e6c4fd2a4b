"""A roster upload becomes a stored roster, its records and a queued screening, all at once.

:func:`ingest` reads the uploaded bytes with the same reader as
``laborscreen screen`` (CSV or XLSX, headers in Russian or English), then, in
one transaction, stores the file's bytes, one ``roster_records`` row per
record (with the problems of that row and the record's fingerprint), the
screening job (``queued``) and their audit entries. A file that cannot be read
at all is refused with a :class:`ServiceError` naming the file (and the row or
field when the reader names one); nothing is stored then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from laborscreen.errors import Problem, RosterError, ServiceError
from laborscreen.roster import RosterRead, RosterRecord, read_roster
from laborscreen.scoring import DEFAULT_THRESHOLD
from laborscreen.service import audit
from laborscreen.service.auth import Principal
from laborscreen.service.db import Database
from laborscreen.service.models import Roster, Screening, ScreeningStatus, utcnow
from laborscreen.service.models import RosterRecord as RecordRow

#: The largest upload accepted (bytes); a roster of 100,000 rows is about 15 MB.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def safe_filename(name: str | None) -> str:
    """The upload's base name, without folders or characters a path cannot hold."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip(" .")
    return cleaned[:200] or "roster.csv"


def digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_fingerprint(record: RosterRecord) -> str:
    """What is screened of a record: its kind and mapped fields (not its row or other columns)."""
    return digest({"schema": record.schema.value, "fields": record.fields})


def read_upload(filename: str, content: bytes) -> RosterRead:
    """Read the uploaded bytes as ``laborscreen screen`` reads a file, naming ``filename``."""
    with tempfile.TemporaryDirectory(prefix="laborscreen-upload-") as folder:
        path = Path(folder) / filename
        path.write_bytes(content)
        try:
            read = read_roster(path)
        except RosterError as exc:
            message = str(exc).replace(str(path), filename)
            raise ServiceError(
                400,
                "invalid_roster",
                message,
                [{"file": filename, "field": "file", "message": message}],
            ) from None
    read.path = filename
    read.problems = [_renamed(p, filename) for p in read.problems]
    return read


def _renamed(problem: Problem, filename: str) -> Problem:
    return dataclasses.replace(problem, file=filename)


def _problem_dicts(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    return [p.to_dict() for p in problems]


def ingest(
    db: Database,
    principal: Principal,
    filename: str | None,
    content: bytes,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[Screening, list[dict[str, Any]]]:
    """Store the upload and queue its screening; returns the job and the rows' problems."""
    name = safe_filename(filename)
    if not content:
        raise ServiceError(
            400,
            "invalid_roster",
            f"{name}: the file is empty",
            [{"file": name, "field": "file", "message": "the file is empty"}],
        )
    if len(content) > MAX_UPLOAD_BYTES:
        raise ServiceError(
            413,
            "too_large",
            f"{name}: {len(content)} bytes; the largest roster accepted is {MAX_UPLOAD_BYTES}",
            [{"file": name, "field": "file", "message": "too large"}],
        )
    read = read_upload(name, content)
    if not read.records:
        raise ServiceError(
            400,
            "invalid_roster",
            f"{name}: no data rows below the header (row {read.header_row})",
            [{"file": name, "row": read.header_row, "field": "file", "message": "no data rows"}],
        )
    by_row: dict[int, list[Problem]] = {}
    for problem in read.problems:
        by_row.setdefault(problem.row, []).append(problem)
    with db.transaction() as session:
        roster = Roster(
            org_id=principal.org_id,
            filename=name,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            content=content,
            mapping=dict(read.mapping),
            problems=[],
            row_count=len(read.records),
            uploaded_by=principal.actor,
            uploaded_at=utcnow(),
        )
        session.add(roster)
        session.flush()
        session.add_all(
            RecordRow(
                org_id=principal.org_id,
                roster_id=roster.id,
                row_number=record.row,
                schema=record.schema.value,
                name=(record.name or "")[:500] or None,
                site=(record.fields.get("site") or "")[:200] or None,
                fingerprint=record_fingerprint(record),
                data=dict(record.fields),
                problems=_problem_dicts(by_row.pop(record.row, [])),
            )
            for record in read.records
        )
        # What is left: the header's problems (row 0) and rows that gave no record.
        roster.problems = _problem_dicts(p for ps in by_row.values() for p in ps)
        screening = Screening(
            org_id=principal.org_id,
            roster_id=roster.id,
            status=ScreeningStatus.QUEUED,
            threshold=threshold,
            total=len(read.records),
            created_by=principal.actor,
            created_at=utcnow(),
        )
        session.add(screening)
        session.flush()
        _audit_created(session, principal, roster, screening)
    return screening, _problem_dicts(read.problems)


def _audit_created(
    session: Any, principal: Principal, roster: Roster, screening: Screening
) -> None:
    audit.record_row(
        session,
        roster,
        org_id=principal.org_id,
        actor=principal.actor,
        action="roster.upload",
        object_type="roster",
        only=("id", "filename", "sha256", "size", "row_count"),
    )
    audit.record_row(
        session,
        screening,
        org_id=principal.org_id,
        actor=principal.actor,
        action="screening.create",
        object_type="screening",
        only=("id", "roster_id", "status", "threshold", "total"),
    )


def owned_screening(session: Session, principal: Principal, screening_id: int) -> Screening:
    job = session.get(Screening, screening_id)
    if job is None or job.org_id != principal.org_id:
        # Another organisation's screening is as absent as one that never existed.
        raise ServiceError(404, "not_found", f"no screening {screening_id}")
    return job


def rescreen(db: Database, principal: Principal, screening_id: int) -> Screening:
    """Queue a new screening of the roster ``screening_id`` screened, against the lists in force."""
    with db.transaction() as session:
        previous = owned_screening(session, principal, screening_id)
        screening = Screening(
            org_id=principal.org_id,
            roster_id=previous.roster_id,
            rescreen_of=previous.id,
            status=ScreeningStatus.QUEUED,
            threshold=previous.threshold,
            total=previous.total,
            created_by=principal.actor,
            created_at=utcnow(),
        )
        session.add(screening)
        session.flush()
        audit.record(
            session,
            org_id=principal.org_id,
            actor=principal.actor,
            action="screening.create",
            object_type="screening",
            object_id=screening.id,
            after=audit.snapshot(
                screening, ("id", "roster_id", "rescreen_of", "status", "threshold", "total")
            ),
        )
    return screening
