"""/api/stats: what the home page counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from citypact.api.deps import StoreDep
from citypact.api.schemas import StatsPublic

router = APIRouter(prefix="/api/stats", tags=["stats"])


@router.get("", response_model=StatsPublic, summary="Counts by type, status and country")
def stats(store: StoreDep) -> dict[str, Any]:
    return store.stats()
