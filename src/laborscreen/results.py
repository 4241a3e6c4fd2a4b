"""Writing screening results: the JSON document and the flat CSV (one line per row × match)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from laborscreen.screening import ScreenResult

CSV_COLUMNS = (
    "row",
    "name",
    "name_latin",
    "birth_date",
    "nationality",
    "entity_id",
    "caption",
    "score",
    "matched_name",
    "explanation",
    "problems",
)


def write_json(result: ScreenResult, path: Path) -> None:
    path.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


def write_csv(result: ScreenResult, path: Path) -> None:
    """One line per row and match; a row without matches still gets one line."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in result.rows:
            rec = row.record
            base = [
                rec.row,
                rec.name or "",
                rec.name_latin or "",
                rec.birth_date.iso() if rec.birth_date else rec.fields.get("birth_date", ""),
                rec.nationality or rec.fields.get("nationality", ""),
            ]
            problems = "; ".join(str(p) for p in row.problems)
            if not row.matches:
                writer.writerow([*base, "", "", "", "", "", problems])
            for match in row.matches:
                writer.writerow(
                    [
                        *base,
                        match.entity_id,
                        match.caption,
                        f"{match.score:.4f}",
                        match.list_name,
                        match.explanation,
                        problems,
                    ]
                )


def write_outputs(result: ScreenResult, out: Path) -> list[Path]:
    """Write ``out`` by its suffix; ``.json`` also gets a ``.csv`` beside it and vice versa."""
    json_path = out if out.suffix.lower() == ".json" else out.with_suffix(".json")
    csv_path = out if out.suffix.lower() == ".csv" else out.with_suffix(".csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_json(result, json_path)
    write_csv(result, csv_path)
    return [json_path, csv_path]
