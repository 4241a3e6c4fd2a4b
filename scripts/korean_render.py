"""Reading romanised Korean names into Hangul and writing them in other systems.

Used only by ``scripts/make_devsets.py`` to produce evaluation queries: a
listed name such as ``KIM, Yong Chol`` is read syllable by syllable into
Hangul (김영철) and then written as a Russian clerk, a Koreanist, a passport
office or a South Korean would write it (Ким Ён Чхоль, Ким Ен Чол, Gim
Yeong-cheol, Kim Young Chul...). It is deliberately independent of the
matcher in ``laborscreen.names``: its tables (``data/korean_render.yml``) follow
the published systems, not whatever the matcher normalises.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

Style = Literal["spaced", "hyphen", "joined"]
LatinSystem = Literal["mr", "mr_plain", "rr", "dprk", "informal"]

_TABLES = Path(__file__).parent / "data" / "korean_render.yml"
_HANGUL_BASE = 0xAC00
_VOICED_FINALS = frozenset({"", "ㄴ", "ㄹ", "ㅁ", "ㅇ"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


@cache
def tables() -> dict[str, Any]:
    with _TABLES.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@dataclass(frozen=True, slots=True)
class Syllable:
    """One Hangul syllable and whether the romanisation determined it fully."""

    hangul: str
    sure: bool = True

    @property
    def jamo(self) -> tuple[str, str, str]:
        return decompose(self.hangul)


@dataclass(frozen=True, slots=True)
class KoreanName:
    """A Korean personal name read into Hangul: one surname, given syllables."""

    surname: Syllable
    given: tuple[Syllable, ...]

    @property
    def hangul(self) -> str:
        return self.surname.hangul + "".join(s.hangul for s in self.given)

    @property
    def sure(self) -> bool:
        return self.surname.sure and all(s.sure for s in self.given)


def decompose(syllable: str) -> tuple[str, str, str]:
    """Initial, medial and final jamo of a precomposed Hangul syllable."""
    t = tables()
    index = ord(syllable) - _HANGUL_BASE
    if not 0 <= index < 11172:
        raise ValueError(f"not a Hangul syllable: {syllable!r}")
    return (
        t["initials"][index // 588],
        t["medials"][(index % 588) // 28],
        t["finals"][index % 28],
    )


def compose(initial: str, medial: str, final: str) -> str:
    t = tables()
    index = (
        t["initials"].index(initial) * 588
        + t["medials"].index(medial) * 28
        + t["finals"].index(final)
    )
    return chr(_HANGUL_BASE + index)


def _clean(text: str) -> str:
    text = text.translate(_QUOTES).lower().replace("ŏ", "o'").replace("ŭ", "u'")
    # Some entries put the breve mark after the glide: KY'ONG for kyŏng.
    return text.replace("y'o", "yo'").replace("w'o", "wo'")


def _parse_exact(text: str) -> Syllable | None:
    """Read one romanised syllable with the grammar initial + medial + final."""
    t = tables()
    for ini, (ini_jamo, ini_sure) in sorted(
        t["parse_initials"].items(), key=lambda kv: -len(kv[0])
    ):
        if not text.startswith(ini):
            continue
        rest = text[len(ini) :]
        for med, (med_jamo, med_sure) in sorted(
            t["parse_medials"].items(), key=lambda kv: -len(kv[0])
        ):
            if not rest.startswith(med):
                continue
            fin = rest[len(med) :]
            if fin in t["parse_finals"]:
                hangul = compose(ini_jamo, med_jamo, t["parse_finals"][fin])
                return Syllable(hangul, bool(ini_sure and med_sure))
    return None


def parse_syllable(text: str, *, marked: bool = False) -> Syllable | None:
    """One romanised syllable as Hangul; priors settle spellings that lost marks.

    ``marked`` says the name carries MR apostrophes or breves elsewhere, so an
    unmarked o or u here really is ㅗ or ㅜ and the reading is exact.
    """
    text = _clean(text)
    if not text or not re.fullmatch(r"[a-z']+", text):
        return None
    exact = _parse_exact(text)
    if exact is None:
        return None
    if marked:
        return Syllable(exact.hangul, True)
    if exact.sure:
        return exact
    prior = tables()["given_priors"].get(text)
    return Syllable(prior, False) if prior else exact


def segment(word: str, *, marked: bool = False) -> tuple[Syllable, ...] | None:
    """Split a joined romanised given name (``Yongwon``) into syllables.

    Fewest syllables wins; a syllable starting with a vowel after the first
    costs extra, because romanisations mark such boundaries with a hyphen; on
    a tie the later boundary wins (Yong-won, not Yon-gwon: ng ends syllables).
    """
    word = _clean(word)
    n = len(word)
    best: list[tuple[int, tuple[Syllable, ...]] | None] = [None] * (n + 1)
    best[0] = (0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - 7), end):
            prev = best[start]
            if prev is None:
                continue
            piece = word[start:end].strip("'")
            syl = parse_syllable(piece, marked=marked) if piece else None
            if syl is None:
                continue
            cost = prev[0] + 1000 + (500 if start > 0 and piece[0] in "aeiouwy" else 0)
            cost += n - end
            current = best[end]
            if current is None or cost < current[0]:
                best[end] = (cost, (*prev[1], syl))
    final = best[n]
    return final[1] if final else None


def surname_syllable(text: str) -> Syllable | None:
    key = _clean(text).strip()
    for hangul, row in tables()["surnames"].items():
        if key in row["rom"]:
            return Syllable(hangul, True)
    return None


def parse_name(surname: str, given: str) -> KoreanName | None:
    """Read a listed Korean name; ``None`` when it does not read as Korean."""
    sur = surname_syllable(surname)
    if sur is None:
        return None
    syllables: list[Syllable] = []
    marked = "'" in _clean(given)
    for word in re.split(r"[\s\-]+", given.strip()):
        if not word:
            continue
        parts = segment(word, marked=marked)
        if parts is None:
            return None
        syllables.extend(parts)
    if not 1 <= len(syllables) <= 3:
        return None
    return KoreanName(sur, tuple(syllables))


def _join(parts: list[str], style: Style, cap_all: bool = True) -> str:
    if style == "joined":
        return "".join(parts).capitalize()
    if style == "hyphen":
        rest = [p.capitalize() if cap_all else p.lower() for p in parts[1:]]
        return "-".join([parts[0].capitalize(), *rest])
    return " ".join(p.capitalize() for p in parts)


def kontsevich_word(syllables: tuple[Syllable, ...]) -> str:
    """One word in the Kontsevich system, with its rules at syllable joints."""
    t = tables()
    jamo = [s.jamo for s in syllables]
    out: list[str] = []
    for i, (ini, med, fin) in enumerate(jamo):
        prev_fin = jamo[i - 1][2] if i else None
        nxt = jamo[i + 1][0] if i + 1 < len(jamo) else None
        if prev_fin is None:
            out.append(t["kontsevich_initial"][ini])
        elif ini == "ㄹ":
            out.append("л" if prev_fin in ("ㄴ", "ㄹ") else "н" if prev_fin else "р")
        elif ini in t["kontsevich_voiced"] and prev_fin in _VOICED_FINALS:
            out.append(t["kontsevich_voiced"][ini])
        else:
            out.append(t["kontsevich_initial"][ini])
        vowel = t["kontsevich_medial"][med]
        if ini == "ㅇ" and med == "ㅔ":
            vowel = "э"
        out.append(vowel)
        if nxt == "ㅇ":
            out.append({"ㄹ": "р", "ㅇ": "нъ", "ㄱ": "г", "ㅂ": "б", "ㅅ": "с"}.get(fin, ""))
            if fin in ("ㄴ", "ㅁ"):
                out.append(t["kontsevich_final"][fin])
        elif nxt == "ㄹ" and fin:
            out.append({"ㄹ": "л", "ㄴ": "л", "ㅂ": "м", "ㅁ": "м"}.get(fin, "н"))
        elif nxt in ("ㄴ", "ㅁ") and fin in ("ㄱ", "ㅂ"):
            out.append("н" if fin == "ㄱ" else "м")
        else:
            out.append(t["kontsevich_final"][fin])
    return "".join(out).capitalize()


def kontsevich(name: KoreanName, style: Style) -> str:
    """``Ким Ён Чхоль`` / ``Ким Ён-Чхоль`` / ``Ким Ёнчхоль``."""
    surname = kontsevich_word((name.surname,))
    if style == "joined":
        return f"{surname} {kontsevich_word(name.given)}"
    parts = [kontsevich_word((s,)) for s in name.given]
    return f"{surname} {_join(parts, style)}"


def traditional_syllable(syl: Syllable, rng: random.Random, old_style: bool) -> str:
    t = tables()
    ini, med, fin = syl.jamo
    head = t["traditional_initial"][ini]
    if ini == "ㅈ" and rng.random() < 0.15:
        head = "дж"
    vowel = t["traditional_medial"][med]
    sibilant = ini in ("ㅈ", "ㅊ", "ㅉ", "ㅅ", "ㅆ")
    # Чен/Сен for 정/성; Ен/Хен next to Ён/Хён; Пе next to Пэ
    to_e = 0.7 if sibilant and fin in ("ㅇ", "ㄴ") else 0.0
    chance = {"ㅓ": to_e, "ㅕ": 0.5, "ㅛ": 0.5, "ㅐ": 0.3}
    if rng.random() < chance.get(med, 0.0):
        vowel = "е"
    if ini == "ㅇ" and vowel == "е" and med != "ㅔ":
        vowel = rng.choice(["е", "ё", "йо"])
    tail = t["traditional_final"][fin]
    if fin == "ㄹ":
        tail = "р" if old_style and med == "ㅣ" else rng.choice(["ль", "ль", "л"])
    elif fin == "ㅇ" and rng.random() < 0.1:
        tail = "нг"
    return str(head + vowel + tail)


def traditional(name: KoreanName, rng: random.Random, style: Style) -> str:
    """Soviet/Russian press and clerks' habits: ``Ким Чен Ын``, ``Цой Ен Чол``."""
    surname = str(rng.choice(tables()["surnames"][name.surname.hangul]["trad"]))
    old_style = rng.random() < 0.5
    parts = [traditional_syllable(s, rng, old_style) for s in name.given]
    return f"{surname} {_join(parts, style, cap_all=rng.random() < 0.6)}"


def latin_syllable(syl: Syllable, system: LatinSystem, *, inside: bool = False) -> str:
    t = tables()
    ini, med, fin = syl.jamo
    if system == "informal" and syl.hangul in t["informal_syllables"]:
        return str(t["informal_syllables"][syl.hangul])
    if system in ("rr", "informal"):
        return str(t["rr_initial"][ini] + t["rr_medial"][med] + t["rr_final"][fin])
    if system == "dprk":
        head = t["dprk_voiced"].get(ini, t["dprk_initial"][ini]) if inside else None
        return str((head or t["dprk_initial"][ini]) + t["dprk_medial"][med] + t["mr_final"][fin])
    text = str(t["mr_initial"][ini] + t["mr_medial"][med] + t["mr_final"][fin])
    return text.replace("'", "") if system == "mr_plain" else text


def latin_surname(name: KoreanName, system: LatinSystem, rng: random.Random) -> str:
    row = tables()["surnames"][name.surname.hangul]
    if system == "informal":
        return str(rng.choice(row["latin"]))
    if system in ("mr", "rr"):
        return latin_syllable(name.surname, system).capitalize()
    return str(row["latin"][0])


def latin_given(name: KoreanName, system: LatinSystem, style: Style, cap_all: bool) -> str:
    inside = style == "joined" and system == "dprk"
    parts = [latin_syllable(s, system, inside=inside and i > 0) for i, s in enumerate(name.given)]
    return _join(parts, style, cap_all)


_CLERK = [
    ("yeo", "ё"), ("yo", "ё"), ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("yae", "е"),
    ("tch", "ч"), ("ch", "ч"), ("sh", "ш"), ("kh", "кх"), ("th", "тх"), ("ph", "пх"),
    ("ng", "нг"), ("ae", "э"), ("oe", "ое"), ("eo", "о"), ("eu", "ы"), ("oo", "у"),
    ("wo", "во"), ("wa", "ва"), ("wi", "ви"), ("we", "ве"), ("ee", "и"), ("ou", "у"),
    ("j", "дж"), ("y", "й"), ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"),
    ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"),
    ("u", "у"), ("v", "в"), ("w", "в"), ("x", "кс"), ("z", "з"),
]  # fmt: skip


def cyrillic_from_latin(text: str, rng: random.Random) -> str:
    """A clerk's letter-by-letter Cyrillic for a passport's Latin name (``Ким Ёнг Чол``)."""
    words = []
    for word in re.split(r"(\W+)", text.translate(_QUOTES).replace("'", "")):
        if not word or not word.isalpha():
            words.append(word)
            continue
        low, out, i = word.lower(), [], 0
        variant_j = rng.choice(["дж", "ч"])
        variant_ng = rng.choice(["нг", "н"])
        while i < len(low):
            for src, dst in _CLERK:
                if low.startswith(src, i):
                    if src == "j":
                        dst = variant_j
                    elif src == "ng":
                        dst = variant_ng
                    elif src == "e" and i == 0:
                        dst = "э"
                    out.append(dst)
                    i += len(src)
                    break
            else:
                out.append(low[i])
                i += 1
        words.append("".join(out).capitalize())
    return "".join(words)


def hangul_text(name: KoreanName, spaced: bool) -> str:
    given = "".join(s.hangul for s in name.given)
    return f"{name.surname.hangul} {given}" if spaced else name.hangul


_MERGE_INITIAL = {"ㄲ": "ㄱ", "ㅋ": "ㄱ", "ㄸ": "ㄷ", "ㅌ": "ㄷ", "ㅃ": "ㅂ", "ㅍ": "ㅂ",
                  "ㅉ": "ㅈ", "ㅊ": "ㅈ", "ㅆ": "ㅅ", "ㄹ": "ㅇ", "ㄴ": "ㅇ"}  # fmt: skip
_MERGE_MEDIAL = {"ㅓ": "ㅗ", "ㅕ": "ㅛ", "ㅡ": "ㅜ", "ㅔ": "ㅐ", "ㅖ": "ㅒ", "ㅙ": "ㅚ",
                 "ㅞ": "ㅚ", "ㅢ": "ㅣ"}  # fmt: skip
_SURNAME_FAMILY = {"이": "리", "유": "류", "양": "량", "염": "렴", "나": "라", "노": "로"}


def coarse_key(name: KoreanName) -> str:
    """A deliberately loose key: names equal under any romanisation share it.

    It merges plain and aspirated consonants, ㅓ/ㅗ, ㅕ/ㅛ, ㅡ/ㅜ and initial
    ㄹ/ㄴ/ㅇ, so two names with different keys cannot be the same name written
    in two systems; used to keep invented negatives off the lists.
    """
    family = _SURNAME_FAMILY.get(name.surname.hangul, name.surname.hangul)
    parts = []
    for syl in name.given:
        ini, med, fin = syl.jamo
        parts.append(_MERGE_INITIAL.get(ini, ini) + _MERGE_MEDIAL.get(med, med) + fin)
    return family + "|" + ".".join(parts)
