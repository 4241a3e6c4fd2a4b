"""The values adverse-media analysis hands from stage to stage.

A reader turns raw bytes into a :class:`SourceDocument` (text, metadata, links);
analysis turns that into a :class:`MediaDocument` with its entity mentions and
its :class:`Claim` values, each claim carrying its attribution chain from the
publishing outlet to the origin. All are frozen dataclasses with ``to_dict``
so that the store, the CLI and the exports share one JSON shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Entity mention types: FollowTheMoney schema names, and ``Location`` for places
#: (FtM has no place schema; Mention.detectedSchema takes it as text).
ORGANIZATION = "Organization"
PERSON = "Person"
LOCATION = "Location"


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink in the text: its anchor text, target and place in the extracted text."""

    text: str
    url: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "url": self.url, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """What a reader extracted from one document, before any analysis.

    ``sha256`` is the checksum of the raw bytes (for a Telegram post: of the
    post's own JSON with its chat's name and id), so the same document read
    again has the same id.
    """

    source: str  # the path or URL it was read from (a Telegram post: path#message id)
    sha256: str
    kind: str  # html | text | telegram
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date or datetime
    outlet: str | None = None
    language: str | None = None  # as the metadata declares it
    author: str | None = None
    links: tuple[Link, ...] = ()
    channel: str | None = None  # Telegram: the chat's name
    message_id: int | None = None
    forwarded_from: str | None = None
    reply_to: str | None = None  # Telegram: "<chat>#<message id>" of the post replied to

    @property
    def id(self) -> str:
        return document_id(self.sha256)


def document_id(sha256: str) -> str:
    return f"doc:{sha256[:16]}"


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity named in a document or claim; ``entity_id`` when it is linked."""

    name: str
    type: str
    entity_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "entity_id": self.entity_id}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityRef:
        return cls(data["name"], data["type"], data.get("entity_id"))


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the text where an entity is named, and how it was found."""

    text: str
    start: int
    end: int
    type: str
    method: str  # ner | known | list | pattern
    entity_id: str | None = None
    caption: str | None = None  # the linked entity's name
    score: float | None = None  # the name matcher's score, when linked

    @property
    def name(self) -> str:
        return self.caption or self.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "method": self.method,
            "entity_id": self.entity_id,
            "caption": self.caption,
            "score": self.score,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Source:
    """One step of an attribution chain.

    ``role``: ``outlet`` (published the document), ``cites`` (is cited by the
    step before), ``forward`` (a Telegram post forwarded from it) or ``origin``
    (where the content first appeared). ``cue`` holds the words that made it.
    """

    name: str
    role: str
    cue: str | None = None
    entity_id: str | None = None
    named: bool = True  # a named, identifiable source (not "unidentified channels")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "cue": self.cue,
            "entity_id": self.entity_id,
            "named": self.named,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence that alleges something, with its category and provenance."""

    id: str
    document_id: str
    start: int
    end: int
    text: str
    category: str
    entities: tuple[EntityRef, ...]
    attribution: tuple[Source, ...]  # outlet first, origin last
    origin_located: bool
    origin_note: str | None = None  # why the origin is not located

    @property
    def attribution_chain(self) -> list[str]:
        return [source.name for source in self.attribution]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "category": self.category,
            "entities": [e.to_dict() for e in self.entities],
            "attribution_chain": self.attribution_chain,
            "origin_located": self.origin_located,
            "origin_note": self.origin_note,
            "attribution": [s.to_dict() for s in self.attribution],
            "document_id": self.document_id,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(
            id=data["id"],
            document_id=data["document_id"],
            start=data["start"],
            end=data["end"],
            text=data["text"],
            category=data["category"],
            entities=tuple(EntityRef.from_dict(e) for e in data["entities"]),
            attribution=tuple(Source.from_dict(s) for s in data["attribution"]),
            origin_located=data["origin_located"],
            origin_note=data.get("origin_note"),
        )


def claim_id(document: str, start: int) -> str:
    """``claim:<document sha prefix>:<sentence offset>``: stable across re-ingests."""
    return f"claim:{document.removeprefix('doc:')}:{start}"


@dataclass(frozen=True, slots=True)
class MediaDocument:
    """A document as analysed: metadata, text, entities, claims."""

    id: str
    source: SourceDocument
    language: str
    outlet: str | None
    url: str | None
    mentions: tuple[Mention, ...]
    entities: tuple[EntityRef, ...]
    claims: tuple[Claim, ...]

    def to_dict(self) -> dict[str, Any]:
        src = self.source
        return {
            "id": self.id,
            "source": src.source,
            "url": self.url,
            "title": src.title,
            "published": src.published,
            "outlet": self.outlet,
            "language": self.language,
            "entities": [e.to_dict() for e in self.entities],
            "claims": [c.to_dict() for c in self.claims],
            "kind": src.kind,
            "sha256": src.sha256,
            "author": src.author,
            "channel": src.channel,
            "message_id": src.message_id,
            "forwarded_from": src.forwarded_from,
            "reply_to": src.reply_to,
            "links": [link.to_dict() for link in src.links],
            "mentions": [m.to_dict() for m in self.mentions],
            "text": src.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MediaDocument:
        source = SourceDocument(
            source=data["source"],
            sha256=data["sha256"],
            kind=data["kind"],
            text=data["text"],
            url=data["url"],
            title=data["title"],
            published=data["published"],
            outlet=data["outlet"],
            language=data["language"],
            author=data.get("author"),
            links=tuple(Link(**link) for link in data.get("links", ())),
            channel=data.get("channel"),
            message_id=data.get("message_id"),
            forwarded_from=data.get("forwarded_from"),
            reply_to=data.get("reply_to"),
        )
        return cls(
            id=data["id"],
            source=source,
            language=data["language"],
            outlet=data["outlet"],
            url=data["url"],
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", ())),
            entities=tuple(EntityRef.from_dict(e) for e in data["entities"]),
            claims=tuple(Claim.from_dict(c) for c in data["claims"]),
        )
