"""``GET /entities/{id}``: one list entry in the lists in force, shaped as yente returns it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from laborscreen.errors import ServiceError
from laborscreen.service.api.deps import Analyst, State
from laborscreen.service.api.schemas import EntityResponse, ErrorResponse
from laborscreen.service.api.system import ERRORS
from laborscreen.service.yente import entity_dict

router = APIRouter()


@router.get(
    # ``path``: ids such as ``custom:staff/17`` contain a slash.
    "/entities/{entity_id:path}",
    response_model=EntityResponse,
    tags=["Entities"],
    responses={**ERRORS, 404: {"model": ErrorResponse, "description": "No such entry"}},
)
async def get_entity(entity_id: str, principal: Analyst, state: State) -> Any:
    """A list entry by its id (``un:KPi.008``, ``us_ofac:12211``…)."""
    loaded = state.lists.current()
    entity = loaded.entities.get(entity_id)
    if entity is None:
        raise ServiceError(
            404,
            "not_found",
            f"no list entry {entity_id!r} in the lists in force",
            [{"field": "id", "value": entity_id}],
        )
    return entity_dict(entity, loaded.version_of(entity.source))
