"""Mentions linked to entities: known organisations and list entries, across scripts.

NER misses brand names and mistypes them (natasha reads ``Вайлдберриз`` as a
person), so besides the NER spans every capitalised word run of the text (and
its sub-runs) and every short quoted name is put to the project's name
matcher through the public :class:`~laborscreen.engine.Screener` API: once
against the known organisations (``known:<id>``), once against the loaded
sanctions lists. A span the matcher links keeps the entity's id and caption;
overlapping candidates resolve to the longest, then best-scoring span. NER
spans no entity claims stay as unlinked mentions.

List entries are matched more strictly than known names, because a news text
gives no birth date or nationality to confirm a name: an organisation needs
:data:`LIST_ORG_THRESHOLD`, a person two name words and
:data:`LIST_PERSON_THRESHOLD`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from laborscreen.engine import Screener
from laborscreen.media.known import KnownRegistry, name_key
from laborscreen.media.model import ORGANIZATION, PERSON, EntityRef, Mention
from laborscreen.media.text import Span, tokens
from laborscreen.model import Schema
from laborscreen.scoring import Query

KNOWN_THRESHOLD = 0.9
LIST_ORG_THRESHOLD = 0.85
LIST_PERSON_THRESHOLD = 0.9
#: Longest word run tried as a name.
MAX_WORDS = 6

#: Words that may surround an organisation's name in a source that speaks for it.
_ROLE_WORDS = frozenset(
    [
        "the",
        "s",
        "press",
        "service",
        "office",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "secretary",
        "representative",
        "пресс-служба",
        "пресс-службу",
        "пресс-службы",
        "пресс-службе",
        "пресс-секретарь",
        "представитель",
    ]
)
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "and",
        "or",
        "but",
        "with",
        "from",
        "as",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "в",
        "на",
        "и",
        "с",
        "по",
        "о",
        "об",
        "от",
        "до",
        "за",
        "из",
        "к",
        "у",
        "для",
        "что",
        "как",
        "это",
    ]
)


class Linker:
    """Links names to known entities and (when given) to list entries."""

    def __init__(self, known: KnownRegistry, lists: Screener | None = None) -> None:
        self.known = known
        self.lists = lists
        self._known_screener = Screener([entry.entity() for entry in known])

    def _candidates(self, text: str, spans: Sequence[Span]) -> list[tuple[int, int, str]]:
        """(start, end, name) of every capitalised run, its sub-runs and quoted names."""
        out: list[tuple[int, int, str]] = []
        for span in spans:
            toks = tokens(span.text)
            run: list[int] = []
            for i, token in enumerate([*toks, None]):
                if token is not None and token.kind == "name":
                    out.append((span.start + token.start, span.start + token.end, token.text))
                good = (
                    token is not None
                    and token.kind == "word"
                    and (token.capitalised or token.text.isupper())
                    and token.lower not in _FUNCTION_WORDS
                )
                if good:
                    run.append(i)
                    continue
                for first in range(len(run)):
                    for last in range(first, min(len(run), first + MAX_WORDS)):
                        a, b = toks[run[first]], toks[run[last]]
                        out.append(
                            (span.start + a.start, span.start + b.end, span.text[a.start : b.end])
                        )
                run = []
        return out

    def _match(
        self, names: list[tuple[int, int, str, str]], screener: Screener, threshold: float
    ) -> list[Mention]:
        queries = [
            Query(names=(name,), schema=Schema.PERSON if kind == PERSON else Schema.ORGANIZATION)
            for _, _, name, kind in names
        ]
        found = []
        results = screener.match_batch(queries, threshold=threshold, limit=1)
        for (start, end, name, kind), matches in zip(names, results, strict=True):
            if not matches:
                continue
            best = matches[0]
            if screener is not self._known_screener:
                words = len(name.split())
                if best.schema == "Person" and (words < 2 or best.score < LIST_PERSON_THRESHOLD):
                    continue
            linked_kind = PERSON if best.schema == "Person" else ORGANIZATION
            method = "known" if screener is self._known_screener else "list"
            found.append(
                Mention(
                    name,
                    start,
                    end,
                    linked_kind if kind != PERSON else kind,
                    method,
                    best.entity_id,
                    best.caption,
                    round(best.score, 3),
                )
            )
        return found

    def mentions(self, text: str, spans: Sequence[Span], ner: Sequence[Mention]) -> list[Mention]:
        """Every mention of ``text``: linked where the matcher links it, else as NER found it."""
        candidates = {(s, e, n): ORGANIZATION for s, e, n in self._candidates(text, spans)}
        for m in ner:
            candidates[(m.start, m.end, m.text)] = m.type
        names = [(s, e, n, kind) for (s, e, n), kind in candidates.items() if n.strip()]
        linked = self._match(names, self._known_screener, KNOWN_THRESHOLD)
        for start, end, name, _ in names:
            entry = self.known.by_name(name) if name.startswith("@") else None
            if entry is not None:  # a known channel's @username
                linked.append(
                    Mention(name, start, end, ORGANIZATION, "known", entry.id, entry.caption, 1.0)
                )
        if self.lists is not None:
            strict = [
                c
                for c in names
                if c[3] != "Location" and (len(c[2].split()) > 1 or c[2].isupper() is False)
            ]
            linked += self._match(strict, self.lists, LIST_ORG_THRESHOLD)
        linked.sort(key=lambda m: (-(m.end - m.start), -(m.score or 0.0), m.start))
        kept: list[Mention] = []
        for mention in linked:
            if all(mention.end <= k.start or mention.start >= k.end for k in kept):
                kept.append(mention)
        for mention in ner:
            cover = next(
                (k for k in kept if k.start <= mention.start and mention.end <= k.end), None
            )
            if cover is None and all(
                mention.end <= k.start or mention.start >= k.end for k in kept
            ):
                kept.append(mention)
        return sorted(kept, key=lambda m: m.start)

    def display_name(self, name: str) -> str:
        """The name to show for a source: a known channel's name for its ``@username``."""
        if name.startswith("@"):
            entry = self.known.by_name(name)
            return entry.caption if entry else name
        return name

    def link_name(self, name: str) -> str | None:
        """The entity id a source's name (``Wildberries' press service``) refers to, if any."""
        entry = self.known.by_name(name)
        if entry is not None:
            return entry.id
        spans = [Span(0, len(name), name)]
        linked = [m for m in self.mentions(name, spans, []) if m.entity_id]
        if not linked:
            return None
        best = max(linked, key=lambda m: (m.end - m.start, m.score or 0.0))
        # "Wildberries' press service" speaks for Wildberries; "the chat of a
        # Wildberries warehouse" is not Wildberries
        rest = (name[: best.start] + " " + name[best.end :]).lower()
        if any(w not in _ROLE_WORDS for w in re.findall(r"[\w-]+", rest)):
            return None
        return best.entity_id


def document_entities(mentions: Sequence[Mention]) -> list[EntityRef]:
    """One entry per entity: linked ones by id (their caption), the rest by name key."""
    seen: dict[str, EntityRef] = {}
    surnames: set[str] = set()
    for mention in mentions:
        if mention.type == PERSON and not mention.entity_id:
            words = mention.text.split()
            if len(words) == 1 and words[0] in surnames:
                continue  # "Putin" after "Vladimir Putin"
            if len(words) > 1:
                surnames.add(words[-1])
        key = mention.entity_id or f"name:{mention.type}:{name_key(mention.text)}"
        if key not in seen:
            seen[key] = EntityRef(mention.name, mention.type, mention.entity_id)
    return list(seen.values())


def with_type(mention: Mention, kind: str) -> Mention:
    return replace(mention, type=kind)
