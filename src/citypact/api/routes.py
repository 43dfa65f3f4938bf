"""JSON API under /api: partnerships, places, documents, consultations, stats, map and graph data."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, UploadFile
from pydantic import BaseModel, Field

from citypact.api.deps import DEFAULT_PAGE, ISO_DATE, MAX_PAGE, FiltersDep, Sort, StoreDep, TokenDep

router = APIRouter(prefix="/api")
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
# The graph shows the best-connected places; the rest are summarised by the count.
GRAPH_NODES = 400


class ListPublic(BaseModel):
    data: list[dict[str, Any]]
    count: int


class CurationIn(BaseModel):
    action: Literal["confirm", "reject", "edit", "merge"]
    field: str | None = Field(None, max_length=40)
    value: str | int | list[str] | None = None
    merge_id: int | None = None
    actor: str = Field("api", max_length=100)
    reason: str | None = Field(None, max_length=2000)


@router.get("/partnerships", response_model=ListPublic, summary="Partnerships with filters and pages")
def partnerships(store: StoreDep, f: FiltersDep, sort: Sort = "id", limit: Limit = DEFAULT_PAGE,
                 offset: Offset = 0) -> dict[str, Any]:
    data = store.list_partnerships(**f.as_dict(), sort=sort, limit=limit, offset=offset)
    return {"data": data, "count": store.count_partnerships(**f.as_dict())}


@router.get("/partnerships/{pid}", summary="One partnership with its timeline, evidence and sources")
def partnership(store: StoreDep, pid: int) -> dict[str, Any]:
    return store.get_partnership(pid)


@router.post("/partnerships/{pid}/curation", summary="Confirm, reject, edit or merge (token needed)")
def curate(store: StoreDep, _token: TokenDep, pid: int, body: CurationIn) -> dict[str, Any]:
    if body.action == "confirm":
        store.curate_confirm(pid, body.actor, body.reason)
    elif body.action == "reject":
        store.curate_reject(pid, body.actor, body.reason)
    elif body.action == "edit":
        if not body.field:
            raise HTTPException(422, "edit needs a field")
        store.curate_edit(pid, body.field, body.value, body.actor, body.reason)
    else:
        if body.merge_id is None:
            raise HTTPException(422, "merge needs merge_id")
        store.curate_merge(pid, body.merge_id, body.actor, body.reason)
    return store.get_partnership(pid)


@router.get("/places", response_model=ListPublic, summary="Places with their number of partnerships")
def places(store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None, limit: Limit = DEFAULT_PAGE,
           offset: Offset = 0) -> dict[str, Any]:
    return {"data": store.list_places(q=q, limit=limit, offset=offset), "count": store.count_places(q=q)}


@router.get("/places/{place_id}", summary="One place and its partners")
def place(store: StoreDep, place_id: int) -> dict[str, Any]:
    return store.get_place(place_id) | {"partnerships": store.place_partners(place_id)}


@router.get("/documents/{doc_id}", summary="One source document with its text")
def document(store: StoreDep, doc_id: int) -> dict[str, Any]:
    return store.get_document(doc_id)


@router.post("/documents", summary="Upload a document to analyse and store (token needed)")
async def upload(store: StoreDep, _token: TokenDep, file: Annotated[UploadFile, File()],
                 published: Annotated[str | None, Form(pattern=ISO_DATE)] = None) -> dict[str, Any]:
    from citypact.analyse import pipeline
    from citypact.errors import ReadError
    from citypact.read import read_bytes
    from citypact.read.base import with_metadata

    data = await file.read()
    try:
        document = read_bytes(data, file.filename or "upload", content_type=file.content_type)
    except ReadError as exc:
        raise HTTPException(422, str(exc)) from exc
    if published:
        document = with_metadata(document, prefer=True, published=published)
    extraction = pipeline(document)
    result = store.ingest(extraction)
    return {"document_id": result.document_id, "new_document": result.new_document,
            "partnership_ids": result.partnership_ids, "new_partnerships": result.new_partnerships,
            "extraction": extraction.to_json()}


@router.get("/consultations", response_model=ListPublic, summary="Consultations, optionally those still open")
def consultations(store: StoreDep, open_on: Annotated[str | None, Query(pattern=ISO_DATE)] = None) -> dict[str, Any]:
    data = store.list_consultations(open_on=open_on)
    return {"data": data, "count": len(data)}


@router.get("/stats", summary="Counts by type, status and country")
def stats(store: StoreDep) -> dict[str, Any]:
    return store.stats()


@router.get("/map", summary="Compact data for the map: places and links")
def map_data(store: StoreDep, f: FiltersDep, place: Annotated[int | None, Query(ge=0)] = None) -> dict[str, Any]:
    return map_payload(store.list_partnerships(**f.as_dict(), place_id=place))


@router.get("/graph", summary="Compact data for the network graph of places")
def graph_data(store: StoreDep, f: FiltersDep) -> dict[str, Any]:
    return graph_payload(store.list_partnerships(**f.as_dict()))


def map_payload(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Places once each, links as index pairs: small enough for 26,000 partnerships."""
    from citypact.export import party_pairs, point

    index: dict[str, int] = {}
    places: list[list[Any]] = []
    links: list[list[Any]] = []

    def at(party: dict[str, Any]) -> int | None:
        key = f"{party.get('place_id')}"
        if key not in index:
            coords = point(party)
            if coords is None:
                return None
            index[key] = len(places)
            places.append([party.get("place_id"), party["name"], round(coords[1], 4), round(coords[0], 4)])
        return index[key]

    for r in records:
        for a, b in party_pairs(r):
            i, j = at(a), at(b)
            if i is not None and j is not None:
                links.append([i, j, r["status"], r["id"]])
    return {"places": places, "links": links}


def graph_payload(records: list[dict[str, Any]]) -> dict[str, Any]:
    from citypact.export import party_pairs

    degree: Counter[int] = Counter()
    names: dict[int, str] = {}
    edges: list[tuple[int, int, str]] = []
    for r in records:
        for a, b in party_pairs(r):
            ia, ib = a.get("place_id"), b.get("place_id")
            names[ia], names[ib] = a["name"], b["name"]
            degree[ia] += 1
            degree[ib] += 1
            edges.append((ia, ib, r["status"]))
    keep = {pid for pid, _ in degree.most_common(GRAPH_NODES)}
    nodes = [{"id": pid, "name": names[pid], "degree": degree[pid]} for pid in keep]
    return {"nodes": nodes, "edges": [[a, b, s] for a, b, s in edges if a in keep and b in keep],
            "total_places": len(degree)}
