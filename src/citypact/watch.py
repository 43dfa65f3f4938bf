"""Watch city news rooms: poll RSS/Atom feeds and sitemaps, ingest new items, report changes.

Polite: conditional GET (ETag / Last-Modified), a delay between requests to the same host, a
cap on items per poll. What has been seen survives restarts in a small SQLite state file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

import feedparser
import httpx

USER_AGENT = "citypact/0.1 (+partnership registry)"
# Seconds between two requests to the same host, and items fetched per feed and poll.
HOST_DELAY = 1.0
MAX_ITEMS_PER_POLL = 50
TIMEOUT = 30.0
MAX_PAGE_BYTES = 20_000_000


@dataclass
class PollReport:
    feeds: int = 0
    unchanged: int = 0
    new_items: int = 0
    new_partnerships: list[int] = field(default_factory=list)
    status_changes: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class WatchState:
    """Feeds' validators and the items already seen, in a SQLite file."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, feed TEXT, seen_at TEXT, error TEXT)")
        self.db.commit()

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (feed,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, feed: str, etag: str | None, last_modified: str | None) -> None:
        self.db.execute("INSERT INTO feeds VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
                        "last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                        (feed, etag, last_modified, dt.datetime.now(dt.timezone.utc).isoformat()))
        self.db.commit()

    def seen(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM seen WHERE url = ?", (url,)).fetchone() is not None

    def mark(self, url: str, feed: str, error: str | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?)",
                        (url, feed, dt.datetime.now(dt.timezone.utc).isoformat(), error))
        self.db.commit()

    def close(self) -> None:
        self.db.close()


class PoliteClient:
    """An HTTP client that waits between requests to the same host."""

    def __init__(self, delay: float = HOST_DELAY) -> None:
        self.client = httpx.Client(timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self.delay = delay
        self.last: dict[str, float] = {}

    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        host = urlparse(url).netloc
        wait = self.last.get(host, 0.0) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return self.client.get(url, headers=headers or {})
        finally:
            self.last[host] = time.monotonic()

    def close(self) -> None:
        self.client.close()


def item_urls(content: bytes, base_url: str) -> list[str]:
    """Item links of an RSS/Atom feed or the page URLs of a sitemap, in document order."""
    head = content[:2000].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        root = ET.fromstring(content)
        return [loc.text.strip() for loc in root.iter() if loc.tag.endswith("loc") and loc.text]
    parsed = feedparser.parse(content)
    return [entry.link for entry in parsed.entries if getattr(entry, "link", None)]


def poll(feeds: list[str], state: WatchState, store, client: PoliteClient, *,
         max_items: int = MAX_ITEMS_PER_POLL, log: Callable[[str], None] = lambda _m: None) -> PollReport:
    """One round over all feeds: fetch new items, analyse and store them."""
    from citypact.analyse import pipeline
    from citypact.errors import ReadError
    from citypact.read import read_bytes

    report = PollReport(feeds=len(feeds))
    for feed in feeds:
        etag, modified = state.validators(feed)
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        try:
            response = client.get(feed, headers)
        except httpx.HTTPError as exc:
            report.errors.append(f"{feed}: could not fetch ({type(exc).__name__})")
            continue
        if response.status_code == 304:
            report.unchanged += 1
            continue
        if response.status_code >= 400:
            report.errors.append(f"{feed}: HTTP {response.status_code}")
            continue
        state.save_validators(feed, response.headers.get("ETag"), response.headers.get("Last-Modified"))
        try:
            urls = item_urls(response.content, feed)
        except ET.ParseError as exc:
            report.errors.append(f"{feed}: not a feed or sitemap ({exc})")
            continue
        for url in [u for u in urls if not state.seen(u)][:max_items]:
            try:
                page = client.get(url)
                if page.status_code >= 400:
                    raise ReadError(url, f"HTTP {page.status_code}")
                if len(page.content) > MAX_PAGE_BYTES:
                    raise ReadError(url, "response too large")
                document = read_bytes(page.content, url, content_type=page.headers.get("content-type"), url=url)
                result = store.ingest(pipeline(document))
            except (ReadError, httpx.HTTPError) as exc:
                report.errors.append(str(exc) if isinstance(exc, ReadError) else f"{url}: {type(exc).__name__}")
                state.mark(url, feed, str(exc))
                continue
            state.mark(url, feed)
            report.new_items += 1
            report.new_partnerships += result.new_partnerships
            report.status_changes += result.status_changes
            log(f"{url}: {len(result.partnership_ids)} partnerships, {len(result.new_partnerships)} new")
    return report
