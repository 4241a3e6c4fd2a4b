"""Adverse media: articles and channel posts in, claims traced to their origin.

Flow: :mod:`read` (HTML via trafilatura, text/Markdown with front matter,
:mod:`telegram` exports, URLs) -> :mod:`analyze` (language, outlet,
:mod:`text` sentences, NER by :mod:`ner_ru` / :mod:`ner_en`, :mod:`linking`
to known organisations and list entries, :mod:`claims` with their
:mod:`attribution` chains) -> :mod:`store` (``media.db``) ->
:mod:`provenance` (the graph across documents, allegation groups) ->
:mod:`api` (``claims_for``, ``trace``), :mod:`export` (FtM, GraphML) and
:mod:`evaluate` (gold-set precision and recall).

Importing this package loads no NER model: natasha loads on the first
Russian document, trafilatura on the first HTML page.
"""

from laborscreen.media.api import ClaimView, claims_for, find_claims, provenance, trace
from laborscreen.media.model import Claim, EntityRef, MediaDocument, Mention, Source, SourceDocument

__all__ = [
    "Claim",
    "ClaimView",
    "EntityRef",
    "MediaDocument",
    "Mention",
    "Source",
    "SourceDocument",
    "claims_for",
    "find_claims",
    "provenance",
    "trace",
]
