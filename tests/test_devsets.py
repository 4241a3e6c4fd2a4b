"""The committed evaluation sets and example files are exactly what the generator makes.

``scripts/make_devsets.py`` is seeded, so regenerating must reproduce the
committed bytes; a difference means someone edited a CSV by hand or changed
the generator without regenerating. The format checks pin DESIGN.md §5.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from laborscreen.dates import parse_date

REPO = Path(__file__).resolve().parents[1]
LISTS = (REPO / ".." / "shared" / "data" / "lists").resolve()
GENERATED = [
    "eval/dev/dprk_cross_script.csv",
    "eval/dev/organizations.csv",
    "eval/dev/negatives.csv",
    "eval/dev/different_dob.csv",
    "eval/dev/all.csv",
    "examples/roster.csv",
    "examples/suppliers.csv",
]
HEADER = "query_name,query_birth_date,query_nationality,query_schema,expected_ids,category"
CATEGORIES = {
    "dprk_cross_script": {
        "cyrillic_kontsevich", "cyrillic_traditional", "latin_variant", "name_order", "hangul",
    },
    "organizations": {"org_variant", "org_cyrillic"},
    "negatives": {
        "neg_russian", "neg_central_asian", "neg_koryo_saram", "neg_south_korean",
        "neg_korean_unlisted", "neg_organization",
    },
    "different_dob": {"listed_name_other_dob"},
}  # fmt: skip

needs_lists = pytest.mark.skipif(
    not (LISTS / "un" / "consolidated.xml").is_file(), reason=f"official lists not found at {LISTS}"
)


def rows(name: str) -> list[dict[str, str]]:
    with (REPO / "eval" / "dev" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
@needs_lists
def test_committed_files_equal_regenerated(tmp_path: Path) -> None:
    script = REPO / "scripts" / "make_devsets.py"
    subprocess.run(
        [sys.executable, str(script), "--lists", str(LISTS), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for rel in GENERATED:
        assert (tmp_path / rel).read_bytes() == (REPO / rel).read_bytes(), f"{rel} drifted"


@pytest.mark.parametrize("name", sorted(CATEGORIES))
def test_set_format(name: str) -> None:
    text = (REPO / "eval" / "dev" / f"{name}.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    for row in rows(name):
        assert row["query_name"].strip()
        assert row["query_schema"] in ("Person", "Organization")
        assert row["category"] in CATEGORIES[name]
        if row["query_birth_date"]:
            assert parse_date(row["query_birth_date"]) is not None, row
        positive = name in ("dprk_cross_script", "organizations")
        assert bool(row["expected_ids"]) is positive, row


def test_sizes_and_variety() -> None:
    positives = len(rows("dprk_cross_script")) + len(rows("organizations"))
    assert positives >= 1000
    assert len(rows("negatives")) >= 1500
    cross = rows("dprk_cross_script")
    dated = sum(bool(r["query_birth_date"]) for r in cross) / len(cross)
    assert 0.3 < dated < 0.7
    formats = {("." in d, "/" in d, "-" in d) for r in cross if (d := r["query_birth_date"])}
    assert len(formats) == 4  # dots, slashes, ISO and bare years all occur


def test_all_is_the_concatenation() -> None:
    every = [r for name in ("dprk_cross_script", "organizations", "negatives", "different_dob")
             for r in rows(name)]  # fmt: skip
    assert rows("all") == every


def test_different_dob_is_five_years_off() -> None:
    cross = {r["query_name"]: r for r in rows("dprk_cross_script")}
    for row in rows("different_dob"):
        query = parse_date(row["query_birth_date"])
        assert query is not None and query.is_exact
        same = cross.get(row["query_name"])
        listed = parse_date(same["query_birth_date"]) if same else None
        if listed is not None:
            assert abs(listed.year - query.year) >= 5


@pytest.mark.slow
@needs_lists
def test_expected_ids_exist_in_lists() -> None:
    from laborscreen.sources import ofac, un

    ids = {e.id for e in un.parse(LISTS / "un" / "consolidated.xml").entities}
    ids |= {e.id for e in ofac.parse(LISTS / "us_ofac").entities}
    for name in ("dprk_cross_script", "organizations"):
        for row in rows(name):
            for entity_id in row["expected_ids"].split(";"):
                assert entity_id in ids, (name, row)
    both = [r for r in rows("dprk_cross_script") if "un:KPi.024" in r["expected_ids"]]
    assert both and all("us_ofac:17614" in r["expected_ids"] for r in both)


def test_roster_shape() -> None:
    with (REPO / "examples" / "roster.csv").open(encoding="utf-8", newline="") as fh:
        roster = list(csv.reader(fh, delimiter=";"))
    assert roster[0] == [
        "Таб. номер", "ФИО", "ФИО (лат.)", "Дата рождения", "Гражданство", "Пол", "Паспорт",
        "Должность", "Дата приема",
    ]  # fmt: skip
    body = roster[1:]
    assert 250 <= len(body) <= 350
    assert all(row[0].startswith("SYNTH-") for row in body)
    assert sum(parse_date(row[3]) is None for row in body) == 1
    assert sum(not row[1].strip() for row in body) == 1
    with (REPO / "examples" / "suppliers.csv").open(encoding="utf-8", newline="") as fh:
        suppliers = list(csv.reader(fh, delimiter=";"))
    assert suppliers[0] == ["Наименование", "ИНН", "ОГРН", "Страна"]
    assert any(row[1] == "7811489970" for row in suppliers)
