"""Precision and recall of adverse-media analysis against a gold-annotated set.

The gold file is JSON lines, one document per line (format in docs/media.md)::

    {"document": "docs/ru_chat.md", "outlet": null,
     "entities": ["known:wildberries"],
     "claims": [{"text": "…a part of the sentence…", "category": "forced.labor",
                 "attribution_chain": ["Outlet", "Source", "Origin"],
                 "origin_located": true}]}

``document`` is a path relative to the gold file (a Telegram post:
``export/result.json#<message id>``); ``outlet`` (optional) is passed as
``--outlet`` would be. Scored, micro-averaged over documents:

``entities``           linked entity ids of the document
``claims``             a predicted claim matches a gold one when one's text contains
                       the other's (whitespace and quotes normalised); one to one
``attribution_edges``  consecutive pairs of each claim's chain; two names are the
                       same source when they link to one entity or one's words
                       (in Latin transliteration) contain the other's
and, over matched claims, the share with the right ``category``, the right
``origin_located``, and the whole chain right.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from laborscreen.errors import MediaError
from laborscreen.media.analyze import analyse
from laborscreen.media.known import name_key
from laborscreen.media.linking import Linker
from laborscreen.media.model import Claim, MediaDocument
from laborscreen.media.read import read_source


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def to_dict(self) -> dict[str, Any]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class GoldDocument:
    document: str
    outlet: str | None
    entities: frozenset[str]
    claims: tuple[dict[str, Any], ...]


def read_gold(path: Path) -> list[GoldDocument]:
    gold = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise MediaError(f"{path}: cannot read the gold file: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MediaError(f"{path}: line {number}: not valid JSON: {exc}") from exc
        if not isinstance(item, dict) or "document" not in item:
            raise MediaError(f"{path}: line {number}: field 'document' is missing")
        claims = item.get("claims", [])
        for position, claim in enumerate(claims, start=1):
            for key in ("text", "category", "attribution_chain", "origin_located"):
                if key not in claim:
                    raise MediaError(
                        f"{path}: line {number}: claim {position}: field {key!r} is missing"
                    )
        gold.append(
            GoldDocument(
                str(path.parent / item["document"]),
                item.get("outlet"),
                frozenset(item.get("entities", [])),
                tuple(claims),
            )
        )
    return gold


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\"'“”«»‘’„]", "", text)).strip().lower()


def _same_source(a: str, b: str, linker: Linker) -> bool:
    ka, kb = set(name_key(a).split()), set(name_key(b).split())
    if ka and kb and (ka <= kb or kb <= ka):
        return True
    ia, ib = linker.link_name(a), linker.link_name(b)
    return ia is not None and ia == ib


def _load(target: str) -> list[Any]:
    path, _, message = target.partition("#")
    documents = read_source(path)
    if message:
        documents = [d for d in documents if str(d.message_id) == message]
        if not documents:
            raise MediaError(f"{target}: no post with that message id")
    return documents


def _edges(chain: Sequence[str]) -> list[tuple[str, str]]:
    return list(pairwise(chain))


def evaluate(gold_path: Path, linker: Linker) -> dict[str, Any]:
    """The figures for every document of the gold file."""
    entities, claims, edges = Score(), Score(), Score()
    category = located = chains = matched_total = 0
    per_document = []
    for gold in read_gold(gold_path):
        [source] = _load(gold.document)
        doc: MediaDocument = analyse(source, linker, gold.outlet)
        predicted_ids = {e.entity_id for e in doc.entities if e.entity_id}
        entities.tp += len(predicted_ids & gold.entities)
        entities.fp += len(predicted_ids - gold.entities)
        entities.fn += len(gold.entities - predicted_ids)
        free: list[Claim] = list(doc.claims)
        pairs: list[tuple[dict[str, Any], Claim]] = []
        for expected in gold.claims:
            want = _norm(expected["text"])
            hit = next((c for c in free if want in _norm(c.text) or _norm(c.text) in want), None)
            if hit is not None:
                free.remove(hit)
                pairs.append((expected, hit))
        claims.tp += len(pairs)
        claims.fp += len(free)
        claims.fn += len(gold.claims) - len(pairs)
        for expected, got in pairs:
            matched_total += 1
            category += expected["category"] == got.category
            located += bool(expected["origin_located"]) == got.origin_located
            want_chain, got_chain = expected["attribution_chain"], got.attribution_chain
            chains += len(want_chain) == len(got_chain) and all(
                _same_source(a, b, linker) for a, b in zip(want_chain, got_chain, strict=True)
            )
        gold_edges = [e for c in gold.claims for e in _edges(c["attribution_chain"])]
        predicted_edges = [e for c in doc.claims for e in _edges(c.attribution_chain)]
        remaining = list(predicted_edges)
        for a, b in gold_edges:
            hit_edge = next(
                (
                    p
                    for p in remaining
                    if _same_source(a, p[0], linker) and _same_source(b, p[1], linker)
                ),
                None,
            )
            if hit_edge is not None:
                remaining.remove(hit_edge)
                edges.tp += 1
            else:
                edges.fn += 1
        edges.fp += len(remaining)
        per_document.append(
            {
                "document": gold.document,
                "language": doc.language,
                "claims_gold": len(gold.claims),
                "claims_predicted": len(doc.claims),
                "claims_matched": len(pairs),
            }
        )

    def share(count: int) -> float | None:
        return round(count / matched_total, 4) if matched_total else None

    return {
        "gold": str(gold_path),
        "documents": len(per_document),
        "entities": entities.to_dict(),
        "claims": claims.to_dict(),
        "attribution_edges": edges.to_dict(),
        "matched_claims": {
            "n": matched_total,
            "category_accuracy": share(category),
            "origin_located_accuracy": share(located),
            "chain_exact": share(chains),
        },
        "per_document": per_document,
    }
