"""Scoring two :class:`NameForm` values, with the token pairs that explain it.

Three readings, the best kept (docs/scoring.md gives every weight):

* **tokens**: an order-free alignment of tokens. A pair's similarity comes
  from the spelling, or from the phonetic key that makes Cyrillic and
  romanisations comparable (discounted: a shared key with unlike spellings is
  weaker evidence). The score is the share of token weight that paired, times
  each pair's similarity, times a conflict factor for every word left over on
  both sides; a middle name or patronymic that only one name has counts half.
  Token weights (rarity in the lists, initials, particles, patronymics,
  generic company words) scale every term.
* **korean**: surname class plus the whole given name as one key, so
  ``Ri Yong-Chol`` = ``Ли Ён Чоль`` = ``Lee Yongcheol``. When both names read
  as Korean this reading decides: a given name one sound apart is a different
  person, and Korean names with different surnames stay apart.
* **joined**: one word against two or three written together ("SergeiLavrov").

Before the token alignment, words split or run together are joined
(``Patr ushev``, ``JanDaniel``), and a pairing that crosses a person's own
name with the father's ("Salman bin Muhammad" ~ "Muhammad bin Salman") caps
the score (:mod:`laborscreen.names.structure`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from laborscreen.names.analyze import NameForm, Token
from laborscreen.names.korean import KoreanReading
from laborscreen.names.phonetic import without_glides
from laborscreen.names.structure import FATHER_SON_CAP, join_split_words, swaps_father_and_son

WeightFn = Callable[[Token], float]

#: Pairs below this similarity are left unpaired.
PAIR_FLOOR = 0.55

#: How much less a phonetic-key similarity counts than the same spelling similarity.
KEY_DISCOUNT = 0.05

#: The most two Korean names with different surnames can score.
KOREAN_OTHER_SURNAME_CAP = 0.6

#: Each pair of tokens left unpaired on both sides (a different patronymic,
#: clan name or company qualifier) multiplies the score by this.
CONFLICT_FACTOR = 0.75


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    candidate: str
    similarity: float


@dataclass(frozen=True, slots=True)
class NameMatch:
    score: float
    method: str  # "tokens", "korean", "joined" or "exact"
    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_candidate: tuple[str, ...]


def _unit(_: Token) -> float:
    return 1.0


_ROMAN = frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"])


#: First letters that transliteration from Cyrillic writes either way.
_INITIAL = {"w": "v", "c": "k"}


def _is_number(text: str) -> bool:
    return text.isdigit() or text in _ROMAN


def curve(similarity: float) -> float:
    """Partial spelling agreement is weak evidence: 0.85 counts ~0.6, 0.7 ~0.25."""
    if similarity >= 0.95:
        return similarity
    if similarity <= 0.4:
        return 0.0
    return float(((similarity - 0.4) / 0.55) ** 0.6 * 0.95)


#: token_similarity's results by (text, text, across scripts): a token's key and
#: skeleton follow from its text, and strings hash faster than tokens.
_SIMILARITIES: dict[tuple[str, str, bool], float] = {}
_MOST_SIMILARITIES = 1_000_000


def token_similarity(a: Token, b: Token, across_scripts: bool = False) -> float:
    """Similarity of two tokens in [0, 1] (cached).

    ``across_scripts`` is set for company names of which one was written in
    Cyrillic: their words are English transliterated by ear ("Интернешнл"),
    so the consonant skeleton is the better witness.
    """
    pair = (a.text, b.text, across_scripts)
    found = _SIMILARITIES.get(pair)
    if found is None:
        found = word_similarity(a, b, across_scripts)
        if len(_SIMILARITIES) < _MOST_SIMILARITIES:
            _SIMILARITIES[pair] = found
    return found


def word_similarity(a: Token, b: Token, across_scripts: bool = False) -> float:
    """:func:`token_similarity` without its cache, for pairs met once."""
    text_a, text_b = a.text, b.text
    if text_a == text_b:
        return 1.0
    if len(text_a) == 1 or len(text_b) == 1:
        number_a, number_b = _is_number(text_a), _is_number(text_b)
        # a lone I, V or X against a word is an initial ("V. Putin"), not a numeral
        initial = (len(text_a) == 1 and not number_b) or (len(text_b) == 1 and not number_a)
        if (number_a or number_b) and not initial:
            return 0.0  # "Company 2" is not "Company C"
        # an initial agrees with a name of the same first letter; W and V, C
        # and K are one letter to Cyrillic (В, К)
        same = _INITIAL.get(text_a[0], text_a[0]) == _INITIAL.get(text_b[0], text_b[0])
        return 0.8 if same else 0.0
    if _is_number(text_a) or _is_number(text_b):
        return 0.0  # "Fund VIII" is not "Fund IX"; "Company 23" is not "Company"
    # OSA: a transposed pair of letters ("Donlad") is one slip, not two
    spelling = OSA.normalized_similarity(text_a, text_b)
    if a.key == b.key:
        # the same sounds: full credit only when the spellings are alike too,
        # so that the folding made for Korean (Kyong = Gyeong) does not make
        # Fedor of Putol
        best = max(spelling, 0.75 + 0.2 * spelling)
    else:
        # keys that differ are weaker evidence than spellings that differ as
        # little: the key folds away letters that tell Solovev from Zolotov
        # (not for company words across scripts, which only the key can bridge)
        discount = 0.0 if across_scripts else KEY_DISCOUNT
        best = curve(max(spelling, OSA.normalized_similarity(a.key, b.key) - discount))
        if across_scripts and without_glides(a.key) == without_glides(b.key):
            # a Korean syllable in a Cyrillic company name, ё typed as е or
            # the glide dropped as traditional spelling does (Коре = Koryo)
            best = max(best, 0.85)
        if across_scripts and min(len(a.skeleton), len(b.skeleton)) >= 4:
            # an English word spelled through Cyrillic
            if a.skeleton == b.skeleton:
                return 0.85
            if min(len(a.skeleton), len(b.skeleton)) >= 5:
                best = max(best, curve(OSA.normalized_similarity(a.skeleton, b.skeleton)) * 0.95)
    if min(len(a.key), len(b.key)) <= 3 and best < 0.95 and spelling < 0.7:
        best *= 0.7  # short tokens spelled differently: likely a different name
    return best


def _align(q: NameForm, c: NameForm, weight: WeightFn) -> NameMatch:
    qt, ct = q.tokens, c.tokens
    across = q.is_org and (q.script == "Cyrl") != (c.script == "Cyrl")
    scored = sorted(
        (
            (token_similarity(a, b, across), i, j)
            for i, a in enumerate(qt)
            for j, b in enumerate(ct)
        ),
        reverse=True,
    )
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for sim, i, j in scored:
        if sim < PAIR_FLOOR:
            break
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, sim))
    wq = [weight(t) * t.weight for t in qt]
    wc = [weight(t) * t.weight for t in ct]
    # An initial vouches for no more of a full name than its own weight: the
    # rest of "Goncharova" is unaccounted for when it pairs with "G."
    unvouched = 0.0
    for i, j, _ in pairs:
        if len(qt[i].text) == 1 and len(ct[j].text) > 1 and wc[j] > wq[i]:
            unvouched += wc[j] - wq[i]
            wc[j] = wq[i]
        elif len(ct[j].text) == 1 and len(qt[i].text) > 1 and wq[i] > wc[j]:
            unvouched += wq[i] - wc[j]
            wq[i] = wc[j]
    # an unpaired word saying what a business is (Bank, Shipping) counts in full
    rest_q = sorted(
        (
            max(wq[i], weight(t)) if t.kind_word else wq[i]
            for i, t in enumerate(qt)
            if i not in used_q
        ),
        reverse=True,
    )
    rest_c = sorted(
        (
            max(wc[j], weight(t)) if t.kind_word else wc[j]
            for j, t in enumerate(ct)
            if j not in used_c
        ),
        reverse=True,
    )
    # Tokens left on both sides contradict each other (a different given name
    # or patronymic) and count in full; the surplus of the longer name (a
    # middle name one source omits) counts half for people, full for companies.
    # (generic words left over on both sides, "and" against "энд", are no conflict)
    if q.is_org:
        conflicts = min(sum(w >= 0.5 for w in rest_q), sum(w >= 0.5 for w in rest_c))
    else:
        conflicts = min(len(rest_q), len(rest_c))
    conflict_weight = sum(max(w, 0.8) for w in rest_q[:conflicts] + rest_c[:conflicts])
    surplus_factor = 1.0 if q.is_org else 0.5
    surplus = surplus_factor * (sum(rest_q[conflicts:] + rest_c[conflicts:]) + unvouched)
    surplus += sum(
        0.5 * wq[i] for i, t in enumerate(qt) if i not in used_q and _is_number(t.text)
    ) + sum(0.5 * wc[j] for j, t in enumerate(ct) if j not in used_c and _is_number(t.text))
    paired = sum(wq[i] + wc[j] for i, j, _ in pairs)
    coverage = paired / (paired + conflict_weight + surplus) if paired else 0.0
    # Each imperfect pair multiplies the score down, weighted by how much the
    # token matters: one exact surname does not buy back a different given name.
    top = max((wq[i] + wc[j] for i, j, _ in pairs), default=1.0)
    if q.is_org:
        # company names are long and transliterated word by word: average
        agreement = sum(s * (wq[i] + wc[j]) for i, j, s in pairs) / paired if paired else 0.0
        distinctive = [s for i, j, s in pairs if qt[i].weight >= 0.5 and ct[j].weight >= 0.5]
        if len(distinctive) == 1:
            # one distinctive word decides: "Hana" is not "Hasna"
            agreement *= distinctive[0]
    else:
        agreement = 1.0
        for i, j, sim in pairs:
            agreement *= sim ** ((wq[i] + wc[j]) / top)
    score = coverage * agreement * CONFLICT_FACTOR**conflicts
    if not q.is_org and swaps_father_and_son(qt, ct, pairs):
        score = min(score, FATHER_SON_CAP)  # "Muhammad bin Salman" is Salman's son
    if pairs and all(len(qt[i].text) == 1 or len(ct[j].text) == 1 for i, j, _ in pairs):
        score = min(score, 0.5)  # initials alone identify nobody
    return NameMatch(
        round(score, 4),
        "tokens",
        tuple(TokenPair(qt[i].text, ct[j].text, round(s, 3)) for i, j, s in pairs),
        tuple(t.text for i, t in enumerate(qt) if i not in used_q),
        tuple(t.text for j, t in enumerate(ct) if j not in used_c),
    )


def _joined(q: NameForm, c: NameForm) -> NameMatch | None:
    """A name written as one word against the same name in two or three ("SergeiLavrov").

    Only a single word on one side is read this way, and only a close match
    counts: joining several words on both sides lets unrelated names meet.
    """
    one, many = (q, c) if len(q.tokens) == 1 else (c, q)
    if len(one.tokens) != 1 or not 2 <= len(many.tokens) <= 3:
        return None
    word = one.tokens[0]
    best = 0.0
    for order in (many.tokens, tuple(reversed(many.tokens))):
        # spellings, not phonetic keys: keys are too coarse once run together
        # ("Sonbong" would meet "Feng Sheng")
        best = max(
            best, Levenshtein.normalized_similarity(word.text, "".join(t.text for t in order))
        )
    if best < 0.85:
        return None
    score = curve(best) * 0.95
    return NameMatch(
        round(score, 4), "joined", (TokenPair(q.text, c.text, round(best, 3)),), (), ()
    )


def korean_score(a: KoreanReading, b: KoreanReading) -> float:
    """How well two Korean readings agree: the surname class (0.3) and the given
    name as one unit (0.7); 0.0 when no surname class is shared."""
    if a.surname_classes.isdisjoint(b.surname_classes):
        return 0.0
    if a.given_key == b.given_key:
        given = 1.0
    elif without_glides(a.given_key) == without_glides(b.given_key) or (
        a.given_loose == b.given_loose
    ):
        # Пен Чоль = Pyong Chol: the traditional Cyrillic drops the glide;
        # Мёнгук = Myong Guk: written joined, the syllables part elsewhere
        given = 0.9
    else:
        distance = Levenshtein.distance(a.given_key, b.given_key)
        given = max(0.0, 0.45 - 0.3 * (distance - 1))
    return 0.3 + 0.7 * given


def _korean(q: NameForm, c: NameForm) -> NameMatch | None:
    best: tuple[float, KoreanReading, KoreanReading] | None = None
    for a in q.korean:
        for b in c.korean:
            score = korean_score(a, b)
            if best is None or score > best[0]:
                best = (score, a, b)
    if best is None or best[0] == 0.0:
        return None
    score, a, b = best
    given_sim = (score - 0.3) / 0.7
    return NameMatch(
        round(score, 4),
        "korean",
        (
            TokenPair(a.surname, b.surname, 1.0),
            TokenPair(a.given_text, b.given_text, round(given_sim, 3)),
        ),
        (),
        (),
    )


def compare_names(q: NameForm, c: NameForm, weight: WeightFn = _unit) -> NameMatch:
    """Score how well two names agree, in [0, 1], with the pairs that agree."""
    if not q.tokens or not c.tokens:
        return NameMatch(0.0, "tokens", (), (), ())
    if q.text == c.text:
        pairs = tuple(TokenPair(t.text, t.text, 1.0) for t in q.tokens)
        return NameMatch(1.0, "exact", pairs, (), ())
    both_korean = bool(q.korean and c.korean)
    korean = _korean(q, c) if both_korean else None
    if korean is not None:
        # Both names read as Korean with the same surname: the given name decides,
        # as one unit; token-by-token agreement of romanised syllables would
        # let Tong Ryong pass for Tong Myong.
        return korean
    best = _align(*join_split_words(q, c), weight)
    joined = _joined(q, c)
    if joined is not None and joined.score > best.score:
        best = joined
    if both_korean and best.score > KOREAN_OTHER_SURNAME_CAP:
        # Both read as Korean, but no reading shares a surname: Jong Yun Chin
        # is not Yun Ho-Chin, however many syllables they share.
        best = NameMatch(
            KOREAN_OTHER_SURNAME_CAP,
            best.method,
            best.pairs,
            best.unmatched_query,
            best.unmatched_candidate,
        )
    return best
