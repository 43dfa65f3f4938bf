"""/api/documents: the sources, one source with its text, and upload to ingest."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, UploadFile

from citypact.api.deps import (
    DEFAULT_PAGE,
    ISO_DATE,
    MAX_BODY_BYTES,
    MAX_PAGE,
    Offset,
    RowId,
    StoreDep,
    TokenDep,
)
from citypact.api.schemas import WRITE_RESPONSES, DocumentPublic, DocumentsPublic, IngestPublic

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("", response_model=DocumentsPublic, summary="Source documents, oldest first (without text)")
def list_documents(store: StoreDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
                   offset: Offset = 0) -> dict[str, Any]:
    return {"data": store.list_documents(limit=limit, offset=offset), "count": store.stats()["documents"]}


@router.get("/{doc_id}", response_model=DocumentPublic, summary="One source document with its text")
def get_document(store: StoreDep, doc_id: RowId) -> dict[str, Any]:
    return store.get_document(doc_id)


@router.post("", response_model=IngestPublic, summary="Upload a document to analyse and store (token needed)", responses=WRITE_RESPONSES)
async def upload(store: StoreDep, _token: TokenDep, file: Annotated[UploadFile, File()],
                 published: Annotated[str | None, Form(pattern=f"^$|{ISO_DATE}")] = None) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    from citypact.analyse import pipeline
    from citypact.errors import ReadError
    from citypact.read import read_bytes
    from citypact.read.base import with_metadata

    data = await file.read(MAX_BODY_BYTES + 1)  # a body sent without Content-Length is capped here
    if len(data) > MAX_BODY_BYTES:
        raise HTTPException(413, f"document larger than {MAX_BODY_BYTES} bytes")
    try:
        document = read_bytes(data, file.filename or "upload", content_type=file.content_type)
    except ReadError as exc:
        raise HTTPException(422, str(exc)) from exc
    if published:
        document = with_metadata(document, prefer=True, published=published)
    extraction = await run_in_threadpool(pipeline, document)  # the analysis is CPU work: off the event loop
    result = await run_in_threadpool(store.ingest, extraction)
    return {"document_id": result.document_id, "new_document": result.new_document,
            "partnership_ids": result.partnership_ids, "new_partnerships": result.new_partnerships,
            "extraction": extraction.to_json()}
