"""Shared dependencies: the store, the write token, list filters."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Literal, get_args

from fastapi import Depends, Header, HTTPException, Path, Query, Request

from citypact.api.aggregate import GenerationCache, PayloadCache
from citypact.store import Store

Kind = Literal["twinning", "friendship", "cooperation", "memorandum", "other"]
Status = Literal["proposed", "approved", "signed", "renewed", "suspended", "ended", "existing"]
Sort = Literal["id", "-id", "date", "-date", "status", "type", "expires", "-expires", "updated", "-updated"]
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# The default page is at least 50 rows (DESIGN.md); a page never exceeds the maximum.
DEFAULT_PAGE = 50
# Request bodies (uploads) larger than this are refused with 413.
MAX_BODY_BYTES = 10_000_000
MAX_PAGE = 500


# Pages of results held (the most recent queries).
PAGE_CACHE_ENTRIES = 256


@dataclass
class AppState:
    store: Store
    token: str | None
    cache: PayloadCache = field(default_factory=PayloadCache)
    # answers to list requests, tagged with the store generation they were built at
    pages: GenerationCache = field(default_factory=lambda: GenerationCache(PAGE_CACHE_ENTRIES))


def state(request: Request) -> AppState:
    return request.app.state.citypact


def get_store(request: Request) -> Store:
    return state(request).store


def get_cache(request: Request) -> PayloadCache:
    return state(request).cache


def get_pages(request: Request) -> GenerationCache:
    return state(request).pages


def require_token(request: Request,
                  authorization: Annotated[str | None, Header()] = None) -> Iterator[str]:
    """Writes need the configured token; with none configured the API is read-only.

    A write also drops the cached map, graph and list answers."""
    token = state(request).token
    if token is None:
        raise HTTPException(403, "this registry is read-only: no CITYPACT_TOKEN is configured")
    scheme, _, given = (authorization or "").partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "a valid token is needed: Authorization: Bearer <CITYPACT_TOKEN>")
    yield given
    state(request).cache.clear()
    state(request).pages.clear()  # the writer's next read sees its write


@dataclass
class Filters:
    city: str | None = None
    country: str | None = None
    type: str | None = None
    status: str | None = None
    theme: str | None = None
    since: str | None = None
    until: str | None = None
    expiring_before: str | None = None
    q: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def _or_empty(pattern: str) -> str:
    """An empty form field means 'no filter'."""
    return f"^$|{pattern}"


def filters(
    city: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(pattern=_or_empty(r"^[A-Za-z]{2}$"))] = None,
    type: Annotated[str | None, Query(pattern=_or_empty("^(" + "|".join(get_args(Kind)) + ")$"))] = None,
    status: Annotated[str | None, Query(pattern=_or_empty("^(" + "|".join(get_args(Status)) + ")$"))] = None,
    theme: Annotated[str | None, Query(pattern=_or_empty(r"^[a-z_]{2,20}$"))] = None,
    since: Annotated[str | None, Query(pattern=_or_empty(ISO_DATE))] = None,
    until: Annotated[str | None, Query(pattern=_or_empty(ISO_DATE))] = None,
    expiring_before: Annotated[str | None, Query(pattern=_or_empty(ISO_DATE))] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Filters:
    values = [v or None for v in (city, country, type, status, theme, since, until, expiring_before, q)]
    return Filters(*values)


FiltersDep = Annotated[Filters, Depends(filters)]
StoreDep = Annotated[Store, Depends(get_store)]
# Row ids and offsets within SQL's 64-bit integers: a bigger number is a 422, not a driver error.
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
TokenDep = Annotated[str, Depends(require_token)]
CacheDep = Annotated[PayloadCache, Depends(get_cache)]
PagesDep = Annotated[GenerationCache, Depends(get_pages)]
