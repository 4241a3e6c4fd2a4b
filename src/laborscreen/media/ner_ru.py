"""Russian named entities with natasha: offline, the models inside the pip package.

natasha (pinned in pyproject.toml) ships its navec embeddings and slovnet NER
and morphology models in its wheel; before loading them their checksums are
compared with ``resources/media_models.yml``, so a changed model is refused
rather than silently used. Loading takes about a second, so it happens once,
on the first Russian document, and never on import.

Spans are normalised to the nominative (``Министерства иностранных дел`` ->
``Министерство иностранных дел``) so that mentions link to entities however
the sentence inflects them.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from laborscreen.errors import MediaError
from laborscreen.media.model import LOCATION, ORGANIZATION, PERSON, Mention
from laborscreen.resources import load_yaml

_TYPES = {"PER": PERSON, "ORG": ORGANIZATION, "LOC": LOCATION}


def _verify(data_dir: Path) -> None:
    pinned = load_yaml("media_models.yml")
    for relative, expected in pinned["files"].items():
        path = data_dir / relative
        if not path.is_file():
            raise MediaError(f"{path}: natasha model file missing (reinstall natasha)")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != expected:
            raise MediaError(
                f"{path}: checksum {digest} differs from the pinned {expected} "
                "(resources/media_models.yml): refusing to load a changed model"
            )


@cache
def _pipeline() -> tuple[Any, Any, Any, Any, Any]:
    import natasha  # type: ignore[import-untyped]  # heavy: only for Russian documents

    _verify(Path(natasha.__file__).parent / "data")
    embedding = natasha.NewsEmbedding()
    return (
        natasha.Segmenter(),
        natasha.NewsMorphTagger(embedding),
        natasha.NewsNERTagger(embedding),
        natasha.MorphVocab(),
        natasha.Doc,
    )


def russian_mentions(text: str) -> list[Mention]:
    """PER, ORG and LOC spans of ``text`` as mentions (offsets into ``text``)."""
    segmenter, morph, ner, vocab, doc_class = _pipeline()
    doc = doc_class(text)
    doc.segment(segmenter)
    doc.tag_morph(morph)
    doc.tag_ner(ner)
    mentions = []
    for span in doc.spans:
        span.normalize(vocab)
        kind = _TYPES.get(span.type)
        if kind is None:
            continue
        normal = span.normal or span.text
        # keep the surface form where normalising garbles a name (foreign brands)
        name = normal if normal.lower()[:3] == span.text.lower()[:3] else span.text
        mentions.append(Mention(name, span.start, span.stop, kind, "ner"))
    return mentions
