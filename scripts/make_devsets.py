"""Build the development evaluation sets and the synthetic example roster.

Reads the real UN and OFAC lists with the project's parsers and writes
``eval/dev/*.csv`` (DESIGN.md §5 format) plus ``examples/roster.csv`` and
``examples/suppliers.csv``. Every random choice comes from one seeded
generator, so the output is byte-for-byte reproducible; ``tests/test_devsets.py``
regenerates it and compares. Renderings imitate how clerks, passport offices
and romanisation systems write the names (see ``korean_render``), never what
the matcher happens to normalise.

    python scripts/make_devsets.py [--lists ../shared/data/lists] [--out .]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))
import korean_render as kr

from laborscreen.model import Entity, Name, PartialDate, Schema
from laborscreen.sources import ofac, un

SEED = 20260227
REPO = Path(__file__).resolve().parents[1]
DEFAULT_LISTS = REPO / ".." / "shared" / "data" / "lists"
HEADER = [
    "query_name",
    "query_birth_date",
    "query_nationality",
    "query_schema",
    "expected_ids",
    "category",
]
STYLES: list[kr.Style] = ["spaced", "hyphen", "joined"]
NEGATIVE_SYSTEMS: list[kr.LatinSystem] = ["mr_plain", "dprk", "rr"]
SETS = ("dprk_cross_script", "organizations", "negatives", "different_dob")
DPRK_NATIONALITY = [
    "KP", "КНДР", "North Korea", "Korea, DPRK", "DPRK", "PRK", "Korea, North",
    "Корейская Народно-Демократическая Республика", "Северная Корея",
    "Democratic People's Republic of Korea",
]  # fmt: skip
NATIONALITY_TEXT = {
    "RU": ["RU", "Россия", "Российская Федерация", "Russia", "RUS"],
    "UZ": ["UZ", "Узбекистан", "Uzbekistan", "UZB"],
    "TJ": ["TJ", "Таджикистан", "Tajikistan"],
    "KG": ["KG", "Киргизия", "Кыргызстан", "Kyrgyzstan"],
    "KZ": ["KZ", "Казахстан", "Kazakhstan"],
    "KR": ["KR", "Республика Корея", "South Korea", "Korea, Republic of", "Южная Корея"],
    "CN": ["CN", "China", "Китай"],
    "KP": DPRK_NATIONALITY,
}


@cache
def names_data() -> dict[str, Any]:
    with (Path(__file__).parent / "data" / "devset_names.yml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    birth_date: str
    nationality: str
    schema: str
    expected: tuple[str, ...]
    category: str

    def cells(self) -> list[str]:
        ids = ";".join(sorted(self.expected))
        return [self.name, self.birth_date, self.nationality, self.schema, ids, self.category]


@dataclass
class Target:
    """One listed party: the entries of one person or organisation on both lists."""

    entities: list[Entity]
    ids: set[str] = field(default_factory=set)

    @property
    def names(self) -> list[Name]:
        return [n for e in self.entities for n in e.names]

    @property
    def dates(self) -> list[PartialDate]:
        return [d for e in self.entities for d in e.birth_dates]


# ---------------------------------------------------------------- loading


def load_entities(list_dir: Path) -> list[Entity]:
    entities = list(un.parse(list_dir / "un" / "consolidated.xml").entities)
    entities += ofac.parse(list_dir / "us_ofac").entities
    return entities


def is_dprk(entity: Entity) -> bool:
    return any("DPRK" in program for program in entity.programs)


def split_name(name: Name) -> tuple[str, str] | None:
    """(surname, given) as the entry gives them, surname first."""
    if name.last and name.first:
        return name.last, name.first
    text = name.full.strip()
    if "," in text:
        last, _, first = text.partition(",")
        return last.strip(), first.strip()
    parts = text.split()
    if len(parts) < 2:
        return None
    return parts[0], " ".join(parts[1:])


def korean_name(name: Name, entity: Entity) -> kr.KoreanName | None:
    foreign = set(entity.nationalities) - {"KP"}
    if foreign or name.script:
        return None
    split = split_name(name)
    if split is None or "(" in name.full:
        return None
    parsed = kr.parse_name(*split)
    if parsed is None:  # given-first aliases such as "Chang-Su Han"
        words = name.full.replace(",", " ").split()
        if len(words) >= 2:
            parsed = kr.parse_name(words[-1], " ".join(words[:-1]))
    return parsed


def latin_key(text: str) -> frozenset[str]:
    plain = unicodedata.normalize("NFKD", text.translate(kr._QUOTES).replace("'", ""))
    return frozenset(re.findall(r"[a-z0-9]+", plain.lower()))


def dates_compatible(a: list[PartialDate], b: list[PartialDate]) -> bool:
    if not a and not b:
        return True
    for x in a:
        for y in b:
            xs, xe = x.year - x.circa, (x.year_to or x.year) + x.circa
            ys, ye = y.year - y.circa, (y.year_to or y.year) + y.circa
            if xe < ys or ye < xs:
                continue
            if x.is_exact and y.is_exact and (x.month, x.day) != (y.month, y.day):
                continue
            return True
    return False


def name_keys(target_or_entity: Entity) -> set[str]:
    keys = set()
    for name in target_or_entity.names:
        parsed = korean_name(name, target_or_entity)
        if parsed is not None:
            keys.add("k:" + kr.coarse_key(parsed))
        keys.add("l:" + " ".join(sorted(latin_key(name.full))))
    return keys


def group_targets(entities: list[Entity]) -> list[Target]:
    """Pair UN and OFAC entries of the same party: a shared name and a compatible DOB."""
    targets: list[Target] = []
    by_key: dict[str, list[Target]] = defaultdict(list)
    for entity in entities:
        keys = name_keys(entity)
        found = None
        for key in sorted(keys):
            for target in by_key.get(key, []):
                same_source = any(e.source == entity.source for e in target.entities)
                if not same_source and dates_compatible(target.dates, list(entity.birth_dates)):
                    found = target
                    break
            if found:
                break
        if found is None:
            found = Target([])
            targets.append(found)
        found.entities.append(entity)
        found.ids.add(entity.id)
        for key in keys:
            by_key[key].append(found)
    return targets


# ---------------------------------------------------------------- formatting


def format_date(value: date, rng: random.Random, year_only_ok: bool = True) -> str:
    style = rng.choice(["iso", "dots", "dots", "slash"] + (["year"] if year_only_ok else []))
    if style == "iso":
        return value.isoformat()
    if style == "dots":
        return value.strftime("%d.%m.%Y")
    if style == "slash":
        return value.strftime("%d/%m/%Y")
    return str(value.year)


def listed_date(target: Target, rng: random.Random) -> str:
    """The listed birth date in a varied format; '' if none is a full date or a year."""
    for d in target.dates:
        if d.is_exact and d.month and d.day:
            return format_date(date(d.year, d.month, d.day), rng)
    for d in target.dates:
        if d.year_to in (None, d.year) and d.month is None:
            return str(d.year)
    return ""


def nationality_text(codes: Iterable[str], rng: random.Random) -> str:
    for code in codes:
        if code in NATIONALITY_TEXT:
            return rng.choice(NATIONALITY_TEXT[code])
    return ""


def case_variant(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.25:
        return text.upper()
    if roll < 0.32:
        return text.lower()
    return text


def fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold().replace("ё", "е")))


# ---------------------------------------------------------------- persons


def person_queries(target: Target, rng: random.Random) -> list[tuple[str, str]]:
    """(query name, category) renderings of one listed person."""
    entity = target.entities[0]
    groups: dict[str, tuple[kr.KoreanName, Name]] = {}
    for e in target.entities:
        for name in e.names:
            parsed = korean_name(name, e)
            if parsed is None:
                continue
            known = groups.get(parsed.hangul)
            if known is None or (parsed.sure and not known[0].sure):
                groups[parsed.hangul] = (parsed, name)
    out: list[tuple[str, str]] = []
    styles = STYLES
    for rank, (parsed, _name) in enumerate(groups.values()):
        main = rank == 0
        picks = rng.sample(styles, 2 if main else 1)
        for style in picks:
            out.append((kr.kontsevich(parsed, style), "cyrillic_kontsevich"))
        out.append((kr.traditional(parsed, rng, rng.choice(styles)), "cyrillic_traditional"))
        if main:
            latin_plain = f"{kr.latin_surname(parsed, 'dprk', rng)} " + kr.latin_given(
                parsed, "mr_plain", rng.choice(styles), rng.random() < 0.5
            )
            out.append((kr.cyrillic_from_latin(latin_plain, rng), "cyrillic_traditional"))
        systems: list[kr.LatinSystem] = ["rr", "informal", "dprk", "mr_plain", "mr"]
        for system in rng.sample(systems, 3 if main else 1):
            surname = kr.latin_surname(parsed, system, rng)
            given = kr.latin_given(parsed, system, rng.choice(styles), rng.random() < 0.5)
            out.append((case_variant(f"{surname} {given}", rng), "latin_variant"))
        if main:
            order_systems: list[kr.LatinSystem] = ["mr_plain", "informal", "dprk"]
            system = rng.choice(order_systems)
            surname = kr.latin_surname(parsed, system, rng)
            given = kr.latin_given(parsed, system, rng.choice(styles), True)
            out.append((case_variant(f"{given} {surname}", rng), "name_order"))
            if rng.random() < 0.3:
                out.append(
                    (
                        f"{kr.kontsevich(parsed, 'joined').split(' ', 1)[1]} "
                        f"{kr.kontsevich_word((parsed.surname,))}",
                        "name_order",
                    )
                )
            if parsed.sure:
                out.append((kr.hangul_text(parsed, rng.random() < 0.5), "hangul"))
    if not groups:  # not a Korean name: Latin forms only
        split = split_name(entity.names[0])
        if split is not None:
            last, first = split
            out.append((case_variant(f"{last.title()} {first}", rng), "latin_variant"))
            out.append((f"{first} {last.title()}", "name_order"))
            out.append((f"{first.upper()} {last.upper()}".replace("'", ""), "name_order"))
    return out


def korean_index(targets: list[Target]) -> dict[str, set[str]]:
    """Coarse Korean name key -> ids of every listed person bearing that name."""
    index: dict[str, set[str]] = defaultdict(set)
    for target in targets:
        for e in target.entities:
            for name in e.names:
                parsed = korean_name(name, e)
                if parsed is not None:
                    index[kr.coarse_key(parsed)] |= target.ids
    return index


def query_key(query: str) -> str | None:
    """The coarse key of a Latin or Hangul query, to find listed namesakes."""
    if re.search(r"[а-яё]", query.lower()):
        return None
    if re.search(r"[가-힣]", query):
        syl = [kr.Syllable(ch) for ch in query if "가" <= ch <= "힣"]
        return kr.coarse_key(kr.KoreanName(syl[0], tuple(syl[1:])))
    words = query.split()
    for surname, given in ((words[0], " ".join(words[1:])), (words[-1], " ".join(words[:-1]))):
        parsed = kr.parse_name(surname, given)
        if parsed is not None:
            return kr.coarse_key(parsed)
    return None


def cross_script_rows(
    targets: list[Target], index: dict[str, set[str]], rng: random.Random
) -> list[Row]:
    rows: list[Row] = []
    for target in targets:
        seen: set[str] = set()
        for query, category in person_queries(target, rng):
            if fold(query) in seen:
                continue
            seen.add(fold(query))
            dob = listed_date(target, rng) if rng.random() < 0.5 else ""
            nat = ""
            if rng.random() < 0.5:
                codes = [c for e in target.entities for c in e.nationalities] or ["KP"]
                nat = nationality_text(codes, rng)
            expected = set(target.ids)
            key = query_key(query) if not dob else None
            if key is not None:  # without a date every listed namesake is a right answer
                expected |= index.get(key, set())
            rows.append(Row(query, dob, nat, "Person", tuple(expected), category))
    return rows


def different_dob_rows(
    targets: list[Target], everyone: list[Target], index: dict[str, set[str]], rng: random.Random
) -> list[Row]:
    """Listed names with a birth date at least five years from every namesake's."""
    by_id = {i: t for t in everyone for i in t.ids}
    rows: list[Row] = []
    for target in targets:
        years = [d.year for d in target.dates]
        if not years or max(d.year_to or d.year for d in target.dates) - min(years) > 3:
            continue
        keys = {
            kr.coarse_key(p) for e in target.entities for n in e.names
            if (p := korean_name(n, e)) is not None
        }  # fmt: skip
        namesakes = {id(by_id[i]): by_id[i] for k in keys for i in index.get(k, ())}
        if not keys or any(not t.dates for t in namesakes.values()):
            continue  # a namesake without a date could be anyone of that name
        listed = [d.year for t in namesakes.values() for d in t.dates] + years
        queries = [q for q in person_queries(target, rng) if q[1] != "hangul"]
        picks = {q[0]: q for q in [queries[0], rng.choice(queries)]}
        for query in picks:
            if rng.random() < 0.5:
                year = max(listed) + rng.randint(6, 20)
            else:
                year = min(listed) - rng.randint(6, 20)
            if year > 2005:
                year = min(listed) - rng.randint(6, 20)
            day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
            nat = rng.choice(DPRK_NATIONALITY) if rng.random() < 0.5 else ""
            dob = format_date(day, rng, year_only_ok=False)
            rows.append(Row(query, dob, nat, "Person", (), "listed_name_other_dob"))
    return rows


# ---------------------------------------------------------------- organisations

_LEGAL = re.compile(
    r",?\s*\b(CORPORATION|CORP\.?|COMPANY LIMITED|CO\.?,? LTD\.?|COMPANY|CO\.?|LIMITED|LTD\.?|LLC|"
    r"GROUP OF COMPANIES|JOINT VENTURE|JV)\s*$",
    re.IGNORECASE,
)


_COMMERCIAL = frozenset(
    {"TRADING", "TRADE", "SHIPPING", "DEVELOPMENT", "INVESTMENT", "GROUP", "CONSTRUCTION",
     "MARITIME", "LOGISTICS", "ENERGY", "INDUSTRIAL", "MINING", "EXPORT", "IMPORT",
     "INSURANCE", "TECHNOLOGY", "MACHINERY", "HOLDINGS"}
)  # fmt: skip


def cyrillic_word(word: str, rng: random.Random) -> str | None:
    """A word of a company name as Russian documents write it; ``None`` if unknown."""
    table = names_data()["org_words_ru"]
    low = word.lower().strip(".,()")
    if low in table:
        return str(table[low])
    if re.fullmatch(r"\d+", low):
        return low
    if re.fullmatch(r"[a-z']+", low):
        syllables = kr.segment(low)
        if syllables and len(syllables) <= 5:
            return rng.choice([kr.kontsevich_word, _traditional_word])(syllables)
    return None


def _traditional_word(syllables: tuple[kr.Syllable, ...]) -> str:
    rng = random.Random("".join(s.hangul for s in syllables))
    return "".join(kr.traditional_syllable(s, rng, False) for s in syllables).capitalize()


def org_queries(name: str, rng: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    base = _LEGAL.sub("", name).strip(" ,")
    form = name[len(base) :].strip(" ,")
    if base and base != name:
        out.append((case_variant(base.title(), rng), "org_variant"))
    swap = {"CORPORATION": "Corp.", "COMPANY": "Co., Ltd.", "CO": "Company", "LLC": "Ltd."}
    commercial = set(base.upper().split()) & _COMMERCIAL
    if (form or commercial) and not base.upper().startswith("OOO "):
        # only businesses get a legal form added: "Office 39 LLC" is not a clerk's error
        new = swap.get(form.upper().rstrip("."), rng.choice(["LLC", "Co., Ltd", "Corporation"]))
        out.append((f"{base.title()} {new}", "org_variant"))
    punct = re.sub(r"[.,()'\"]", "", name)
    out.append((case_variant(punct.replace("&", "and").lower().title(), rng), "org_variant"))
    words = base.split()
    if len(words) >= 3 and words[0].upper() == "KOREA":
        out.append((" ".join(words[1:]).title() + " of Korea", "org_variant"))
    cyr_words = [cyrillic_word(w, rng) for w in base.split()]
    if any(w is None for w in cyr_words):
        return out  # an English word without a known Russian form: no guessing
    cyr = " ".join(w for w in cyr_words if w)
    if form.upper().startswith("LLC") or name.upper().startswith("OOO"):
        # a Russian-registered company: its Russian name, spelled letter by letter
        core = kr.cyrillic_from_latin(re.sub(r"^OOO\s+", "", base, flags=re.I).title(), rng)
        out.append((rng.choice([f"ООО «{core}»", f'ООО "{core}"', f"{core} ООО"]), "org_cyrillic"))
    else:
        legal = names_data()["legal_forms_ru"].get(form.upper().rstrip(".").split(",")[0], "")
        out.append((f"{cyr} {legal}".strip(), "org_cyrillic"))
    return out


def organization_rows(targets: list[Target], rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for target in targets:
        names = [n.full for n in target.names if len(n.full) > 4]
        picks = names[:1] + rng.sample(names[1:], min(1, len(names) - 1))
        seen: set[str] = {fold(n.full) for n in target.names}
        for name in picks:
            for query, category in org_queries(name, rng):
                if fold(query) in seen or len(fold(query)) < 4:
                    continue
                seen.add(fold(query))
                nat = rng.choice(["", "", "KP", "КНДР", "North Korea"])
                codes = [c for e in target.entities for c in e.countries]
                if codes and "KP" not in codes:
                    nat = nationality_text(codes, rng) if rng.random() < 0.5 else ""
                rows.append(Row(query, "", nat, "Organization", tuple(target.ids), category))
    return rows


# ---------------------------------------------------------------- negatives


def translit(text: str, rng: random.Random | None = None, old: bool = False) -> str:
    data = names_data()
    table = {**data["icao"], **(data["icao_old"] if old else {})}
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            value = str(table[low])
            out.append(value.capitalize() if ch.isupper() else value)
        else:
            out.append(ch)
    return "".join(out)


def random_dob(rng: random.Random, start: int = 1962, end: int = 2005) -> date:
    return date(start, 1, 1) + timedelta(days=rng.randint(0, (end - start) * 365))


@dataclass(frozen=True, slots=True)
class Person:
    """An invented person: Cyrillic FIO, passport Latin, DOB, citizenship, sex."""

    cyrillic: str
    latin: str
    dob: date
    country: str
    sex: str
    category: str


def russian_person(rng: random.Random, surname: str | None = None) -> tuple[str, str, str]:
    data = names_data()
    male = rng.random() < 0.6
    first = rng.choice(data["ru_male"] if male else data["ru_female"])
    last = surname or rng.choice(data["ru_surnames"])
    if not male and surname is None:
        last = last[:-3] + "ская" if last.endswith("ский") else last + "а"
        if last.endswith("оа") or last.endswith("коа") or last.endswith("ука"):
            last = last[:-1]
    father = rng.choice(sorted(data["ru_patronymic"].items()))[1]
    patronymic = father + "ч" if male else father[:-1] + "на"
    return f"{last} {first} {patronymic}", "М" if male else "Ж", f"{last} {first}"


def central_asian_person(rng: random.Random) -> tuple[str, str, str, str]:
    country = rng.choice(["UZ", "UZ", "TJ", "TJ", "KG", "KZ"])
    pool = names_data()["central_asian"][country]
    male = rng.random() < 0.75
    first = rng.choice(pool["male" if male else "female"])
    last = rng.choice(pool["surnames"]) + ("" if male else "а")
    father = rng.choice(pool["male"])
    roll = rng.random()
    if roll < 0.4:
        patronymic = (father + "ович") if male else (father + "овна")
        patronymic = patronymic.replace("оович", "ович").replace("оовна", "овна")
    elif roll < 0.6 and country == "UZ":
        patronymic = f"{father} {'угли' if male else 'кизи'}"
    else:
        patronymic = ""
    full = f"{last} {first} {patronymic}".strip()
    return full, "М" if male else "Ж", f"{last} {first}", country


def koryo_person(rng: random.Random) -> tuple[str, str, str]:
    surname = rng.choice(names_data()["koryo_surnames"])
    full, sex, short = russian_person(rng, surname=surname)
    return full, sex, short


def south_korean(rng: random.Random) -> tuple[str, str, str]:
    hangul_s, latin_s, cyr_s = rng.choice(names_data()["kr_surnames"])
    hangul_g, latin_g = rng.choice(names_data()["kr_given"])
    syl = kr.KoreanName(kr.Syllable(hangul_s), tuple(kr.Syllable(c) for c in hangul_g))
    cyr = f"{cyr_s} {kr.kontsevich(syl, 'joined').split(' ', 1)[1]}"
    return f"{latin_s} {latin_g}", cyr, kr.coarse_key(syl)


def dprk_invented(rng: random.Random) -> kr.KoreanName | None:
    data = names_data()
    surname = rng.choice(data["dprk_surnames"])
    given = " ".join(rng.sample(data["dprk_syllables"], 2))
    return kr.parse_name(surname, given)


def negative_rows(
    entities: list[Entity], index: dict[str, set[str]], rng: random.Random
) -> list[Row]:
    listed_latin = {latin_key(n.full) for e in entities for n in e.names}
    listed_korean = set(index) | {
        kr.coarse_key(p) for e in entities for n in e.names if (p := korean_name(n, e)) is not None
    }
    rows: list[Row] = []
    seen: set[str] = set()

    def add(name: str, latin: str, dob: date | None, country: str, schema: str, cat: str) -> None:
        key = latin_key(latin)
        if fold(name) in seen or (key and key in listed_latin) or not name.strip():
            return
        seen.add(fold(name))
        nat = ""
        if rng.random() < 0.7:
            nat = rng.choice(NATIONALITY_TEXT.get(country, [country]))
        text = format_date(dob, rng) if dob and rng.random() < 0.8 else ""
        rows.append(Row(name, text, nat, schema, (), cat))

    while sum(r.category == "neg_russian" for r in rows) < 450:
        full, _, short = russian_person(rng)
        use_latin = rng.random() < 0.3
        name = translit(short if rng.random() < 0.5 else full) if use_latin else full
        add(
            case_variant(name, rng) if use_latin else name,
            translit(full),
            random_dob(rng),
            "RU",
            "Person",
            "neg_russian",
        )
    while sum(r.category == "neg_central_asian" for r in rows) < 400:
        full, _, short, country = central_asian_person(rng)
        name = translit(short).upper() if rng.random() < 0.3 else full
        add(name, translit(full), random_dob(rng, 1970), country, "Person", "neg_central_asian")
    while sum(r.category == "neg_koryo_saram" for r in rows) < 250:
        full, _, short = koryo_person(rng)
        name = translit(short, old=rng.random() < 0.5) if rng.random() < 0.35 else full
        name = name.replace("Tsoi", rng.choice(["Tsoi", "Tsoy", "Choi"]))
        country = rng.choice(["RU", "RU", "RU", "KZ", "UZ"])
        add(name, translit(full), random_dob(rng), country, "Person", "neg_koryo_saram")
    while sum(r.category == "neg_south_korean" for r in rows) < 200:
        latin, cyr, key = south_korean(rng)
        if key in listed_korean:
            continue
        name = cyr if rng.random() < 0.4 else case_variant(latin, rng)
        add(name, latin, random_dob(rng, 1965), "KR", "Person", "neg_south_korean")
    while sum(r.category == "neg_korean_unlisted" for r in rows) < 260:
        parsed = dprk_invented(rng)
        if parsed is None or kr.coarse_key(parsed) in listed_korean:
            continue
        roll = rng.random()
        if roll < 0.35:
            name = kr.kontsevich(parsed, rng.choice(STYLES))
        elif roll < 0.6:
            name = kr.traditional(parsed, rng, rng.choice(STYLES))
        else:
            system = rng.choice(NEGATIVE_SYSTEMS)
            surname = kr.latin_surname(parsed, system, rng)
            given = kr.latin_given(parsed, system, "spaced", True)
            name = case_variant(f"{surname} {given}", rng)
        add(
            name,
            "",
            random_dob(rng, 1975),
            rng.choice(["KP", "KP", ""]),
            "Person",
            "neg_korean_unlisted",
        )
    while sum(r.category == "neg_organization" for r in rows) < 160:
        name = invented_org(rng)
        add(
            name,
            translit(name),
            None,
            rng.choice(["RU", "RU", ""]),
            "Organization",
            "neg_organization",
        )
    return rows


def invented_org(rng: random.Random) -> str:
    data = names_data()
    roll = rng.random()
    if roll < 0.55:
        stem = rng.choice(data["org_stems_ru"] + data["org_stems_korean"])
        kind = rng.choice(data["org_kinds_ru"])
        quote = rng.choice(["«{}»", '"{}"', "{}"]).format(stem)
        return f"{kind} {quote}" if kind != "ИП" else f"ИП {russian_person(rng)[0]}"
    if roll < 0.75:
        stem = rng.choice(data["org_stems_ru"] + data["org_stems_korean"])
        return f"{rng.choice(data['org_activities_ru'])} «{stem}»"
    return f"{rng.choice(data['org_stems_latin'])} {rng.choice(data['org_kinds_latin'])}"


# ---------------------------------------------------------------- examples


def inn(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(9)]
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def ogrn(rng: random.Random) -> str:
    body = "1" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return body + str(int(body) % 11 % 10)


def passport(country: str, rng: random.Random) -> str:
    def num(k: int) -> str:
        return "".join(str(rng.randint(0, 9)) for _ in range(k))

    if country == "RU":
        return f"{num(2)} {num(2)} {num(6)}"
    if country == "UZ":
        return rng.choice(["AA", "AB", "FA", "AC"]) + num(7)
    if country == "TJ":
        return rng.choice(["400", "401", "500"]) + num(6)
    if country == "KG":
        return rng.choice(["AC", "ID"]) + num(7)
    if country == "KZ":
        return "N" + num(8)
    if country == "KR":
        return "M" + num(8)
    if country == "KP":
        return rng.choice(["108", "199", "290", "381", "472", "563", "654", "745", "836"]) + num(6)
    return num(9)


def roster(
    targets: list[Target], index: dict[str, set[str]], entities: list[Entity], rng: random.Random
) -> str:
    data = names_data()
    listed_korean = set(index)
    lines: list[list[str]] = []

    def row(fio: str, lat: str, dob: str, country: str, sex: str, pas: str, job: str) -> None:
        hired = date(2023, 1, 9) + timedelta(days=rng.randint(0, 800))
        citizenship = rng.choice(NATIONALITY_TEXT[country][1:3]) if country else ""
        lines.append([fio, lat, dob, citizenship, sex, pas, job, hired.strftime("%d.%m.%Y")])

    def job() -> str:
        return str(rng.choice(data["jobs"]))

    for _ in range(150):
        fio, sex, _ = russian_person(rng)
        row(
            fio,
            translit(fio).upper(),
            random_dob(rng).strftime("%d.%m.%Y"),
            "RU",
            sex,
            passport("RU", rng),
            job(),
        )
    for _ in range(95):
        fio, sex, _, country = central_asian_person(rng)
        row(
            fio,
            translit(fio.replace(" угли", "").replace(" кизи", "")).upper(),
            random_dob(rng, 1975).strftime("%d.%m.%Y"),
            country,
            sex,
            passport(country, rng),
            job(),
        )
    for _ in range(25):
        fio, sex, _ = koryo_person(rng)
        row(
            fio,
            translit(fio).upper(),
            random_dob(rng).strftime("%d.%m.%Y"),
            "RU",
            sex,
            passport("RU", rng),
            job(),
        )
    for _ in range(8):
        latin, cyr, key = south_korean(rng)
        if key not in listed_korean:
            row(
                cyr,
                latin.upper().replace("-", " "),
                random_dob(rng, 1970).strftime("%d.%m.%Y"),
                "KR",
                rng.choice(["М", "Ж"]),
                passport("KR", rng),
                "Менеджер склада",
            )
    made = 0
    while made < 12:
        parsed = dprk_invented(rng)
        if parsed is None or kr.coarse_key(parsed) in listed_korean:
            continue
        made += 1
        given = kr.latin_given(parsed, "dprk", "spaced", True)
        latin = f"{kr.latin_surname(parsed, 'dprk', rng)} {given}"
        row(
            kr.traditional(parsed, rng, "spaced"),
            latin.upper(),
            random_dob(rng, 1985).strftime("%d.%m.%Y"),
            "KP",
            "М",
            passport("KP", rng),
            job(),
        )
    listed = [
        t for t in targets
        if any(d.is_exact for d in t.dates) and any(korean_name(n, t.entities[0]) for n in t.names)
    ]  # fmt: skip
    with_passport = [
        t for t in listed if any(i.type == "passport" for e in t.entities for i in e.identifiers)
    ]
    chosen = rng.sample(with_passport, 1) + rng.sample(
        [t for t in listed if t not in with_passport], 4
    )
    for n, target in enumerate(chosen):
        entity = target.entities[0]
        name = next(n for n in entity.names if korean_name(n, entity))
        parsed = korean_name(name, entity)
        assert parsed is not None
        d = next(d for d in target.dates if d.is_exact)
        fio = kr.kontsevich(parsed, "spaced") if n % 2 else kr.traditional(parsed, rng, "spaced")
        pas = passport("KP", rng)
        if n == 0:
            pas = next(
                i.value for e in target.entities for i in e.identifiers if i.type == "passport"
            )
        row(
            fio,
            re.sub(r"[,']", "", name.full).upper(),
            f"{d.day:02d}.{d.month:02d}.{d.year}",
            "KP",
            "М",
            pas,
            job(),
        )
    fio, sex, _ = russian_person(rng)
    row(fio, translit(fio).upper(), "31.02.1988", "RU", sex, passport("RU", rng), job())
    row("", "", random_dob(rng).strftime("%d.%m.%Y"), "UZ", "М", passport("UZ", rng), job())
    rng.shuffle(lines)  # numbered after shuffling, so the id tells nothing
    numbered = [[f"SYNTH-{n:05d}", *line] for n, line in enumerate(lines, 1)]
    header = "Таб. номер;ФИО;ФИО (лат.);Дата рождения;Гражданство;Пол;Паспорт;Должность;Дата приема"
    return to_csv([header.split(";"), *numbered], delimiter=";")


def suppliers(entities: list[Entity], rng: random.Random) -> str:
    rows = [["Наименование", "ИНН", "ОГРН", "Страна"]]
    while len(rows) < 19:
        name = invented_org(rng)
        if all(name != row[0] for row in rows):
            rows.append([name, inn(rng), ogrn(rng), "Россия"])
    mokran = next((e for e in entities if e.id == "us_ofac:30083"), None)
    if mokran is not None:
        ids = {i.type: i.value for i in mokran.identifiers}
        rows.append(["ООО «Мокран»", ids.get("inn", ""), ids.get("ogrn", ""), "Россия"])
    rows.append(["Korea Rungrado General Trading Corp.", "", "", "КНДР"])
    head, body = rows[0], rows[1:]
    rng.shuffle(body)
    return to_csv([head, *body], delimiter=";")


# ---------------------------------------------------------------- output


def to_csv(rows: Iterable[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def build(list_dir: Path) -> dict[str, str]:
    """Relative path -> file text for every generated file."""
    rng = random.Random(SEED)
    entities = load_entities(list_dir)
    # Pair over every entry: a DPRK-programme person may sit under NPWMD on the other list.
    all_persons = group_targets([e for e in entities if e.schema is Schema.PERSON])
    all_orgs = group_targets([e for e in entities if e.schema.is_organization])
    persons = [t for t in all_persons if any(is_dprk(e) for e in t.entities)]
    orgs = [t for t in all_orgs if any(is_dprk(e) for e in t.entities)]
    index = korean_index(all_persons)
    sets = {
        "dprk_cross_script": cross_script_rows(persons, index, rng),
        "organizations": organization_rows(orgs, rng),
        "negatives": negative_rows(entities, index, rng),
        "different_dob": different_dob_rows(persons, all_persons, index, rng),
    }
    files = {f"eval/dev/{name}.csv": to_csv([HEADER] + [r.cells() for r in rows])
             for name, rows in sets.items()}  # fmt: skip
    every = [r.cells() for name in SETS for r in sets[name]]
    files["eval/dev/all.csv"] = to_csv([HEADER, *every])
    files["examples/roster.csv"] = roster(persons, index, entities, rng)
    files["examples/suppliers.csv"] = suppliers(entities, rng)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS, help="list directory")
    parser.add_argument("--out", type=Path, default=REPO, help="root to write into")
    args = parser.parse_args(argv)
    for rel, text in build(args.lists.resolve()).items():
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{rel}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
