"""Raw name text to a :class:`NameForm`: the comparable shape of one name.

Steps: transliterate to Latin, split into tokens (spaces, hyphens, dots,
commas, quotes; digits between letters read as the letters they look like),
drop honorifics and read particle spellings as one (persons) or split off
legal forms (organisations), attach each token's phonetic key, and read the
name as Korean where it has a Korean surname. ``LAST, First`` (OFAC's order)
pins the surname.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache

from laborscreen.names.korean import KoreanReading, readings
from laborscreen.names.legal_forms import is_generic, is_kind_word, split_legal_form
from laborscreen.names.phonetic import phonetic_key, skeleton
from laborscreen.names.translit import english_words_back, has_cyrillic, script_of, to_latin
from laborscreen.resources import load_yaml

_SPLIT = re.compile(r"[^a-z0-9]+")
_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ichna|ogly|oglu|kyzy|qizi|uly|ugli)$")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # lower-case Latin
    key: str  # phonetic key
    weight: float = 1.0  # evidence weight of the token itself (patronymic, initial, generic)
    skeleton: str = ""  # consonant skeleton of the key
    kind_word: bool = False  # says what a business is: counts in full when unpaired


@dataclass(frozen=True, slots=True)
class NameForm:
    original: str
    is_org: bool
    tokens: tuple[Token, ...]
    korean: tuple[KoreanReading, ...] = ()
    legal_form: str | None = None
    script: str = "Latn"
    text: str = ""  # the tokens' text joined by spaces (filled in when not given)

    def __post_init__(self) -> None:
        # compared for every candidate: join once
        if not self.text and self.tokens:
            object.__setattr__(self, "text", " ".join([t.text for t in self.tokens]))


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(to_latin(str(t)) for t in load_yaml("honorifics.yml")["titles"])


@cache
def _particles() -> frozenset[str]:
    return frozenset(str(t) for t in load_yaml("honorifics.yml")["particles"])


@cache
def _particle_spellings() -> dict[str, str]:
    return {str(k): str(v) for k, v in load_yaml("honorifics.yml")["particle_spellings"].items()}


#: Digits written inside a word for the letters they look like ("Ig0r Sech1n").
_LOOKALIKE_DIGITS = str.maketrans("0134579", "oieastg")
_DIGIT_IN_WORD = re.compile(r"[a-z][0-9]+[a-z]")


@cache
def _undisguised(word: str) -> str:
    """A word with digits between letters read as the letters they look like."""
    if not _DIGIT_IN_WORD.search(word):
        return word
    return word.translate(_LOOKALIKE_DIGITS)


def _split_latin(latin: str) -> tuple[str, ...]:
    """The words of a Latin text, digits between letters read as letters."""
    words = tuple(filter(None, _SPLIT.split(latin)))
    if _DIGIT_IN_WORD.search(latin):
        words = tuple([_undisguised(w) for w in words])
    return words


def _person_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """A person's words without titles, particle spellings read as one (ibn = bin)."""
    titles = _honorifics()
    spellings = _particle_spellings()
    return tuple([spellings.get(w, w) for w in words if w not in titles])


def _token_weight(text: str, is_org: bool) -> float:
    if len(text) == 1:
        return 0.5  # an initial
    if not is_org and text in _particles():
        return 0.3
    if is_org and is_generic(text):
        return 0.35
    if not is_org and _PATRONYMIC.search(text) and len(text) > 6:
        return 0.5
    return 1.0


@cache
def word_token(word: str, is_org: bool) -> Token:
    """The token of one lower-case Latin word (cached: rosters repeat words)."""
    return Token(
        word,
        phonetic_key(word),
        _token_weight(word, is_org),
        skeleton(word),
        is_org and is_kind_word(word),
    )


def _join_letters(words: tuple[str, ...]) -> tuple[str, ...]:
    """Letters spelled out one by one are one word: "L.X.C." = "LXC", "p.l.c." = "plc"."""
    out: list[str] = []
    run: list[str] = []
    for word in (*words, ""):
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return tuple(out)


#: One space-separated word of a person's name: its Latin words, those of them
#: kept (titles dropped, particle spellings read as one), the kept words'
#: tokens, and its script.
_PersonWord = tuple[tuple[str, ...], tuple[str, ...], tuple[Token, ...], str]


@lru_cache(maxsize=200_000)
def _person_word(word: str) -> _PersonWord:
    """What one space-separated word of a person's name gives (:data:`_PersonWord`).

    Cached: rosters repeat words far more than names, and most person names
    are put together from these alone (:func:`analyze`).
    """
    words = _split_latin(to_latin(word))
    kept = _person_words(words)
    return words, kept, tuple([word_token(w, False) for w in kept]), script_of(word)


def _combined_script(scripts: Collection[str]) -> str:
    """The script of a name from its words' (as :func:`script_of` reads the whole)."""
    if "Hang" in scripts:
        return "Hang"
    if "Cyrl" in scripts:
        return "Cyrl"
    return "Latn" if all(s == "Latn" for s in scripts) else "Other"


def _person(name: str) -> NameForm:
    """:func:`analyze` for a person's name written without a comma, word by word."""
    words: tuple[str, ...] = ()
    tokens: tuple[Token, ...] = ()
    scripts: set[str] = set()
    parts = [_person_word(word) for word in name.split()]
    for _, kept, kept_tokens, script in parts:
        words += kept
        tokens += kept_tokens
        scripts.add(script)
    if not words:  # nothing but titles: they are the name
        words = tuple([w for part in parts for w in part[0]])
        tokens = tuple([word_token(w, False) for w in words])
    # one script (most names) is its own combination
    script = scripts.pop() if len(scripts) == 1 else _combined_script(scripts)
    return NameForm(name, False, tokens, readings(words, None), None, script, " ".join(words))


def analyze_uncached(name: str, is_org: bool = False) -> NameForm:
    """:func:`analyze` without its cache, for a name analysed once.

    Screening a roster analyses each distinct name once; caching their forms
    would only leave tens of thousands of objects for the garbage collector
    to walk. Words are still cached (:func:`_person_word`, :func:`word_token`).
    """
    if not is_org and "," not in name:
        return _person(name)
    latin = to_latin(english_words_back(name) if is_org and has_cyrillic(name) else name)
    surname_index: int | None = None
    if not is_org and latin.count(",") == 1:
        last, first = latin.split(",")
        last_tokens = _split_latin(last)
        first_tokens = _split_latin(first)
        if len(last_tokens) == 1 and first_tokens:
            surname_index = len(first_tokens)
            words = (*first_tokens, *last_tokens)
        else:
            words = _split_latin(latin)
    else:
        words = _split_latin(latin)
    legal_form = None
    if is_org:
        # forms spelled with spaces first ("Sp. z o.o."), then dotted ones ("p.l.c.")
        words, spaced = split_legal_form(words)
        words, dotted = split_legal_form(_join_letters(words))
        legal_form = " ".join(f for f in (spaced, dotted) if f) or None
    else:
        kept = _person_words(words)
        if kept:
            if len(kept) != len(words):
                surname_index = None
            words = kept
    tokens = tuple([word_token(w, is_org) for w in words])
    korean = () if is_org else readings(words, surname_index)
    return NameForm(name, is_org, tokens, korean, legal_form, script_of(name), " ".join(words))


@lru_cache(maxsize=200_000)
def analyze(name: str, is_org: bool = False) -> NameForm:
    """The comparable form of one name (cached: list names are analysed when
    the index is built and again when an entry is scored in full)."""
    return analyze_uncached(name, is_org)
