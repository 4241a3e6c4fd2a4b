"""Reading one screening result row into the report's values, whatever keys it lacks.

The result dict is the contract of ``laborscreen screen --out``
(docs/output-format.md) plus the optional labour-rule keys (``findings`` on a
row, ``roster_findings`` at the top). Results written by other versions, or
edited by hand, may miss keys or hold other types: every reader here falls
back to an empty value instead of failing, because a report that cannot be
written is worse than one with a blank cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from laborscreen.report.model import (
    Feature,
    FindingView,
    LegalBasis,
    MatchView,
    MediaClaimView,
    OrganisationView,
    ProblemView,
    RosterFindingView,
    TokenPair,
)

#: Legal citations are linked only to these schemes: roster and rule data are untrusted,
#: and a ``javascript:`` address must never become a link.
LINK_SCHEMES = ("http", "https")


def text(value: Any) -> str:
    """A value as display text: lists joined by commas, mappings as "key: value" pairs."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # as JSON writes it
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(text(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {text(v)}" for k, v in value.items())
    return str(value)


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def items(value: Any) -> list[Mapping[str, Any]]:
    """The mappings in a list; anything else is no items."""
    if not isinstance(value, list | tuple):
        return []
    return [v for v in value if isinstance(v, Mapping)]


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def row_number(row: Mapping[str, Any]) -> int:
    value = row.get("row")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def row_numbers(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, int) and not isinstance(v, bool))


def row_name(fields: Mapping[str, Any]) -> str:
    """The name a row is known by: as written, else its parts, the Latin spelling or the firm."""
    if text(fields.get("name")).strip():
        return text(fields["name"]).strip()
    parts = [text(fields.get(k)).strip() for k in ("last_name", "first_name", "middle_name")]
    joined = " ".join(p for p in parts if p)
    for candidate in (joined, text(fields.get("name_latin")), text(fields.get("organization"))):
        if candidate.strip():
            return candidate.strip()
    return ""


def link(url: str) -> str | None:
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def citation(value: Any) -> LegalBasis | None:
    if isinstance(value, str) and value.strip():
        return LegalBasis(value.strip(), "", "", None)
    if not isinstance(value, Mapping) or not value:
        return None
    url = text(value.get("url"))
    other = {
        str(k): text(v)
        for k, v in value.items()
        if k not in ("instrument", "paragraph", "url") and v not in (None, "")
    }
    return LegalBasis(
        text(value.get("instrument")), text(value.get("paragraph")), url, link(url), other
    )


def legal_basis(value: Any) -> tuple[LegalBasis, ...]:
    """A rule's citations: one (a mapping or a string) or a list of them."""
    found = [citation(v) for v in value] if isinstance(value, list | tuple) else [citation(value)]
    return tuple(c for c in found if c is not None)


def evidence(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(k): text(v) for k, v in value.items()}
    return {} if value in (None, "", [], {}) else {"value": text(value)}


def severity(value: Any) -> str:
    return text(value).strip().lower() or "unknown"


def _rule_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    """What a row finding and a roster finding both say of their rule and outcome."""
    return {
        "rule_id": text(item.get("rule_id")),
        "pack": text(item.get("pack")),
        "severity": severity(item.get("severity")),
        "status": text(item.get("status")) or "hit",
        "title": text(item.get("title")),
        "explanation": text(item.get("explanation")),
        "evidence": evidence(item.get("evidence")),
        "missing": evidence(item.get("missing")),
        "legal": legal_basis(item.get("legal_basis")),
        "jurisdiction": text(item.get("jurisdiction")),
    }


def finding(row: Mapping[str, Any], item: Mapping[str, Any]) -> FindingView:
    fields = mapping(row.get("input"))
    return FindingView(
        row=row_number(row),
        name=row_name(fields),
        site=text(fields.get("site")),
        agency=text(fields.get("agency")),
        **_rule_fields(item),
    )


def roster_finding(item: Mapping[str, Any], names: Mapping[int, str]) -> RosterFindingView:
    rows = row_numbers(item.get("rows"))
    return RosterFindingView(
        rows=rows,
        row_names=tuple(names.get(r, "") for r in rows),
        shared_value=text(item.get("shared_value")) or text(item.get("shared")),
        **_rule_fields(item),
    )


def match(row: Mapping[str, Any], item: Mapping[str, Any]) -> MatchView:
    raw = item.get("explanation")
    explanation = mapping(raw)
    name = mapping(explanation.get("name"))
    entity_id = text(item.get("entity_id"))
    pairs = tuple(
        TokenPair(text(p.get("query")), text(p.get("list")), number(p.get("similarity")) or 0.0)
        for p in items(name.get("pairs"))
    )
    features = tuple(
        Feature(text(f.get("name")), number(f.get("delta")) or 0.0, text(f.get("detail")))
        for f in items(explanation.get("features"))
    )
    return MatchView(
        row=row_number(row),
        name=row_name(mapping(row.get("input"))),
        entity_id=entity_id,
        source=entity_id.split(":", 1)[0] if ":" in entity_id else "",
        caption=text(item.get("caption")),
        schema=text(item.get("schema")),
        score=number(item.get("score")) or 0.0,
        summary=text(explanation.get("summary")) if explanation else text(raw),
        query_name=text(name.get("query")),
        list_name=text(name.get("matched")) or text(item.get("list_name")),
        list_name_kind=text(name.get("kind")),
        method=text(name.get("method")),
        name_score=number(name.get("score")),
        pairs=pairs,
        features=features,
    )


def organisation(item: Mapping[str, Any]) -> OrganisationView:
    name = text(item.get("name"))
    ids = tuple(
        f"{text(i.get('type'))} {text(i.get('value'))}".strip()
        for i in items(item.get("identifiers"))
    )
    rows = row_numbers(item.get("rows"))
    as_row = {"row": 0, "input": {"name": name}}
    return OrganisationView(
        role=text(item.get("role")),
        name=name,
        identifiers=ids,
        rows=rows,
        matches=tuple(match(as_row, m) for m in items(item.get("matches"))),
        adverse_media=tuple(media_claim(c) for c in items(item.get("adverse_media"))),
    )


def media_claim(item: Mapping[str, Any]) -> MediaClaimView:
    document = item.get("document")
    doc: Mapping[str, Any] = document if isinstance(document, Mapping) else {}
    chain = item.get("attribution_chain")
    return MediaClaimView(
        text=text(item.get("text")),
        category=text(item.get("category")),
        chain=tuple(text(s) for s in chain) if isinstance(chain, list) else (),
        origin_located=item.get("origin_located") is True,
        origin_note=text(item.get("origin_note")),
        title=text(doc.get("title")),
        outlet=text(doc.get("outlet")),
        published=text(doc.get("published")),
        url=link(text(doc.get("url"))),
    )


def problem(item: Mapping[str, Any]) -> ProblemView:
    row = item.get("row")
    return ProblemView(
        file=text(item.get("file")),
        row=row if isinstance(row, int) and not isinstance(row, bool) else None,
        field=text(item.get("field")) or None,
        message=text(item.get("message")),
        value=None if item.get("value") is None else text(item.get("value")),
    )
