"""The bulk-speed benchmark: synthetic roster, figures, the ``bench`` command."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import laborscreen.cli.bench  # noqa: F401  (registers ``bench`` on ``main``)
from laborscreen.cli import main
from laborscreen.engine import Screener
from laborscreen.evaluation.bench import exhaustive_pairs, recall_sample, run_bench
from laborscreen.evaluation.bench_roster import (
    GROUP_WEIGHTS,
    is_dprk,
    render_listed,
    synthetic_roster,
)
from laborscreen.model import Entity, Name, NameKind, ParsedList, Schema
from laborscreen.store import ListStore

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")


def person(native: str, last: str, first: str, *aliases: str, dprk: bool = False) -> Entity:
    source = "un" if native.startswith("KP") else "us_ofac"
    names = (
        Name(f"{last}, {first}", first=first, last=last),
        *(Name(alias, NameKind.ALIAS) for alias in aliases),
    )
    return Entity(
        id=f"{source}:{native}",
        source=source,
        schema=Schema.PERSON,
        names=names,
        programs=("DPRK",) if dprk else ("SDGT",),
    )


def org(native: str, name: str) -> Entity:
    return Entity(
        id=f"us_ofac:{native}", source="us_ofac", schema=Schema.ORGANIZATION, names=(Name(name),)
    )


ENTITIES = [
    person("KPi.024", "KIM", "Yong Chol", "Kim Yong-chol", dprk=True),
    person("KPi.002", "RI", "Je-Son", "Ri Che-son", dprk=True),
    person("KPi.006", "PAEK", "Chang-Ho", "Pak Chang-Ho", dprk=True),
    person("KPi.008", "RA", "Ky'ong-Su", "Ra Kyung-Su", dprk=True),
    person("KPi.019", "KANG", "Mun Kil", dprk=True),
    person("KPi.015", "HYON", "Kwang Il", dprk=True),
    person("KPi.030", "CHOE", "Chun Sik", dprk=True),
    person("KPi.031", "JONG", "Myong Hak", dprk=True),
    person("KPi.032", "PAK", "Il Nam", dprk=True),
    person("KPi.033", "HAN", "Yu Ro", dprk=True),
    person("1001", "IVANOV", "Petr Sergeevich"),
    person("1002", "KARIMOV", "Rustam"),
    person("1003", "AL-ZUBAIDI", "Muhammad Hamza"),
    person("1004", "MOLINA CUBILLOS", "Alba Judith"),
    person("1005", "KONONOV", "Vladimir Mikhailovich"),
    person("1006", "BENHAMMEDI", "Mohammed"),
    person("1007", "SHUSHANASHVILI", "Lasha"),
    person("1008", "TRABELSI", "Mourad"),
    org("2001", "KOREA RUNGRADO GENERAL TRADING CORPORATION"),
    org("2002", "MANSUDAE OVERSEAS PROJECT GROUP OF COMPANIES"),
    org("2003", "MOKRAN LLC"),
]
PERSONS = [e for e in ENTITIES if e.schema is Schema.PERSON]


# -- the synthetic roster ---------------------------------------------------------


def test_roster_is_fixed_by_its_seed() -> None:
    first = synthetic_roster(PERSONS, 400, seed=7)
    again = synthetic_roster(list(reversed(PERSONS)), 400, seed=7)  # input order is irrelevant
    other = synthetic_roster(PERSONS, 400, seed=8)
    assert first == again
    assert [r.text for r in first] != [r.text for r in other]


def test_roster_mixes_communities_scripts_and_listed_persons() -> None:
    roster = synthetic_roster(PERSONS, 1000, seed=3)
    assert len(roster) == 1000
    groups = {r.group for r in roster}
    assert groups == {*GROUP_WEIGHTS, "listed"}
    listed = [r for r in roster if r.group == "listed"]
    assert len(listed) == 30  # 3%
    ids = {e.id for e in PERSONS}
    assert all(r.entity_id in ids for r in listed)
    assert all(r.entity_id is None for r in roster if r.group != "listed")
    # half the listed renderings come from DPRK-programme persons
    dprk_ids = {e.id for e in PERSONS if is_dprk(e)}
    assert sum(r.entity_id in dprk_ids for r in listed) == 15
    texts = [r.text for r in roster]
    assert sum(bool(_CYRILLIC.search(t)) for t in texts) > 300
    assert sum(not _CYRILLIC.search(t) and bool(_LATIN.search(t)) for t in texts) > 300
    assert any(t.endswith(("ович", "овна", "евич", "евна")) for t in texts)  # patronymics


def test_russian_women_have_female_surnames_and_patronymics() -> None:
    roster = synthetic_roster([], 600, seed=5)
    russian = [r.text.split() for r in roster if r.group == "russian" and _CYRILLIC.search(r.text)]
    women = [words for words in russian if words[2].endswith("на")]
    assert women
    for surname, _, _ in women:
        # Иванова, Островская; -енко and -их stay as they are
        assert not surname.endswith(("ов", "ев", "ин", "ский", "цкий")), surname


def test_listed_korean_names_render_in_cyrillic_and_latin() -> None:
    kim = PERSONS[0]  # KIM, Yong Chol
    renderings = [render_listed(kim, random.Random(seed)) for seed in range(60)]
    assert all(r and ("kim" in r.lower() or "ким" in r.lower()) for r in renderings)
    cyrillic = [r for r in renderings if r and _CYRILLIC.search(r)]
    latin = [r for r in renderings if r and not _CYRILLIC.search(r)]
    assert cyrillic and latin
    # the Korean syllable table, not letter by letter: yong is ён/ен/ёнг, never "йонг"
    assert all("йонг" not in r.lower() for r in cyrillic)
    assert any(re.search(r"ч(х)?оль|чол", r.lower()) for r in cyrillic)


# -- the figures ------------------------------------------------------------------


def test_recall_sample_takes_a_quarter_of_listed_renderings() -> None:
    roster = synthetic_roster(PERSONS, 2000, seed=2)
    chosen = recall_sample(roster, 100, seed=2)
    assert len(chosen) == 100
    assert len({c.text for c in chosen}) == 100
    assert sum(c.group == "listed" for c in chosen) == 25


def test_exhaustive_pairs_agree_with_and_without_worker_processes() -> None:
    screener = Screener(ENTITIES)
    names = ["Ким Ён Чоль", "KIM YONGCHOL", "Ри Дже Сон", "Ivanov Petr", "Смирнов Иван"]
    parallel = exhaustive_pairs(screener, names, workers=2)
    serial = exhaustive_pairs(screener, names, workers=1)
    assert parallel == serial
    assert ("KIM YONGCHOL", "un:KPi.024") in serial
    assert not any(name == "Смирнов Иван" for name, _ in serial)


def test_run_bench_reports_sane_figures() -> None:
    messages: list[str] = []
    result = run_bench(ENTITIES, size=300, sample=50, seed=4, progress=messages.append)
    assert result.roster_size == 300
    assert result.list_entities == len(ENTITIES)
    assert result.list_names >= len(ENTITIES)
    assert result.names_per_second > 0
    assert result.brute_force_names_per_second > 0
    assert result.brute_force_rows_timed == 300
    assert result.speedup == pytest.approx(
        result.names_per_second / result.brute_force_names_per_second, rel=0.01, abs=1e-3
    )
    assert result.recall_sample == 50
    assert result.recall_sample_listed == 9  # every listed rendering (3% of 300)
    assert result.brute_force_pairs > 0
    assert result.indexed_pairs_found <= result.brute_force_pairs
    assert result.recall_vs_brute_force is not None
    assert 0.0 <= result.recall_vs_brute_force <= 1.0
    assert 0 < result.rendered_pairs <= result.brute_force_pairs
    assert result.rendered_pairs_found <= min(result.rendered_pairs, result.indexed_pairs_found)
    assert result.peak_rss_mb > 10
    assert result.seconds >= result.index_build_seconds + result.indexed_seconds
    assert any("exhaustive scoring: 100%" in m for m in messages)


# -- the command ------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("LABORSCREEN_HOME", str(path))
    return path


def _load(home: Path) -> None:
    with ListStore(home / "laborscreen.db") as store:
        store.import_lists([ParsedList("custom:bench", list(ENTITIES))], origin="test")


KEYS = {
    "roster_size",
    "list_names",
    "index_build_seconds",
    "names_per_second",
    "brute_force_names_per_second",
    "brute_force_rows_timed",
    "brute_force_scorer",
    "speedup",
    "recall_vs_brute_force",
    "brute_force_pairs",
    "peak_rss_mb",
    "seconds",
}


def test_bench_command_prints_one_json_object(home: Path) -> None:
    _load(home)
    result = CliRunner().invoke(
        main, ["bench", "--json", "--size", "300", "--sample", "50", "--seed", "4"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data.keys() >= KEYS
    assert data["roster_size"] == 300
    assert data["list_names"] >= len(ENTITIES)
    assert data["brute_force_scorer"] == "jaro_winkler"
    for key in KEYS - {"brute_force_scorer", "recall_vs_brute_force"}:
        assert isinstance(data[key], int | float) and data[key] >= 0, key
    assert 0.0 <= data["recall_vs_brute_force"] <= 1.0
    assert "exhaustive scoring" in result.stderr


def test_bench_command_prints_a_table(home: Path) -> None:
    _load(home)
    result = CliRunner().invoke(main, ["bench", "--size", "200", "--sample", "30"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^speedup \(x\)\s+\d+\.\d\d$", result.stdout, re.MULTILINE)
    assert re.search(r"^recall vs brute force\s+(\d\.\d{4}|n/a)$", result.stdout, re.MULTILINE)


def test_bench_command_needs_imported_lists(home: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "--json"])
    assert result.exit_code == 2
    assert "lists import" in result.stderr
    assert result.stdout == ""
