"""The inverted index over list names and how it proposes candidates.

Every list name is analysed once. Postings map each phonetic token key, each
Korean given-name key and each identifier number to the names that hold them.
A query token reaches the keys of the vocabulary within a small edit distance
through their deletion variants (the symmetric-delete method), looked up once
per distinct key and cached, because rosters repeat tokens far more than names.
Each candidate gets an optimistic estimate of its name score (token weight
paired on both sides, how alike the keys are, what is left over); candidates
whose estimate cannot reach the caller's floor are never scored, and the rest
go to the scorer best first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from laborscreen.model import Entity, Name, NameKind, PartialDate
from laborscreen.names import NameForm, Token, analyze
from laborscreen.names.compare import curve
from laborscreen.names.korean import KoreanReading

#: Token weight below which a leftover is rounding, not a word.
_LEFT = 0.05

#: Words left over on both sides usually cost the conflict factor (0.75) in the
#: scorer; the estimate charges less, as a misspelt word may still pair there.
_ESTIMATED_CONFLICT = 0.85

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
    coverage: float  # optimistic estimate of the name score (see ListIndex.candidates)


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
        self._joined: dict[str, list[int]] = defaultdict(list)
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
                if 2 <= len(form.tokens) <= 3:
                    for order in (form.tokens, form.tokens[::-1]):
                        self._joined["".join(t.key for t in order)].append(index)
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
        self._hits_cache: dict[str, dict[int, tuple[float, float]]] = {}
        self._korean_cache: dict[tuple[frozenset[str], str, str], dict[int, float]] = {}
        self._is_org = [not self.entities[item.entity].schema.is_person for item in self.names]
        self._name_weight = [
            sum(self.weight(t) * t.weight for t in item.form.tokens) for item in self.names
        ]
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

    def _near(
        self, key: str, postings: dict[str, list[int]], deletes: dict[str, set[str]]
    ) -> tuple[str, ...]:
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

    def _hits(self, key: str, is_org: bool) -> dict[int, tuple[float, float]]:
        """Names of the query's kind holding a key near ``key``.

        For each: (how alike the two keys are, optimistically, the weight of
        that token in the name).
        """
        cache_key = ("o:" if is_org else "p:") + key
        hits = self._hits_cache.get(cache_key)
        if hits is None:
            hits = {}
            for near in self.near_keys(key):
                weight = max(self._idf.get(near, 1.0), 0.15)
                alike = (
                    1.0
                    if near == key
                    else min(1.0, 0.15 + curve(OSA.normalized_similarity(key, near)))
                )
                for name in self._postings[near]:
                    if self._is_org[name] == is_org and alike > hits.get(name, (0.0, 0.0))[0]:
                        hits[name] = (alike, weight)
            if len(self._hits_cache) < 500_000:
                self._hits_cache[cache_key] = hits
        return hits

    def _korean_hits(self, reading: KoreanReading) -> dict[int, float]:
        """Names read as Korean with a surname class in common and the given name
        equal (1.0) or one edit away (0.8); cached, as rosters repeat names."""
        cache_key = (reading.surname_classes, reading.given_key, reading.given_loose)
        hits = self._korean_cache.get(cache_key)
        if hits is not None:
            return hits
        hits = {}
        keys = self._near(reading.given_key, self._korean, self._korean_deletes)
        loose = "~" + reading.given_loose
        for key in (*keys, loose) if loose in self._korean else keys:
            exact = key in (reading.given_key, loose)
            for name in self._korean[key]:
                if any(
                    r.surname_classes & reading.surname_classes
                    for r in self.names[name].form.korean
                ):
                    hits[name] = max(hits.get(name, 0.0), 1.0 if exact else 0.8)
        if len(self._korean_cache) < 200_000:
            self._korean_cache[cache_key] = hits
        return hits

    def candidates(
        self, form: NameForm, limit: int | None = 25, min_coverage: float = 0.34
    ) -> list[Candidate]:
        """The list names most likely to match ``form``, best first.

        ``coverage`` estimates the name score of names/compare.py from the
        index alone: the token weight of both names that could pair, against
        the weight left over (half for people's extra tokens), times the squared
        mean key likeness and an estimated conflict factor. Candidates below
        ``min_coverage`` are dropped without being scored. Korean given-name
        readings (1.0 exact, 0.8 one edit away) and names written run together
        (0.9) are added whatever their token estimate. ``limit`` ``None``
        returns every candidate.
        """
        weights = [self.weight(t) * t.weight for t in form.tokens]
        total = sum(weights) or 1.0
        # rarest tokens first: once the tokens still to come weigh too little
        # to carry a name on their own, they only add to names already found
        is_org = form.is_org
        order = sorted(
            range(len(form.tokens)), key=lambda i: len(self._hits(form.tokens[i].key, is_org))
        )
        remaining = total
        surplus = 1.0 if form.is_org else 0.5
        # A name found only through words holding a share s of the query's
        # weight scores at most 2s / (2s + surplus * (1 - s)) (its own words
        # all paired, the query's other words left over); below min_coverage
        # such names need not be opened. 0.9: list-side weights may run higher.
        share = min_coverage * surplus / (2 - 2 * min_coverage + min_coverage * surplus)
        need = 0.9 * share * total
        # name -> [query weight paired, list weight paired, both times how alike]
        acc: dict[int, list[float]] = {}
        for i in order:
            hits = self._hits(form.tokens[i].key, is_org)
            weight = weights[i]
            if not acc and remaining >= need:
                # the first (rarest) word fills the table in one pass
                acc = {n: [weight, cw, alike * (weight + cw)] for n, (alike, cw) in hits.items()}
            elif remaining >= need:
                for name, (alike, cw) in hits.items():
                    slot = acc.get(name)
                    if slot is None:
                        acc[name] = [weight, cw, alike * (weight + cw)]
                    else:
                        slot[0] += weight
                        slot[1] += cw
                        slot[2] += alike * (weight + cw)
            else:
                for name, slot in acc.items():
                    hit = hits.get(name)
                    if hit is not None:
                        slot[0] += weight
                        slot[1] += hit[1]
                        slot[2] += hit[0] * (weight + hit[1])
            remaining -= weight
        ranked: list[Candidate] = []
        name_weight = self._name_weight
        for name, (q, c, paired) in acc.items():
            left_q = total - q
            left_c = max(name_weight[name] - c, 0.0)
            # the name score is coverage times the product of pair similarities;
            # the squared mean similarity bounds that product for two pairs
            alike = paired / (q + c)
            coverage = (q + c) / (q + c + surplus * (left_q + left_c)) * alike * alike
            if not form.is_org and left_q > _LEFT and left_c > _LEFT:
                coverage *= _ESTIMATED_CONFLICT  # words left on both sides: likely a conflict
            if coverage >= min_coverage:
                ranked.append(Candidate(name, coverage))
        # Korean readings: the same surname class and a given-name key that is
        # equal or one edit away, found whole whatever the spacing
        korean: dict[int, float] = {}
        for reading in form.korean:
            for name, coverage in self._korean_hits(reading).items():
                korean[name] = max(korean.get(name, 0.0), coverage)
        # one word against two or three run together, either way round
        if len(form.tokens) == 1:
            for name in self._joined.get(form.tokens[0].key, ()):
                korean[name] = max(korean.get(name, 0.0), 0.9)
        elif len(form.tokens) <= 3:
            for tokens in (form.tokens, form.tokens[::-1]):
                for name in self._postings.get("".join(t.key for t in tokens), ()):
                    if len(self.names[name].form.tokens) == 1:
                        korean[name] = max(korean.get(name, 0.0), 0.9)
        best = {c.name: c for c in ranked}
        for name, coverage in korean.items():
            if name not in best or best[name].coverage < coverage:
                best[name] = Candidate(name, coverage)
        ranked = list(best.values())
        ranked.sort(key=lambda c: -c.coverage)
        return ranked if limit is None else ranked[:limit]

    def by_identifier(self, key: str) -> list[int]:
        """Entities holding an identifier with this letters-and-digits key."""
        return self._identifiers.get(key, [])

    def entity(self, entity_id: str) -> Entity | None:
        position = self.by_id.get(entity_id)
        return None if position is None else self.entities[position]
