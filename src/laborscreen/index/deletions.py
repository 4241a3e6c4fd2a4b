"""Keys one edit apart, found by their one-letter deletions (the symmetric-delete method).

The index stores every vocabulary key under each of its one-letter
deletions. A query key then reaches the vocabulary keys equal to it, one
letter longer (the query key is among their deletions), one letter shorter
(among the query key's deletions) and one letter different (a deletion both
share): one lookup for the key and two per letter, whatever the vocabulary's
size. Keys shorter than :data:`SHORTEST` must match exactly: one edit in
three letters is another name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

#: Shortest key whose one-letter deletions are indexed and looked up.
SHORTEST = 4


def deletions(key: str, shortest: int = SHORTEST) -> Iterator[str]:
    """``key`` with one letter cut, at each place (a doubled letter gives the
    same variant twice); none for keys shorter than ``shortest``."""
    if len(key) >= shortest:
        for i in range(len(key)):
            yield key[:i] + key[i + 1 :]


def near(
    key: str, vocabulary: Mapping[str, object], deletes: Mapping[str, set[str]], shortest: int
) -> tuple[str, ...]:
    """The keys of ``vocabulary`` within one edit of ``key``, given ``deletes``
    (each deletion of a vocabulary key -> the keys it came from).

    The C kernel (``_coverage.c``) does the same where it was built; this is
    the reference, and the index's when it was not.
    """
    found: set[str] = set()
    if key in vocabulary:
        found.add(key)
    longer = deletes.get(key)
    if longer:
        found |= longer  # a vocabulary key with one more letter
    for variant in deletions(key, shortest):
        if variant in vocabulary:
            found.add(variant)  # a vocabulary key with one letter less
        substituted = deletes.get(variant)
        if substituted:
            found |= substituted  # one letter different
    return tuple(found)
