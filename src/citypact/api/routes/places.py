"""/api/places: places with their number of partnerships; one place with its partners."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from citypact.api.deps import DEFAULT_PAGE, MAX_PAGE, Offset, RowId, StoreDep
from citypact.api.schemas import PlaceDetailPublic, PlacesPublic

router = APIRouter(prefix="/api/places", tags=["places"])


@router.get("", response_model=PlacesPublic, response_model_exclude_unset=True,
            summary="Places, most partnerships first")
def list_places(store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None,
                limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
                offset: Offset = 0) -> dict[str, Any]:
    return {"data": store.list_places(q=q or None, limit=limit, offset=offset),
            "count": store.count_places(q=q or None)}


@router.get("/{place_id}", response_model=PlaceDetailPublic, response_model_exclude_unset=True,
            summary="One place and its partnerships")
def get_place(store: StoreDep, place_id: RowId) -> dict[str, Any]:
    return store.get_place(place_id) | {"partnerships": store.place_partners(place_id)}
