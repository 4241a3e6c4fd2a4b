"""Any script to a lower-case Latin form for matching.

Cyrillic goes through ``resources/cyrillic_latin.yml`` (Kontsevich digraphs
read as single Korean sounds), Hangul through the jamo tables in
``resources/hangul.yml``, and every other script through anyascii.
Accents and apostrophes (McCune–Reischauer's ``Ky'ong``, ``Ŏ``) are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from anyascii import anyascii

from laborscreen.resources import load_yaml

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


@cache
def _cyrillic() -> tuple[re.Pattern[str], dict[str, str]]:
    data = load_yaml("cyrillic_latin.yml")
    table: dict[str, str] = {**data["letters"], **data["digraphs"]}
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)), table


@cache
def _hangul() -> tuple[list[str], list[str], list[str]]:
    data = load_yaml("hangul.yml")
    return data["initials"], data["medials"], data["finals"]


def is_hangul(ch: str) -> bool:
    return _HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST


def hangul_syllable(ch: str) -> tuple[str, str, str]:
    """(initial, medial, final) romanised jamo of one precomposed syllable."""
    initials, medials, finals = _hangul()
    index = ord(ch) - _HANGUL_FIRST
    return initials[index // 588], medials[(index % 588) // 28], finals[index % 28]


def hangul_to_latin(text: str) -> str:
    """Romanise Hangul syllable by syllable, a space between syllables."""
    out: list[str] = []
    for ch in text:
        if is_hangul(ch):
            # each syllable its own token: a joined romanisation could not be
            # split back ("jeongeun" is jeong-eun or jeon-geun)
            out.append(" " + "".join(hangul_syllable(ch)) + " ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


@cache
def _english_words() -> dict[str, str]:
    return {
        str(spelling): str(english)
        for english, spellings in load_yaml("english_cyrillic.yml").items()
        for spelling in spellings
    }


_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")


def english_words_back(text: str) -> str:
    """Cyrillic words that spell an English word by ear, back in English.

    For company names only ("Министри оф Стейт Секьюрити" = "ministry of state
    security"): letter-by-letter transliteration cannot undo Russian practical
    transcription of English (``resources/english_cyrillic.yml``).
    """
    table = _english_words()
    return _CYRILLIC_WORD.sub(
        lambda m: table.get(m.group(0).lower().replace("ё", "е"), m.group(0)), text
    )


_IOTATED_E = re.compile(r"(?<![а-яёіїєґ])е")


def cyrillic_to_latin(text: str) -> str:
    pattern, table = _cyrillic()
    # е is "ye" at the start of a word (Ен = Yen, Ельцин = Yeltsin); after a vowel
    # it stays "e", as Korean names need (Чое = Choe)
    text = _IOTATED_E.sub("ye", text.lower())
    return pattern.sub(lambda m: table[m.group(0)], text)


_CYRILLIC_CHAR = re.compile("[\u0400-\u04ff]")
_HANGUL_CHAR = re.compile("[\uac00-\ud7a3]")
_BEYOND_LATIN = re.compile("[^\u0000-\u024f]")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC_CHAR.search(text) is not None


def has_hangul(text: str) -> bool:
    return _HANGUL_CHAR.search(text) is not None


def script_of(text: str) -> str:
    """ISO 15924-style code of the dominant non-Latin script: Hang, Cyrl, Latn or Other."""
    if has_hangul(text):
        return "Hang"
    if has_cyrillic(text):
        return "Cyrl"
    if all(not ch.isalpha() for ch in _BEYOND_LATIN.findall(text)):
        return "Latn"
    return "Other"


def to_latin(text: str) -> str:
    """Lower-case ASCII Latin with accents and apostrophes removed.

    Word by word, each word cached: rosters repeat surnames and given names far
    more often than whole names.
    """
    return " ".join([_word_to_latin(word) for word in text.split()])


@cache
def _word_to_latin(text: str) -> str:
    if text.isascii():
        return re.sub(r"['`]", "", text.lower())
    text = unicodedata.normalize("NFC", text).lower()
    if has_hangul(text):
        text = hangul_to_latin(text)
    if has_cyrillic(text):
        text = cyrillic_to_latin(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`ʼʻ´]", "", text)
    return anyascii(text).lower()
