"""One screener per process, built from the list store and rebuilt when the lists change.

The service loads the current list versions once at start-up. A background
thread compares the store's fingerprint every ``poll_seconds``; when a
``laborscreen lists import`` or ``update`` made a new version, it builds a new
screener beside the old one and swaps it in, so requests never wait for a
rebuild and never see half of one.

Each version the service screens against is recorded in the service database
(``list_versions``, audited), so that screenings and alerts can cite it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from laborscreen.engine import Screener
from laborscreen.errors import ServiceError, StoreError
from laborscreen.model import Entity
from laborscreen.service import audit
from laborscreen.service.db import Database
from laborscreen.service.models import ListVersion as ListVersionRow
from laborscreen.service.models import utcnow
from laborscreen.store import ListStore, ListVersion

log = logging.getLogger(__name__)

#: Seconds between two looks at the list store's fingerprint.
DEFAULT_POLL_SECONDS = 30.0

#: Rebuild attempts when lists change while they are being read.
_READ_ATTEMPTS = 3


@dataclass(frozen=True)
class LoadedLists:
    """The lists in force in this process: the screener and what it was built from."""

    screener: Screener
    fingerprint: str
    versions: tuple[ListVersion, ...]
    entities: dict[str, Entity] = field(repr=False)
    loaded_at: str

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(v.source for v in self.versions)

    def version_of(self, source: str) -> ListVersion | None:
        return next((v for v in self.versions if v.source == source), None)


def read_lists(store_path: Path | None = None) -> LoadedLists:
    """Build a screener over the current versions in the list store."""
    for _ in range(_READ_ATTEMPTS):
        with ListStore(store_path) as store:
            before = store.fingerprint()
            versions = tuple(store.current_versions())
            entities = list(store.entities())
            if store.fingerprint() != before:
                continue  # an import landed while reading: read again
        if not entities:
            raise StoreError(
                "no sanctions lists are loaded: run `laborscreen lists import PATH` "
                "or `laborscreen lists update` first"
            )
        return LoadedLists(
            screener=Screener(entities),
            fingerprint=before,
            versions=versions,
            entities={e.id: e for e in entities},
            loaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    raise StoreError("the lists kept changing while being read; try again")


def record_versions(db: Database, versions: tuple[ListVersion, ...]) -> None:
    """Add the versions the service has not seen yet to ``list_versions`` (audited)."""
    with db.transaction() as session:
        audit.lock(session)  # every worker process records at start-up: one at a time
        for version in versions:
            known = session.execute(
                sa.select(ListVersionRow.id).where(
                    ListVersionRow.source == version.source,
                    ListVersionRow.checksum == version.checksum,
                    ListVersionRow.imported_at == version.imported_at,
                )
            ).first()
            if known:
                continue
            row = ListVersionRow(
                source=version.source,
                store_version_id=version.id,
                checksum=version.checksum,
                published=version.published,
                imported_at=version.imported_at,
                entity_count=version.entity_count,
                recorded_at=utcnow(),
            )
            session.add(row)
            audit.record_row(
                session,
                row,
                org_id=None,
                actor="system",
                action="list_version.record",
                object_type="list_version",
            )


class Lists:
    """The lists in force, shared by every request of one process."""

    def __init__(
        self,
        db: Database | None,
        store_path: Path | None = None,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
    ) -> None:
        self.db = db
        self.store_path = store_path
        self.poll_seconds = poll_seconds
        self._loaded: LoadedLists | None = None
        self._error: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def load(self) -> None:
        """Load the lists now; without lists the service still starts and says why."""
        with self._lock:
            try:
                loaded = read_lists(self.store_path)
            except StoreError as exc:
                self._error = str(exc)
                log.warning("lists not loaded: %s", exc)
                return
            if self.db is not None:
                record_versions(self.db, loaded.versions)
            self._loaded, self._error = loaded, None

    def reload_if_changed(self) -> bool:
        """Rebuild the screener if the list store changed; True when it did."""
        current = self._loaded
        try:
            with ListStore(self.store_path) as store:
                fingerprint = store.fingerprint()
        except StoreError as exc:
            log.warning("cannot read the list store: %s", exc)
            return False
        if current is not None and current.fingerprint == fingerprint:
            return False
        self.load()
        return self._loaded is not current

    def current(self) -> LoadedLists:
        loaded = self._loaded
        if loaded is None:
            raise ServiceError(
                503, "lists_not_loaded", self._error or "the sanctions lists are not loaded yet"
            )
        return loaded

    @property
    def status(self) -> dict[str, object]:
        loaded = self._loaded
        if loaded is None:
            return {"loaded": False, "error": self._error}
        return {
            "loaded": True,
            "entities": len(loaded.entities),
            "sources": sorted(loaded.sources),
            "loaded_at": loaded.loaded_at,
        }

    def start_polling(self) -> None:
        if self.poll_seconds <= 0 or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._poll, name="lists-poll", daemon=True)
        self._thread.start()

    def stop_polling(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                if self.reload_if_changed():
                    log.info("lists reloaded")
            except Exception:  # a failed reload keeps the lists in force; try next time
                log.exception("reloading the lists failed")
