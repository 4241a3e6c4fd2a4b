"""The versioned list store: every import of a list is a version, and versions can be diffed.

One SQLite file (WAL mode) holds:

``versions``       one row per import of one source: published date, checksum, counts, files
``entities``       (version, entity id) -> content hash; a version's membership
``entity_data``    content hash -> the entity as canonical JSON, stored once
                   however many versions share it (lists change little day to day)
``downloads``      HTTP validators (ETag, Last-Modified) of the last download per URL
``schema_version`` the layout's version, for future migrations

The current version of a source is its newest version. An import is one
transaction for the whole batch, so a failure leaves the previous versions in
force (DESIGN §6 "nothing lost").
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from laborscreen.errors import StoreError
from laborscreen.model import Entity, ParsedList, Schema
from laborscreen.settings import store_path
from laborscreen.sources.download import FetchedFile, Validators

__all__ = ["SCHEMA_VERSION", "ListDiff", "ListStore", "ListVersion"]

#: Layout version written to ``schema_version``; bump it with a migration step.
SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    published TEXT,
    imported_at TEXT NOT NULL,
    checksum TEXT NOT NULL,
    entity_count INTEGER NOT NULL,
    schema_counts TEXT NOT NULL,
    files TEXT NOT NULL,
    url TEXT,
    origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_source ON versions (source, id);
CREATE TABLE IF NOT EXISTS entity_data (
    hash TEXT PRIMARY KEY,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entities (
    version_id INTEGER NOT NULL REFERENCES versions (id),
    entity_id TEXT NOT NULL,
    hash TEXT NOT NULL REFERENCES entity_data (hash),
    PRIMARY KEY (version_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_by_id ON entities (entity_id, version_id);
CREATE TABLE IF NOT EXISTS downloads (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    path TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL
);
"""

_CURRENT_IDS = "SELECT MAX(id) FROM versions GROUP BY source"


@dataclass(frozen=True, slots=True)
class ListVersion:
    """One imported version of one source.

    ``unchanged`` is set only on values returned by :meth:`ListStore.import_lists`
    when the imported files had the checksum of the current version: no new
    version was made and this is the one still in force.
    """

    id: int
    source: str
    published: str | None
    imported_at: str
    checksum: str
    entity_count: int
    schema_counts: Mapping[str, int]
    files: tuple[str, ...]
    url: str | None
    origin: str
    unchanged: bool = False

    @property
    def persons(self) -> int:
        return sum(n for name, n in self.schema_counts.items() if Schema(name).is_person)

    @property
    def organisations(self) -> int:
        return sum(n for name, n in self.schema_counts.items() if Schema(name).is_organization)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "published": self.published,
            "imported_at": self.imported_at,
            "checksum": self.checksum,
            "entity_count": self.entity_count,
            "persons": self.persons,
            "organisations": self.organisations,
            "schema_counts": dict(self.schema_counts),
            "files": list(self.files),
            "url": self.url,
            "origin": self.origin,
            "unchanged": self.unchanged,
        }


@dataclass(frozen=True, slots=True)
class ListDiff:
    """What changed between two versions of a source, by entity id (each tuple sorted)."""

    source: str
    old_version_id: int
    new_version_id: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    #: For each changed id, the Entity fields whose values differ.
    changed_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "old_version_id": self.old_version_id,
            "new_version_id": self.new_version_id,
            "counts": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
            },
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": list(self.changed),
            "changed_fields": {key: list(value) for key, value in self.changed_fields.items()},
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _canonical(entity: Entity) -> str:
    return json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _content_checksum(hashes: Iterable[str]) -> str:
    # For lists built in memory (no files): the same entities give the same checksum.
    digest = hashlib.sha256()
    for value in sorted(hashes):
        digest.update(value.encode())
    return "content:" + digest.hexdigest()


def _version(row: sqlite3.Row, unchanged: bool = False) -> ListVersion:
    return ListVersion(
        id=row["id"],
        source=row["source"],
        published=row["published"],
        imported_at=row["imported_at"],
        checksum=row["checksum"],
        entity_count=row["entity_count"],
        schema_counts=json.loads(row["schema_counts"]),
        files=tuple(json.loads(row["files"])),
        url=row["url"],
        origin=row["origin"],
        unchanged=unchanged,
    )


class ListStore:
    """The list versions and their entities in one SQLite file.

    Use as a context manager, or call :meth:`close`. One instance is one
    connection; open one per thread.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._create_schema()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the list store {self.path}: {exc}") from exc

    def _create_schema(self) -> None:
        with self._transaction():
            for statement in _DDL.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            row = self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()
            found = row[0]
            if found is None:
                self._db.execute(
                    "INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,)
                )
            elif found > SCHEMA_VERSION:
                raise StoreError(
                    f"the list store {self.path} has layout version {found}, newer than this "
                    f"laborscreen understands ({SCHEMA_VERSION}); upgrade laborscreen"
                )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ListStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def import_lists(
        self,
        parsed: Sequence[ParsedList],
        origin: str,
        downloads: Iterable[tuple[str, FetchedFile]] = (),
    ) -> list[ListVersion]:
        """Store each parsed list as a new version, all in one transaction.

        A list whose checksum equals its source's current checksum makes no
        new version; the current one is returned with ``unchanged=True``.
        ``downloads`` ((source, fetched file) pairs) records HTTP validators in
        the same transaction, so they never describe files that were not imported.
        """
        results: list[ListVersion] = []
        try:
            with self._transaction():
                for item in parsed:
                    results.append(self._import_one(item, origin))
                for source, fetched in downloads:
                    self._db.execute(
                        "INSERT OR REPLACE INTO downloads (url, source, path, etag, "
                        "last_modified, fetched_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            fetched.url,
                            source,
                            str(fetched.path),
                            fetched.etag,
                            fetched.last_modified,
                            _now(),
                        ),
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot import into the list store {self.path}: {exc}") from exc
        return results

    def _import_one(self, item: ParsedList, origin: str) -> ListVersion:
        rows: dict[str, tuple[str, str]] = {}
        counts: Counter[str] = Counter()
        for entity in item.entities:
            if entity.id in rows:
                raise StoreError(f"{item.source}: entity id {entity.id!r} appears twice")
            text = _canonical(entity)
            rows[entity.id] = (hashlib.sha256(text.encode()).hexdigest(), text)
            counts[entity.schema.value] += 1
        checksum = item.checksum or _content_checksum(h for h, _ in rows.values())
        current = self._db.execute(
            "SELECT * FROM versions WHERE source = ? ORDER BY id DESC LIMIT 1", (item.source,)
        ).fetchone()
        if current is not None and current["checksum"] == checksum:
            return _version(current, unchanged=True)
        cursor = self._db.execute(
            "INSERT INTO versions (source, published, imported_at, checksum, entity_count, "
            "schema_counts, files, url, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item.source,
                item.published,
                _now(),
                checksum,
                len(rows),
                json.dumps(dict(sorted(counts.items()))),
                json.dumps(list(item.files), ensure_ascii=False),
                item.url,
                origin,
            ),
        )
        version_id = cursor.lastrowid
        self._db.executemany(
            "INSERT OR IGNORE INTO entity_data (hash, data) VALUES (?, ?)", rows.values()
        )
        self._db.executemany(
            "INSERT INTO entities (version_id, entity_id, hash) VALUES (?, ?, ?)",
            ((version_id, entity_id, h) for entity_id, (h, _) in rows.items()),
        )
        row = self._db.execute("SELECT * FROM versions WHERE id = ?", (version_id,)).fetchone()
        return _version(row)

    # -- reading -------------------------------------------------------------

    def versions(self, source: str | None = None) -> list[ListVersion]:
        """All versions, oldest first; only those of ``source`` if given."""
        if source is None:
            rows = self._db.execute("SELECT * FROM versions ORDER BY id")
        else:
            rows = self._db.execute(
                "SELECT * FROM versions WHERE source = ? ORDER BY id", (source,)
            )
        return [_version(row) for row in rows]

    def version(self, version_id: int) -> ListVersion:
        row = self._db.execute("SELECT * FROM versions WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise StoreError(f"no list version {version_id} in the store")
        return _version(row)

    def current_versions(self) -> list[ListVersion]:
        """The version in force for each source (its newest), by source name."""
        rows = self._db.execute(
            f"SELECT * FROM versions WHERE id IN ({_CURRENT_IDS}) ORDER BY source"
        )
        return [_version(row) for row in rows]

    def entities(self, version_ids: Iterable[int] | None = None) -> Iterator[Entity]:
        """The entities of the given versions (default: the current ones), by entity id."""
        params: tuple[int, ...] = ()
        if version_ids is None:
            where = f"e.version_id IN ({_CURRENT_IDS})"
        else:
            ids = tuple(version_ids)
            where, params = f"e.version_id IN ({','.join('?' * len(ids))})", ids
        cursor = self._db.execute(
            "SELECT d.data FROM entities e JOIN entity_data d ON d.hash = e.hash "
            f"WHERE {where} ORDER BY e.entity_id, e.version_id",
            params,
        )
        for (data,) in cursor:
            yield Entity.from_dict(json.loads(data))

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id in the current versions, or None."""
        row = self._db.execute(
            "SELECT d.data FROM entities e JOIN entity_data d ON d.hash = e.hash "
            f"WHERE e.entity_id = ? AND e.version_id IN ({_CURRENT_IDS}) "
            "ORDER BY e.version_id DESC LIMIT 1",
            (entity_id,),
        ).fetchone()
        return None if row is None else Entity.from_dict(json.loads(row[0]))

    def _members(self, version_id: int) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT entity_id, hash FROM entities WHERE version_id = ?", (version_id,)
        )
        return {entity_id: h for entity_id, h in rows}

    def _data(self, content_hash: str) -> dict[str, Any]:
        row = self._db.execute(
            "SELECT data FROM entity_data WHERE hash = ?", (content_hash,)
        ).fetchone()
        data: dict[str, Any] = json.loads(row[0])
        return data

    def diff(self, old_version_id: int, new_version_id: int) -> ListDiff:
        """Entities added, removed and changed (same id, other content) between two versions."""
        old, new = self.version(old_version_id), self.version(new_version_id)
        if old.source != new.source:
            raise StoreError(
                f"versions {old.id} ({old.source}) and {new.id} ({new.source}) "
                "belong to different sources"
            )
        before, after = self._members(old.id), self._members(new.id)
        changed = sorted(i for i in before.keys() & after.keys() if before[i] != after[i])
        fields: dict[str, tuple[str, ...]] = {}
        for entity_id in changed:
            a, b = self._data(before[entity_id]), self._data(after[entity_id])
            fields[entity_id] = tuple(
                sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            )
        return ListDiff(
            source=new.source,
            old_version_id=old.id,
            new_version_id=new.id,
            added=tuple(sorted(after.keys() - before.keys())),
            removed=tuple(sorted(before.keys() - after.keys())),
            changed=tuple(changed),
            changed_fields=fields,
        )

    def fingerprint(self) -> str:
        """A hash of the current versions: it changes whenever any list changes."""
        rows = self._db.execute(
            f"SELECT id, checksum FROM versions WHERE id IN ({_CURRENT_IDS}) ORDER BY id"
        )
        # Checksums join the ids because a recreated store numbers its versions from 1 again.
        text = ";".join(f"{version_id}:{checksum}" for version_id, checksum in rows)
        return hashlib.sha256(text.encode()).hexdigest()

    def download_validators(self, source: str) -> dict[str, Validators]:
        """URL -> ETag / Last-Modified from the last recorded download of this source."""
        rows = self._db.execute(
            "SELECT url, etag, last_modified FROM downloads WHERE source = ?", (source,)
        )
        return {url: Validators(etag, last_modified) for url, etag, last_modified in rows}


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (then re-raised)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        # IMMEDIATE takes the write lock now, so two importers queue instead of deadlocking.
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self._db.execute("COMMIT")
        else:
            self._db.execute("ROLLBACK")
