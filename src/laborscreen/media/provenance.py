"""The provenance graph across documents, and claims grouped by allegation.

Nodes are documents, sources (outlets, channels, press services, "unidentified
Telegram channels"; a source linked to an entity is one node whatever the
script it is written in) and claims. Edges:

``published_by``  document -> its outlet
``in``            claim -> its document
``cites``         source -> the source it cites, per claim (``origin`` for the last
                  step when it is where the content appeared)
``links_to``      document -> stored document its hyperlink points at (a web URL,
                  or ``t.me/<channel>/<post>`` through the known channels' usernames)
``forwards``      Telegram post -> the stored post it forwards (or the channel)
``replies_to``    Telegram post -> the post it answers
``names_outlet``  document -> stored document of an outlet its claims cite by name

Claims in different documents are one allegation when they share the
category, are related (their documents are linked by an edge above, or they
share an entity, a place or a named source) and alike (they share a figure,
or half of their allegation concepts — ``resources/media_concepts.yml``, the
same in English and Russian — or half of their words). Each group
names its earliest known document and the origins its chains reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from laborscreen.media.known import KnownRegistry, host_of, name_key
from laborscreen.media.model import LOCATION, Claim, MediaDocument, Source
from laborscreen.resources import load_yaml

#: Share (Jaccard) of allegation concepts, or of words, two claims must have in
#: common to be one allegation.
ALIKE = 0.5
#: Share of words a forwarded post shares with the original it is taken to be.
WORD_OVERLAP = 0.3
_NUMBER = re.compile(r"\d[\d,.\u00a0 ]*\d|\d")


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: str  # document | source | claim
    label: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str
    claim_id: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """One allegation seen in one or more documents."""

    id: str
    category: str
    claim_ids: tuple[str, ...]
    document_ids: tuple[str, ...]
    earliest: dict[str, Any]  # document_id, outlet, published, claim_id
    origins: tuple[dict[str, Any], ...]  # name, located

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "claims": list(self.claim_ids),
            "documents": list(self.document_ids),
            "earliest": self.earliest,
            "origins": list(self.origins),
        }


def source_node(step: Source) -> str:
    return f"source:{step.entity_id}" if step.entity_id else f"source:{name_key(step.name)}"


def _normal_url(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return f"{host_of(url)}{parts.path.rstrip('/')}"


@dataclass
class Provenance:
    nodes: dict[str, Node]
    edges: list[Edge]
    groups: list[Group]
    documents: dict[str, MediaDocument]

    def group_of(self, claim_id: str) -> Group | None:
        return next((g for g in self.groups if claim_id in g.claim_ids), None)

    def documents_of_source(self, step: Source) -> list[str]:
        """Stored documents published by the source of a chain step."""
        node = source_node(step)
        return [e.source for e in self.edges if e.kind == "published_by" and e.target == node]

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [
                {"id": n.id, "kind": n.kind, "label": n.label, **n.data}
                for n in self.nodes.values()
            ],
            "edges": [
                {"source": e.source, "target": e.target, "kind": e.kind, "claim": e.claim_id}
                for e in self.edges
            ],
            "groups": [g.to_dict() for g in self.groups],
        }


def _outlet_step(document: MediaDocument) -> Source | None:
    for claim in document.claims:
        if claim.attribution and claim.attribution[0].role == "outlet":
            return claim.attribution[0]
    return Source(document.outlet, "outlet") if document.outlet else None


def _document_edges(documents: Sequence[MediaDocument], known: KnownRegistry | None) -> list[Edge]:
    by_url = {_normal_url(d.url): d.id for d in documents if d.url}
    by_post: dict[tuple[str, int], str] = {}
    for d in documents:
        if d.source.channel and d.source.message_id is not None:
            by_post[(name_key(d.source.channel), d.source.message_id)] = d.id
            by_url.setdefault(f"{d.source.channel}#{d.source.message_id}", d.id)
    edges: list[Edge] = []
    for d in documents:
        for link in d.source.links:
            target = by_url.get(_normal_url(link.url))
            if target is None and known is not None and host_of(link.url) == "t.me":
                entry = known.by_url(link.url)
                post = urlsplit(link.url).path.strip("/").split("/")
                if entry is not None and len(post) > 1 and post[1].isdigit():
                    for channel in entry.names:
                        target = target or by_post.get((name_key(channel), int(post[1])))
            if target and target != d.id:
                edges.append(Edge(d.id, target, "links_to"))
        if d.source.reply_to:
            chat, _, number = d.source.reply_to.rpartition("#")
            target = by_post.get((name_key(chat), int(number))) if number.isdigit() else None
            if target:
                edges.append(Edge(d.id, target, "replies_to"))
        if d.source.forwarded_from:
            key = name_key(d.source.forwarded_from)
            originals = [
                o
                for o in documents
                if o.source.channel
                and name_key(o.source.channel) == key
                and o.id != d.id
                and _overlap(_words(o.source.text), _words(d.source.text)) >= WORD_OVERLAP
            ]
            for original in originals:
                edges.append(Edge(d.id, original.id, "forwards"))
    return edges


def _words(text: str) -> set[str]:
    return {w[:5] for w in name_key(text).split() if len(w) > 3}


def _numbers(text: str) -> set[str]:
    return {re.sub(r"\D", "", n) for n in _NUMBER.findall(text) if len(re.sub(r"\D", "", n)) > 1}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


@cache
def _concept_patterns() -> dict[str, re.Pattern[str]]:
    data = load_yaml("media_concepts.yml")["concepts"]
    return {
        name: re.compile(r"(?<!\w)(?:" + "|".join(patterns) + ")", re.IGNORECASE)
        for name, patterns in data.items()
    }


def concepts(text: str) -> set[str]:
    """The allegation concepts a sentence speaks of, whatever its language."""
    return {name for name, pattern in _concept_patterns().items() if pattern.search(text)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class _Features:
    claim: Claim
    entities: set[str]
    sources: set[str]
    numbers: set[str]
    words: set[str]
    concepts: set[str]


def _features(claim: Claim) -> _Features:
    entities = {
        e.entity_id or f"{e.type}:{name_key(e.name)}"
        for e in claim.entities
        if e.entity_id or e.type == LOCATION
    }
    sources = {source_node(s) for s in claim.attribution[1:] if s.named}
    numbers = {n for n in _numbers(claim.text) if not re.fullmatch(r"(?:19|20)\d\d", n)}
    return _Features(claim, entities, sources, numbers, _words(claim.text), concepts(claim.text))


def _groups(documents: Sequence[MediaDocument], linked: set[tuple[str, str]]) -> list[Group]:
    feats = [_features(c) for d in documents for c in d.claims]
    parent = list(range(len(feats)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(feats):
        for j in range(i + 1, len(feats)):
            b = feats[j]
            if a.claim.document_id == b.claim.document_id or a.claim.category != b.claim.category:
                continue
            docs = (a.claim.document_id, b.claim.document_id)
            related = (
                docs in linked
                or docs[::-1] in linked
                or bool(a.entities & b.entities)
                or bool(a.sources & b.sources)
            )
            alike = (
                bool(a.numbers & b.numbers)
                or _jaccard(a.concepts, b.concepts) >= ALIKE
                or _jaccard(a.words, b.words) >= ALIKE
            )
            if related and alike:
                parent[root(j)] = root(i)
    members: dict[int, list[_Features]] = {}
    for i, feat in enumerate(feats):
        members.setdefault(root(i), []).append(feat)
    by_id = {d.id: d for d in documents}
    groups = []
    for group in members.values():
        claims = [f.claim for f in group]
        first = min(claims, key=lambda c: (_date_key(by_id[c.document_id].source.published), c.id))
        origins: dict[str, dict[str, Any]] = {}
        for claim in claims:
            if claim.attribution:
                last = claim.attribution[-1]
                origins.setdefault(
                    name_key(last.name), {"name": last.name, "located": claim.origin_located}
                )
        doc = by_id[first.document_id]
        groups.append(
            Group(
                id=f"group:{first.id.removeprefix('claim:')}",
                category=first.category,
                claim_ids=tuple(c.id for c in claims),
                document_ids=tuple(dict.fromkeys(c.document_id for c in claims)),
                earliest={
                    "document_id": doc.id,
                    "outlet": doc.outlet,
                    "published": doc.source.published,
                    "claim_id": first.id,
                },
                origins=tuple(origins.values()),
            )
        )
    return groups


def _date_key(published: str | None) -> str:
    return published or "9999"


def build_provenance(
    documents: Iterable[MediaDocument], known: KnownRegistry | None = None
) -> Provenance:
    docs = list(documents)
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for d in docs:
        nodes[d.id] = Node(
            d.id,
            "document",
            d.source.title or d.source.source,
            {
                "url": d.url,
                "outlet": d.outlet,
                "published": d.source.published,
                "language": d.language,
            },
        )
        outlet = _outlet_step(d)
        if outlet is not None:
            node = source_node(outlet)
            nodes.setdefault(
                node, Node(node, "source", outlet.name, {"entity_id": outlet.entity_id})
            )
            edges.append(Edge(d.id, node, "published_by"))
        for claim in d.claims:
            nodes[claim.id] = Node(
                claim.id,
                "claim",
                claim.text,
                {"category": claim.category, "origin_located": claim.origin_located},
            )
            edges.append(Edge(claim.id, d.id, "in", claim.id))
            for before, after in zip(claim.attribution, claim.attribution[1:], strict=False):
                for step in (before, after):
                    node = source_node(step)
                    nodes.setdefault(
                        node,
                        Node(
                            node,
                            "source",
                            step.name,
                            {"entity_id": step.entity_id, "named": step.named},
                        ),
                    )
                kind = "origin" if after.role == "origin" else "cites"
                edges.append(Edge(source_node(before), source_node(after), kind, claim.id))
    doc_edges = _document_edges(docs, known)
    # a document citing an outlet by name cites that outlet's stored documents
    publishers: dict[str, list[str]] = {}
    for e in edges:
        if e.kind == "published_by":
            publishers.setdefault(e.target, []).append(e.source)
    for d in docs:
        cited = {source_node(s) for c in d.claims for s in c.attribution[1:]}
        for node in sorted(cited):
            for target in publishers.get(node, []):
                if target != d.id:
                    doc_edges.append(Edge(d.id, target, "names_outlet"))
    edges.extend(dict.fromkeys(doc_edges))
    linked = {(e.source, e.target) for e in doc_edges}
    return Provenance(nodes, edges, _groups(docs, linked), {d.id: d for d in docs})
