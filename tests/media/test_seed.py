"""The seed article (The Moscow Times, 15 April 2025), read in place from ../shared/seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborscreen.media.analyze import analyse
from laborscreen.media.linking import Linker
from laborscreen.media.model import Claim, MediaDocument
from laborscreen.media.read import read_source


@pytest.fixture(scope="module")
def seed(seed_path: Path, linker: Linker) -> MediaDocument:
    [source] = read_source(str(seed_path))
    return analyse(source, linker)


def claim_with(document: MediaDocument, words: str) -> Claim:
    found = [c for c in document.claims if words in c.text]
    assert len(found) == 1, f"{words!r}: {[c.text for c in document.claims]}"
    return found[0]


def test_metadata(seed: MediaDocument) -> None:
    assert seed.language == "en"
    assert seed.outlet == "The Moscow Times"
    assert seed.source.published == "2025-04-15"


def test_wildberries_linked(seed: MediaDocument) -> None:
    linked = {e.entity_id: e for e in seed.entities if e.entity_id}
    assert linked["known:wildberries"].name == "Wildberries"
    assert linked["known:wildberries"].type == "Organization"


def test_elektrostal_workers_traced_to_the_group_chat(seed: MediaDocument) -> None:
    claim = claim_with(seed, "Elektrostal")
    assert claim.category == "forced.labor"
    assert claim.attribution_chain[:2] == ["The Moscow Times", "Ostorozhno Novosti"]
    assert "group chat for employees" in claim.attribution_chain[2]
    assert len(claim.attribution_chain) == 3
    assert claim.origin_located
    assert "known:wildberries" in {e.entity_id for e in claim.entities}


def test_hundreds_traced_to_unidentified_channels_not_located(seed: MediaDocument) -> None:
    claim = claim_with(seed, "hundreds")
    assert claim.attribution_chain == ["The Moscow Times", "RTVI", "unidentified Telegram channels"]
    assert not claim.origin_located
    assert (
        claim.origin_note
        == "The Moscow Times was unable to find where those claims had originated."
    )


def test_company_statement_traced_to_the_press_service(seed: MediaDocument) -> None:
    claim = claim_with(seed, "The company complies")
    assert claim.attribution_chain == ["The Moscow Times", "Moskva", "Wildberries press service"]
    assert claim.attribution[1].entity_id == "known:moskva_news_agency"
    assert claim.attribution[2].entity_id == "known:wildberries"
    assert claim.origin_located
    added = claim_with(seed, "Wildberries added")  # continues the same quote
    assert added.attribution_chain == claim.attribution_chain


def test_visa_figures_traced_to_foreign_ministry_data(seed: MediaDocument) -> None:
    claim = claim_with(seed, "8,600")
    assert claim.category == "visa.abuse"
    assert claim.attribution_chain == [
        "The Moscow Times",
        "Mozhem Obyasnit",
        "Russian Foreign Ministry",
    ]
    assert claim.attribution[-1].entity_id == "known:ru_foreign_ministry"
    assert claim.origin_located


def test_no_claim_from_title_norm_or_meta_sentences(seed: MediaDocument) -> None:
    texts = [c.text for c in seed.claims]
    assert not any(t.startswith("Wildberries Accused") for t in texts)
    assert not any("resolution bans" in t for t in texts)
    assert not any("was unable to find" in t for t in texts)
    assert not any("defense pact" in t for t in texts)
