"""The media store and ingest: re-ingest changes nothing; claims found by id and by name."""

from __future__ import annotations

from pathlib import Path

from tests.media.conftest import FIXTURES

from laborscreen.media.api import claims_for, find_claims, trace
from laborscreen.media.ingest import ingest
from laborscreen.media.linking import Linker
from laborscreen.media.store import MediaStore


def test_reingest_is_a_no_op(seed_path: Path, store: MediaStore, linker: Linker) -> None:
    [first] = ingest([str(seed_path)], store, linker)
    before = store.counts()
    [again] = ingest([str(seed_path)], store, linker, outlet="Another Outlet")
    assert first.added and not again.added
    assert store.counts() == before
    assert again.document.to_dict() == first.document.to_dict()
    assert again.document.outlet == "The Moscow Times"


def test_claims_for_by_id_and_in_both_scripts(
    seed_path: Path, store: MediaStore, linker: Linker
) -> None:
    ingest([str(seed_path)], store, linker)
    by_id = claims_for("known:wildberries", store)
    assert by_id and all(v.document.outlet == "The Moscow Times" for v in by_id)
    ids = [v.claim.id for v in by_id]
    assert [v.claim.id for v in claims_for("Wildberries", store)] == ids
    assert [v.claim.id for v in claims_for("Вайлдберриз", store)] == ids
    assert any("hundreds" in v.claim.text for v in by_id)
    assert claims_for("Nobody Inc", store) == []


def test_trace_and_find(seed_path: Path, store: MediaStore, linker: Linker) -> None:
    ingest([str(seed_path)], store, linker)
    [claim] = find_claims("Elektrostal", store)
    assert find_claims(claim.id, store) == [claim]
    view = trace(claim.id, store)
    assert view is not None
    assert view.claim.attribution_chain[1] == "Ostorozhno Novosti"
    assert view.to_dict()["document"]["outlet"] == "The Moscow Times"
    assert trace("claim:none:0", store) is None


def test_folder_ingest_reads_every_kind(tmp_path: Path, linker: Linker) -> None:
    with MediaStore(tmp_path / "m.db") as media:
        results = ingest(
            [str(FIXTURES / "en_plain.txt"), str(FIXTURES / "en_report.html")], media, linker
        )
        assert [r.document.source.kind for r in results] == ["text", "html"]
        plain = results[0].document
        assert plain.outlet is None
        [claim] = plain.claims
        assert claim.attribution_chain == ["Officials"] and not claim.origin_located
