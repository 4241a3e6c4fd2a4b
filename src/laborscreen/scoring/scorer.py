"""One query against one list entry: the best name pair plus every other feature.

The score is the name score (best pair of a query spelling and a list name or
alias, weak aliases discounted) plus the feature adjustments of
:mod:`laborscreen.scoring.features`, clipped to [0, 1]. At or above
:data:`DEFAULT_THRESHOLD` a match is an alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from laborscreen.index import ListIndex
from laborscreen.model import NameKind
from laborscreen.names import NameForm, NameMatch, analyze, compare_names
from laborscreen.scoring.features import (
    DIFFERENT_DATE,
    Feature,
    birth_date_feature,
    gender_feature,
    identifier_feature,
    nationality_feature,
)
from laborscreen.scoring.query import Query

#: The one documented default: a match at or above it is an alert.
DEFAULT_THRESHOLD = 0.70

#: How much a name of each kind is worth relative to the primary name.
KIND_FACTOR = {NameKind.WEAK_ALIAS: 0.90, NameKind.FORMER: 0.97}

#: A document number match lifts the score to at least this.
IDENTIFIER_FLOOR = 0.90

#: A clearly different birth date keeps a match below the default threshold,
#: unless a document number ties the record to the entry.
DIFFERENT_DATE_CAP = 0.60


@dataclass(frozen=True, slots=True)
class Match:
    entity_id: str
    caption: str
    schema: str
    score: float
    name_score: float
    query_name: str
    list_name: str
    list_name_kind: str
    name_match: NameMatch
    features: tuple[Feature, ...]

    @property
    def explanation(self) -> str:
        kind = "" if self.list_name_kind == "primary" else f" ({self.list_name_kind})"
        parts = [
            f"name {self.query_name!r} ~ {self.list_name!r}{kind}: {self.name_score:.2f}"
            f" [{self.name_match.method}: "
            + ", ".join(
                f"{p.query}={p.candidate} {p.similarity:.2f}" for p in self.name_match.pairs
            )
            + "]"
        ]
        parts += [f"{f.detail} ({f.delta:+.2f})" for f in self.features]
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "caption": self.caption,
            "schema": self.schema,
            "score": self.score,
            "explanation": {
                "summary": self.explanation,
                "name": {
                    "query": self.query_name,
                    "matched": self.list_name,
                    "kind": self.list_name_kind,
                    "score": self.name_score,
                    "method": self.name_match.method,
                    "pairs": [
                        {"query": p.query, "list": p.candidate, "similarity": p.similarity}
                        for p in self.name_match.pairs
                    ],
                    "unmatched_query": list(self.name_match.unmatched_query),
                    "unmatched_list": list(self.name_match.unmatched_candidate),
                },
                "features": [f.to_dict() for f in self.features],
            },
        }


def best_name(
    forms: list[NameForm], index: ListIndex, entity_pos: int, only: set[int] | None = None
) -> tuple[float, NameForm, str, NameKind, NameMatch] | None:
    """The best-scoring pair of a query spelling and one of the entity's names.

    ``only`` restricts the comparison to these indexed names (the candidates
    the index proposed); ``None`` compares every name of the entry.
    """
    entity = index.entities[entity_pos]
    is_org = not entity.schema.is_person
    best: tuple[float, NameForm, str, NameKind, NameMatch] | None = None
    if only:
        # the index analysed these names already
        listed = [(index.names[i].name, index.names[i].form) for i in sorted(only)]
    else:
        listed = [(n, analyze(n.full, is_org)) for n in entity.names if n.full.strip()]
    for name, listed_form in listed:
        factor = KIND_FACTOR.get(name.kind, 1.0)
        for form in forms:
            match = compare_names(form, listed_form, index.weight)
            score = match.score * factor
            if best is None or score > best[0]:
                best = (score, form, name.full, name.kind, match)
    return best


def score_entity(
    query: Query,
    forms: list[NameForm],
    index: ListIndex,
    entity_pos: int,
    only: set[int] | None = None,
) -> Match | None:
    """Score one entity for a query; ``None`` when schemas cannot match or no name pairs."""
    entity = index.entities[entity_pos]
    if query.is_org != (not entity.schema.is_person):
        return None
    found = best_name(forms, index, entity_pos, only)
    if found is None:
        return None
    name_score, form, list_name, kind, name_match = found
    features = [
        f
        for f in (
            birth_date_feature(query.birth_date, entity, index.linked_dates.get(entity_pos)),
            nationality_feature(query.nationalities, entity),
            gender_feature(query.gender, entity),
            identifier_feature(query.identifiers, entity),
        )
        if f is not None
    ]
    score = name_score + sum(f.delta for f in features)
    if any(f.name == "identifier" for f in features):
        score = max(score, IDENTIFIER_FLOOR)
    elif any(f.delta <= DIFFERENT_DATE for f in features):
        score = min(score, DIFFERENT_DATE_CAP)
    score = round(min(1.0, max(0.0, score)), 4)
    return Match(
        entity.id,
        entity.caption,
        entity.schema.value,
        score,
        round(name_score, 4),
        form.original,
        list_name,
        kind.value,
        name_match,
        tuple(features),
    )
