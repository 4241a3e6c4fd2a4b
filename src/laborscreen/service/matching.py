"""Screening one query entity against the lists in force, with yente's filters.

Shared by ``/match`` and ``/search``: runs the screener once per laborscreen
query (two for a ``LegalEntity``), keeps the best score per list entry, applies
the dataset, schema and id filters, and counts what was found before the limit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from laborscreen.errors import ServiceError
from laborscreen.model import Entity
from laborscreen.scoring import Match, Query
from laborscreen.service.lists import LoadedLists

#: ``{dataset}`` for every imported list.
DEFAULT_DATASET = "default"

#: Candidates kept per query before the filters and the limit (the screener has
#: scored them all by then: keeping more costs only a sort).
_KEEP = 1000


@dataclass(frozen=True, slots=True)
class Filters:
    include_sources: frozenset[str] | None = None  # None: every source
    exclude_sources: frozenset[str] = frozenset()
    exclude_schemas: frozenset[str] = frozenset()
    exclude_ids: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # ISO alpha-2; empty: any

    def keeps(self, entity: Entity) -> bool:
        if self.include_sources is not None and entity.source not in self.include_sources:
            return False
        if entity.source in self.exclude_sources or entity.id in self.exclude_ids:
            return False
        if entity.schema.value in self.exclude_schemas:
            return False
        return not self.countries or bool(self.countries & set(entity.all_countries))


def dataset_sources(
    loaded: LoadedLists, dataset: str, include: Collection[str]
) -> frozenset[str] | None:
    """The sources ``{dataset}`` and ``include_dataset`` allow (None: all of them)."""
    known = loaded.sources
    for name in (dataset, *include):
        if name != DEFAULT_DATASET and name not in known:
            raise ServiceError(
                404,
                "unknown_dataset",
                f"no dataset {name!r}: use {DEFAULT_DATASET!r} or one of "
                + ", ".join(sorted(known)),
                [{"field": "dataset", "value": name}],
            )
    allowed = None if dataset == DEFAULT_DATASET else {dataset}
    picked = {s for s in include if s != DEFAULT_DATASET}
    if picked:
        allowed = picked if allowed is None else allowed & picked
    return None if allowed is None else frozenset(allowed)


@dataclass(frozen=True, slots=True)
class Found:
    total: int
    results: list[tuple[Match, Entity]]


def find(
    loaded: LoadedLists,
    queries: Sequence[Query],
    floor: float | None,
    limit: int,
    filters: Filters,
    offset: int = 0,
) -> Found:
    """Matches scoring at least ``floor`` (None: every scored candidate), best first."""
    best: dict[str, Match] = {}
    for query in queries:
        for match in loaded.screener.match(query, floor, _KEEP):
            seen = best.get(match.entity_id)
            if seen is None or match.score > seen.score:
                best[match.entity_id] = match
    kept = []
    for match in sorted(best.values(), key=lambda m: (-m.score, m.entity_id)):
        entity = loaded.entities.get(match.entity_id)
        if entity is not None and filters.keeps(entity):
            kept.append((match, entity))
    return Found(len(kept), kept[offset : offset + limit])
