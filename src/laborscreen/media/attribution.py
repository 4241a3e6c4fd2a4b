"""Who a sentence says its content came from: the attribution cues of one sentence.

Rule-based over tokens, with every word list in ``resources/media_attribution.yml``
(English and Russian). A sentence's sources are found by four kinds of cue:

``wrap``    a prepositional attribution: "according to X", "по данным X",
            "как сообщает X"; at the start or end of the sentence it wraps the
            whole sentence, so it is the outermost source
``verb``    a reporting verb with its subject: "X reported that…", "X said",
            or inverted: '"…," said X', "сообщает X"; a verb after the
            reported content ('"…," X said', "…, X reported Tuesday.") is
            outermost too
``quoted``  the object of a quoting verb: "X quoted Y as saying" (Y after X)
``cite``    "citing Y", "со ссылкой на Y": the source just named cites Y
``origin``  where the content first appeared: "appeared in the group chat",
            "released by authorities", "опубликовано в канале"

Sources are returned outer to inner: the sentence-initial wrap, the outermost
(final) cues, the rest in reading order (each followed by what it quotes or
cites), then the origins. The reported content itself (a long quotation,
"X data shows") never counts as a source, but "X data" names X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from laborscreen.media.text import Token, tokens
from laborscreen.resources import load_yaml

#: Tokens a source phrase may hold.
MAX_SOURCE_TOKENS = 16
_BOUNDARY_PUNCT = frozenset(",;:()[]—–-!?.")
#: Words after which a trailing proper name is a complement, not an apposition.
_PREPOSITIONS = frozenset(
    [
        "of",
        "for",
        "and",
        "in",
        "at",
        "on",
        "from",
        "to",
        "by",
        "в",
        "во",
        "на",
        "из",
        "у",
        "при",
        "под",
        "над",
        "за",
        "по",
        "к",
        "с",
        "о",
        "об",
    ]
)
#: Words before a participle that make it passive ("was accused"): no speaker before it.
_PASSIVE = frozenset(
    ["was", "were", "been", "being", "is", "are", "be", "был", "была", "были", "было"]
)


def _word_set(words: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Exact words and ``prefix*`` stems, lower-cased."""
    exact = frozenset(w.lower() for w in words if not w.endswith("*"))
    stems = tuple(w[:-1].lower() for w in words if w.endswith("*"))
    return exact, stems


@dataclass(frozen=True)
class Patterns:
    """One language's word lists, ready for matching."""

    words: dict[str, tuple[frozenset[str], tuple[str, ...]]]
    phrases: dict[str, tuple[tuple[str, ...], ...]]
    regexes: dict[str, tuple[re.Pattern[str], ...]]

    def has(self, key: str, word: str) -> bool:
        exact, stems = self.words[key]
        word = word.lower().replace("ё", "е")
        return word in exact or any(word.startswith(stem) for stem in stems)

    def phrase_at(self, key: str, toks: list[Token], i: int) -> int:
        """Length in tokens of the longest ``key`` phrase starting at token ``i`` (0: none)."""
        for phrase in self.phrases[key]:
            if i + len(phrase) > len(toks):
                continue
            if all(_word_matches(p, toks[i + k]) for k, p in enumerate(phrase)):
                return len(phrase)
        return 0

    def search(self, key: str, text: str) -> re.Match[str] | None:
        for pattern in self.regexes[key]:
            found = pattern.search(text)
            if found:
                return found
        return None


def _word_matches(pattern: str, token: Token) -> bool:
    if token.kind not in ("word", "name"):
        return False
    word = token.lower
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


_WORD_KEYS = (
    "reporting_verbs",
    "quote_verbs",
    "auxiliaries",
    "content_nouns",
    "articles",
    "unnamed_markers",
    "source_nouns",
    "stop_after",
    "stop_before",
    "sentence_words",
)
_PHRASE_KEYS = (
    "according",
    "appeared",
    "citing",
    "quote_closers",
    "descriptors",
    "pronouns",
    "unnamed_markers",
    "identifiable",
)
_REGEX_KEYS = ("origin_not_found", "self_naming", "background", "origin_before")


@cache
def patterns(language: str) -> Patterns:
    data = load_yaml("media_attribution.yml")[language if language == "ru" else "en"]
    phrases = {
        key: tuple(
            sorted((tuple(str(p).lower().split()) for p in data[key]), key=len, reverse=True)
        )
        for key in _PHRASE_KEYS
    }
    regexes = {
        key: tuple(re.compile(str(p), re.IGNORECASE) for p in data[key]) for key in _REGEX_KEYS
    }
    return Patterns({k: _word_set([str(w) for w in data[k]]) for k in _WORD_KEYS}, phrases, regexes)


@dataclass(frozen=True, slots=True)
class Found:
    """A source named in a sentence: its cleaned name and how it was found."""

    name: str
    kind: str  # wrap | verb | quoted | cite | origin
    cue: str
    position: int  # token index of the cue
    named: bool  # a named, identifiable source
    outer: bool = False  # wraps the whole sentence
    pronoun: bool = False  # "he said": refers back to the source named before


@dataclass(frozen=True, slots=True)
class SentenceAttribution:
    sources: tuple[Found, ...]  # outer to inner
    origin_not_found: bool  # the sentence says an origin could not be found
    background: bool  # a statement of a norm ("a resolution bans…"), not an allegation
    self_named: str | None  # an outlet naming itself ("The Moscow Times was unable to…")


def _is_boundary(token: Token, pats: Patterns, backward: bool) -> bool:
    if token.kind == "quote":
        return True
    if token.kind == "punct":
        return token.text in _BOUNDARY_PUNCT
    if token.kind == "word":
        return pats.has("stop_before" if backward else "stop_after", token.text)
    return False


def _is_source_word(token: Token, pats: Patterns, sentence_start: bool) -> bool:
    """A capitalised name word (not a sentence-initial function word), or a quoted name."""
    if token.kind == "name":
        return True
    if token.kind != "word" or not (token.text[:1].isupper() or token.text[:1].isdigit()):
        return False
    return not (sentence_start and pats.has("sentence_words", token.text))


def _clean(
    toks: list[Token], pats: Patterns, first: int, place: bool = False
) -> tuple[str, bool] | None:
    """The source's name and whether it is named, or None if the phrase names no source.

    ``first`` is the index of ``toks[0]`` in the sentence (0: sentence start).
    ``place``: the phrase says where content appeared, which identifies it
    unless an unnamed marker says otherwise.
    """
    while toks and toks[0].kind == "word" and pats.has("articles", toks[0].text):
        toks, first = toks[1:], first + 1
    # reported content: "X data shows" names X; "data from X" names X; "a video released…" none
    for i, token in enumerate(toks):
        if token.kind == "word" and pats.has("content_nouns", token.text):
            before, after = toks[:i], toks[i + 1 :]
            if after and after[0].lower in ("from", "of", "by", "из", "от"):
                after = after[1:]
            if before and any(
                _is_source_word(t, pats, first == 0 and k == 0) for k, t in enumerate(before)
            ):
                toks = before
            elif i == 0 and after and any(t.capitalised for t in after):
                toks, first = after, first + 1
            else:
                return None
            break
    while toks and toks[0].kind == "word" and pats.has("articles", toks[0].text):
        toks, first = toks[1:], first + 1
    if not toks or len(toks) > MAX_SOURCE_TOKENS:
        return None
    has_name = any(_is_source_word(t, pats, first + k == 0) for k, t in enumerate(toks))
    has_noun = any(t.kind == "word" and pats.has("source_nouns", t.text) for t in toks)
    if not (has_name or has_noun):
        return None
    # "Russia's largest online retailer Wildberries": the proper name in apposition
    if has_name and toks[-1].capitalised and len(toks) > 2:
        tail = len(toks)
        while tail > 0 and (toks[tail - 1].capitalised or toks[tail - 1].kind == "poss"):
            tail -= 1
        if (
            tail > 0
            and toks[tail - 1].kind == "word"
            and toks[tail - 1].text.islower()
            and toks[tail - 1].lower not in _PREPOSITIONS
            and not any(pats.has("unnamed_markers", t.text) for t in toks[tail:])
        ):
            toks = toks[tail:]
    toks = _strip_descriptors(toks, pats)
    identifiable = place or any(pats.phrase_at("identifiable", toks, i) for i in range(len(toks)))
    named = (has_name or identifiable) and not _unnamed(toks, pats)
    return _render(toks), named


def _unnamed(toks: list[Token], pats: Patterns) -> bool:
    if any(t.kind == "word" and pats.has("unnamed_markers", t.text) for t in toks):
        return True
    return any(pats.phrase_at("unnamed_markers", toks, i) > 1 for i in range(len(toks)))


def _strip_descriptors(toks: list[Token], pats: Patterns) -> list[Token]:
    """Drop "Telegram news channel", "агентство" around a name when a name remains."""
    for _ in range(2):
        length = pats.phrase_at("descriptors", toks, 0)
        rest = toks[length:]
        if length and rest and all(t.capitalised or t.kind == "poss" for t in rest):
            toks = rest
        for start in range(1, len(toks)):
            length = pats.phrase_at("descriptors", toks, start)
            if length and start + length == len(toks):
                head = toks[:start]
                if all(t.capitalised or t.kind == "poss" or t.lower in ("of", "for") for t in head):
                    toks = head
                break
    return toks


def _render(toks: list[Token]) -> str:
    out = ""
    for token in toks:
        if token.kind == "poss":
            # "Wildberries' press service" -> "Wildberries press service"; keep "Russia's"
            out += "'s" if token.text.lower().endswith("s") else ""
            continue
        if token.kind == "punct" and token.text in ".,":
            out += token.text
            continue
        out += (" " if out else "") + token.text
    return out.replace("’", "'").strip(" ,.")


def _forward(toks: list[Token], start: int, pats: Patterns, cue_starts: set[int]) -> list[Token]:
    out: list[Token] = []
    for i in range(start, min(len(toks), start + MAX_SOURCE_TOKENS)):
        token = toks[i]
        if i in cue_starts or _is_boundary(token, pats, backward=False):
            break
        if token.kind == "word" and pats.has("reporting_verbs", token.text) and out:
            break
        out.append(token)
    return out


def _backward(toks: list[Token], end: int, pats: Patterns) -> tuple[list[Token], int, bool]:
    """The phrase before token ``end``, its first index, and whether a quotation bounds it."""
    j = end - 1
    while j >= 0 and toks[j].kind == "word" and pats.has("auxiliaries", toks[j].text):
        j -= 1
    out: list[Token] = []
    while j >= 0 and len(out) < MAX_SOURCE_TOKENS:
        if _is_boundary(toks[j], pats, backward=True) or pats.has("reporting_verbs", toks[j].text):
            break
        out.insert(0, toks[j])
        j -= 1
    after_quote = j >= 0 and (
        toks[j].kind == "quote" or (j >= 1 and toks[j].text == "," and toks[j - 1].kind == "quote")
    )
    return out, j + 1, after_quote


def _only_time_after(toks: list[Token], i: int, pats: Patterns) -> bool:
    """Nothing but time words and the full stop after token ``i``."""
    rest = [t for t in toks[i + 1 :] if t.kind != "punct"]
    return all(pats.has("stop_after", t.text) or t.text.isdigit() for t in rest)


def _first_clause_end(toks: list[Token]) -> int:
    return next((i for i, t in enumerate(toks) if t.kind == "punct" and t.text == ","), len(toks))


def _last_clause_start(toks: list[Token]) -> int:
    commas = [i for i, t in enumerate(toks) if t.kind == "punct" and t.text in ",—–"]
    return commas[-1] if commas else -1


def _pronoun(toks: list[Token], pats: Patterns) -> bool:
    return bool(toks) and pats.phrase_at("pronouns", toks, 0) == len(toks)


def attribute(sentence: str, language: str) -> SentenceAttribution:
    """The sources a sentence names, outer to inner, and what it says about origins."""
    pats = patterns(language)
    toks = tokens(sentence)
    found: list[Found] = []
    consumed: set[int] = set()
    # where a prepositional cue starts: a forward source phrase stops there
    cue_starts = {
        i
        for i in range(len(toks))
        if pats.phrase_at("according", toks, i)
        or pats.phrase_at("appeared", toks, i)
        or pats.phrase_at("citing", toks, i)
    }
    first_comma, last_comma = _first_clause_end(toks), _last_clause_start(toks)
    for i in range(len(toks)):
        if i in consumed:
            continue
        for key, kind in (("citing", "cite"), ("according", "wrap"), ("appeared", "origin")):
            length = pats.phrase_at(key, toks, i)
            if not length:
                continue
            phrase = _forward(toks, i + length, pats, cue_starts - {i})
            cleaned = _clean(phrase, pats, i + length, place=kind == "origin")
            if cleaned is None:
                continue
            cue = " ".join(t.text for t in toks[i : i + length])
            end = i + length + len(phrase)
            outer = kind == "wrap" and (i < first_comma or i > last_comma or end >= len(toks) - 1)
            found.append(Found(cleaned[0], kind, cue, i, cleaned[1], outer))
            consumed.update(range(i, end))
            break
    for i, token in enumerate(toks):
        if i in consumed or token.kind != "word" or not pats.has("reporting_verbs", token.text):
            continue
        if pats.has("content_nouns", token.text):
            continue
        before = toks[i - 1] if i > 0 else None
        after_word = toks[i + 1].lower if i + 1 < len(toks) else ""
        if (before is not None and before.lower in _PASSIVE) or after_word in ("of", "by"):
            continue  # "was accused", "accused of": the subject is not the speaker
        phrase, first, after_quote = _backward(toks, i, pats)
        taken = [k for k in range(first, i) if k in consumed]
        if taken:
            # "Агентство «Москва» со ссылкой на… сообщило": the subject ends where a cue starts
            phrase = phrase[: taken[0] - first]
        cleaned = _clean(phrase, pats, first) if phrase else None
        pronoun = _pronoun(phrase, pats)
        if cleaned is None and not pronoun:
            # inverted subject: '"…," said X', "сообщает X" (Russian inverts freely)
            if language != "ru" and before is not None and not _is_boundary(before, pats, True):
                continue
            after = _forward(toks, i + 1, pats, cue_starts)
            cleaned = _clean(after, pats, i + 1) if after else None
            if cleaned is None:
                continue
            outer = i > last_comma and _only_time_after(toks, i + len(after), pats)
            found.append(Found(cleaned[0], "verb", token.text, i, cleaned[1], outer or after_quote))
            consumed.update(range(i, i + 1 + len(after)))
            continue
        final = after_quote or (first > last_comma >= 0 and _only_time_after(toks, i, pats))
        name, named = cleaned if cleaned else (_render(phrase), False)
        found.append(Found(name, "verb", token.text, first, named, final, pronoun and not cleaned))
        consumed.update(range(first, i + 1))
        if pats.has("quote_verbs", token.text):
            quoted = _quoted_object(toks, i + 1, pats, cue_starts)
            if quoted is not None:
                found.append(Found(quoted[0], "quoted", token.text, i + 1, quoted[1]))
    placed = pats.search("origin_before", sentence)
    if placed is not None and not any(f.kind == "origin" for f in found):
        span = (placed.start("origin"), placed.end("origin"))
        phrase = [t for t in toks if span[0] <= t.start < span[1]]
        cleaned = _clean(phrase, pats, 1, place=True) if phrase else None
        if cleaned is not None:
            cue = placed.group(0).split()[-1]
            found.append(Found(cleaned[0], "origin", cue, len(toks), cleaned[1]))
    background = pats.search("background", sentence) is not None and not found
    return SentenceAttribution(
        tuple(_order(found)),
        pats.search("origin_not_found", sentence) is not None,
        background,
        _self_named(sentence, toks, pats),
    )


def _quoted_object(
    toks: list[Token], start: int, pats: Patterns, cue_starts: set[int]
) -> tuple[str, bool] | None:
    """Y in "quoted Y as saying"."""
    phrase: list[Token] = []
    for i in range(start, min(len(toks), start + MAX_SOURCE_TOKENS)):
        if pats.phrase_at("quote_closers", toks, i) or _is_boundary(toks[i], pats, False):
            break
        phrase.append(toks[i])
    return _clean(phrase, pats, start) if phrase else None


def _order(found: list[Found]) -> list[Found]:
    """Outer to inner: initial wraps, final cues, the rest in reading order, then origins."""
    initial = [
        f
        for f in found
        if f.outer and f.kind == "wrap" and f.position == min(g.position for g in found)
    ]
    outer = [f for f in found if f.outer and f not in initial]
    middle = [f for f in found if not f.outer and f.kind in ("wrap", "verb")]
    origins = [f for f in found if f.kind == "origin"]
    ordered = initial + sorted(outer, key=lambda f: f.position)
    ordered += sorted(middle, key=lambda f: f.position)
    # what a source quotes or cites comes right after it
    for attached in sorted(
        (f for f in found if f.kind in ("quoted", "cite")), key=lambda f: f.position
    ):
        host = max(
            (
                k
                for k, f in enumerate(ordered)
                if f.position <= attached.position and f.kind != "origin"
            ),
            key=lambda k: ordered[k].position,
            default=len(ordered) - 1,
        )
        ordered.insert(host + 1, attached)
    return ordered + sorted(origins, key=lambda f: f.position)


def _self_named(sentence: str, toks: list[Token], pats: Patterns) -> str | None:
    """The subject of "X was unable to…", "X has contacted…": an outlet speaking of itself."""
    found = pats.search("self_naming", sentence)
    if found is None:
        return None
    end = next((i for i, t in enumerate(toks) if t.start >= found.start()), len(toks))
    phrase, first, _ = _backward(toks, end, pats)
    cleaned = _clean(phrase, pats, first) if phrase else None
    if cleaned is None or not cleaned[1]:
        return None
    return cleaned[0]
