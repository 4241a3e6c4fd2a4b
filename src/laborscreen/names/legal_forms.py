"""Organisation names: legal forms removed and generic words marked.

"Korea Rungrado General Trading Corp.", "KOREA RUNGRADO GENERAL TRADING
CORPORATION" and "ООО «Рунграду»" differ in their legal form and quoting; the
form is split off (and reported as its own feature) before names are compared.
"""

from __future__ import annotations

from functools import cache

from laborscreen.names.phonetic import phonetic_key
from laborscreen.names.translit import to_latin
from laborscreen.resources import load_yaml


@cache
def _forms() -> tuple[tuple[str, ...], ...]:
    forms = {tuple(to_latin(str(form)).split()) for form in load_yaml("legal_forms.yml")["forms"]}
    # longest first; ties in a fixed order (a set's order differs between processes)
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


@cache
def _keys(section: str) -> frozenset[str]:
    """Phonetic keys of a word list, so that "Трейдинг" is as generic as "Trading"."""
    return frozenset(phonetic_key(to_latin(str(w))) for w in load_yaml("legal_forms.yml")[section])


def is_generic(token: str) -> bool:
    """A word that identifies no company on its own (Korea, General, Trading, Bank…)."""
    key = phonetic_key(token)
    return key in _keys("generic") or key in _keys("kind")


def is_kind_word(token: str) -> bool:
    """A word saying what the business is (Bank, Shipping, Trading)."""
    return phonetic_key(token) in _keys("kind")


def split_legal_form(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """(tokens without legal forms, the forms found joined by space or None).

    Forms are removed wherever they stand (Russian puts ООО first, English
    puts Ltd last), but never when that would leave no name at all.
    """
    found: list[str] = []
    rest = list(tokens)
    changed = True
    while changed:
        changed = False
        for form in _forms():
            n = len(form)
            for i in range(len(rest) - n + 1):
                if tuple(rest[i : i + n]) == form and len(rest) > n:
                    found.append(" ".join(form))
                    del rest[i : i + n]
                    changed = True
                    break
            if changed:
                break
    # reported in the order the name has them ("OAO JSC …": "oao jsc")
    found.sort(key=lambda form: _position(tokens, tuple(form.split())))
    return tuple(rest), (" ".join(found) if found else None)


def _position(tokens: tuple[str, ...], form: tuple[str, ...]) -> int:
    n = len(form)
    return next((i for i in range(len(tokens) - n + 1) if tokens[i : i + n] == form), len(tokens))
