"""The inverted index over list names and how it proposes candidates.

Every list name is analysed once. Postings map each phonetic token key, each
Korean given-name key and each identifier number to the names that hold them.
A query token reaches the keys of the vocabulary within a small edit distance
through their deletion variants (the symmetric-delete method), looked up once
per distinct key and cached, because rosters repeat tokens far more than names.
Candidates are ranked by the share of the query's evidence weight they cover;
only the best go on to the scorer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from laborscreen.model import Entity, Name, NameKind, PartialDate
from laborscreen.names import NameForm, Token, analyze

#: Shortest key whose one-letter deletions are indexed; shorter keys must match exactly.
_MIN_FUZZY_LEN = 4


@dataclass(frozen=True, slots=True)
class IndexedName:
    entity: int  # position in ListIndex.entities
    name: Name
    form: NameForm


@dataclass(frozen=True, slots=True)
class Candidate:
    name: int  # position in ListIndex.names
    coverage: float  # share of the query's token weight found in this name


def _deletions(key: str) -> set[str]:
    if len(key) < _MIN_FUZZY_LEN:
        return set()
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class ListIndex:
    """All names of a set of entities, indexed for candidate search."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities: list[Entity] = list(entities)
        self.names: list[IndexedName] = []
        self.by_id: dict[str, int] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._korean: dict[str, list[int]] = defaultdict(list)
        self._identifiers: dict[str, list[int]] = defaultdict(list)
        for position, entity in enumerate(self.entities):
            self.by_id[entity.id] = position
            is_org = not entity.schema.is_person
            seen: set[str] = set()
            for name in entity.names:
                if not name.full.strip() or name.full in seen:
                    continue
                seen.add(name.full)
                form = analyze(name.full, is_org)
                if not form.tokens:
                    continue
                index = len(self.names)
                self.names.append(IndexedName(position, name, form))
                for key in {t.key for t in form.tokens}:
                    self._postings[key].append(index)
                for given in {r.given_key for r in form.korean} | {
                    "~" + r.given_loose for r in form.korean
                }:
                    self._korean[given].append(index)
            for identifier in entity.identifiers:
                if len(identifier.key) >= 5:
                    self._identifiers[identifier.key].append(position)
        total = max(len(self.names), 1)
        norm = math.log(1 + total)
        self._idf = {k: math.log(1 + total / len(v)) / norm for k, v in self._postings.items()}
        self._deletes: dict[str, set[str]] = defaultdict(set)
        for key in self._postings:
            for variant in _deletions(key):
                self._deletes[variant].add(key)
        self._korean_deletes: dict[str, set[str]] = defaultdict(set)
        for key in self._korean:
            for variant in _deletions(key):
                self._korean_deletes[variant].add(key)
        self._near_cache: dict[str, tuple[str, ...]] = {}
        self.linked_dates = self._link_birth_dates()

    def _link_birth_dates(self) -> dict[int, tuple[str, tuple[PartialDate, ...]]]:
        """Birth dates for persons whose own entry has none, from the same person on another list.

        OFAC often lists a person without a birth date whom the UN lists with
        one (OFAC 15656 and UN KPi.008 are RA Kyong-Su). Entries are the same
        person when, across sources, their primary names agree and so does at
        least one alias; the date is borrowed only when every such counterpart
        agrees on it.
        """
        by_primary: dict[str, list[int]] = defaultdict(list)
        name_keys: dict[int, set[str]] = defaultdict(set)
        for item in self.names:
            key = " ".join(sorted(t.key for t in item.form.tokens))
            name_keys[item.entity].add(key)
            if item.name.kind is NameKind.PRIMARY and self.entities[item.entity].schema.is_person:
                by_primary[key].append(item.entity)
        linked: dict[int, tuple[str, tuple[PartialDate, ...]]] = {}
        for group in by_primary.values():
            if len(group) < 2:
                continue
            for position in group:
                entity = self.entities[position]
                if entity.birth_dates:
                    continue
                mates = [
                    p
                    for p in group
                    if self.entities[p].source != entity.source
                    and self.entities[p].birth_dates
                    and len(name_keys[p] & name_keys[position]) >= 2
                ]
                dates = {self.entities[p].birth_dates for p in mates}
                if len(dates) == 1:
                    linked[position] = (self.entities[mates[0]].id, dates.pop())
        return linked

    # -- weights -----------------------------------------------------------

    def weight(self, token: Token) -> float:
        """Rarity of a token's key among list names: 1.0 for unseen keys."""
        return max(self._idf.get(token.key, 1.0), 0.15)

    # -- lookups -----------------------------------------------------------

    def _near(self, key: str, postings: dict[str, list[int]], deletes: dict[str, set[str]]) -> tuple[str, ...]:
        found: set[str] = set()
        if key in postings:
            found.add(key)
        variants = _deletions(key)
        if key in deletes:
            found |= deletes[key]  # vocabulary key with one more letter
        for variant in variants:
            if variant in postings:
                found.add(variant)  # vocabulary key with one letter less
            found |= deletes.get(variant, set())  # one substitution
        return tuple(found)

    def near_keys(self, key: str) -> tuple[str, ...]:
        cached = self._near_cache.get(key)
        if cached is None:
            cached = self._near(key, self._postings, self._deletes)
            self._near_cache[key] = cached
        return cached

    def candidates(self, form: NameForm, limit: int = 25, min_coverage: float = 0.34) -> list[Candidate]:
        """The list names most likely to match ``form``, best first."""
        weights = [self.weight(t) * t.weight for t in form.tokens]
        total = sum(weights) or 1.0
        covered: dict[int, float] = defaultdict(float)
        for token, weight in zip(form.tokens, weights, strict=True):
            hit: set[int] = set()
            for key in self.near_keys(token.key):
                hit.update(self._postings[key])
            for name in hit:
                covered[name] += weight
        # a Korean given name found whole covers the name whatever its spacing
        for reading in form.korean:
            keys = self._near(reading.given_key, self._korean, self._korean_deletes)
            if "~" + reading.given_loose in self._korean:
                keys += ("~" + reading.given_loose,)
            for key in keys:
                for name in self._korean[key]:
                    covered[name] = max(covered[name], total)
        ranked = sorted(
            (Candidate(n, c / total) for n, c in covered.items() if c / total >= min_coverage),
            key=lambda c: -c.coverage,
        )
        return ranked[:limit]

    def by_identifier(self, key: str) -> list[int]:
        """Entities holding an identifier with this letters-and-digits key."""
        return self._identifiers.get(key, [])

    def entity(self, entity_id: str) -> Entity | None:
        position = self.by_id.get(entity_id)
        return None if position is None else self.entities[position]
