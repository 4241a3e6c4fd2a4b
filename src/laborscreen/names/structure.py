"""What the order-free token alignment must not lose of a name's structure.

* **Split and run-together words.** A name keyed in by hand splits a word
  ("Patr ushev") or runs two together ("JanDaniel Bothma"). Adjacent words of
  one name that together spell a word of the other are joined before the
  alignment, so that they pair as one word instead of leaving both sides with
  words over.
* **Arabic kinship chains.** In "Salman bin Muhammad" the word after ``bin``
  is the father's name: "Muhammad bin Salman" is his son, not a spelling of
  him, though every word pairs. Such a crossed pairing caps the score.
"""

from __future__ import annotations

import dataclasses

from laborscreen.names.analyze import NameForm, Token, word_token

#: The shortest part, and the shortest word, of a join: initials stay initials.
_MIN_PART = 2
_MIN_JOINED = 6

#: Words that link a person's name to the father's ("Salman bin Muhammad").
_KINSHIP = frozenset(["bin", "bint"])

#: The most a name can score when its own and its father's name are swapped.
FATHER_SON_CAP = 0.6


def join_split_words(q: NameForm, c: NameForm) -> tuple[NameForm, NameForm]:
    """Both names with adjacent words joined where together they spell a word of the other."""
    return _joined_to(q, c), _joined_to(c, q)


def _joined_to(form: NameForm, other: NameForm) -> NameForm:
    tokens = form.tokens
    if len(tokens) < 2:
        return form
    # a join of two or three words starts with two of them run together: where
    # no two neighbours together appear in the other name, nothing is joined
    text = other.text
    for i in range(len(tokens) - 1):
        if tokens[i].text + tokens[i + 1].text in text:
            break
    else:
        return form
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2):
            parts = tokens[i : i + size]
            if len(parts) == size and all(len(t.text) >= _MIN_PART for t in parts):
                joined = "".join([t.text for t in parts])
                # a cheap substring test first: most joins spell nothing
                if (
                    len(joined) >= _MIN_JOINED
                    and joined in other.text
                    and any(t.text == joined for t in other.tokens)
                    and not any(t.text == joined for t in tokens)
                ):
                    out.append(word_token(joined, form.is_org))
                    i += size
                    break
        else:
            out.append(tokens[i])
            i += 1
    if len(out) == len(tokens):
        return form
    return dataclasses.replace(form, tokens=tuple(out), text=" ".join(t.text for t in out))


def _own_and_father(tokens: tuple[Token, ...]) -> tuple[int, int] | None:
    for k, token in enumerate(tokens):
        if token.text in _KINSHIP and 0 < k < len(tokens) - 1:
            return k - 1, k + 1
    return None


def swaps_father_and_son(
    q: tuple[Token, ...], c: tuple[Token, ...], pairs: list[tuple[int, int, float]]
) -> bool:
    """Whether the pairing crosses a person's own name with the father's ("X bin Y" ~ "Y bin X")."""
    mine, theirs = _own_and_father(q), _own_and_father(c)
    if mine is None or theirs is None:
        return False
    paired = {i: j for i, j, _ in pairs}
    return paired.get(mine[0]) == theirs[1] and paired.get(mine[1]) == theirs[0]
