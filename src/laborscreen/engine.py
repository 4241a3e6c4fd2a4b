"""The screening facade: lists in, queries screened, matches explained.

:class:`Screener` is what the CLI, the evaluation and (later) the service
call. It owns one :class:`ListIndex` and runs the pipeline for each query:
analyse the names, find candidates, score each candidate entity, keep the best.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from laborscreen.errors import StoreError
from laborscreen.index import ListIndex
from laborscreen.model import Entity
from laborscreen.names import analyze
from laborscreen.scoring import DEFAULT_THRESHOLD, Match, Query, score_entity
from laborscreen.store import ListStore

#: Candidate names scored per query spelling.
CANDIDATES_PER_NAME = 30


class Screener:
    def __init__(self, entities: Iterable[Entity] | ListIndex) -> None:
        self.index = entities if isinstance(entities, ListIndex) else ListIndex(entities)

    def match(
        self, query: Query, threshold: float | None = None, limit: int = 10
    ) -> list[Match]:
        """Matches at or above ``threshold`` (default: every scored candidate), best first."""
        forms = [analyze(n, query.is_org) for n in dict.fromkeys(query.names) if n and n.strip()]
        forms = [f for f in forms if f.tokens]
        entity_positions: set[int] = set()
        for form in forms:
            for candidate in self.index.candidates(form, CANDIDATES_PER_NAME):
                entity_positions.add(self.index.names[candidate.name].entity)
        for identifier in query.identifiers:
            entity_positions.update(self.index.by_identifier(identifier.key))
        matches = []
        for position in entity_positions:
            match = score_entity(query, forms, self.index, position)
            if match is None:
                continue
            if threshold is not None and match.score < threshold:
                continue
            matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.entity_id))
        return matches[:limit]

    def alerts(self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 10) -> list[Match]:
        return self.match(query, threshold, limit)


def load_screener(store: Path | None = None) -> Screener:
    """A screener over every current list version in the embedded store."""
    with ListStore(store) as lists:
        entities = list(lists.entities())
    if not entities:
        raise StoreError(
            "no sanctions lists are loaded: run `laborscreen lists import PATH` "
            "or `laborscreen lists update` first"
        )
    return Screener(entities)
