"""Screening jobs in the background: claimed from the database, resumable after a crash.

Each server process runs one :class:`JobRunner` thread. It claims a job with
one conditional UPDATE (``queued``, or ``running`` with a heartbeat older than
the lease: the process that ran it died), so two processes never run one job
at once, and a job left ``running`` by a crash is taken up again once its
lease has run out. While it works, a second thread renews the heartbeat.

A job reads the stored upload, screens it with :func:`screen_roster` (lists
and labour rules, exactly as ``laborscreen screen``), then writes alerts a
chunk of rows at a time; each chunk's alerts, their links to the job and the
job's progress commit together. A job taken up again skips the chunks already
committed and meets the alerts it wrote (unique keys, see
:mod:`laborscreen.service.alerts`), so nothing is written twice.

``LABORSCREEN_WORKER_DELAY_MS`` makes the runner wait that long after each
chunk. It exists so that tests can stop a server in the middle of a job; it
is 0 (no wait) unless set.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from laborscreen.errors import LaborscreenError
from laborscreen.rules import RuleSet, load_rules
from laborscreen.screening import RowResult, ScreenResult, screen_roster
from laborscreen.service import alerts, audit
from laborscreen.service.alerts import Candidate, RecordRef
from laborscreen.service.db import Database
from laborscreen.service.lists import Lists, LoadedLists
from laborscreen.service.models import ListVersion as ListVersionRow
from laborscreen.service.models import (
    Roster,
    RosterRecord,
    Screening,
    ScreeningList,
    ScreeningStatus,
    utcnow,
)
from laborscreen.service.uploads import read_upload
from laborscreen.service.yente import entity_dict

log = logging.getLogger(__name__)

ENV_DELAY = "LABORSCREEN_WORKER_DELAY_MS"
ENV_LEASE = "LABORSCREEN_JOB_LEASE_SECONDS"

#: Seconds a claim lasts without a heartbeat before another process may take the job.
DEFAULT_LEASE_SECONDS = 60.0
#: Rows whose alerts commit together.
CHUNK_ROWS = 25
#: Matches kept per row, as ``laborscreen screen --limit``.
MATCH_LIMIT = 5


class LostClaim(Exception):
    """Another process took the job over (this one was too slow to show it was alive)."""


class JobRunner:
    """Runs queued screenings, one at a time, in a thread of the server process."""

    def __init__(
        self,
        db: Database,
        lists: Lists,
        *,
        poll_seconds: float = 1.0,
        lease_seconds: float | None = None,
        delay_ms: float | None = None,
    ) -> None:
        self.db = db
        self.lists = lists
        self.poll_seconds = poll_seconds
        lease = lease_seconds or float(os.environ.get(ENV_LEASE) or DEFAULT_LEASE_SECONDS)
        self.lease = timedelta(seconds=lease)
        self.delay = delay_ms if delay_ms is not None else float(os.environ.get(ENV_DELAY) or 0)
        self.token = uuid.uuid4().hex
        self._rules: RuleSet | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._current: int | None = None
        self._threads: list[threading.Thread] = []

    # ---- life cycle -------------------------------------------------------

    def start(self) -> None:
        if self._threads:
            return
        self._stop.clear()
        for target, name in ((self._loop, "screening-jobs"), (self._beat, "screening-heartbeat")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads = []

    def wake(self) -> None:
        """Look for work now (a job was just queued)."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                job_id = self.claim()
            except LaborscreenError as exc:
                log.warning("cannot look for screening jobs: %s", exc)
                job_id = None
            if job_id is None:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
                continue
            self.run(job_id)

    def _beat(self) -> None:
        interval = max(0.2, self.lease.total_seconds() / 4)
        while not self._stop.wait(interval):
            job_id = self._current
            if job_id is None:
                continue
            try:
                with self.db.transaction() as session:
                    session.execute(
                        sa.update(Screening)
                        .where(Screening.id == job_id, Screening.worker == self.token)
                        .values(heartbeat_at=utcnow())
                    )
            except LaborscreenError as exc:
                log.warning("screening %s: heartbeat failed: %s", job_id, exc)

    # ---- claiming ---------------------------------------------------------

    def _claimable(self) -> Any:
        stale = utcnow() - self.lease
        return sa.or_(
            Screening.status == ScreeningStatus.QUEUED,
            sa.and_(
                Screening.status == ScreeningStatus.RUNNING,
                sa.or_(Screening.heartbeat_at.is_(None), Screening.heartbeat_at < stale),
            ),
        )

    def claim(self) -> int | None:
        """Take the oldest job nobody runs; None when there is none (or no lists to screen)."""
        if not self.lists.status["loaded"]:
            return None
        with self.db.session() as session:
            waiting = list(
                session.execute(
                    sa.select(Screening.id).where(self._claimable()).order_by(Screening.id).limit(5)
                ).scalars()
            )
        for job_id in waiting:
            with self.db.transaction() as session:
                audit.lock(session)
                now = utcnow()
                taken = session.execute(
                    sa.update(Screening)
                    .where(Screening.id == job_id, self._claimable())
                    .values(
                        status=ScreeningStatus.RUNNING,
                        worker=self.token,
                        heartbeat_at=now,
                        attempts=Screening.attempts + 1,
                        started_at=sa.func.coalesce(Screening.started_at, now),
                        stage="reading",
                    )
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount != 1:  # type: ignore[attr-defined]
                    continue
                job = session.get(Screening, job_id)
                assert job is not None
                audit.record(
                    session,
                    org_id=job.org_id,
                    actor="system",
                    action="screening.start",
                    object_type="screening",
                    object_id=job.id,
                    after={"status": "running", "attempt": job.attempts, "done": job.done},
                )
                return job_id
        return None

    def _owned(self, session: Session, job_id: int) -> Screening:
        """The job, after taking the write lock; LostClaim when it is no longer this process's."""
        audit.lock(session)
        job = session.get(Screening, job_id, populate_existing=True)
        if job is None or job.worker != self.token or job.status is not ScreeningStatus.RUNNING:
            raise LostClaim(job_id)
        return job

    # ---- running ----------------------------------------------------------

    def run(self, job_id: int) -> None:
        self._current = job_id
        try:
            self._run(job_id)
        except LostClaim:
            log.warning("screening %s was taken over by another process", job_id)
        except LaborscreenError as exc:
            self._fail(job_id, str(exc))
        except Exception as exc:  # a fault must not leave the job running forever
            log.exception("screening %s failed", job_id)
            self._fail(job_id, f"internal error: {type(exc).__name__}")
        finally:
            self._current = None

    def _fail(self, job_id: int, message: str) -> None:
        try:
            with self.db.transaction() as session:
                job = self._owned(session, job_id)
                job.status, job.error, job.finished_at = ScreeningStatus.FAILED, message, utcnow()
                job.worker = None
                audit.record(
                    session,
                    org_id=job.org_id,
                    actor="system",
                    action="screening.fail",
                    object_type="screening",
                    object_id=job.id,
                    after={"status": "failed", "error": message},
                )
        except (LostClaim, LaborscreenError) as exc:
            log.warning("screening %s: could not record its failure: %s", job_id, exc)

    def _release(self, job_id: int) -> None:
        with self.db.transaction() as session:
            job = self._owned(session, job_id)
            job.status, job.worker, job.heartbeat_at = ScreeningStatus.QUEUED, None, None
            audit.record(
                session,
                org_id=job.org_id,
                actor="system",
                action="screening.release",
                object_type="screening",
                object_id=job.id,
                after={"status": "queued", "done": job.done},
            )

    def _progress(self, job_id: int, **values: Any) -> None:
        with self.db.transaction() as session:
            session.execute(
                sa.update(Screening)
                .where(Screening.id == job_id, Screening.worker == self.token)
                .values(heartbeat_at=utcnow(), **values)
            )

    def _run(self, job_id: int) -> None:
        with self.db.session() as session:
            job = session.get(Screening, job_id)
            assert job is not None
            roster = session.get(Roster, job.roster_id)
            assert roster is not None
            org_id, threshold, resume_from = job.org_id, job.threshold, job.done
            filename, content = roster.filename, roster.content
            records = {
                row: RecordRef(rid, fingerprint, site, name)
                for rid, row, fingerprint, site, name in session.execute(
                    sa.select(
                        RosterRecord.id,
                        RosterRecord.row_number,
                        RosterRecord.fingerprint,
                        RosterRecord.site,
                        RosterRecord.name,
                    ).where(RosterRecord.roster_id == roster.id)
                )
            }
        read = read_upload(filename, content)
        loaded = self.lists.current()
        versions = self._link_lists(job_id, loaded)
        if self._rules is None:
            self._rules = load_rules(())
        last = [time.monotonic()]

        def matched(count: int) -> None:
            if time.monotonic() - last[0] >= 1.0:
                last[0] = time.monotonic()
                self._progress(job_id, matched=count)

        self._progress(job_id, stage="matching")
        result = screen_roster(read, loaded.screener, threshold, MATCH_LIMIT, matched, self._rules)
        self._progress(job_id, stage="alerts", matched=len(result.rows))
        entries: dict[str, dict[str, Any]] = {}
        rows = result.rows
        for start in range(0, len(rows), CHUNK_ROWS):
            end = min(start + CHUNK_ROWS, len(rows))
            if end <= resume_from:
                continue  # committed before the job was interrupted
            if self._stop.is_set():
                self._release(job_id)  # the server is stopping: the next start goes on from here
                return
            found = self._row_candidates(rows[start:end], records, loaded, versions, entries)
            with self.db.transaction() as session:
                job = self._owned(session, job_id)
                counts = alerts.raise_alerts(session, org_id, job_id, found)
                job.done = end
                job.alert_count += counts[alerts.NEW] + counts[alerts.REOPENED]
                job.heartbeat_at = utcnow()
            if self.delay:
                time.sleep(self.delay / 1000)
        self._finish(job_id, org_id, result, records)

    def _link_lists(self, job_id: int, loaded: LoadedLists) -> dict[str, int]:
        """Record the list versions the job screens against; returns source -> version row id."""
        found: dict[str, int] = {}
        with self.db.transaction() as session:
            job = self._owned(session, job_id)
            for version in loaded.versions:
                row_id = session.execute(
                    sa.select(ListVersionRow.id).where(
                        ListVersionRow.source == version.source,
                        ListVersionRow.checksum == version.checksum,
                        ListVersionRow.imported_at == version.imported_at,
                    )
                ).scalar()
                if row_id is None:
                    continue
                found[version.source] = row_id
                if session.get(ScreeningList, (job_id, row_id)) is None:
                    session.add(ScreeningList(screening_id=job_id, list_version_id=row_id))
            job.list_fingerprint = loaded.fingerprint
        return found

    def _row_candidates(
        self,
        rows: Sequence[RowResult],
        records: dict[int, RecordRef],
        loaded: LoadedLists,
        versions: dict[str, int],
        entries: dict[str, dict[str, Any]],
    ) -> list[Candidate]:
        found: list[Candidate] = []
        for row in rows:
            record = records.get(row.record.row)
            if record is None:
                continue
            for match in row.matches:
                entity = loaded.entities.get(match.entity_id)
                if entity is None:
                    continue
                if match.entity_id not in entries:
                    entries[match.entity_id] = entity_dict(entity, loaded.version_of(entity.source))
                found.append(
                    alerts.match_candidate(
                        record, match, entity, entries[match.entity_id], versions.get(entity.source)
                    )
                )
            for finding in row.findings:
                candidate = alerts.finding_candidate(record, finding)
                if candidate is not None:
                    found.append(candidate)
        return found

    def _finish(
        self, job_id: int, org_id: int, result: ScreenResult, records: dict[int, RecordRef]
    ) -> None:
        found = []
        for finding in result.roster_findings:
            members = [records[r] for r in finding.rows if r in records]
            candidate = alerts.roster_candidate(members, finding)
            if candidate is not None:
                found.append(candidate)
        with self.db.transaction() as session:
            job = self._owned(session, job_id)
            counts = alerts.raise_alerts(session, org_id, job_id, found)
            job.alert_count += counts[alerts.NEW] + counts[alerts.REOPENED]
            job.results = result.to_dict()
            job.status, job.stage, job.worker = ScreeningStatus.COMPLETED, None, None
            job.finished_at = utcnow()
            audit.record(
                session,
                org_id=org_id,
                actor="system",
                action="screening.complete",
                object_type="screening",
                object_id=job.id,
                after={"status": "completed", "rows": job.total, "alerts": job.alert_count},
            )
