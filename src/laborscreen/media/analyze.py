"""One document analysed: language, outlet, sentences, mentions, entities, claims.

The flow for a :class:`SourceDocument`: decide the language (metadata, else
the script), the URL and the outlet; split sentences; find mentions (natasha
for Russian, the rule-based finder for English) and link them
(:class:`~laborscreen.media.linking.Linker`); extract the claims with their
chains, which start at the outlet (and, for a forwarded Telegram post, at the
channel it came from).

The outlet is, in this order: the one the caller names (``--outlet``), the
one the metadata names, the known publisher of the URL's site, the outlet the
text names as itself ("The Moscow Times was unable to find…") when that name
is a known publisher or reads like a news outlet's; otherwise unknown.
"""

from __future__ import annotations

import re

from laborscreen.media.attribution import attribute
from laborscreen.media.claims import extract_claims
from laborscreen.media.linking import Linker, document_entities
from laborscreen.media.model import (
    ORGANIZATION,
    EntityRef,
    MediaDocument,
    Mention,
    Source,
    SourceDocument,
)
from laborscreen.media.ner_en import english_mentions
from laborscreen.media.text import Span, detect_language, sentences

#: Words that make a self-named subject read like a news outlet's name.
_MEDIA_WORDS = re.compile(
    r"\b(?:times|news|post|journal|herald|gazette|tribune|telegraph|guardian|daily|weekly|"
    r"media|tv|radio|press|review|observer|chronicle|агентство|новости|газета|ведомости|"
    r"известия|коммерсант\w*|медиа)\b",
    re.IGNORECASE,
)


def _outlet(source: SourceDocument, spans: list[Span], language: str, linker: Linker) -> str | None:
    known = linker.known
    if source.outlet:
        entry = known.by_name(source.outlet)
        return entry.caption if entry else source.outlet
    if source.url:
        entry = known.by_url(source.url)
        if entry is not None:
            return entry.caption
    for span in spans:
        named = attribute(span.text, language).self_named
        if not named:
            continue
        entry = known.by_name(named)
        if entry is not None and entry.kind in ("outlet", "channel"):
            return entry.caption
        if _MEDIA_WORDS.search(named):
            return named
    return None


def _mentions(text: str, spans: list[Span], language: str, linker: Linker) -> list[Mention]:
    if language == "ru":
        from laborscreen.media.ner_ru import russian_mentions  # loads natasha's models

        ner = russian_mentions(text)
    else:
        ner = english_mentions(text, spans)
    return linker.mentions(text, spans, ner)


def analyse(source: SourceDocument, linker: Linker, outlet: str | None = None) -> MediaDocument:
    """The analysed document: entities linked, claims with their attribution chains."""
    declared = (source.language or "").lower()[:2]
    language = declared if declared in ("en", "ru") else detect_language(source.text)
    spans = sentences(source.text, language)
    outlet = outlet or _outlet(source, spans, language, linker)
    mentions = _mentions(source.text, spans, language, linker)
    head: list[Source] = []
    if outlet:
        head.append(Source(outlet, "outlet", None, linker.link_name(outlet), True))
    if source.forwarded_from:
        forwarded = source.forwarded_from
        head.append(Source(forwarded, "forward", "forwarded from", linker.link_name(forwarded)))
    title = (source.title or "").strip()
    claims = extract_claims(
        source.id,
        source.text,
        spans,
        language,
        mentions,
        head,
        linker.link_name,
        skip=lambda span: bool(title) and span.text.strip() == title,
        display=linker.display_name,
    )
    # the sources of claims are entities the document names too
    entities = document_entities(mentions)
    known_ids = {e.entity_id for e in entities if e.entity_id}
    for claim in claims:
        for step in claim.attribution[1:]:
            if step.entity_id and step.entity_id not in known_ids:
                entry = linker.known.get(step.entity_id)
                name = entry.caption if entry else step.name
                entities.append(EntityRef(name, ORGANIZATION, step.entity_id))
                known_ids.add(step.entity_id)
    return MediaDocument(
        id=source.id,
        source=source,
        language=language,
        outlet=outlet,
        url=source.url,
        mentions=tuple(mentions),
        entities=tuple(entities),
        claims=tuple(claims),
    )
