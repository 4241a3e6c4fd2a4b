"""Exports: FollowTheMoney entities (JSON lines) and the provenance graph (JSON, GraphML).

FtM: each document is an ``Article``; each entity it names a ``Mention``
(``document``, ``name``, ``detectedSchema``, ``resolved`` when linked); each
claim a ``Note`` on the entity it is about, whose ``description`` is the
sentence, ``topics`` its category where the category is an FtM topic, and
``summary`` its attribution chain; each known organisation that is resolved
or noted gets its own entity. List entries are referenced by their ids
(``us_ofac:…``), as the lists themselves carry them. Ids contain no colons.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any
from xml.etree import ElementTree as ET

from laborscreen.media.claims import _categories
from laborscreen.media.known import KnownRegistry
from laborscreen.media.model import MediaDocument
from laborscreen.media.provenance import Provenance

_LANGUAGES = {"en": "eng", "ru": "rus"}


def ftm_id(identifier: str) -> str:
    return identifier.replace(":", "-").replace("/", "-")


def _ftm_topics() -> dict[str, str]:
    return {c.name: c.ftm for c in _categories()[1] if c.ftm}


def _props(**values: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in values.items():
        items = value if isinstance(value, list | tuple | set) else [value]
        kept = [str(v) for v in items if v not in (None, "")]
        if kept:
            out[key] = sorted(set(kept)) if isinstance(value, set) else kept
    return out


def ftm_entities(
    documents: Iterable[MediaDocument], known: KnownRegistry
) -> Iterator[dict[str, Any]]:
    topics = _ftm_topics()
    referenced: set[str] = set()
    for doc in documents:
        article = ftm_id(doc.id)
        by_kind: dict[str, set[str]] = {"Organization": set(), "Person": set(), "Location": set()}
        for entity in doc.entities:
            by_kind.setdefault(entity.type, set()).add(entity.name)
        yield {
            "id": article,
            "schema": "Article",
            "properties": _props(
                title=doc.source.title,
                author=doc.source.author,
                publishedAt=doc.source.published,
                sourceUrl=doc.url,
                publisher=doc.outlet,
                language=_LANGUAGES.get(doc.language),
                fileName=doc.source.source,
                bodyText=doc.source.text,
                topics={topics[c.category] for c in doc.claims if c.category in topics},
                companiesMentioned=by_kind["Organization"],
                peopleMentioned=by_kind["Person"],
                locationMentioned=by_kind["Location"],
            ),
        }
        for entity in doc.entities:
            key = entity.entity_id or entity.name
            digest = hashlib.sha1(f"{doc.id}|{key}".encode()).hexdigest()[:16]
            if entity.entity_id:
                referenced.add(entity.entity_id)
            yield {
                "id": f"mention-{digest}",
                "schema": "Mention",
                "properties": _props(
                    document=article,
                    name=entity.name,
                    detectedSchema=entity.type,
                    resolved=ftm_id(entity.entity_id) if entity.entity_id else None,
                ),
            }
        for claim in doc.claims:
            about = next((e.entity_id for e in claim.entities if e.entity_id), None)
            if about:
                referenced.add(about)
            yield {
                "id": ftm_id(claim.id),
                "schema": "Note",
                "properties": _props(
                    entity=ftm_id(about) if about else None,
                    description=claim.text,
                    summary=" → ".join(claim.attribution_chain),
                    topics=topics.get(claim.category),
                    publisher=doc.outlet,
                    sourceUrl=doc.url,
                    notes=claim.origin_note,
                    keywords=[
                        claim.category,
                        "origin located" if claim.origin_located else "origin not located",
                    ],
                ),
            }
    for entity_id in sorted(referenced):
        entry = known.get(entity_id)
        if entry is None:
            continue
        yield {
            "id": ftm_id(entry.id),
            "schema": entry.schema,
            "properties": _props(
                name=entry.caption, alias=list(entry.names[1:]), website=list(entry.domains)
            ),
        }


def graph_json(graph: Provenance) -> str:
    return json.dumps(graph.to_dict(), ensure_ascii=False, indent=2)


def graphml(graph: Provenance) -> str:
    """The graph as GraphML (nodes: kind, label; edges: kind, claim), for Gephi or yEd."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    for key, target in (("kind", "node"), ("label", "node"), ("kind", "edge"), ("claim", "edge")):
        ET.SubElement(
            root,
            "key",
            id=f"{target}_{key}",
            attrib={"for": target, "attr.name": key, "attr.type": "string"},
        )
    body = ET.SubElement(root, "graph", id="provenance", edgedefault="directed")
    for node in graph.nodes.values():
        element = ET.SubElement(body, "node", id=node.id)
        ET.SubElement(element, "data", key="node_kind").text = node.kind
        ET.SubElement(element, "data", key="node_label").text = node.label
    for number, edge in enumerate(graph.edges):
        element = ET.SubElement(
            body, "edge", id=f"e{number}", source=edge.source, target=edge.target
        )
        ET.SubElement(element, "data", key="edge_kind").text = edge.kind
        if edge.claim_id:
            ET.SubElement(element, "data", key="edge_claim").text = edge.claim_id
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
