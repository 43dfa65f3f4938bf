"""URLs: fetched with httpx, read by content type, failures as one-line ReadErrors."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from read_builders import ARTICLE_HTML, pdf_bytes

from citypact.errors import ReadError
from citypact.read import iter_documents
from citypact.read.http import USER_AGENT, fetch_url, make_client

PAGES = {
    "/article": (200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
    "/report": (200, "application/pdf", pdf_bytes()),
    "/note": (200, "text/plain; charset=windows-1251", "Житомир і Гдиня.".encode("cp1251")),
}


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.headers["User-Agent"] == USER_AGENT
    path = request.url.path
    if path == "/old":
        return httpx.Response(301, headers={"Location": "/article"})
    if path == "/loop":
        return httpx.Response(302, headers={"Location": "/loop"})
    if path == "/slow":
        raise httpx.ReadTimeout("timed out", request=request)
    if path == "/big":
        return httpx.Response(200, headers={"Content-Type": "text/plain"}, content=b"x" * 5000)
    if path not in PAGES:
        return httpx.Response(404)
    status, content_type, body = PAGES[path]
    return httpx.Response(status, headers={"Content-Type": content_type}, content=body)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(transport=httpx.MockTransport(_handler)) as http:
        yield http


def _fetch(client: httpx.Client, path: str, max_bytes: int = 1_000_000):
    return fetch_url(f"https://city.example{path}", max_bytes=max_bytes, client=client)


def test_html_page_after_redirect(client: httpx.Client) -> None:
    document = _fetch(client, "/old")
    assert document.source == "https://city.example/old"
    assert document.url == "https://city.example/article"
    assert document.title == "København og Kyiv indgår venskabsbyaftale"
    assert "Læs også" not in document.text


def test_content_type_decides_the_reader(client: httpx.Client) -> None:
    assert "venskabsbyaftale med Mykolaiv" in _fetch(client, "/report").text
    assert _fetch(client, "/note").text == "Житомир і Гдиня."


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/loop", "too many redirects (> 10)"),
        ("/slow", "timed out after 30 s"),
        ("/big", "response too large (0.005 MB > limit 0.001 MB)"),
    ],
)
def test_fetch_failures(client: httpx.Client, path: str, reason: str) -> None:
    with pytest.raises(ReadError) as caught:
        _fetch(client, path, max_bytes=1000)
    assert str(caught.value) == f"https://city.example{path}: {reason}"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, content_type, body = PAGES.get(self.path, (404, "text/plain", b"nope"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_iter_documents_over_a_real_http_server() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        results = list(iter_documents([f"{base}/article", f"{base}/missing"]))
        unreachable = list(iter_documents([f"http://127.0.0.1:{_closed_port()}/x"]))
    finally:
        server.shutdown()
        server.server_close()
    article, missing = results
    assert article.url == f"{base}/article" and "hovedstæder" in article.text
    assert str(missing) == f"{base}/missing: HTTP 404 Not Found"
    assert isinstance(unreachable[0], ReadError)
    assert unreachable[0].reason.startswith("could not fetch (ConnectError")


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
