"""Adverse media for the service: claims about an entity, a claim's trace, an alert's panel.

The media store (``media.db``, filled by ``laborscreen media ingest``) is
reference data shared by every organisation, like the lists: nothing here is
scoped to a tenant. The store is only ever opened when it exists, so a
service without ingested media answers "no media" and creates no file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from laborscreen.media.api import ClaimFinder, provenance, trace
from laborscreen.media.provenance import Provenance
from laborscreen.media.store import MediaStore
from laborscreen.roster.organisations import ROLES


@contextmanager
def opened(path: Path) -> Iterator[MediaStore | None]:
    """The media store at ``path``, or None when nothing has been ingested there."""
    if not path.is_file():
        yield None
        return
    store = MediaStore(path)
    try:
        yield store
    finally:
        store.close()


def claims_about(entities: Iterable[str], store: MediaStore) -> list[dict[str, Any]]:
    """The claims about any of ``entities`` (ids or names), each once, as the API shows them."""
    return [view.to_dict() for view in ClaimFinder(store).about(entities)]


def claim_trace(claim_id: str, store: MediaStore) -> dict[str, Any] | None:
    """One claim with, per step of its chain, the other stored documents of that source."""
    view = trace(claim_id, store)
    return None if view is None else view.to_dict()


def graph(store: MediaStore) -> Provenance:
    return provenance(store)


def alert_subjects(detail: dict[str, Any]) -> list[dict[str, Any]]:
    """Whom an alert's adverse-media panel is about: ``[{"role", "name"(, "id")}]``.

    The organisations its record names (agency, payee, employer, read as
    screening reads them) and, for a list match, the list entry itself, since a
    listed company may be in the news under its list id's names.
    """
    fields: dict[str, Any] = ((detail.get("record") or {}).get("fields")) or {}
    subjects: list[dict[str, Any]] = []
    for role, (field, _) in ROLES.items():
        value = " ".join(str(fields.get(field) or "").split())
        if value:
            subjects.append({"role": role, "name": value})
    if detail.get("kind") == "sanctions" and detail.get("entity_id"):
        entry = detail.get("entry") or {}
        subjects.append(
            {
                "role": "list entry",
                "name": str(entry.get("caption") or detail["entity_id"]),
                "id": str(detail["entity_id"]),
            }
        )
    return subjects


def alert_media(detail: dict[str, Any], path: Path) -> dict[str, Any]:
    """The alert page's panel: ``{"ingested", "subjects": [subject + "claims"]}``."""
    subjects = alert_subjects(detail)
    with opened(path) as store:
        if store is None:
            return {"ingested": False, "subjects": subjects}
        finder = ClaimFinder(store)
        for subject in subjects:
            keys = [subject["id"], subject["name"]] if "id" in subject else [subject["name"]]
            subject["claims"] = [view.to_dict() for view in finder.about(keys)]
    return {"ingested": True, "subjects": subjects}
