"""Server-rendered pages (Jinja2, autoescaped); each has a JSON twin under /api."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from citypact.api.deps import DEFAULT_PAGE, MAX_PAGE, FiltersDep, Offset, RowId, Sort, StoreDep
from citypact.models import PARTNERSHIP_TYPES, STATUSES, THEMES
from citypact.store.writes import CURATABLE

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "web" / "templates"))
router = APIRouter(include_in_schema=False)
# Characters of source text shown around an evidence sentence on a partnership page.
CONTEXT_CHARS = 240


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    writable = request.app.state.citypact.token is not None
    return TEMPLATES.TemplateResponse(request, name, {"writable": writable, **context})


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> HTMLResponse:
    today = dt.date.today().isoformat()
    soon = (dt.date.today() + dt.timedelta(days=365)).isoformat()
    latest = store.list_partnerships(sort="-updated", limit=10)
    expiring = [r for r in store.list_partnerships(expiring_before=soon, sort="expires", limit=20)
                if (r.get("expires") or "") >= today]
    return render(request, "home.html", stats=store.stats(), latest=latest, expiring=expiring,
                  consultations=store.list_consultations(open_on=today)[:5])


@router.get("/partnerships", response_class=HTMLResponse)
def partnerships(request: Request, store: StoreDep, f: FiltersDep, sort: Sort = "id",
                 limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
                 offset: Offset = 0) -> HTMLResponse:
    records = store.list_partnerships(**f.as_dict(), sort=sort, limit=limit, offset=offset)
    count = store.count_partnerships(**f.as_dict())
    params = f.as_dict() | {"sort": sort, "limit": limit}

    def link(**changes: Any) -> str:
        return "/partnerships?" + urlencode({k: v for k, v in (params | changes).items() if v not in (None, "")})

    return render(request, "partnerships.html", records=records, count=count, filters=f.as_dict(), sort=sort,
                  offset=offset, limit=limit, link=link, types=PARTNERSHIP_TYPES, statuses=STATUSES, themes=THEMES,
                  sorts=get_args(Sort),
                  api="/api/partnerships?" + urlencode(params | {"offset": offset}))


@router.get("/partnerships/{pid}", response_class=HTMLResponse)
def partnership(request: Request, store: StoreDep, pid: RowId) -> HTMLResponse:
    record = store.get_partnership(pid)
    texts: dict[int, str] = {}
    for event in record["events"]:
        doc_id = event.get("document_id")
        if doc_id is not None and doc_id not in texts:
            texts[doc_id] = store.get_document(doc_id)["text"]
        event["snippets"] = [_snippet(texts[doc_id], e) for e in event["evidence"]] if doc_id is not None else []
    return render(request, "partnership.html", r=record, curatable=CURATABLE)


def _snippet(text: str, evidence: dict[str, Any]) -> dict[str, Any]:
    start, end = evidence["start"], evidence["end"]
    left = max(0, start - CONTEXT_CHARS)
    right = min(len(text), end + CONTEXT_CHARS)
    return {"before": ("…" if left else "") + text[left:start], "mark": text[start:end],
            "after": text[end:right] + ("…" if right < len(text) else ""), "start": start, "end": end}


@router.get("/places/{place_id}", response_class=HTMLResponse)
def place(request: Request, store: StoreDep, place_id: RowId) -> HTMLResponse:
    return render(request, "place.html", p=store.get_place(place_id), partners=store.place_partners(place_id))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, store: StoreDep, doc_id: RowId,
             highlight: Annotated[list[str] | None, Query(max_length=50)] = None) -> HTMLResponse:
    doc = store.get_document(doc_id)
    spans = sorted({(int(a), int(b)) for h in highlight or [] if (m := re.fullmatch(r"(\d+)-(\d+)", h))
                    for a, b in [m.groups()] if int(a) < int(b) <= len(doc["text"])})
    segments, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        segments.append((doc["text"][cursor:start], False, None))
        segments.append((doc["text"][start:end], True, f"ev-{start}"))
        cursor = end
    segments.append((doc["text"][cursor:], False, None))
    return render(request, "document.html", doc=doc, segments=segments)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, store: StoreDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
              offset: Offset = 0) -> HTMLResponse:
    count = store.stats()["documents"]
    return render(request, "documents.html", docs=store.list_documents(limit=limit, offset=offset), count=count,
                  offset=offset, limit=limit)


@router.get("/upload", response_class=HTMLResponse)
def upload(request: Request) -> HTMLResponse:
    return render(request, "upload.html")


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, f: FiltersDep) -> HTMLResponse:
    return render(request, "map.html", filters=f.as_dict(), statuses=STATUSES, types=PARTNERSHIP_TYPES,
                  api="/api/map?" + urlencode(f.as_dict()))


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, f: FiltersDep) -> HTMLResponse:
    return render(request, "graph.html", filters=f.as_dict(), statuses=STATUSES, types=PARTNERSHIP_TYPES,
                  api="/api/graph?" + urlencode(f.as_dict()))


@router.get("/consultations", response_class=HTMLResponse)
def consultations(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "consultations.html", items=store.list_consultations(),
                  today=dt.date.today().isoformat())


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return render(request, "docs.html")
