"""/api/consultations: public hearings with their periods and deadlines."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from citypact.api.deps import ISO_DATE, StoreDep
from citypact.api.schemas import ConsultationsPublic

router = APIRouter(prefix="/api/consultations", tags=["consultations"])


@router.get("", response_model=ConsultationsPublic, summary="Consultations by deadline; `open_on` keeps the open ones")
def list_consultations(store: StoreDep,
                       open_on: Annotated[str | None, Query(pattern=ISO_DATE, description="YYYY-MM-DD")] = None
                       ) -> dict[str, Any]:
    data = store.list_consultations(open_on=open_on)
    return {"data": data, "count": len(data)}
