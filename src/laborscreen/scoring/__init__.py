"""Evidence scoring: name, birth date, nationality, gender and documents, explained.

:func:`score_entity` turns a query and one list entry into a :class:`Match`
whose ``features`` say how each piece of evidence moved the score.
"""

from laborscreen.scoring.features import Feature
from laborscreen.scoring.query import Query
from laborscreen.scoring.scorer import DEFAULT_THRESHOLD, Match, score_entity

__all__ = ["DEFAULT_THRESHOLD", "Feature", "Match", "Query", "score_entity"]
