"""English mentions of organisations, people and places, found by rules.

No English NER model is both offline and published on PyPI by its own
authors (spaCy's models are released outside PyPI; the PyPI copies are
third-party re-uploads), so English text gets a rule-based finder and, like
Russian, the name matcher (:mod:`laborscreen.media.linking`) on top.

The rules: a name is a run of capitalised words (lower-case connectors such as
``of`` inside), minus sentence-initial and time words; titles and demonyms
before it are dropped (``Russian President Vladimir Putin`` -> ``Vladimir
Putin``, a person). Its type comes from its last word (``Ministry``,
``Agency``, ``Times``: an organisation), an acronym (``RTVI``), a country
name, a place word around it (``the town of Elektrostal``, ``the Kursk
region``), a media descriptor after it (``the Moskva news agency``) or a
title before it. A run of two or three plain capitalised words is a person.
Lines written in headline case are skipped: every word is capitalised there.
"""

from __future__ import annotations

from functools import cache

import pycountry

from laborscreen.countries import to_iso
from laborscreen.media.model import LOCATION, ORGANIZATION, PERSON, Mention
from laborscreen.media.text import Span, Token, tokens
from laborscreen.resources import load_yaml

_GEO_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "far",
        "central",
        "eastern",
        "western",
        "northern",
        "southern",
        "middle",
    ]
)
_GEO_ADJECTIVES = frozenset(
    ["western", "eastern", "northern", "southern", "central", "european", "asian"]
)
_DESCRIPTORS = frozenset(
    [
        "news",
        "agency",
        "broadcaster",
        "channel",
        "newspaper",
        "outlet",
        "website",
        "site",
        "daily",
        "tv",
        "radio",
        "press",
    ]
)
_PLATFORMS = frozenset({"telegram", "youtube", "vk", "vkontakte", "whatsapp", "tiktok"})


@cache
def _words() -> dict[str, frozenset[str]]:
    data = load_yaml("media_ner_en.yml")
    return {key: frozenset(str(w).lower() for w in value) for key, value in data.items()}


def _is_demonym(text: str) -> bool:
    """'Russian', 'North Koreans', 'South Korean and Western': nationality words, not places."""
    parts = [p.strip() for p in text.replace(" and ", ",").replace(" or ", ",").split(",")]
    if len(parts) > 1:
        return all(_is_demonym(p) or p.lower() in _GEO_ADJECTIVES for p in parts if p)
    lower = text.lower()
    singular = lower[:-1] if lower.endswith("s") else lower
    if not singular.endswith(("an", "ese", "ish", "ian", "ean", "i")):
        return False
    if to_iso(singular) is None:
        return False
    try:  # a country's own name ("Japan", "Oman") is a place
        pycountry.countries.lookup(text)
    except LookupError:
        return True
    return False


def _is_acronym(token: Token) -> bool:
    text = token.text.replace(".", "")
    return len(text) >= 2 and text.isalpha() and text.isupper()


def _headline_case(words: list[Token]) -> bool:
    plain = [t for t in words if t.kind == "word" and t.text.isalpha() and len(t.text) > 3]
    return len(plain) >= 4 and sum(t.text[0].isupper() for t in plain) / len(plain) >= 0.7


def _runs(toks: list[Token]) -> list[list[int]]:
    words = _words()
    runs: list[list[int]] = []
    current: list[int] = []
    for i, token in enumerate(toks):
        if token.text.startswith("@"):  # a Telegram username: linked, not typed by rules
            if current:
                runs.append(current)
                current = []
            continue
        if token.capitalised and token.lower not in words["stop_words"]:
            current.append(i)
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (
            current
            and token.kind == "word"
            and token.lower in words["connectors"]
            and nxt is not None
            and nxt.capitalised
            and nxt.lower not in words["stop_words"]
        ):
            current.append(i)
            continue
        if current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _classify(
    run: list[Token], before: Token | None, after: list[Token], persons: set[str]
) -> tuple[str | None, list[Token]]:
    """The run's type (None: not an entity) and its tokens with titles dropped."""
    words = _words()
    titled = False
    while len(run) > 1 and (run[0].lower in words["titles"] or _is_demonym(run[0].text)):
        titled = titled or run[0].lower in words["titles"]
        run = run[1:]
    if len(run) > 1 and run[-1].lower in _PLATFORMS and after and after[0].lower in _DESCRIPTORS:
        run = run[:-1]  # "the Ostorozhno Novosti Telegram news channel"
    text = " ".join(t.text for t in run)
    last = run[-1].lower
    following = after[0].lower if after else ""
    if last in words["org_heads"] or any(_is_acronym(t) for t in run):
        return ORGANIZATION, run
    if following in _DESCRIPTORS:
        return ORGANIZATION, run
    if _is_demonym(text):
        return None, run
    if (
        to_iso(text)
        or last in words["place_heads"]
        or following in words["place_heads"]
        or any(t.lower in _GEO_WORDS for t in run)
    ):
        return LOCATION, run
    if len(run) == 1:
        if before is not None and before.lower in words["place_before"]:
            return LOCATION, run
        if run[0].text in persons or titled:
            return PERSON, run
        return None, run
    if titled or (len(run) <= 3 and all(t.text.isalpha() and not t.text.isupper() for t in run)):
        return PERSON, run
    return ORGANIZATION, run


def english_mentions(text: str, spans: list[Span]) -> list[Mention]:
    """Mentions in the sentences ``spans`` of ``text`` (offsets into ``text``)."""
    mentions: list[Mention] = []
    persons: set[str] = set()
    for span in spans:
        toks = tokens(span.text)
        if _headline_case(toks):
            continue
        found: list[tuple[str, list[Token]]] = []
        for run_ids in _runs(toks):
            run = [toks[i] for i in run_ids]
            before = toks[run_ids[0] - 1] if run_ids[0] > 0 else None
            after = toks[run_ids[-1] + 1 : run_ids[-1] + 3]
            kind, kept = _classify(run, before, after, persons)
            if kind is None:
                continue
            if kind == PERSON and len(kept) > 1:
                persons.add(kept[-1].text)  # "Putin" alone later is the same person
            found.append((kind, kept))
        for position, (kind, kept) in enumerate(found):
            start, end = kept[0].start, kept[-1].end
            # "Russia's Foreign Ministry": a country's organisation is one name
            if kind == ORGANIZATION and position > 0:
                prev_kind, prev = found[position - 1]
                gap = span.text[prev[-1].end : start]
                if prev_kind == LOCATION and gap.strip() in ("'s", "’s"):
                    start = prev[0].start
            name = span.text[start:end].strip('«»"“”')
            mentions.append(Mention(name, span.start + start, span.start + end, kind, "ner"))
    return mentions
