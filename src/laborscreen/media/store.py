"""The adverse-media store: ``media.db`` in ``LABORSCREEN_HOME``, beside the list store.

One SQLite file (WAL mode), its own schema, stdlib ``sqlite3``:

``documents``        one row per document, keyed by the sha256 of its raw bytes
                     (``doc:<prefix>`` id), with its metadata and the whole
                     analysed document as JSON (text, links, mentions, claims)
``mentions``         (document, offset) -> name, type, entity id: who is named where
``claims``           claim id -> document, category, origin located, chain, JSON
``claim_entities``   claim id -> entity id or name key: what each claim is about
``schema_version``   the layout's version, for future migrations

Adding a document whose checksum is already stored changes nothing: the same
bytes give the same id, and the stored analysis stays as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from laborscreen.errors import StoreError
from laborscreen.media.known import name_key
from laborscreen.media.model import Claim, MediaDocument
from laborscreen.settings import data_home

__all__ = ["SCHEMA_VERSION", "MediaStore", "media_path"]

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT,
    title TEXT,
    published TEXT,
    outlet TEXT,
    language TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions (
    document_id TEXT NOT NULL REFERENCES documents (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    entity_id TEXT,
    PRIMARY KEY (document_id, start, "end")
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_by_entity ON mentions (entity_id);
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id),
    category TEXT NOT NULL,
    origin_located INTEGER NOT NULL,
    chain TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claims_by_document ON claims (document_id);
CREATE TABLE IF NOT EXISTS claim_entities (
    claim_id TEXT NOT NULL REFERENCES claims (id),
    entity_key TEXT NOT NULL,
    PRIMARY KEY (claim_id, entity_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_entities_by_key ON claim_entities (entity_key);
"""


def media_path(home: Path | None = None) -> Path:
    return (home or data_home()) / "media.db"


def entity_keys(claim: Claim) -> set[str]:
    """What a claim can be found by: its entities' ids and name keys, and its sources'."""
    keys: set[str] = set()
    for entity in claim.entities:
        if entity.entity_id:
            keys.add(entity.entity_id)
        keys.add(f"name:{name_key(entity.name)}")
    for step in claim.attribution[1:]:
        if step.entity_id:
            keys.add(step.entity_id)
    return keys


class MediaStore:
    """Documents, mentions and claims kept between runs."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or media_path()
        try:
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_DDL)
            row = self.db.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                self.db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
                self.db.commit()
            elif row[0] != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: media store layout version {row[0]}, "
                    f"this laborscreen reads version {SCHEMA_VERSION}"
                )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the media store: {exc}") from exc

    def __enter__(self) -> MediaStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def has(self, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def add(self, document: MediaDocument) -> bool:
        """Keep a document; False (and nothing changed) when its bytes are already stored."""
        if self.has(document.source.sha256):
            return False
        src = document.source
        with self.db:
            self.db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.id,
                    src.sha256,
                    src.source,
                    src.kind,
                    document.url,
                    src.title,
                    src.published,
                    document.outlet,
                    document.language,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    json.dumps(document.to_dict(), ensure_ascii=False),
                ),
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (document.id, m.start, m.end, m.name, m.type, m.entity_id)
                    for m in document.mentions
                ],
            )
            for claim in document.claims:
                self.db.execute(
                    "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        claim.id,
                        document.id,
                        claim.category,
                        int(claim.origin_located),
                        json.dumps(claim.attribution_chain, ensure_ascii=False),
                        json.dumps(claim.to_dict(), ensure_ascii=False),
                    ),
                )
                self.db.executemany(
                    "INSERT OR IGNORE INTO claim_entities VALUES (?, ?)",
                    [(claim.id, key) for key in sorted(entity_keys(claim))],
                )
        return True

    def document(self, document_id: str) -> MediaDocument | None:
        row = self.db.execute("SELECT data FROM documents WHERE id = ?", (document_id,)).fetchone()
        return MediaDocument.from_dict(json.loads(row[0])) if row else None

    def document_by_sha(self, sha256: str) -> MediaDocument | None:
        row = self.db.execute("SELECT data FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return MediaDocument.from_dict(json.loads(row[0])) if row else None

    def documents(self) -> Iterator[MediaDocument]:
        for (data,) in self.db.execute("SELECT data FROM documents ORDER BY published, id"):
            yield MediaDocument.from_dict(json.loads(data))

    def claim(self, claim_id: str) -> Claim | None:
        row = self.db.execute("SELECT data FROM claims WHERE id = ?", (claim_id,)).fetchone()
        return Claim.from_dict(json.loads(row[0])) if row else None

    def claims(self) -> Iterator[Claim]:
        for (data,) in self.db.execute("SELECT data FROM claims ORDER BY document_id, id"):
            yield Claim.from_dict(json.loads(data))

    def claims_by_entity(self, keys: set[str]) -> list[Claim]:
        """Claims about any of ``keys`` (entity ids or ``name:<key>``)."""
        if not keys:
            return []
        marks = ",".join("?" for _ in keys)
        rows = self.db.execute(
            "SELECT DISTINCT c.data FROM claims c JOIN claim_entities e ON e.claim_id = c.id "
            f"WHERE e.entity_key IN ({marks}) ORDER BY c.document_id, c.id",
            sorted(keys),
        )
        return [Claim.from_dict(json.loads(data)) for (data,) in rows]

    def counts(self) -> dict[str, int]:
        return {
            table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("documents", "mentions", "claims")
        }
