"""Reading the words of roster cells: visa purposes, study modes, schedules, job roles.

Backs the derived facts of :mod:`laborscreen.rules.facts` with the word lists of
``resources/labour_vocabulary.yml``. Each reader returns ``None`` when the text says
nothing it knows, or says two conflicting things, so that a rule can report "not
assessable" instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from laborscreen.resources import load_yaml
from laborscreen.roster.headers import header_key

Phrase = tuple[str, ...]  # words; a word ending in "*" is a prefix


def _phrase(text: str) -> Phrase:
    return tuple(
        header_key(w[:-1]) + "*" if w.endswith("*") else header_key(w)
        for w in str(text).split()
        if header_key(w.rstrip("*"))
    )


def _occurs(words: list[str], phrase: Phrase) -> bool:
    size = len(phrase)
    for start in range(len(words) - size + 1):
        for offset, part in enumerate(phrase):
            word = words[start + offset]
            if not (word.startswith(part[:-1]) if part.endswith("*") else word == part):
                break
        else:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Categories:
    """One section of the vocabulary: category -> phrases, and who gives way to whom."""

    phrases: dict[str, tuple[Phrase, ...]]
    yields: dict[str, frozenset[str]]

    def classify(self, text: str | None) -> str | None:
        """The one category the text names; None for none or a conflict."""
        if not text:
            return None
        words = header_key(text).split()
        found = {
            c for c, phrases in self.phrases.items() if any(_occurs(words, p) for p in phrases)
        }
        found = {c for c in found if not (self.yields.get(c, frozenset()) & found)}
        return next(iter(found)) if len(found) == 1 else None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.phrases)


def _categories(section: dict[str, Any]) -> Categories:
    phrases = {
        str(name): tuple(_phrase(str(p)) for p in entries)
        for name, entries in section["categories"].items()
    }
    yields = {str(k): frozenset(map(str, v)) for k, v in section.get("yields", {}).items()}
    return Categories(phrases, yields)


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("labour_vocabulary.yml")
    return data


@cache
def categories(section: str) -> Categories:
    """``purpose``, ``study_mode``, ``study_programme`` or ``work_schedule``."""
    return _categories(_data()[section])


# Rosters repeat the same few words in thousands of rows: each reader below is cached.
_CACHED = 16_384


@lru_cache(maxsize=_CACHED)
def classify(section: str, text: str | None) -> str | None:
    """:meth:`Categories.classify` of a section, cached."""
    return categories(section).classify(text)


_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")


@lru_cache(maxsize=_CACHED)
def schedule_full_time(text: str | None) -> bool | None:
    """Whether a work schedule is full-time: by its words, else by hours or rate."""
    if not text:
        return None
    section = _data()["work_schedule"]
    named = classify("work_schedule", text)
    if named is not None:
        return named == "full_time"
    match = _NUMBER.search(text)
    if match is None:
        return None
    amount = float(match.group(1).replace(",", "."))
    words = header_key(text[match.end() :]).split()
    unit = next(
        (
            name
            for name, entries in section["units"].items()
            if any(_occurs(words, _phrase(str(e))) for e in entries)
        ),
        None,
    )
    if unit is None:  # a bare number: a share of a post, or hours a week
        unit = "rate" if amount <= 1.5 else "weekly" if amount > 12 else None
    if unit is None:
        return None
    return amount >= float(section["full_time_from"][unit])


@cache
def _role() -> tuple[tuple[Phrase, ...], frozenset[str]]:
    oversight = _data()["role"]["oversight"]
    words = tuple(_phrase(str(w)) for w in oversight["words"])
    titles = frozenset(header_key(str(t)) for t in oversight["titles"])
    return words, titles


@lru_cache(maxsize=_CACHED)
def role_category(title: str | None) -> str | None:
    """``oversight`` for a minder's title (interpreter, curator, bare "manager"), else ``other``."""
    if not title:
        return None
    phrases, titles = _role()
    key = header_key(title)
    words = key.split()
    if key in titles or any(_occurs(words, p) for p in phrases):
        return "oversight"
    return "other"


@cache
def _unpaid() -> tuple[Phrase, ...]:
    return tuple(_phrase(str(w)) for w in _data()["unpaid"])


@lru_cache(maxsize=_CACHED)
def says_unpaid(text: str | None) -> bool:
    if not text:
        return False
    words = header_key(text).split()
    return any(_occurs(words, p) for p in _unpaid())


@cache
def eaeu_members() -> frozenset[str]:
    return frozenset(str(c) for c in _data()["eaeu"])


@cache
def _passport_pattern() -> re.Pattern[str]:
    spec = _data()["passport_dprk"]
    prefixes = "|".join(map(str, spec["prefixes"]))
    letters = "|".join(map(str, spec["letter_prefixes"]))
    rest = int(spec["digits"]) - 3
    return re.compile(rf"^(?:{letters})?(?:{prefixes})\d{{{rest}}}$")


@lru_cache(maxsize=_CACHED)
def passport_dprk_shape(number: str | None) -> bool:
    """True for a passport number of the DPRK shape (PS 108123456, 836412907)."""
    if not number:
        return False
    compact = "".join(ch for ch in number.upper() if ch.isalnum())
    return _passport_pattern().match(compact) is not None


@cache
def _address() -> tuple[frozenset[str], dict[str, str]]:
    spec = _data()["address"]
    units = frozenset(header_key(str(w)) for w in spec["unit_words"])
    abbreviations = {
        header_key(str(k)): header_key(str(v)) for k, v in spec["abbreviations"].items()
    }
    return units, abbreviations


@lru_cache(maxsize=_CACHED)
def address_key(text: str | None) -> str | None:
    """An address reduced to its building: "ул. Заводская, д. 12, ком. 5" -> "ул заводская д 12"."""
    if not text:
        return None
    units, abbreviations = _address()
    words = header_key(text).split()
    kept: list[str] = []
    skip_number = False
    for word in words:
        if word in units:
            skip_number = True
            continue
        if skip_number and any(ch.isdigit() for ch in word):
            skip_number = False
            continue
        skip_number = False
        kept.append(abbreviations.get(word, word))
    return " ".join(kept) or None
