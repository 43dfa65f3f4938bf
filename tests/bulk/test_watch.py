"""watch against a real HTTP server on loopback: a feed, a sitemap, pages, a feed that changes."""

import http.server
import threading

import pytest

from citypact.store import open_store
from citypact.watch import PoliteClient, WatchState, poll

PAGES = {
    "/news/1": "<html><body><article><h1>Twinning</h1><p>The mayors of Lviv and Lublin signed a twinning "
               "agreement on 3 March 2024.</p></article></body></html>",
    "/news/2": "<html><body><article><p>The swimming pool reopens on Monday after repairs.</p></article></body></html>",
    "/news/3": "<html><body><article><p>Lviv and Lublin suspended their twinning agreement on 5 May 2025 "
               "after a dispute.</p></article></body></html>",
    "/news/4": "<html><body><article><p>Tartu and Kharkiv signed a cooperation agreement on 1 June 2025."
               "</p></article></body></html>",
}


def rss(items):
    entries = "".join(f"<item><title>{i}</title><link>{{base}}{i}</link></item>" for i in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>City news</title>{entries}</channel></rss>'


class Site:
    def __init__(self):
        self.feed_items = ["/news/1", "/news/2"]
        self.requests: list[tuple[str, str | None]] = []


@pytest.fixture
def site():
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            state.requests.append((self.path, self.headers.get("If-None-Match")))
            if self.path == "/feed.xml":
                body = rss(state.feed_items).replace("{base}", base).encode()
                etag = f'"v{len(state.feed_items)}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
            elif self.path == "/sitemap.xml":
                body = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        f"<url><loc>{base}/news/4</loc></url></urlset>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
            elif self.path in PAGES:
                body = PAGES[self.path].encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
            else:
                body = b"not found"
                self.send_response(404)
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
    feeds = [site.base + "/feed.xml", site.base + "/sitemap.xml"]
    client = PoliteClient(delay=0.01)
    first = poll(feeds, WatchState(tmp_path / "watch.sqlite"), store, client)
    assert first.new_items == 3 and len(first.new_partnerships) == 2 and first.errors == []
    # same feed again: 304 for the feed, nothing fetched
    second = poll(feeds, WatchState(tmp_path / "watch.sqlite"), store, client)
    assert second.unchanged == 1 and second.new_items == 0
    assert (("/feed.xml", '"v2"') in site.requests)
    # the feed changes: only the new item is fetched, and a status change is reported
    site.feed_items.append("/news/3")
    restarted = WatchState(tmp_path / "watch.sqlite")  # state survives a restart
    third = poll(feeds, restarted, store, client)
    assert third.new_items == 1 and third.new_partnerships == []
    assert [(before, after) for _, before, after in third.status_changes] == [("signed", "suspended")]
    assert [p for p, _ in site.requests].count("/news/1") == 1
    store.close()
