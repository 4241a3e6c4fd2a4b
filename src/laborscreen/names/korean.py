"""Korean names: which token is the surname, and the given name as one key.

Korean given names are two syllables (sometimes one) written apart, hyphenated
or joined ("Yong Chol", "Yong-Chol", "Yongchol", "Ён Чоль"). Joining the given
name's tokens and taking the phonetic key of the result makes all of these one
value; the surname is looked up in ``resources/korean_surnames.yml``, whose
classes tie Ri/Lee/Yi/Ли and Choe/Choi/Цой/Чхве together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from laborscreen.names.phonetic import loose_key, phonetic_key
from laborscreen.names.translit import to_latin
from laborscreen.resources import load_yaml


@dataclass(frozen=True, slots=True)
class KoreanReading:
    """One reading of a name as Korean: surname classes plus the joined given-name key."""

    surname: str  # the surname token as written (Latin form)
    surname_classes: frozenset[str]
    given_key: str  # phonetic key of the given-name tokens joined
    given_text: str  # the given-name tokens joined with spaces (Latin form)
    given_loose: str = ""  # letter-by-letter key, blind to where syllables part


@cache
def _surname_table() -> dict[str, frozenset[str]]:
    """Phonetic key of every listed spelling -> the surname classes it can spell.

    Looking surnames up by key rather than by spelling also admits the spellings
    the table does not list but the key folds together (Хванг, Чжан, Джон).
    """
    table: dict[str, set[str]] = {}
    for canonical, spellings in load_yaml("korean_surnames.yml").items():
        for spelling in spellings:
            table.setdefault(phonetic_key(to_latin(str(spelling))), set()).add(str(canonical))
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=65_536)
def surname_classes(token: str) -> frozenset[str]:
    """The surname classes a Latin token can spell; empty when it is no Korean surname."""
    return _surname_table().get(phonetic_key(token), frozenset())


def readings(
    tokens: tuple[str, ...], surname_index: int | None = None
) -> tuple[KoreanReading, ...]:
    """Readings of a tokenised name as Korean, surname first or last.

    ``surname_index`` pins the surname where the source says which part it is
    (``KIM, Yong Chol``). A reading needs a known surname and one to three
    given-name tokens.
    """
    if not 2 <= len(tokens) <= 4:
        return ()
    if surname_index is None and not (surname_classes(tokens[0]) or surname_classes(tokens[-1])):
        return ()  # most names of a roster: no Korean surname at either end
    return _readings(tokens, surname_index)


@lru_cache(maxsize=200_000)
def _readings(tokens: tuple[str, ...], surname_index: int | None) -> tuple[KoreanReading, ...]:
    positions = [surname_index] if surname_index is not None else [0, len(tokens) - 1]
    out: list[KoreanReading] = []
    for pos in positions:
        if pos is None or not 0 <= pos < len(tokens):
            continue
        classes = surname_classes(tokens[pos])
        if not classes:
            continue
        given = tokens[:pos] + tokens[pos + 1 :]
        key = phonetic_key("".join(given))
        if not key or len(key) > 14:
            continue
        reading = KoreanReading(
            tokens[pos], classes, key, " ".join(given), loose_key("".join(given))
        )
        if reading not in out:
            out.append(reading)
    return tuple(out)
