"""Candidate search: which list names are worth scoring for a query name.

Screening never compares a query with every list name. :class:`ListIndex`
keeps inverted indexes over phonetic token keys (reached through a
deletion-neighbourhood, so keys one or two edits away are found too), over
Korean given-name keys, names written run together, and identifier numbers,
and estimates each candidate's name score so that hopeless ones are not scored.
"""

from laborscreen.index.candidates import Candidate, IndexedName, ListIndex

__all__ = ["Candidate", "IndexedName", "ListIndex"]
