"""Claims: the sentences that allege something, each with its category and chain.

A sentence is a claim when a category of ``resources/media_claim_categories.yml``
fits it, it states no mere norm ("a resolution bans…"), and it either names
a source or mentions an organisation or person. Its attribution chain starts
with the publishing outlet (then, for a forwarded Telegram post, the channel
it was forwarded from), followed by the sentence's sources outer to inner
(:mod:`laborscreen.media.attribution`).

Across adjacent sentences: a pronoun subject ("he said") is the source named
just before; a source that continues the previous claim's speaker
('"…," Wildberries added' after a quote of Wildberries' press service) takes
over the previous chain up to that speaker; and a sentence saying the origin
could not be found ("The Moscow Times was unable to find where those claims
had originated") marks the previous claim's origin as not located.

The origin is *located* when the chain ends in a named, identifiable source,
and not located when it ends in an unnamed one ("unidentified Telegram
channels") or the text says it could not be found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from laborscreen.media.attribution import Found, attribute
from laborscreen.media.known import name_key
from laborscreen.media.model import (
    ORGANIZATION,
    PERSON,
    Claim,
    EntityRef,
    Mention,
    Source,
    claim_id,
)
from laborscreen.media.text import Span, tokens
from laborscreen.resources import load_yaml

#: How many sentences back an origin-not-found remark or a continuation reaches.
REACH = 2


@dataclass(frozen=True)
class Category:
    name: str
    ftm: str | None
    all_of: tuple[tuple[str, ...], ...]  # groups that must each hold (any term set of a group)
    any_of: tuple[tuple[str, ...], ...]  # groups any one of which suffices alone


@cache
def _categories() -> tuple[dict[str, tuple[re.Pattern[str], ...]], tuple[Category, ...]]:
    data = load_yaml("media_claim_categories.yml")
    terms = {
        key: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
        for key, patterns in data["terms"].items()
    }
    cats = tuple(
        Category(
            str(c["name"]),
            c.get("ftm"),
            tuple(tuple(group) for group in c.get("all", ())),
            tuple(tuple(group) for group in c.get("any", ())),
        )
        for c in data["categories"]
    )
    return terms, cats


def categories() -> list[str]:
    return [c.name for c in _categories()[1]]


def categorize(sentence: str) -> str | None:
    """The first category whose rule holds for the sentence, or None."""
    terms, cats = _categories()
    present = {key for key, patterns in terms.items() if any(p.search(sentence) for p in patterns)}

    def holds(group: tuple[str, ...]) -> bool:
        return any(term in present for term in group)

    for category in cats:
        if any(all(holds((t,)) for t in group) for group in category.any_of):
            return category.name
        if category.all_of and all(holds(group) for group in category.all_of):
            return category.name
    return None


def _headline_case(text: str) -> bool:
    words = [
        t.text for t in tokens(text) if t.kind == "word" and t.text.isalpha() and len(t.text) > 3
    ]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _same(a: str, b: str) -> bool:
    """Two source names for one source: equal keys, or one's words inside the other's."""
    ka, kb = set(name_key(a).split()), set(name_key(b).split())
    return bool(ka) and bool(kb) and (ka <= kb or kb <= ka)


@dataclass
class _State:
    claims: list[Claim]
    sentence_of_claim: list[int]
    last_named: Found | None = None


def extract_claims(
    document_id: str,
    text: str,
    spans: Sequence[Span],
    language: str,
    mentions: Sequence[Mention],
    head: Sequence[Source],
    link: Callable[[str], str | None],
    skip: Callable[[Span], bool] = lambda span: False,
    display: Callable[[str], str] = lambda name: name,
) -> list[Claim]:
    """The claims of a document's sentences.

    ``head`` is the chain's start (the outlet, a forward); ``link`` finds an
    entity id for a source's name and ``display`` the name to show for it (a
    channel's name for its ``@username``); ``skip`` excludes lines such as the title.
    """
    state = _State([], [])
    for index, span in enumerate(spans):
        if skip(span) or _headline_case(span.text):
            continue
        found = attribute(span.text, language)
        category = categorize(span.text)
        if found.origin_not_found and category is None:
            _mark_not_found(state, index, span.text)
            continue
        sources = list(found.sources)
        if sources and sources[0].pronoun:
            if state.last_named is None:
                sources = sources[1:]
            else:
                sources[0] = replace(state.last_named, kind="verb", pronoun=False)
        named_here = [s for s in sources if s.named and not s.pronoun]
        if named_here:
            state.last_named = named_here[-1]
        if category is None or found.background:
            continue
        inside = [m for m in mentions if span.start <= m.start and m.end <= span.end]
        actors = [m for m in inside if m.type in (ORGANIZATION, PERSON)]
        if not sources and not actors:
            continue
        chain = _continued(state, index, sources) or _chain(head, sources, link, display)
        claim = _claim(document_id, span, category, inside, chain)
        if found.origin_not_found:
            claim = replace(claim, origin_located=False, origin_note=span.text)
        state.claims.append(claim)
        state.sentence_of_claim.append(index)
    return state.claims


def _mark_not_found(state: _State, index: int, sentence: str) -> None:
    if state.claims and index - state.sentence_of_claim[-1] <= REACH:
        state.claims[-1] = replace(state.claims[-1], origin_located=False, origin_note=sentence)


def _continued(state: _State, index: int, sources: list[Found]) -> list[Source] | None:
    """The previous claim's chain up to its speaker, when this sentence's one source is it."""
    if len(sources) != 1 or not state.claims or index - state.sentence_of_claim[-1] > REACH:
        return None
    previous = state.claims[-1].attribution
    for position in range(len(previous) - 1, 0, -1):
        if _same(previous[position].name, sources[0].name):
            return list(previous[: position + 1])
    return None


def _chain(
    head: Sequence[Source],
    sources: list[Found],
    link: Callable[[str], str | None],
    display: Callable[[str], str],
) -> list[Source]:
    chain = list(head)
    for found in sources:
        if chain and _same(chain[-1].name, found.name):
            continue  # the outlet citing itself, or one source named twice
        role = "origin" if found.kind == "origin" else "cites"
        chain.append(Source(display(found.name), role, found.cue, link(found.name), found.named))
    return chain


def _claim(
    document_id: str, span: Span, category: str, inside: list[Mention], chain: list[Source]
) -> Claim:
    entities: dict[str, EntityRef] = {}
    for mention in inside:
        key = mention.entity_id or f"{mention.type}:{name_key(mention.text)}"
        entities.setdefault(key, EntityRef(mention.name, mention.type, mention.entity_id))
    if chain:
        located = chain[-1].named
        note = None if located else f"the chain ends in an unnamed source: {chain[-1].name}"
    else:
        located, note = False, "the document names no source and its outlet is unknown"
    return Claim(
        id=claim_id(document_id, span.start),
        document_id=document_id,
        start=span.start,
        end=span.end,
        text=span.text,
        category=category,
        entities=tuple(entities.values()),
        attribution=tuple(chain),
        origin_located=located,
        origin_note=note,
    )
