"""A synthetic multi-script workforce roster for the bulk-speed benchmark.

The roster looks like the rosters laborscreen screens in Russia: Russian,
Central Asian, Koryo-saram and South Korean workers written in Cyrillic or in
their passport's Latin spelling, plus a few percent of listed persons rendered
the way HR records distort them (case, order, given-name spacing, typos,
a clerk's Cyrillic). The word lists live in ``resources/bench_names.yml``.
Everything is drawn from one ``random.Random(seed)``, so a seed fixes the roster.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from laborscreen.model import Entity, Name, NameKind
from laborscreen.resources import load_yaml

#: Share of roster names drawn from each community (the rest are listed persons).
GROUP_WEIGHTS = {"russian": 40, "central_asian": 30, "koryo_saram": 15, "south_korean": 12}

#: Share of roster names that render a listed person.
LISTED_SHARE = 0.03

_SPACES = re.compile(r"\s+")
_PARTS = re.compile(r"[\s\-]+")
_APOSTROPHES = re.compile(r"['’‘`ʼ´]")


@dataclass(frozen=True, slots=True)
class RosterName:
    text: str
    group: str  # russian, central_asian, koryo_saram, south_korean or listed
    entity_id: str | None = None  # the listed entity a "listed" name renders


@cache
def _tables() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("bench_names.yml")
    return data


def is_dprk(entity: Entity) -> bool:
    """Listed under a DPRK programme (UN 1718 references, OFAC DPRK tags) or a DPRK national."""
    return (
        entity.id.startswith("un:KP")
        or any(p.upper().startswith("DPRK") for p in entity.programs)
        or "KP" in entity.nationalities
        or "KP" in entity.citizenships
    )


# -- transliteration helpers -------------------------------------------------


def _to_latin(text: str, system: str) -> str:
    table: dict[str, str] = _tables()["cyrillic_to_latin"][system]
    out = []
    for ch in text:
        latin = table.get(ch.lower(), ch)
        out.append(latin.capitalize() if ch.isupper() else latin)
    return "".join(out)


@cache
def _latin_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = _tables()["latin_to_cyrillic"]
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)), table


def _letters_to_cyrillic(word: str) -> str:
    pattern, table = _latin_pattern()
    return pattern.sub(lambda m: table[m.group(0)], word.lower())


def _korean_syllables(word: str) -> list[str] | None:
    """Split a romanised Korean word into known syllables (fewest pieces), or None."""
    syllables: dict[str, list[str]] = _tables()["korean_syllables"]
    word = word.lower()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 5), end):
            head = best[start]
            if head is not None and word[start:end] in syllables:
                option = [*head, word[start:end]]
                current = best[end]
                if current is None or len(option) < len(current):
                    best[end] = option
    return best[len(word)]


def _cyrillic_word(word: str, rng: random.Random, korean: bool) -> str:
    word = _APOSTROPHES.sub("", word)
    pieces = _korean_syllables(word) if korean else None
    if pieces is None:
        return _letters_to_cyrillic(word).capitalize()
    table: dict[str, list[str]] = _tables()["korean_syllables"]
    return "".join(rng.choice(table[p]) for p in pieces).capitalize()


# -- listed persons ----------------------------------------------------------


def _primary(entity: Entity) -> Name | None:
    names = [n for n in entity.names if n.full.strip()]
    primary = [n for n in names if n.kind is NameKind.PRIMARY]
    chosen = primary or names
    return chosen[0] if chosen else None


def _split_name(entity: Entity, name: Name) -> tuple[list[str], list[str]]:
    """(surname words, given-name parts) of a listed name."""
    if name.last and name.first:
        given = f"{name.first} {name.middle or ''}"
        return name.last.split(), [p for p in _PARTS.split(given) if p]
    if name.full.count(",") == 1:
        last, first = name.full.split(",")
        return last.split(), [p for p in _PARTS.split(first) if p]
    words = name.full.split()
    if len(words) < 2:
        return words, []
    # the UN writes DPRK names surname first; most other names end with it
    if is_dprk(entity):
        return words[:1], [p for p in _PARTS.split(" ".join(words[1:])) if p]
    return words[-1:], [p for p in _PARTS.split(" ".join(words[:-1])) if p]


def _typo(words: list[str], rng: random.Random) -> list[str]:
    long = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long:
        return words
    i = rng.choice(long)
    word = words[i]
    at = rng.randrange(1, len(word))
    action = rng.choice(("substitute", "delete", "double"))
    if action == "substitute":
        letter = rng.choice("aeiouknrst")
        word = word[:at] + (letter.upper() if word[at].isupper() else letter) + word[at + 1 :]
    elif action == "delete":
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + word[at] + word[at:]
    return [*words[:i], word, *words[i + 1 :]]


def _recase(text: str, rng: random.Random) -> str:
    style = rng.choice(("upper", "title", "lower", "keep"))
    if style == "upper":
        return text.upper()
    if style == "lower":
        return text.lower()
    if style == "title":
        return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in text.split())
    return text


def _join_given(parts: list[str], rng: random.Random, korean: bool) -> str:
    # HR records write Korean given-name syllables apart, hyphenated or joined
    if len(parts) < 2:
        return " ".join(parts)
    joiner = rng.choice(("-", " ", "")) if korean else rng.choice(("-", " "))
    joined = joiner.join(parts)
    return joined.capitalize() if joiner == "" and joined[:1].isupper() else joined


def _latin_listed(surname: list[str], given: list[str], rng: random.Random, korean: bool) -> str:
    given_text = _join_given(given, rng, korean)
    words = [*surname, given_text] if rng.random() < 0.5 else [given_text, *surname]
    words = [w for w in words if w]
    if rng.random() < 0.5:
        words = [_APOSTROPHES.sub("", w) for w in words]
    if rng.random() < 0.35:
        words = _typo(words, rng)
    return _recase(" ".join(words), rng)


def _cyrillic_listed(surname: list[str], given: list[str], rng: random.Random, korean: bool) -> str:
    family = [_cyrillic_word(w, rng, korean) for w in surname]
    given_text = _join_given([_cyrillic_word(p, rng, korean) for p in given], rng, korean)
    # a Russian clerk puts the surname first, as in a Russian FIO
    words = [*family, given_text] if rng.random() < 0.75 else [given_text, *family]
    return " ".join(w for w in words if w)


def render_listed(entity: Entity, rng: random.Random) -> str | None:
    """One roster spelling of a listed person's primary name, or None without a name."""
    name = _primary(entity)
    if name is None:
        return None
    surname, given = _split_name(entity, name)
    if not surname:
        return None
    korean = is_dprk(entity) or all(
        _korean_syllables(_APOSTROPHES.sub("", w)) is not None for w in surname
    )
    if rng.random() < 0.4:
        return _cyrillic_listed(surname, given, rng, korean)
    return _latin_listed(surname, given, rng, korean)


def pick_listed(persons: Sequence[Entity], count: int, rng: random.Random) -> list[Entity]:
    """``count`` listed persons, half under DPRK programmes and half a spread of the rest."""
    if count <= 0 or not persons:
        return []
    ordered = sorted(persons, key=lambda e: e.id)  # the store's order must not matter
    dprk = [e for e in ordered if is_dprk(e)]
    others = [e for e in ordered if not is_dprk(e)]
    want_dprk = count if not others else (count + 1) // 2
    if not dprk:
        want_dprk = 0
    chosen: list[Entity] = []
    for pool, want in ((dprk, want_dprk), (others, count - want_dprk)):
        while want > 0 and pool:
            # every person once before any twice
            batch = rng.sample(pool, min(want, len(pool)))
            chosen.extend(batch)
            want -= len(batch)
    return chosen


# -- synthetic workers -------------------------------------------------------


def _female_surname(surname: str) -> str:
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname  # -енко, -ых, -зода, Korean surnames do not change


def _russian_style_patronymic(father: str, female: bool) -> str:
    if father.endswith(("й", "ь")):
        stem, suffix = father[:-1], ("евна" if female else "евич")
    elif father[-1] in "аеиоуыэюя":
        stem, suffix = father, ("евна" if female else "евич")
    else:
        stem, suffix = father, ("овна" if female else "ович")
    return stem + suffix


def _latin_passport(surname: str, given: str, rng: random.Random) -> str:
    system = "icao" if rng.random() < 0.7 else "legacy"
    last, first = _to_latin(surname, system), _to_latin(given, system)
    style = rng.random()
    if style < 0.5:
        return f"{last} {first}".upper()
    if style < 0.85:
        return f"{last} {first}"
    return f"{first} {last}"


def _slavic_person(surnames: Sequence[str], rng: random.Random) -> tuple[str, str, str]:
    """(surname, given, patronymic) with a Russian given name and patronymic."""
    data = _tables()["russian"]
    female = rng.random() < 0.45
    father = rng.choice(data["male"])
    patronymic = father[2] if female else father[1]
    given = rng.choice(data["female"]) if female else rng.choice(data["male"])[0]
    surname = rng.choice(surnames)
    return (_female_surname(surname) if female else surname), given, patronymic


def _russian(rng: random.Random) -> str:
    surname, given, patronymic = _slavic_person(_tables()["russian"]["surnames"], rng)
    if rng.random() < 0.55:
        return f"{surname} {given} {patronymic}"
    return _latin_passport(surname, given, rng)


def _koryo_saram(rng: random.Random) -> str:
    surnames = _tables()["koryo_saram"]["surnames"]
    surname, given, patronymic = _slavic_person(surnames, rng)
    if rng.random() < 0.55:
        return f"{surname} {given} {patronymic}"
    return _latin_passport(surname, given, rng)


def _central_asian(rng: random.Random) -> str:
    groups = _tables()["central_asian"]
    data = groups[rng.choice(sorted(groups))]
    female = rng.random() < 0.4
    given = rng.choice(data["female"] if female else data["male"])
    surname = rng.choice(data["surnames"])
    surname = _female_surname(surname) if female else surname
    if rng.random() >= 0.55:
        return _latin_passport(surname, given, rng)
    father = rng.choice(data["male"])
    style = rng.random()
    if style < 0.5:
        return f"{surname} {given} {_russian_style_patronymic(father, female)}"
    if style < 0.8:
        return f"{surname} {given} {father} {data['patronymic_words'][1 if female else 0]}"
    return f"{surname} {given}"


def _south_korean(rng: random.Random) -> str:
    data = _tables()["south_korean"]
    surname_rr, surname_cyr = rng.choice(data["surnames"])
    given_rr, given_cyr = rng.choice(data["given"])
    if rng.random() < 0.35:
        parts = given_cyr.split()
        given = rng.choice((" ".join(parts), "".join(parts).capitalize()))
        return f"{surname_cyr} {given}"
    parts = given_rr.split("-")
    given = rng.choice(("-", " ", "")).join(parts).capitalize() if rng.random() < 0.5 else given_rr
    style = rng.random()
    if style < 0.45:
        return f"{surname_rr} {given}".upper()
    if style < 0.8:
        return f"{surname_rr} {given}"
    return f"{given} {surname_rr}"


_GENERATORS = {
    "russian": _russian,
    "central_asian": _central_asian,
    "koryo_saram": _koryo_saram,
    "south_korean": _south_korean,
}


def synthetic_roster(
    persons: Sequence[Entity], size: int, seed: int, listed_share: float = LISTED_SHARE
) -> list[RosterName]:
    """``size`` roster names, ``listed_share`` of them rendering ``persons``; fixed by ``seed``."""
    rng = random.Random(seed)
    roster: list[RosterName] = []
    for entity in pick_listed(persons, round(size * listed_share), rng):
        text = render_listed(entity, rng)
        if text:
            roster.append(RosterName(text, "listed", entity.id))
    groups = list(GROUP_WEIGHTS)
    weights = [GROUP_WEIGHTS[g] for g in groups]
    while len(roster) < size:
        group = rng.choices(groups, weights)[0]
        roster.append(RosterName(_GENERATORS[group](rng), group))
    rng.shuffle(roster)
    return roster
