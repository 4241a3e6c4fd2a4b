"""Each piece of non-name evidence as a signed adjustment with its reason.

The weights are the scorer's whole policy and live here together, so that the
documentation (docs/scoring.md) can name them one by one:

* birth date: same full date +0.10; same year (one side partial) +0.05;
  within a circa/range tolerance +0.03; full dates in the same year that differ
  -0.15; one year off (neither circa) -0.10; years apart beyond tolerance
  -0.40, and the scorer caps such a match at 0.60 (a different person, whatever
  the name says);
* nationality: shared country +0.05; known on both sides and disjoint -0.10;
* gender: differing -0.20;
* identity documents: the same passport/ID/register number +0.30 (and the
  score is raised to at least 0.90: a document number is stronger than a name).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from laborscreen.model import Entity, Identifier, PartialDate

CIRCA_YEARS = 1  # "circa 1947" admits 1946–1948

#: A birth date clearly different from the listed one: a different person,
#: whatever the name says (the scorer also caps such a match below the threshold).
DIFFERENT_DATE = -0.40


@dataclass(frozen=True, slots=True)
class Feature:
    name: str  # birth_date, nationality, gender, identifier
    delta: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _years(d: PartialDate) -> tuple[int, int]:
    lo, hi = d.year, d.year_to or d.year
    if d.circa:
        lo, hi = lo - CIRCA_YEARS, hi + CIRCA_YEARS
    return lo, hi


def _compare_dates(q: PartialDate, e: PartialDate) -> tuple[float, str]:
    if q.is_exact and e.is_exact:
        if (q.year, q.month, q.day) == (e.year, e.month, e.day):
            return 0.10, f"same birth date {q.iso()}"
        if q.year == e.year:
            return -0.15, f"birth date {q.iso()} differs from listed {e.iso()} (same year)"
        return DIFFERENT_DATE, f"birth date {q.iso()} differs from listed {e.iso()}"
    qlo, qhi = _years(q)
    elo, ehi = _years(e)
    if qlo > ehi or elo > qhi:
        gap = max(qlo - ehi, elo - qhi)
        if gap == 1 and not (q.circa or e.circa):
            return -0.10, f"birth year {q.iso()} one year off listed {e.iso()}"
        return DIFFERENT_DATE, f"birth year {q.iso()} outside listed {e.iso()}"
    if q.year == e.year and not (q.circa or e.circa or q.year_to or e.year_to):
        if q.month and e.month and q.month != e.month:
            return -0.15, f"birth month {q.iso()} differs from listed {e.iso()}"
        return 0.05, f"same birth year {q.year} ({q.iso()} ~ listed {e.iso()})"
    return 0.03, f"birth date {q.iso()} within listed {e.iso()}"


def birth_date_feature(
    q: PartialDate | None, entity: Entity, linked: tuple[str, tuple[PartialDate, ...]] | None = None
) -> Feature | None:
    """Compare with the entry's birth dates, or with those of the same person on another list."""
    dates, note = entity.birth_dates, ""
    if not dates and linked is not None:
        dates, note = linked[1], f" (date from linked entry {linked[0]})"
    if q is None or not dates:
        return None
    best = max((_compare_dates(q, e) for e in dates), key=lambda r: r[0])
    return Feature("birth_date", best[0], best[1] + note)


def nationality_feature(q: tuple[str, ...], entity: Entity) -> Feature | None:
    listed = set(entity.nationalities + entity.citizenships)
    if not entity.schema.is_person:
        listed |= set(entity.countries)
    if not q or not listed:
        return None
    shared = set(q) & listed
    if shared:
        return Feature("nationality", 0.05, "same country " + ", ".join(sorted(shared)))
    return Feature(
        "nationality",
        -0.10,
        f"nationality {', '.join(q)} not among listed {', '.join(sorted(listed))}",
    )


def gender_feature(q: str | None, entity: Entity) -> Feature | None:
    if not q or not entity.gender or q == entity.gender:
        return None
    return Feature("gender", -0.20, f"gender {q} differs from listed {entity.gender}")


def identifier_feature(q: tuple[Identifier, ...], entity: Entity) -> Feature | None:
    if not q:
        return None
    listed = {i.key: i for i in entity.identifiers if len(i.key) >= 5}
    for identifier in q:
        hit = listed.get(identifier.key)
        if hit is not None:
            return Feature(
                "identifier", 0.30, f"{hit.type} {hit.value} matches the record's {identifier.type}"
            )
    return None
