"""The adverse-media pages: the provenance graph, claims about an entity, one claim traced.

The graph is laid out by :func:`laborscreen.media.graph_page.layout` (the
same drawing as ``laborscreen media export --format html``) and drawn inside
the UI's own layout, styled by its stylesheet, so the pages keep the UI's
Content Security Policy. Media is shared reference data: every logged-in
user sees the same pages. Without a media store the pages say so.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from laborscreen.media.graph_page import drawing
from laborscreen.service.api.deps import State
from laborscreen.service.auth import csrf_token
from laborscreen.service.media import claim_trace, claims_about, graph, opened
from laborscreen.service.ui.render import page
from laborscreen.service.ui.session import NotSignedIn, signed_in, to_login

router = APIRouter(include_in_schema=False)


@router.get("/ui/media")
def media_page(request: Request, state: State) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    entity = " ".join((request.query_params.get("entity") or "").split())
    context: dict[str, Any] = {"ingested": False, "entity": entity}
    with opened(state.media_store()) as store:
        if store is not None:
            context.update(
                ingested=True,
                found=claims_about([entity], store) if entity else [],
                **drawing(graph(store)),
            )
    return page("media.html.j2", principal, csrf_token(token), **context)


@router.get("/ui/media/claims/{claim_id}")
def claim_page(claim_id: str, request: Request, state: State) -> Response:
    try:
        principal, token = signed_in(request, state)
    except NotSignedIn:
        return to_login(request)
    with opened(state.media_store()) as store:
        found = None if store is None else claim_trace(claim_id, store)
    status = 200 if found is not None else 404
    return page(
        "media_claim.html.j2",
        principal,
        csrf_token(token),
        status,
        c=found,
        claim_id=claim_id,
        ingested=store is not None,
    )
