"""Compact, pre-aggregated data for the map and the graph, and a small cache for it.

At 26,000 partnerships the full records take about two seconds to load; the map needs only
places (once each) and links (as index pairs), and the same answer serves every visitor
until the registry changes.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from citypact.registry.export import party_pairs, position

LOG = logging.getLogger("citypact.api")
# The graph shows the best-connected places; the rest are summarised by `total_places`.
GRAPH_NODES = 400
# Another process (the CLI, a batch) may write to the same store: answers are keyed by a cheap
# fingerprint of the registry, and expire in any case after this long.
CACHE_SECONDS = 300.0
CACHE_ENTRIES = 64


def map_payload(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Places once each as [place_id, name, lat, lon]; links as [i, j, status, partnership id]."""
    index: dict[Any, int] = {}
    places: list[list[Any]] = []
    links: list[list[Any]] = []

    def at(party: dict[str, Any]) -> int | None:
        key = party.get("place_id") or party["name"]
        if key not in index:
            coords = position(party)
            if coords is None:
                return None
            index[key] = len(places)
            places.append([party.get("place_id"), party["name"], round(coords[1], 4), round(coords[0], 4)])
        return index[key]

    for r in records:
        for a, b in party_pairs(r):
            i, j = at(a), at(b)
            if i is not None and j is not None:
                links.append([i, j, r["status"], r["id"]])
    return {"places": places, "links": links}


def graph_payload(records: Iterable[dict[str, Any]], limit: int = GRAPH_NODES) -> dict[str, Any]:
    """The `limit` places with most partners, and the links among them."""
    degree: Counter[int] = Counter()
    names: dict[int, str] = {}
    edges: list[tuple[int, int, str]] = []
    for r in records:
        for a, b in party_pairs(r):
            ia, ib = a.get("place_id"), b.get("place_id")
            if ia is None or ib is None:
                continue
            names[ia], names[ib] = a["name"], b["name"]
            degree[ia] += 1
            degree[ib] += 1
            edges.append((ia, ib, r["status"]))
    keep = {pid for pid, _ in degree.most_common(limit)}
    nodes = [{"id": pid, "name": names[pid], "degree": degree[pid]} for pid in sorted(keep)]
    return {"nodes": nodes, "edges": [[a, b, s] for a, b, s in edges if a in keep and b in keep],
            "total_places": len(degree)}


def fingerprint(store: Any) -> str:
    """Changes when records are added, removed or updated (ingest, import, curation, merge)."""
    latest = store.list_partnerships(sort="-updated", limit=1)
    head = f"{latest[0]['id']}:{latest[0]['status']}:{len(latest[0]['events'])}" if latest else "-"
    return f"{store.count_partnerships()}:{head}"


def map_json(store: Any, cache: PayloadCache, filters: dict[str, str], place: int | None = None) -> bytes:
    key = "map?" + urlencode(filters | ({"place": place} if place is not None else {})) + "#" + fingerprint(store)
    return cache.get(key, lambda: map_payload(store.list_partnerships(**filters, place_id=place)))


def graph_json(store: Any, cache: PayloadCache, filters: dict[str, str]) -> bytes:
    key = "graph?" + urlencode(filters) + "#" + fingerprint(store)
    return cache.get(key, lambda: graph_payload(store.list_partnerships(**filters)))


def warm(store: Any, cache: PayloadCache) -> threading.Thread:
    """Build the unfiltered map and graph in the background, so the first visitor does not wait."""
    def run() -> None:
        try:
            map_json(store, cache, {})
            graph_json(store, cache, {})
        except Exception:
            LOG.warning("could not prepare the map and graph data", exc_info=True)

    thread = threading.Thread(target=run, name="citypact-warm", daemon=True)
    thread.start()
    return thread


def _json_body(payload: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON, as every cached answer is sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class PayloadCache:
    """Serialised JSON answers by key, built once even when asked for concurrently, dropped on
    every write through this app and after CACHE_SECONDS."""

    def __init__(self, seconds: float = CACHE_SECONDS, entries: int = CACHE_ENTRIES) -> None:
        self.seconds, self.entries = seconds, entries
        self._items: dict[str, tuple[float, bytes]] = {}
        self._building: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def _fresh(self, key: str) -> bytes | None:
        hit = self._items.get(key)
        return hit[1] if hit and time.monotonic() - hit[0] < self.seconds else None

    def get(self, key: str, build: Callable[[], dict[str, Any]]) -> bytes:
        with self._lock:
            body = self._fresh(key)
            if body is not None:
                return body
            building = self._building.setdefault(key, threading.Lock())
        with building:  # a second caller waits for the first one's answer instead of building it again
            with self._lock:
                body = self._fresh(key)
            if body is None:
                body = _json_body(build())
                with self._lock:
                    if len(self._items) >= self.entries:
                        self._items.pop(next(iter(self._items)))
                    self._items[key] = (time.monotonic(), body)
        with self._lock:
            self._building.pop(key, None)
        return body

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class GenerationCache:
    """Serialised answers by key, each tagged with the store generation it was built at.

    An answer of the current generation is served as is. When the store has moved on, the
    answer of the previous generation is still served while one background thread builds the
    new one (stale while revalidating), so readers never queue behind a rebuild during a busy
    ingest; they see a write at most one build later. With no answer yet, the caller builds.
    """

    def __init__(self, entries: int = 256) -> None:
        self.entries = entries
        self._items: dict[str, tuple[Any, bytes]] = {}
        self._refreshing: set[str] = set()
        self._lock = threading.Lock()

    def get(self, key: str, generation: Any, build: Callable[[], dict[str, Any]]) -> bytes:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] != generation and key not in self._refreshing:
                self._refreshing.add(key)
                threading.Thread(target=self._refresh, args=(key, generation, build), daemon=True).start()
        if hit is not None:
            return hit[1]
        return self._store(key, generation, build)

    def _refresh(self, key: str, generation: Any, build: Callable[[], dict[str, Any]]) -> None:
        try:
            self._store(key, generation, build)
        except Exception:
            LOG.exception("refreshing %s failed", key)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _store(self, key: str, generation: Any, build: Callable[[], dict[str, Any]]) -> bytes:
        body = _json_body(build())
        with self._lock:
            if len(self._items) >= self.entries and key not in self._items:
                self._items.pop(next(iter(self._items)))
            self._items[key] = (generation, body)
        return body

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
