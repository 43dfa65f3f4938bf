"""URLs: fetch a page or file over HTTP(S) and read it by its content type."""

from __future__ import annotations

import httpx

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read.base import describe, too_large
from citypact.read.formats import read_bytes

USER_AGENT = "citypact/0.1"
TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 10


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def make_client(**options: object) -> httpx.Client:
    """The HTTP client citypact reads with (User-Agent, timeout, redirects)."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=TIMEOUT_SECONDS,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        **options,  # type: ignore[arg-type]
    )


def fetch_url(url: str, *, max_bytes: int, client: httpx.Client | None = None) -> Document:
    """A Document from a URL; `source` is the URL as given, `url` the final one."""
    own_client = client is None
    http = client or make_client()
    try:
        data, content_type, final_url = _download(http, url, max_bytes)
    except httpx.TooManyRedirects:
        raise ReadError(url, f"too many redirects (> {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        raise ReadError(url, f"timed out after {TIMEOUT_SECONDS:g} s") from None
    except httpx.HTTPError as exc:
        raise ReadError(url, f"could not fetch ({describe(exc)})") from exc
    finally:
        if own_client:
            http.close()
    return read_bytes(data, url, content_type=content_type, url=final_url)


def _download(http: httpx.Client, url: str, max_bytes: int) -> tuple[bytes, str | None, str]:
    with http.stream("GET", url) as response:
        if response.status_code >= 400:
            raise ReadError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise too_large(url, int(declared), max_bytes, "response")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise too_large(url, size, max_bytes, "response")
            chunks.append(chunk)
        return b"".join(chunks), response.headers.get("Content-Type"), str(response.url)
