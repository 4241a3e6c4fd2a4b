"""Ingest: read documents, analyse the new ones, keep them in the media store.

A document whose raw bytes are already stored is not analysed again: the
stored analysis is returned as it was, so re-ingesting changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from laborscreen.errors import StoreError
from laborscreen.media.analyze import analyse
from laborscreen.media.known import load_known
from laborscreen.media.linking import Linker
from laborscreen.media.model import MediaDocument
from laborscreen.media.read import expand, read_source
from laborscreen.media.store import MediaStore


@dataclass(frozen=True, slots=True)
class Ingested:
    document: MediaDocument
    added: bool  # False: the same bytes were already stored


def make_linker(known_files: Sequence[str | Path] = (), lists: bool = True) -> Linker:
    """Known entities (shipped plus ``known_files``) and, when loaded, the sanctions lists."""
    screener = None
    if lists:
        from laborscreen.engine import load_screener

        try:
            screener = load_screener()
        except StoreError:
            screener = None  # no lists imported: link to known organisations only
    return Linker(load_known(known_files), screener)


def ingest(
    targets: Sequence[str], store: MediaStore, linker: Linker, outlet: str | None = None
) -> list[Ingested]:
    """Every document at ``targets`` (files, folders, URLs), analysed once and stored."""
    results: list[Ingested] = []
    for target in expand(list(targets)):
        for source in read_source(target):
            stored = store.document_by_sha(source.sha256)
            if stored is not None:
                results.append(Ingested(stored, False))
                continue
            document = analyse(source, linker, outlet)
            store.add(document)
            results.append(Ingested(document, True))
    return results
