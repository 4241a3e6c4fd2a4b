"""The adverse-media data for other parts of laborscreen: claims by entity, traces.

Screening output, the HTML report, the alert page and the service call these
(they read the media store and return plain values, no CLI or web code):

* :class:`ClaimFinder` — claims about several entities in one open store;
* :func:`claims_for` — an entity's claims (by list or known entity id, or by
  name in any script), each with its document and the allegation group it
  belongs to;
* :func:`trace` — one claim's chain with, for each step, the stored documents
  of that source, and its group's earliest known source;
* :func:`provenance` — the whole provenance graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from laborscreen.media.known import KnownRegistry, load_known, name_key
from laborscreen.media.model import Claim, MediaDocument
from laborscreen.media.provenance import Group, Provenance, build_provenance
from laborscreen.media.store import MediaStore


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim with what a reader needs around it."""

    claim: Claim
    document: MediaDocument
    group: Group | None
    sources: tuple[tuple[str, ...], ...] = ()  # per chain step: stored documents of that source

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.claim.to_dict(),
            "document": {
                "id": self.document.id,
                "source": self.document.source.source,
                "url": self.document.url,
                "title": self.document.source.title,
                "published": self.document.source.published,
                "outlet": self.document.outlet,
                "language": self.document.language,
            },
            "group": self.group.to_dict() if self.group else None,
            "step_documents": [list(s) for s in self.sources],
        }


def _open(store: MediaStore | Path | None) -> tuple[MediaStore, bool]:
    if isinstance(store, MediaStore):
        return store, False
    return MediaStore(store), True


def provenance(
    store: MediaStore | Path | None = None, known: KnownRegistry | None = None
) -> Provenance:
    media, owned = _open(store)
    try:
        return build_provenance(media.documents(), known or load_known())
    finally:
        if owned:
            media.close()


def entity_keys(entity: str, known: KnownRegistry | None = None) -> set[str]:
    """Store keys for an entity given by id (``known:wildberries``, ``un:KPe.050``) or name."""
    known = known or load_known()
    if ":" in entity and " " not in entity and not entity.startswith("name:"):
        return {entity}
    keys = {f"name:{name_key(entity)}"}
    entry = known.by_name(entity)
    if entry is not None:
        keys.add(entry.id)
    return keys


class ClaimFinder:
    """Claims by entity in one open media store; the provenance graph is built once,
    on the first lookup that finds anything, however many entities are asked about."""

    def __init__(self, store: MediaStore, known: KnownRegistry | None = None) -> None:
        self.store = store
        self.known = known or load_known()
        self._graph: Provenance | None = None

    def about(self, entities: Iterable[str]) -> list[ClaimView]:
        """Every stored claim about any of ``entities`` (ids or names in any script),
        each once, oldest document first."""
        keys: set[str] = set()
        for entity in entities:
            keys |= entity_keys(entity, self.known)
        claims = self.store.claims_by_entity(keys)
        if not claims:
            return []
        if self._graph is None:
            self._graph = build_provenance(self.store.documents(), self.known)
        graph = self._graph
        views = [ClaimView(c, graph.documents[c.document_id], graph.group_of(c.id)) for c in claims]
        return sorted(
            views,
            key=lambda v: (v.document.source.published or "9999", v.document.id, v.claim.start),
        )


def claims_for(
    entity: str, store: MediaStore | Path | None = None, known: KnownRegistry | None = None
) -> list[ClaimView]:
    """Every stored claim about ``entity`` (an entity id or a name), oldest document first."""
    media, owned = _open(store)
    try:
        return ClaimFinder(media, known).about([entity])
    finally:
        if owned:
            media.close()


def find_claims(text: str, store: MediaStore) -> list[Claim]:
    """Claims whose id is ``text``, or whose sentence contains it (case-insensitive)."""
    exact = store.claim(text)
    if exact is not None:
        return [exact]
    needle = text.lower()
    return [c for c in store.claims() if needle in c.text.lower() or c.id.startswith(text)]


def trace(
    claim_id: str, store: MediaStore | Path | None = None, known: KnownRegistry | None = None
) -> ClaimView | None:
    """A claim with, per chain step, the stored documents published by that source."""
    media, owned = _open(store)
    try:
        claim = media.claim(claim_id)
        if claim is None:
            return None
        graph = build_provenance(media.documents(), known or load_known())
    finally:
        if owned:
            media.close()
    steps = tuple(
        tuple(d for d in graph.documents_of_source(step) if d != claim.document_id)
        for step in claim.attribution
    )
    return ClaimView(claim, graph.documents[claim.document_id], graph.group_of(claim.id), steps)
