"""/api/partnerships: the registry with filters, pages and sorting; one record; curation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from citypact.api.deps import DEFAULT_PAGE, FiltersDep, MAX_PAGE, Offset, RowId, Sort, StoreDep, TokenDep
from citypact.api.schemas import WRITE_RESPONSES, CurationIn, PartnershipDetailPublic, PartnershipsPublic

router = APIRouter(prefix="/api/partnerships", tags=["partnerships"])
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size")]


@router.get("", response_model=PartnershipsPublic, response_model_exclude_unset=True,
            summary="Partnerships with filters, sorting and pages")
def list_partnerships(store: StoreDep, f: FiltersDep, sort: Sort = "id", limit: Limit = DEFAULT_PAGE,
                      offset: Offset = 0) -> dict[str, Any]:
    data = store.list_partnerships(**f.as_dict(), sort=sort, limit=limit, offset=offset)
    return {"data": data, "count": store.count_partnerships(**f.as_dict())}


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
