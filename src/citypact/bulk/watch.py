"""Watch city news rooms: poll RSS/Atom feeds and sitemaps, ingest new items, report changes.

Polite: a User-Agent, conditional GET (ETag / Last-Modified) on feeds and sitemaps, a delay
between two requests to the same host, and a cap on items fetched per feed and poll (the
rest wait for the next poll). What was seen survives restarts in a small SQLite file; an
item whose feed or sitemap shows a newer date than the one seen is fetched again. A page
that failed for a passing reason (network, HTTP 5xx or 429) is tried again next poll.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

import feedparser
import httpx

from citypact.errors import ReadError

USER_AGENT = "citypact/0.1 (city partnership registry; feed reader)"
# Seconds between two requests to the same host.
HOST_DELAY = 1.0
# Items fetched per feed or sitemap and poll; the rest are fetched on later polls.
MAX_ITEMS_PER_POLL = 50
# Child sitemaps followed from one sitemap index per poll.
MAX_CHILD_SITEMAPS = 20
TIMEOUT = 30.0
MAX_PAGE_BYTES = 20_000_000


@dataclass(frozen=True)
class Item:
    url: str
    version: str | None = None  # the feed's updated/published or the sitemap's lastmod


@dataclass
class PollReport:
    feeds: int = 0
    unchanged: int = 0  # feeds answered 304 Not Modified
    new_items: int = 0
    waiting: int = 0  # new items left for a later poll (politeness cap)
    new_partnerships: list[int] = field(default_factory=list)
    status_changes: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class WatchState:
    """Validators of each feed and the items seen, in a SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.db = sqlite3.connect(str(path))
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT);"
            "CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, feed TEXT, version TEXT, seen_at TEXT,"
            " error TEXT);")
        self.db.commit()

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (feed,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, feed: str, etag: str | None, last_modified: str | None) -> None:
        self.db.execute("INSERT INTO feeds VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,"
                        " last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                        (feed, etag, last_modified, _now()))
        self.db.commit()

    def is_new(self, item: Item) -> bool:
        row = self.db.execute("SELECT version FROM seen WHERE url = ?", (item.url,)).fetchone()
        return row is None or (item.version is not None and row[0] is not None and item.version > row[0])

    def mark(self, item: Item, feed: str, error: str | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?, ?)",
                        (item.url, feed, item.version, _now(), error))
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class PoliteClient:
    """An HTTP client with a User-Agent that waits between requests to the same host."""

    def __init__(self, delay: float = HOST_DELAY, timeout: float = TIMEOUT) -> None:
        self.client = httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self.delay = delay
        self.last: dict[str, float] = {}

    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        host = urlparse(url).netloc
        wait = self.last.get(host, -1e9) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return self.client.get(url, headers=headers or {})
        finally:
            self.last[host] = time.monotonic()

    def close(self) -> None:
        self.client.close()


def parse_listing(content: bytes, base_url: str) -> tuple[list[Item], list[str]]:
    """(items, child sitemaps) of an RSS/Atom feed, a sitemap or a sitemap index."""
    head = content[:4000].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        root = ET.fromstring(content)
        entries = [(_child(e, "loc"), _child(e, "lastmod")) for e in root if e.tag.rsplit("}", 1)[-1] in ("url", "sitemap")]
        entries = [(urljoin(base_url, loc), mod) for loc, mod in entries if loc]
        if root.tag.endswith("sitemapindex"):
            return [], [loc for loc, _ in entries]
        return [Item(loc, mod) for loc, mod in entries], []
    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not a feed or sitemap ({type(parsed.bozo_exception).__name__})")
    items = [Item(urljoin(base_url, e.link), _entry_version(e)) for e in parsed.entries if getattr(e, "link", None)]
    return items, []


def _child(element: ET.Element, name: str) -> str | None:
    for child in element:
        if child.tag.rsplit("}", 1)[-1] == name and child.text:
            return child.text.strip()
    return None


def _entry_version(entry) -> str | None:
    for key in ("updated_parsed", "published_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return None


def poll(feeds: list[str], state: WatchState, store, client: PoliteClient, *,
         max_items: int = MAX_ITEMS_PER_POLL, log: Callable[[str], None] = lambda _m: None) -> PollReport:
    """One round over all feeds and sitemaps (and the sitemaps a sitemap index lists):
    fetch new items, analyse and store them."""
    report = PollReport(feeds=len(feeds))
    for feed in feeds:
        children = _poll_listing(feed, state, store, client, report, max_items, log)
        for child in children[:MAX_CHILD_SITEMAPS]:
            _poll_listing(child, state, store, client, report, max_items, log)
    return report


def _poll_listing(url: str, state: WatchState, store, client: PoliteClient, report: PollReport, max_items: int,
                  log: Callable[[str], None]) -> list[str]:
    """Fetch one feed or sitemap and its new items; returns the child sitemaps of an index.
    Its validators are kept only once every new item was handled, so items left for later
    (the cap) or to retry are not hidden behind a 304 on the next poll."""
    fetched = _listing(url, state, client, report)
    if fetched is None:
        return []
    items, children, validators = fetched
    fresh = [item for item in _unique(items) if state.is_new(item)]
    report.waiting += max(0, len(fresh) - max_items)
    complete = len(fresh) <= max_items
    for item in fresh[:max_items]:
        complete &= _fetch_item(item, url, state, store, client, report, log)
    if complete:
        state.save_validators(url, *validators)
    return children


def _unique(items: list[Item]) -> list[Item]:
    seen: set[str] = set()
    return [i for i in items if not (i.url in seen or seen.add(i.url))]


def _listing(feed: str, state: WatchState, client: PoliteClient, report: PollReport
             ) -> tuple[list[Item], list[str], tuple[str | None, str | None]] | None:
    """(items, child sitemaps, validators) of one feed or sitemap; None when unchanged (304)
    or failed."""
    etag, modified = state.validators(feed)
    headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
    try:
        response = client.get(feed, headers)
    except httpx.HTTPError as exc:
        report.errors.append(f"{feed}: could not fetch ({type(exc).__name__}: {exc})")
        return None
    if response.status_code == 304:
        report.unchanged += 1
        return None
    if response.status_code >= 400:
        report.errors.append(f"{feed}: HTTP {response.status_code}")
        return None
    try:
        items, children = parse_listing(response.content, str(response.url))
    except (ET.ParseError, ValueError) as exc:
        report.errors.append(f"{feed}: not a feed or sitemap ({exc})")
        return None
    return items, children, (response.headers.get("ETag"), response.headers.get("Last-Modified"))


def _fetch_item(item: Item, feed: str, state: WatchState, store, client: PoliteClient, report: PollReport,
                log: Callable[[str], None]) -> bool:
    """Fetch, analyse and store one item; False when it should be tried again next poll."""
    from citypact.analyse import pipeline
    from citypact.read import read_bytes

    try:
        page = client.get(item.url)
    except httpx.HTTPError as exc:
        report.errors.append(f"{item.url}: could not fetch ({type(exc).__name__}); tried again next poll")
        return False
    if page.status_code == 429 or page.status_code >= 500:
        report.errors.append(f"{item.url}: HTTP {page.status_code}; tried again next poll")
        return False
    try:
        if page.status_code >= 400:
            raise ReadError(item.url, f"HTTP {page.status_code}")
        if len(page.content) > MAX_PAGE_BYTES:
            raise ReadError(item.url, "response too large")
        document = read_bytes(page.content, item.url, content_type=page.headers.get("content-type"), url=item.url)
        result = store.ingest(pipeline(document))
    except ReadError as exc:
        report.errors.append(str(exc))
        state.mark(item, feed, exc.reason)
        return True
    except Exception as exc:  # noqa: BLE001 - one odd page must not stop the watch
        report.errors.append(f"{item.url}: analysis failed ({type(exc).__name__}: {exc})")
        state.mark(item, feed, f"analysis failed: {type(exc).__name__}")
        return True
    state.mark(item, feed)
    report.new_items += 1
    report.new_partnerships += result.new_partnerships
    report.status_changes += result.status_changes
    log(f"{item.url}: {len(result.partnership_ids)} partnerships, {len(result.new_partnerships)} new, "
        f"{len(result.status_changes)} status changes")
    return True
