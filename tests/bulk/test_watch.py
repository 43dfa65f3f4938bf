"""watch against a real HTTP server on loopback: a feed, a sitemap index and sitemap, pages,
a feed that changes between polls, ETag / Last-Modified answered with 304."""

import http.server
import threading

import pytest

from citypact.bulk.commands import watch as watch_command
from citypact.bulk.watch import USER_AGENT, PoliteClient, WatchState, poll
from citypact.store import open_store

PAGES = {
    "/news/1": "<html><body><article><h1>Twinning</h1><p>The mayors of Lviv and Lublin signed a twinning "
               "agreement on 3 March 2024.</p></article></body></html>",
    "/news/2": "<html><body><article><p>The swimming pool reopens on Monday after repairs.</p></article></body></html>",
    "/news/3": "<html><body><article><p>Lviv and Lublin suspended their twinning agreement on 5 May 2025 "
               "after a dispute.</p></article></body></html>",
    "/news/4": "<html><body><article><p>Tartu and Kharkiv signed a cooperation agreement on 1 June 2025."
               "</p></article></body></html>",
    "/news/5": "<html><body><article><p>The library opens a new reading room.</p></article></body></html>",
}
SITEMAP_MODIFIED = "Mon, 02 Jun 2025 10:00:00 GMT"


def rss(base, items):
    entries = "".join(f"<item><title>{i}</title><link>{base}{i}</link></item>" for i in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>City news</title>{entries}</channel></rss>'


class Site:
    def __init__(self):
        self.feed_items = ["/news/1", "/news/2"]
        self.requests: list[tuple[str, str | None, str | None, str | None]] = []


@pytest.fixture
def site():
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            state.requests.append((self.path, self.headers.get("If-None-Match"),
                                   self.headers.get("If-Modified-Since"), self.headers.get("User-Agent")))
            headers = []
            if self.path == "/feed.xml":
                etag = f'"v{len(state.feed_items)}"'
                if self.headers.get("If-None-Match") == etag:
                    return self._answer(304, b"", [])
                body, headers = rss(base, state.feed_items), [("Content-Type", "application/rss+xml"), ("ETag", etag)]
            elif self.path == "/sitemap-index.xml":
                body = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        "<sitemap><loc>/sitemap-news.xml</loc></sitemap></sitemapindex>")
            elif self.path == "/sitemap-news.xml":
                if self.headers.get("If-Modified-Since") == SITEMAP_MODIFIED:
                    return self._answer(304, b"", [])
                body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        f"<url><loc>{base}/news/4</loc><lastmod>2025-06-01</lastmod></url>"
                        f"<url><loc>{base}/news/5</loc></url></urlset>")
                headers = [("Content-Type", "application/xml"), ("Last-Modified", SITEMAP_MODIFIED)]
            elif self.path in PAGES:
                body, headers = PAGES[self.path], [("Content-Type", "text/html; charset=utf-8")]
            else:
                return self._answer(404, b"not found", [])
            self._answer(200, body.encode(), headers)

        def _answer(self, status, body, headers):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()


def test_watch_polls_ingests_and_remembers(site, tmp_path, gazetteer):
    store = open_store(str(tmp_path / "r.db"))
    feeds = [site.base + "/feed.xml", site.base + "/sitemap-index.xml"]
    client = PoliteClient(delay=0.01)
    first = poll(feeds, WatchState(tmp_path / "watch.sqlite"), store, client)
    assert first.errors == [] and first.new_items == 4 and len(first.new_partnerships) == 2
    assert {ua for *_, ua in site.requests} == {USER_AGENT}
    # nothing changed: the feed answers 304 to its ETag, the sitemap to its Last-Modified
    second = poll(feeds, WatchState(tmp_path / "watch.sqlite"), store, client)
    assert second.unchanged == 2 and second.new_items == 0
    assert ("/feed.xml", '"v2"', None, USER_AGENT) in site.requests
    assert ("/sitemap-news.xml", None, SITEMAP_MODIFIED, USER_AGENT) in site.requests
    # the feed changes; a restarted watcher fetches only the new item and reports the status change
    site.feed_items.append("/news/3")
    third = poll(feeds, WatchState(tmp_path / "watch.sqlite"), store, client)
    assert third.new_items == 1 and third.new_partnerships == []
    assert [(before, after) for _, before, after in third.status_changes] == [("signed", "suspended")]
    assert [r[0] for r in site.requests].count("/news/1") == 1
    store.close()


def test_items_over_the_cap_wait_for_the_next_poll(site, tmp_path, gazetteer):
    store = open_store(str(tmp_path / "r.db"))
    state, client = WatchState(tmp_path / "watch.sqlite"), PoliteClient(delay=0.0)
    site.feed_items = ["/news/1", "/news/2", "/news/3"]
    first = poll([site.base + "/feed.xml"], state, store, client, max_items=2)
    assert first.new_items == 2 and first.waiting == 1
    second = poll([site.base + "/feed.xml"], state, store, client, max_items=2)  # not hidden behind a 304
    assert second.new_items == 1 and second.waiting == 0 and second.unchanged == 0
    third = poll([site.base + "/feed.xml"], state, store, client, max_items=2)
    assert third.unchanged == 1
    store.close()


def test_politeness_delay_per_host(site):
    client = PoliteClient(delay=0.3)
    import time

    started = time.monotonic()
    for _ in range(3):
        client.get(site.base + "/news/2")
    assert time.monotonic() - started >= 0.6
    client.close()


def test_watch_command_once(site, tmp_path, gazetteer, capsys):
    code = watch_command([site.base + "/feed.xml", site.base + "/missing.xml"], once=True,
                         db=str(tmp_path / "r.db"), state=tmp_path / "w.sqlite", host_delay=0.0)
    captured = capsys.readouterr()
    assert code == 1  # one feed failed
    assert "new partnership #1: Lviv (UA) – Lublin (PL)" in captured.out
    assert "missing.xml: HTTP 404" in captured.err
