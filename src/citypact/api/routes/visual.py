"""/api/map and /api/graph: compact, cached data for the map and the network graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from citypact.api.aggregate import graph_json, map_json
from citypact.api.deps import CacheDep, FiltersDep, StoreDep
from citypact.api.schemas import GraphPublic, MapPublic

router = APIRouter(prefix="/api", tags=["map and graph"])


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


@router.get("/map", response_model=MapPublic, summary="Places and links for the map (same filters as the list)")
def map_data(store: StoreDep, cache: CacheDep, f: FiltersDep,
             place: Annotated[int | None, Query(ge=0, le=2**63 - 1, description="only the partners of this place")] = None
             ) -> Response:
    return _json(map_json(store, cache, f.as_dict(), place))


@router.get("/graph", response_model=GraphPublic, summary="The best-connected places and their links")
def graph_data(store: StoreDep, cache: CacheDep, f: FiltersDep) -> Response:
    return _json(graph_json(store, cache, f.as_dict()))
