"""Language, sentences and word tokens of a document's plain text.

Language: only English and Russian are analysed, so the share of Cyrillic
among letters decides (a Russian text quoting Latin brand names stays
Russian; an English text naming a Cyrillic source stays English). Metadata
may declare it instead.

Sentences never cross a line break (paragraphs, headings, captions are
lines). Russian lines are split by razdel; English lines by a small splitter
that knows abbreviations, initials and closing quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")

#: Abbreviations after which a full stop does not end an English sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.n",
        "u.k",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "est",
        "dept",
        "univ",
        "ave",
        "mt",
        "fig",
    ]
)
_EN_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-ZА-ЯЁ0-9])")


def detect_language(text: str) -> str:
    """``ru`` or ``en``: Cyrillic letters making up half of all letters make it Russian."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic + latin == 0:
        return "en"
    return "ru" if cyrillic / (cyrillic + latin) >= 0.5 else "en"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


def _english(line: str, offset: int) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for found in _EN_BOUNDARY.finditer(line):
        word = re.search(r"([\w.]+)[.!?…]*[\"'”’»)\]]*$", line[start : found.end()])
        if word and found.group().startswith("."):
            stem = word.group(1).rstrip(".").lower()
            # an abbreviation or an initial ("J. Smith") does not end the sentence
            if stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()):
                continue
        spans.append(Span(offset + start, offset + found.end(), line[start : found.end()]))
        start = found.end()
        while start < len(line) and line[start].isspace():
            start += 1
    if line[start:].strip():
        spans.append(Span(offset + start, offset + len(line.rstrip()), line[start:].rstrip()))
    return spans


def _russian(line: str, offset: int) -> list[Span]:
    # razdel is pure Python and small, but only Russian needs it
    from razdel import sentenize  # type: ignore[import-untyped]

    return [Span(offset + s.start, offset + s.stop, s.text) for s in sentenize(line)]


def sentences(text: str, language: str) -> list[Span]:
    """Sentence spans of ``text``, never crossing a line break."""
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            splitter = _russian if language == "ru" else _english
            spans.extend(splitter(line[lead:], offset + lead))
        offset += len(line) + 1
    return spans


@dataclass(frozen=True, slots=True)
class Token:
    """A word, a short quoted name, a long quotation, or a punctuation mark of a sentence."""

    text: str
    start: int  # offsets within the sentence
    end: int
    kind: str  # word | name | quote | punct | poss

    @property
    def lower(self) -> str:
        return self.text.lower().replace("ё", "е")

    @property
    def capitalised(self) -> bool:
        return self.kind == "name" or (self.kind == "word" and self.text[:1].isupper())


#: Quotation marks: opening -> closing. A quoted span of fewer than QUOTE_WORDS
#: words is a name («Осторожно, новости», "Wildberries") or a scare quote; a
#: longer one is a quotation, whose words are the reported content.
_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"'}
QUOTE_WORDS = 5
_WORD = re.compile(r"\w+(?:[-.&/]\w+)*", re.UNICODE)
_PIECE = re.compile(r"@\w+|\w+(?:[-.&/]\w+)*|['’](?:s\b)?|\S", re.UNICODE)


def tokens(sentence: str) -> list[Token]:
    """Tokens of a sentence; quoted spans become one ``name`` or ``quote`` token."""
    out: list[Token] = []
    position = 0
    length = len(sentence)
    while position < length:
        char = sentence[position]
        if char.isspace():
            position += 1
            continue
        closer = _QUOTES.get(char)
        if closer is not None:
            end = sentence.find(closer, position + 1)
            if end > position:
                inner = sentence[position + 1 : end]
                words = len(_WORD.findall(inner))
                if words >= QUOTE_WORDS:
                    out.append(Token(inner, position, end + 1, "quote"))
                elif inner[:1].isupper():
                    out.append(Token(inner.strip(), position + 1, end, "name"))
                else:
                    out.extend(
                        Token(w.group(), position + 1 + w.start(), position + 1 + w.end(), "word")
                        for w in _WORD.finditer(inner)
                    )
                position = end + 1
                continue
        found = _PIECE.match(sentence, position)
        if found is None:  # pragma: no cover - _PIECE matches any non-space character
            position += 1
            continue
        piece = found.group()
        if piece[0] in "'’":
            kind = "poss"
        elif piece[0] == "@" and len(piece) > 1:
            kind = "name"  # a Telegram @username names a channel or a person
        elif piece[0].isalnum() or piece[0] == "_":
            kind = "word"
        else:
            kind = "punct"
        out.append(Token(piece, found.start(), found.end(), kind))
        position = found.end()
    return out
