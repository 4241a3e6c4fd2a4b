"""A romanisation-invariant phonetic key for one Latin token.

Korean names reach a roster in McCune–Reischauer (with or without its
apostrophes and breves), Revised Romanization, the DPRK's own system, informal
passport spellings and, through Cyrillic, Kontsevich or traditional Russian
forms. They disagree mostly on vowels (ㅓ is o, ŏ, eo, e or u; ㅡ is u, ŭ, eu or
ы) and on voicing and aspiration (k/g/kh, ch/j/ts, p/b/ph), and on final ㅇ
(ng or н). The key folds exactly those differences:

* consonants into classes: K (k g kh q), T (t d th), P (p b ph f), C (ch j ts
  c tch jj zh dz), S (s sh ss z), L (l r), and final ``ng`` into ``n``;
* vowels into four classes: ``a``, ``i``, ``e``/``o`` folded into ``o`` (ㅓ ㅗ
  ㅜ ㅡ ㅐ ㅔ and their spellings), keeping a ``y`` glide;
* doubled letters and ``h`` after a consonant are dropped.

Two spellings of the same Korean syllable get the same key (``Kyong`` =
``Gyeong`` = ``Кён``); Western names keep enough of their shape to be
compared by edit distance on the key.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

_REWRITES: tuple[tuple[str, str], ...] = (
    # multi-letter consonants first
    ("shch", "s"),
    ("tch", "c"),
    ("ch", "c"),
    ("dzh", "c"),
    ("dz", "c"),
    ("zh", "c"),
    ("ts", "c"),
    ("tz", "c"),
    ("jj", "c"),
    ("sh", "s"),
    ("kh", "h"),
    ("ph", "p"),
    ("th", "t"),
    ("ck", "k"),
    ("ae", "e"),
    ("x", "ks"),
    ("q", "k"),
    ("w", "v"),
)
_CONSONANT_CLASS = str.maketrans(
    {"g": "k", "d": "t", "b": "p", "f": "p", "j": "c", "z": "s", "r": "l", "v": "v"}
)
_VOWELS = frozenset("aeiouy")

#: An English/Romance bare "c": k before a back vowel or consonant, s before e/i.
_BARE_C = ((re.compile(r"c(?![hkeiy])"), "k"), (re.compile(r"c(?=[eiy])"), "s"))

#: After the consonant classes, in this order (compiled once: phonetic_key runs
#: for every new word).
_AFTER_CLASSES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # aspiration mark after a consonant (k'h, p'h already gone): "kh"
        # handled; drop an h that follows a consonant class letter
        (r"(?<=[kptcsl])h", ""),
        # vowel spellings: eo, eu, ae, oe, oo, ou, ee, ui, wo
        (r"ee|ie", "i"),
        (r"(?<=[aeiou])y(?![aeiou])", ""),  # Sergey/Sergei -> serge/serge
        (r"ei|ai", "e"),
        (r"y(?=[^aeiou]|$)", "u"),  # ы (Ын) and consonant-y: a vowel
        (r"[eou]+", "o"),
        (r"a+", "a"),
        (r"i+", "i"),
        (r"(.)\1+", r"\1"),
    )
)


@cache
def phonetic_key(token: str) -> str:
    """The folded key of one lower-case ASCII token (see module docstring)."""
    if not token:
        return ""
    text = token
    for pattern, replacement in _BARE_C:
        text = pattern.sub(replacement, text)
    for old, new in _REWRITES:
        text = text.replace(old, new)
    # final ㅇ: "ng" is written "н" in Cyrillic and "n" in some passports
    # (everywhere: a joined "Jongun" cannot say where its syllables part)
    text = text.replace("ng", "n")
    text = text.translate(_CONSONANT_CLASS)
    for pattern, replacement in _AFTER_CLASSES:
        text = pattern.sub(replacement, text)
    return text


_GLIDE = re.compile(r"(?<=[^aeiouy])y")


@lru_cache(maxsize=65_536)
def without_glides(key: str) -> str:
    """A key with the ``y`` glide after consonants dropped.

    Traditional Russian spellings write ㅕ as е after a consonant (Пен for
    Pyong, Хек for Hyok, Кен for Kyong), losing the glide that every Latin
    system keeps.
    """
    return _GLIDE.sub("", key)


_VOWEL_OR_H = re.compile(r"[aeiouyh]")


def skeleton(token: str) -> str:
    """Consonants only, in their classes: what a transliteration through another
    script keeps of an English word ("Трейдинг" and "Trading", "Майнинг" and "Mining")."""
    return _VOWEL_OR_H.sub("", phonetic_key(token))


_LOOSE_CLASS = str.maketrans(
    {
        "g": "k",
        "q": "k",
        "d": "t",
        "b": "p",
        "f": "p",
        "j": "c",
        "z": "c",
        "r": "l",
        "w": "v",
        "e": "o",
        "u": "o",
    }
)


_H_AFTER_CONSONANT = re.compile(r"(?<=[bcdfgjkpqstvz])h")
_Y_VOWEL = re.compile(r"y(?![aoi])")
_REPEATED = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]")


@cache
def loose_key(text: str) -> str:
    """A key that ignores where syllables part: letter by letter, no digraphs.

    ``phonetic_key`` reads digraphs (``kh``, ``ng``), so a given name written
    joined and the same name written apart can disagree at the join: "Myonguk"
    (Мёнгук) against "Myong Guk", "Sokhva" against "Sok Hwa". This key maps
    every letter on its own and drops ``h`` after consonants, so
    the join cannot matter. It is coarser, and only ever used for Korean given
    names that already share a surname.
    """
    text = text.replace("woo", "u").replace("wu", "u")
    # h after a consonant is a digraph or an aspiration mark (ch, kh, sokhwa);
    # at the start of a syllable it is ㅎ and stays (Hyon is not Yon)
    text = _BARE_C[0][0].sub("k", text).replace("x", "ks")
    text = _H_AFTER_CONSONANT.sub("", text)
    text = text.translate(_LOOSE_CLASS)
    text = _Y_VOWEL.sub("o", text)  # ы: a vowel, not a glide
    return _REPEATED.sub(r"\1", _NOT_LETTER.sub("", text))
