"""HTTP API and server-rendered web UI over the registry store.

Every HTML page has a JSON twin under /api/…; list endpoints answer {"data": [...], "count": N}.
Reads need no token; writes need `Authorization: Bearer $CITYPACT_TOKEN` and are refused
when no token is configured. Every error has one JSON envelope.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from citypact.api import pages
from citypact.api.aggregate import warm
from citypact.api.deps import MAX_BODY_BYTES, AppState
from citypact.api.routes import ROUTERS
from citypact.api.schemas import ErrorPublic
from citypact.errors import CitypactError, Conflict, NotFound, StoreError
from citypact.store import open_store

LOG = logging.getLogger("citypact.api")
STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
DESCRIPTION = ("City-to-city partnerships extracted from what cities and the press publish. "
               "Reads need no token; writes need `Authorization: Bearer <CITYPACT_TOKEN>`. "
               "Every error answers `{\"error\": {\"status\": N, \"message\": \"...\"}}`.")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def create_app(db_url: str, token: str | None = None) -> FastAPI:
    store = open_store(db_url)
    state = AppState(store=store, token=token or None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        warm(store, state.cache)
        yield
        store.close()

    app = FastAPI(title="citypact", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description=DESCRIPTION, responses={code: {"model": ErrorPublic} for code in (400, 404, 422)})
    app.state.citypact = state
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return error(413, f"request body larger than {MAX_BODY_BYTES} bytes")
        try:
            response = await call_next(request)
        except Exception as exc:
            LOG.exception("%s %s failed", request.method, request.url.path)
            response = error(500, f"internal error: {type(exc).__name__}")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return error(422, f"invalid request: {where}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(NotFound)
    async def not_found(_request: Request, exc: NotFound):
        return error(404, str(exc))

    @app.exception_handler(Conflict)
    async def conflict(_request: Request, exc: Conflict):
        return error(409, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError):
        return error(400, str(exc))

    @app.exception_handler(CitypactError)
    async def citypact_error(_request: Request, exc: CitypactError):
        return error(400, str(exc))

    return app
