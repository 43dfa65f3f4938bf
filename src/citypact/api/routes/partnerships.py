"""/api/partnerships: the registry with filters, pages and sorting; one record; curation."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from citypact.api.deps import (
    DEFAULT_PAGE,
    MAX_PAGE,
    FiltersDep,
    Offset,
    PagesDep,
    RowId,
    Sort,
    StoreDep,
    TokenDep,
)
from citypact.api.schemas import (
    WRITE_RESPONSES,
    CurationIn,
    PartnershipDetailPublic,
    PartnershipsPublic,
)

router = APIRouter(prefix="/api/partnerships", tags=["partnerships"])
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size")]


@router.get("", response_model=PartnershipsPublic, response_model_exclude_unset=True,
            summary="Partnerships with filters, sorting and pages")
async def list_partnerships(store: StoreDep, pages: PagesDep, f: FiltersDep, sort: Sort = "id",
                      limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> Response:
    """Served from answers cached by store generation (see GenerationCache); run on the event
    loop: a cached answer costs less than a hand-over to a worker thread."""
    filters = f.as_dict()
    key = json.dumps(["partnerships", filters, sort, limit, offset], default=str)

    def build() -> dict[str, Any]:
        data = store.list_partnerships(**filters, sort=sort, limit=limit, offset=offset)
        page = PartnershipsPublic.model_validate({"data": data, "count": store.count_partnerships(**filters)})
        return page.model_dump(mode="json", exclude_unset=True)

    return Response(pages.get(key, store.generation(), build), media_type="application/json")


@router.get("/{pid}", response_model=PartnershipDetailPublic, response_model_exclude_unset=True,
            summary="One partnership with its timeline, evidence, sources and audit log")
def get_partnership(store: StoreDep, pid: RowId) -> dict[str, Any]:
    return store.get_partnership(pid)


@router.post("/{pid}/curation", response_model=PartnershipDetailPublic, response_model_exclude_unset=True,
             summary="Confirm, reject, edit or merge a record (token needed)", responses=WRITE_RESPONSES)
def curate(store: StoreDep, _token: TokenDep, pid: RowId, body: CurationIn) -> dict[str, Any]:
    if body.action == "confirm":
        store.curate_confirm(pid, body.actor, body.reason)
    elif body.action == "reject":
        store.curate_reject(pid, body.actor, body.reason)
    elif body.action == "edit":
        store.curate_edit(pid, body.field, body.value, body.actor, body.reason)
    else:
        store.curate_merge(pid, body.merge_id, body.actor, body.reason)
    return store.get_partnership(pid)
