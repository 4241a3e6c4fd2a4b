"""A second development set, from the benchmark's own roster generator.

``eval/dev/*.csv`` come from ``make_devsets.py``; this set comes from a
different generator (``laborscreen.evaluation.bench_roster``, written apart
from it), so that tuning to one generator's habits shows. Listed persons
rendered by the generator (case, order, spacing, one-letter typos, a clerk's
Cyrillic) are positives; the community names are negatives, except those that
are real namesakes of a listed person: every word of a listed name among the
roster name's words ("Никитина Ирина Константиновна" holds "NIKITINA, Irina").
Those are true alerts, not false ones, and are left out.

    python scripts/make_bench_evalset.py [--lists DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from laborscreen.evaluation.bench_roster import synthetic_roster
from laborscreen.model import Entity
from laborscreen.names.translit import to_latin
from laborscreen.sources import load_path

REPO = Path(__file__).resolve().parents[1]
SIZE = 3000
SEED = 5
HEADER = ["query_name", "query_birth_date", "query_nationality", "query_schema",
          "expected_ids", "category"]  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[^a-z0-9]+", to_latin(text)) if w)


def build(list_dir: Path) -> str:
    entities: list[Entity] = [
        e for parsed in load_path(list_dir) for e in parsed.entities if e.schema.is_person
    ]
    entities.sort(key=lambda e: e.id)
    listed_words: list[tuple[frozenset[str], str]] = [
        (_words(name.full), e.id) for e in entities for name in e.names if _words(name.full)
    ]
    by_id = {e.id: e for e in entities}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for item in synthetic_roster(entities, SIZE, SEED):
        words = _words(item.text)
        namesakes = sorted(
            {eid for listed, eid in listed_words if len(listed) >= 2 and listed <= words}
        )
        if item.entity_id is not None:
            entity = by_id[item.entity_id]
            same = _same_names(entity, entities)
            writer.writerow([item.text, "", "", "Person", ";".join(sorted(same)), "bench_listed"])
        elif not namesakes:
            writer.writerow([item.text, "", "", "Person", "", f"bench_{item.group}"])
    return out.getvalue()


def _same_names(entity: Entity, entities: Iterable[Entity]) -> set[str]:
    """The entity and every other entry with one of its names, word for word."""
    mine = {_words(n.full) for n in entity.names} - {frozenset()}
    return {e.id for e in entities if mine & {_words(n.full) for n in e.names}} | {entity.id}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=REPO.parent / "shared" / "data" / "lists")
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "dev" / "bench_roster.csv")
    args = parser.parse_args(argv)
    args.out.write_text(build(args.lists), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
