"""Names made comparable: scripts, transliteration, Korean romanisations, legal forms.

Flow: :func:`analyze` turns a raw name into a :class:`NameForm` (tokens in a
common Latin form with their phonetic keys, and a Korean surname/given-name
reading where the name has one); :func:`compare_names` scores two forms and
says which tokens matched.
"""

from laborscreen.names.analyze import NameForm, Token, analyze, analyze_uncached
from laborscreen.names.compare import NameMatch, compare_names

__all__ = ["NameForm", "NameMatch", "Token", "analyze", "analyze_uncached", "compare_names"]
