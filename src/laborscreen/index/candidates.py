"""The inverted index over list names and how it proposes candidates.

Every list name is analysed once. Postings map each phonetic token key (and
each spelling of it), each Korean given-name key and each identifier number to
the names that hold them. A query word reaches the list words whose key or
spelling is within one edit, or that are its initial, through deletion
variants (the symmetric-delete method); each such word is compared with the
query word as the scorer compares words, and the names holding words that
would pair are cached per query word, because rosters repeat words far more
than names. Each candidate then gets an optimistic estimate of its name score
(:mod:`laborscreen.index.coverage`); candidates whose estimate cannot reach
the caller's floor are never scored, and the rest go to the scorer best first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from laborscreen.heap import collector_paused, settle
from laborscreen.index.coverage import Estimator, IntArray, TokenHits, estimate_names, near
from laborscreen.index.deletions import SHORTEST, deletions
from laborscreen.index.pairing import pairing_parts
from laborscreen.model import Entity, Name, NameKind, PartialDate
from laborscreen.names import NameForm, Token, analyze
from laborscreen.names.compare import (
    KOREAN_OTHER_SURNAME_CAP,
    PAIR_FLOOR,
    korean_score,
    word_similarity,
)
from laborscreen.names.korean import KoreanReading

#: Token weight below which a leftover is rounding, not a word.
_LEFT = 0.05

#: Words left over on both sides usually cost the conflict factor (0.75) in the
#: scorer; the estimate charges less, as a misspelt word may still pair there.
_ESTIMATED_CONFLICT = 0.85

#: Run-together keys shorter than this are looked up without the affix screen.
_AFFIX_MIN_LEN = 4

#: The estimate for one word against two or three run together ("SergeiLavrov").
_RUN_TOGETHER = 0.9


#: A spelling of a key among list words, with the person and company names holding
#: it and its weight (rarity times the word's own weight).
_Spelled = tuple[Token, IntArray, IntArray, float]

#: A query word's hits and its weight in the query (ListIndex._word).
_Word = tuple[TokenHits, float]

#: Query words cached per kind of name; beyond this, hits are built each time.
_MOST_WORDS = 500_000


@dataclass(frozen=True, slots=True)
class IndexedName:
    entity: int  # position in ListIndex.entities
    name: Name
    form: NameForm


@dataclass(frozen=True, slots=True)
class Candidate:
    name: int  # position in ListIndex.names
    coverage: float  # optimistic estimate of the name score (see ListIndex.candidates)


def _company_similarity(query: Token, listed: Token) -> float:
    """The scorer's similarity of two company words: the better of the
    same-script and the across-scripts comparison (the index does not know the
    query's script). Not cached: a query word meets a list word here once, when
    the query word's hits are built (which are cached)."""
    return max(word_similarity(query, listed), word_similarity(query, listed, True))


class ListIndex:
    """All names of a set of entities, indexed for candidate search."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        # millions of objects that live as long as the process and hold no
        # cycles: the collector has nothing to find in them (laborscreen.heap)
        with collector_paused():
            self._build(entities)
        settle()

    def _build(self, entities: Iterable[Entity]) -> None:
        self.entities: list[Entity] = list(entities)
        self.names: list[IndexedName] = []
        self.by_id: dict[str, int] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)
        # key -> each spelling of it among list tokens -> the names holding it
        spellings: dict[str, dict[Token, list[int]]] = defaultdict(dict)
        self._korean: dict[str, list[int]] = defaultdict(list)
        self._joined: dict[str, list[int]] = defaultdict(list)
        self._single_word: dict[str, list[int]] = defaultdict(list)  # names of one word, by key
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
                for token in set(form.tokens):
                    spellings[token.key].setdefault(token, []).append(index)
                for given in {r.given_key for r in form.korean} | {
                    "~" + r.given_loose for r in form.korean
                }:
                    self._korean[given].append(index)
                if len(form.tokens) == 1:
                    self._single_word[form.tokens[0].key].append(index)
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
            for variant in deletions(key):
                self._deletes[variant].add(key)
        self._is_org = [not self.entities[item.entity].schema.is_person for item in self.names]
        # every spelling of every key among list words, with (person names,
        # company names), by position; a key's spellings take consecutive ones
        self._listed_words: list[_Spelled] = []
        self._key_words: dict[str, tuple[int, ...]] = {}
        for key, words in spellings.items():
            start = len(self._listed_words)
            for word, names in words.items():
                spelled = (word, *self._by_kind(names), self.weight(word) * word.weight)
                self._listed_words.append(spelled)
            self._key_words[key] = tuple(range(start, len(self._listed_words)))
        # every list word's spelling -> its key and its positions (a word may be
        # one token in person names and another in company names), and the
        # spellings' deletion variants
        by_text: dict[str, tuple[str, list[int]]] = {}
        for key, positions in self._key_words.items():
            for position in positions:
                text = self._listed_words[position][0].text
                by_text.setdefault(text, (key, []))[1].append(position)
        self._by_text = {text: (key, tuple(found)) for text, (key, found) in by_text.items()}
        self._text_deletes: dict[str, set[str]] = defaultdict(set)
        for text in self._by_text:
            for variant in deletions(text):
                self._text_deletes[variant].add(text)
        self._korean_deletes: dict[str, set[str]] = defaultdict(set)
        for key in self._korean:
            for variant in deletions(key):
                self._korean_deletes[variant].add(key)
        # every first and every last part of one-word keys ("ab", "abc"; "bc", "c")
        self._single_prefixes = {
            key[:size] for key in self._single_word for size in range(1, len(key) + 1)
        }
        self._single_suffixes = {
            key[-size:] for key in self._single_word for size in range(1, len(key) + 1)
        }
        self._near_cache: dict[str, tuple[str, ...]] = {}
        # query word -> (its hits, its weight), for person names and company names
        self._words: tuple[dict[str, _Word], dict[str, _Word]] = ({}, {})
        self._korean_cache: dict[tuple[frozenset[str], str, str], dict[int, float]] = {}
        name_weight = np.array(
            [sum(self.weight(t) * t.weight for t in item.form.tokens) for item in self.names],
            dtype=np.float64,
        )
        self._estimator = Estimator(name_weight, _ESTIMATED_CONFLICT, _LEFT)
        # the person words, for the kernel to compare person query words with
        self._estimator.set_words(
            [word.text for word, *_ in self._listed_words],
            [word.key for word, *_ in self._listed_words],
            [persons for _, persons, _, _ in self._listed_words],
            [weight for *_, weight in self._listed_words],
        )
        self.linked_dates = self._link_birth_dates()

    def _by_kind(self, names: list[int]) -> tuple[IntArray, IntArray]:
        return (
            np.array([n for n in names if not self._is_org[n]], dtype=np.int64),
            np.array([n for n in names if self._is_org[n]], dtype=np.int64),
        )

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

    def near_keys(self, key: str) -> tuple[str, ...]:
        cached = self._near_cache.get(key)
        if cached is None:
            cached = near(key, self._postings, self._deletes, SHORTEST)
            self._near_cache[key] = cached
        return cached

    def _words_near(self, token: Token) -> list[int]:
        """Positions (in ``_listed_words``) of the list words whose key is
        ``token``'s or one edit away, of words spelled one edit away whatever
        their key (Gurzhk, Gurzhy), and of the word's initial (Nadim, N.)."""
        keys = self.near_keys(token.key)
        key_words = self._key_words
        positions: list[int] = []
        for k in keys:
            positions += key_words[k]
        texts = list(near(token.text, self._by_text, self._text_deletes, SHORTEST))
        if len(token.text) > 1 and token.text[0] in self._by_text:
            texts.append(token.text[0])
        by_text = self._by_text
        for text in texts:
            key, found = by_text[text]
            if key not in keys:
                positions += found
        return positions

    def _word(self, token: Token, is_org: bool) -> _Word:
        """A query word's hits (:meth:`_hits`) and its weight in the query.

        Cached per word and kind of name: rosters repeat words far more than
        names, and both follow from the word's text.
        """
        words = self._words[is_org]
        found = words.get(token.text)
        if found is None:
            found = (self._hits(token, is_org), self.weight(token) * token.weight)
            if len(words) < _MOST_WORDS:
                words[token.text] = found
        return found

    def _hits(self, token: Token, is_org: bool) -> TokenHits:
        """Names of the query's kind holding a word that could pair with ``token``.

        Each word near ``token`` (:meth:`_words_near`) is compared with it as
        the scorer compares words, and only those that would pair
        (``PAIR_FLOOR``) are kept. For each name: its position, the similarity
        of its best such word, that word's weight in the name, and the most of
        the query word's weight it can pair. Not cached: :meth:`_word` is.

        For a person's word the kernel does this over its copy of the list
        words (``Estimator.person_hits``); company words are also compared
        across scripts (:func:`_company_similarity`), here.
        """
        positions = self._words_near(token)
        if not is_org:
            return TokenHits.from_bytes(
                self._estimator.person_hits(token.text, token.key, positions, PAIR_FLOOR)
            )
        entries = [self._listed_words[position] for position in positions]
        companies = [(word, names, weight) for word, _, names, weight in entries]
        parts = pairing_parts(token, companies, _company_similarity, PAIR_FLOOR)
        return TokenHits.best_per_name(self._estimator, parts)

    def _korean_hits(self, reading: KoreanReading) -> dict[int, float]:
        """Names read as Korean with a surname class in common and a given-name
        key equal or one edit away, each with the scorer's Korean score for this
        reading (:func:`~laborscreen.names.compare.korean_score`, its best over
        the name's readings); cached, as rosters repeat names."""
        cache_key = (reading.surname_classes, reading.given_key, reading.given_loose)
        hits = self._korean_cache.get(cache_key)
        if hits is not None:
            return hits
        hits = {}
        keys = near(reading.given_key, self._korean, self._korean_deletes, SHORTEST)
        loose = "~" + reading.given_loose
        for key in (*keys, loose) if loose in self._korean else keys:
            for name in self._korean[key]:
                if name not in hits:
                    score = self._korean_score(reading, name)
                    if score > 0.0:
                        hits[name] = score
        if len(self._korean_cache) < 200_000:
            self._korean_cache[cache_key] = hits
        return hits

    def _korean_score(self, reading: KoreanReading, name: int) -> float:
        """The Korean score of ``reading`` against list name ``name``: its best reading's."""
        return max((korean_score(reading, r) for r in self.names[name].form.korean), default=0.0)

    def candidates(
        self, form: NameForm, limit: int | None = 25, min_coverage: float = 0.34
    ) -> list[Candidate]:
        """The list names most likely to match ``form``, best first.

        ``limit`` ``None`` returns every candidate; see :meth:`candidates_many`.
        """
        ranked = self.candidates_many([form], [min_coverage])[0]
        return ranked if limit is None else ranked[:limit]

    def candidates_many(
        self, forms: Sequence[NameForm], min_coverages: Sequence[float]
    ) -> list[list[Candidate]]:
        """For each form, the list names whose estimated name score reaches its floor.

        The token estimate (:func:`~laborscreen.index.coverage.estimate_names`)
        comes first. Names that share a Korean surname class with the query
        and whose given name is equal or one edit away then take the scorer's
        Korean score instead, which is their name score; names written run
        together (0.9) are added whatever their token estimate.
        """
        ranked = []
        for form, floor in zip(forms, min_coverages, strict=True):
            is_org = form.is_org
            words = self._words[is_org]
            hits: list[TokenHits] = []
            weights: list[float] = []
            for token in form.tokens:
                hit, weight = words.get(token.text) or self._word(token, is_org)
                hits.append(hit)
                weights.append(weight)
            surplus = 1.0 if is_org else 0.5
            found = estimate_names(
                self._estimator, hits, weights, sum(weights) or 1.0, surplus, floor
            )
            ranked.append(self._with_whole_name_keys(form, dict(found), floor))
        return ranked

    def _with_whole_name_keys(
        self, form: NameForm, best: dict[int, float], floor: float
    ) -> list[Candidate]:
        """Add the Korean-reading and run-together candidates; rank best first."""
        # Korean readings: the same surname class and a given-name key that is
        # equal or one edit away, found whole whatever the spacing. For these
        # names the scorer's name score is the best Korean score over both
        # names' readings (compare_names), so that replaces the token estimate.
        if form.korean:
            self._korean_scores(form, best, floor)
        # one word against two or three run together, either way round
        tokens = form.tokens
        run_together: Sequence[int] = ()
        if len(tokens) == 1:
            run_together = self._joined.get(tokens[0].key, ())
        elif len(tokens) <= 3:
            # the scorer compares the run-together spellings, whose keys may be
            # one letter apart even where the words' keys do not pair
            keys = [t.key for t in tokens]
            run_together = self._single_word_near("".join(keys))
            keys.reverse()
            run_together += self._single_word_near("".join(keys))
        for name in run_together:
            if best.get(name, 0.0) < _RUN_TOGETHER:
                best[name] = _RUN_TOGETHER
        if not best:
            return []
        ranked = [Candidate(name, coverage) for name, coverage in best.items()]
        ranked.sort(key=lambda c: (-c.coverage, c.name))  # ties in a fixed order
        return ranked

    def _korean_scores(self, form: NameForm, best: dict[int, float], floor: float) -> None:
        """Give every name a Korean reading of ``form`` reaches its Korean score,
        which is its name score: those below ``floor`` leave ``best``.

        The other candidates that read as Korean too have their name score
        decided the same way (:func:`~laborscreen.names.compare.compare_names`):
        their Korean score where a surname class is shared (their given names
        are far apart: it is low), and at most ``KOREAN_OTHER_SURNAME_CAP``
        where none is, whatever the words' estimate said.
        """
        found = [self._korean_hits(reading) for reading in form.korean]
        # one reading (surname first or last: most names) needs no merging
        korean = found[0] if len(found) == 1 else self._best_korean(form, found)
        others: dict[int, float] = {}
        for name in best:
            if name not in korean and self.names[name].form.korean:
                score = max(self._korean_score(reading, name) for reading in form.korean)
                # no surname in common: the scorer caps the words' score
                others[name] = score if score > 0.0 else min(best[name], KOREAN_OTHER_SURNAME_CAP)
        for name, score in chain(korean.items(), others.items()):
            if score >= floor:
                best[name] = score
            else:
                best.pop(name, None)

    def _best_korean(self, form: NameForm, found: list[dict[int, float]]) -> dict[int, float]:
        """Each name any reading of ``form`` reached, with its best score over the readings."""
        korean: dict[int, float] = {}
        for hits in found:
            for name in hits:
                if name not in korean:
                    korean[name] = max(
                        h[name] if name in h else self._korean_score(r, name)
                        for r, h in zip(form.korean, found, strict=True)
                    )
        return korean

    def _single_word_near(self, joined: str) -> list[int]:
        """One-word list names whose key is ``joined`` or ``joined`` less one letter."""
        # Dropping one letter from a key of m letters keeps its first or its
        # last m // 2 letters: most keys are ruled out by two lookups.
        half = len(joined) // 2
        if (
            len(joined) >= _AFFIX_MIN_LEN
            and joined[:half] not in self._single_prefixes
            and joined[-half:] not in self._single_suffixes
        ):
            return []
        single = self._single_word
        found = list(single.get(joined, ()))
        for i in range(len(joined)):
            found += single.get(joined[:i] + joined[i + 1 :], ())
        return found

    def by_identifier(self, key: str) -> list[int]:
        """Entities holding an identifier with this letters-and-digits key."""
        return self._identifiers.get(key, [])

    def entity(self, entity_id: str) -> Entity | None:
        position = self.by_id.get(entity_id)
        return None if position is None else self.entities[position]
