"""The screening facade: lists in, queries screened, matches explained.

:class:`Screener` is what the CLI, the evaluation and (later) the service
call. It owns one :class:`ListIndex` and runs the pipeline for each query:
analyse the names, find candidates, score each candidate entity, keep the best.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import Synchronized, SynchronizedArray
from pathlib import Path

from laborscreen.errors import StoreError
from laborscreen.heap import collector_paused
from laborscreen.index import Candidate, ListIndex
from laborscreen.model import Entity
from laborscreen.names import NameForm, analyze_uncached
from laborscreen.scoring import DEFAULT_THRESHOLD, Match, Query, score_entity
from laborscreen.store import ListStore

#: Candidate entries scored per query spelling (an entry may bring several of
#: its names: the limit counts entries, so one entry's aliases crowd out no one).
CANDIDATES_PER_NAME = 30

#: Without a threshold (browsing near misses), candidates whose optimistic name
#: score (ListIndex.candidates) is below this are not scored.
BROWSE_COVERAGE = 0.34

#: Company names are few in a roster, long, and transliterated word by word
#: (Сайенсиз for Sciences): words the index cannot reach by key or spelling
#: still pair in the scorer by consonant skeleton, so the estimate underrates
#: them, and they are scored from this lower estimate.
COMPANY_COVERAGE = 0.2

#: With a threshold, a candidate is scored only if its optimistic name score
#: plus the most the query's other evidence could add reaches the threshold,
#: less this margin for the estimate's roughness.
PRUNE_MARGIN = 0.05


def _most_bonus(query: Query) -> float:
    """The most birth date and nationality can add to a name score (features.py)."""
    return (0.10 if query.birth_date else 0.0) + (0.05 if query.nationalities else 0.0)


def _floor(query: Query, threshold: float | None) -> float:
    """The lowest estimated name score worth scoring for this query."""
    if query.is_org:
        return COMPANY_COVERAGE
    if threshold is None:
        return BROWSE_COVERAGE
    return max(BROWSE_COVERAGE, threshold - _most_bonus(query) - PRUNE_MARGIN)


class Screener:
    def __init__(self, entities: Iterable[Entity] | ListIndex) -> None:
        self.index = entities if isinstance(entities, ListIndex) else ListIndex(entities)

    def match(self, query: Query, threshold: float | None = None, limit: int = 10) -> list[Match]:
        """Matches at or above ``threshold`` (default: every scored candidate), best first."""
        return self.match_batch([query], threshold, limit)[0]

    def match_batch(
        self, queries: Sequence[Query | None], threshold: float | None = None, limit: int = 10
    ) -> list[list[Match]]:
        """:meth:`match` for each query; the index estimates candidates for all at once.

        A ``None`` query (a row with no name) gets no matches.
        """
        # every spelling of every query, each with the floor its query allows
        forms: list[NameForm] = []
        floors: list[float] = []
        owners: list[int] = []
        for position, query in enumerate(queries):
            if query is None:
                continue
            floor = _floor(query, threshold)
            is_org = query.is_org
            names = query.names
            for name in names if len(names) == 1 else dict.fromkeys(names):
                # uncached: match_many screens identical queries once
                form = analyze_uncached(name, is_org) if name and name.strip() else None
                if form is not None and form.tokens:
                    forms.append(form)
                    floors.append(floor)
                    owners.append(position)
        ranked = self.index.candidates_many(forms, floors)
        # each query's spellings, with their candidates; the scorer compares
        # every spelling with each candidate entry, whichever spelling found it
        by_query: dict[int, list[tuple[NameForm, list[Candidate]]]] = {}
        found = set()
        for owner, form, candidates in zip(owners, forms, ranked, strict=True):
            by_query.setdefault(owner, []).append((form, candidates))
            if candidates:
                found.add(owner)
        return [
            self._score(query, by_query.get(position, []), threshold, limit)
            if query is not None and (position in found or query.identifiers)
            else []  # most rows of a roster: nothing to score
            for position, query in enumerate(queries)
        ]

    def _match_chunk(
        self, queries: Sequence[Query], threshold: float | None, limit: int
    ) -> list[tuple[Match, ...]]:
        """:meth:`match_batch` for a chunk of :meth:`match_many`, each query's matches a tuple.

        Most rows of a roster have none, and every empty tuple is one shared
        object: a list per row would be one more object for the collector to
        walk (and for a helper process to send) until match_many makes its own.
        """
        return [tuple(found) for found in self.match_batch(queries, threshold, limit)]

    def _score(
        self,
        query: Query,
        found: list[tuple[NameForm, list[Candidate]]],
        threshold: float | None,
        limit: int,
    ) -> list[Match]:
        # entity -> the names of it worth scoring (None: all, found by a document)
        wanted: dict[int, set[int] | None] = {}
        for _, candidates in found:
            entries: set[int] = set()
            for candidate in candidates:
                position = self.index.names[candidate.name].entity
                if position not in entries and len(entries) == CANDIDATES_PER_NAME:
                    continue
                entries.add(position)
                names = wanted.setdefault(position, set())
                if names is not None:
                    names.add(candidate.name)
        for identifier in query.identifiers:
            for position in self.index.by_identifier(identifier.key):
                wanted[position] = None
        forms = [form for form, _ in found]
        matches = []
        for position, names in wanted.items():
            match = score_entity(query, forms, self.index, position, names)
            if match is None:
                continue
            if threshold is not None and match.score < threshold:
                continue
            matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.entity_id))
        return matches[:limit]

    def match_many(
        self,
        queries: Sequence[Query | None],
        threshold: float | None = DEFAULT_THRESHOLD,
        limit: int = 10,
        workers: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> list[list[Match]]:
        """:meth:`match` for many queries, in ``workers`` processes for large batches.

        The queries are cut into chunks that every process takes one at a
        time, this process among them: ``workers - 1`` processes are forked
        with the index and the queries already in memory, so nothing but the
        results crosses between processes, and a slow chunk holds no one up.
        The chunks follow the queries' first names in sorted order, this
        process taking them from one end and the others from the other end:
        names that start alike share words, so most words are met in one
        process only and their hits built once. Results come back in input order;
        ``progress`` is told how many queries are done. A ``None`` query (a
        row with no name) gets no matches. Identical queries (the same person
        on several rows, or namesakes with nothing else given) are screened
        once.
        """
        position: dict[Query, int] = {}
        slots = [-1 if q is None else position.setdefault(q, len(position)) for q in queries]
        distinct = list(position)
        report = None if progress is None else _Rescaled(progress, len(distinct), len(queries))
        # Screening makes many short-lived objects and no reference cycles:
        # the cyclic collector would only walk them (laborscreen.heap).
        with collector_paused():
            if workers > 1 and len(distinct) > _CHUNK and "fork" in mp.get_all_start_methods():
                found = self._match_forked(distinct, threshold, limit, workers, report)
            else:
                found = []
                for chunk in _chunks(distinct):
                    found.extend(self._match_chunk(chunk, threshold, limit))
                    if report is not None:
                        report(len(found))
        if progress is not None:
            progress(len(queries))
        return [[] if slot < 0 else list(found[slot]) for slot in slots]  # a list per row

    def _match_forked(
        self,
        distinct: list[Query],
        threshold: float | None,
        limit: int,
        workers: int,
        progress: Callable[[int], None] | None,
    ) -> list[tuple[Match, ...]]:
        first_names = [query.names[0] if query.names else "" for query in distinct]
        order = sorted(range(len(distinct)), key=first_names.__getitem__)
        chunks = _chunks([distinct[i] for i in order])
        context = mp.get_context("fork")
        shared = _Shared(
            self,
            chunks,
            threshold,
            limit,
            context.Array("l", [0, len(chunks)]),
            context.Value("l", 0),
        )
        _WORKER["shared"] = shared
        helpers: list[tuple[BaseProcess, Connection]] = []
        try:
            # Forked with the collector off (collector_paused): its writes to
            # the objects they inherit would make the kernel copy page after
            # page (the index is exempt anyway: laborscreen.heap).
            for _ in range(workers - 1):
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_send_chunks, args=(sender,), daemon=True)
                process.start()
                sender.close()
                helpers.append((process, receiver))
            done = dict(shared.take(progress))
            for helper, receiver in helpers:
                done.update(_received(helper, receiver, shared, progress))
        except BaseException:
            for helper, _ in helpers:
                helper.terminate()
                helper.join()
            raise
        finally:
            _WORKER.clear()
            for _, receiver in helpers:
                receiver.close()
        # A helper that has sent its results is left to exit on its own (it
        # takes a few milliseconds to unmap the index); multiprocessing reaps
        # it at the next fork or at exit.
        if progress is not None:
            progress(shared.screened.value)
        found: list[tuple[Match, ...]] = [()] * len(distinct)
        ranks = iter(order)
        for position in range(len(chunks)):
            for matches in done[position]:
                found[next(ranks)] = matches
        return found


@dataclass(frozen=True, slots=True)
class _Rescaled:
    """A progress callback told distinct queries done, passed on as rows done."""

    progress: Callable[[int], None]
    distinct: int
    rows: int

    def __call__(self, done: int) -> None:
        self.progress(min(self.rows, done * self.rows // max(self.distinct, 1)))


#: Queries in a chunk: what a process takes at a time.
_CHUNK = 500


def _chunks(queries: list[Query]) -> list[list[Query]]:
    return [queries[i : i + _CHUNK] for i in range(0, len(queries), _CHUNK)]


#: A helper's chunks: [(chunk position, its matches)].
_Chunks = list[tuple[int, list[tuple[Match, ...]]]]


@dataclass(slots=True)
class _Shared:
    """What the processes of one :meth:`Screener.match_many` share (inherited by fork)."""

    screener: Screener
    chunks: list[list[Query]]
    threshold: float | None
    limit: int
    # the chunks no process has taken: from the first up to (not including) the second
    left: SynchronizedArray[int]
    screened: Synchronized[int]  # queries screened so far, by every process

    def take(
        self, progress: Callable[[int], None] | None = None, from_back: bool = False
    ) -> _Chunks:
        """Screen chunks, first to last (or last to first), until none is left:
        [(chunk position, its matches)]."""
        out: _Chunks = []
        while True:
            with self.left.get_lock():
                first, end = self.left[0], self.left[1]
                if first >= end:
                    return out
                if from_back:
                    position = self.left[1] = end - 1
                else:
                    position = first
                    self.left[0] = first + 1
            chunk = self.chunks[position]
            out.append((position, self.screener._match_chunk(chunk, self.threshold, self.limit)))
            with self.screened.get_lock():
                self.screened.value += len(chunk)
            if progress is not None:
                progress(self.screened.value)


#: What a forked helper process inherits.
_WORKER: dict[str, _Shared] = {}


def _send_chunks(sender: Connection) -> None:
    """A helper process's work: screen chunks, then send (results, None) or (None, error)."""
    outcome: tuple[_Chunks | None, Exception | None]
    try:
        outcome = (_WORKER["shared"].take(from_back=True), None)
    except Exception as error:  # the parent raises it
        outcome = (None, error)
    sender.send(outcome)
    sender.close()


#: How often the parent reports progress while it waits for a helper's results.
_POLL_SECONDS = 0.2


def _received(
    process: BaseProcess,
    receiver: Connection,
    shared: _Shared,
    progress: Callable[[int], None] | None,
) -> _Chunks:
    """A helper's results; raises its error, or a RuntimeError if it died without a word."""
    while not receiver.poll(_POLL_SECONDS):
        if progress is not None:
            progress(shared.screened.value)
    try:
        outcome: tuple[_Chunks | None, Exception | None] = receiver.recv()
    except EOFError:
        process.join()
        raise RuntimeError(
            f"a screening process ended (exit code {process.exitcode}) before sending its results"
        ) from None
    results, error = outcome
    if error is not None:
        raise error
    return results or []


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
