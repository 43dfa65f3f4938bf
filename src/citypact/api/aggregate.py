"""Compact, pre-aggregated data for the map and the graph, and a small cache for it.

At 26,000 partnerships the full records take about two seconds to load; the map needs only
places (once each) and links (as index pairs), and the same answer serves every visitor
until the registry changes.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from citypact.export import party_pairs, point

# The graph shows the best-connected places; the rest are summarised by `total_places`.
GRAPH_NODES = 400
# Another process (the CLI, a batch) may write to the same store: cached answers expire.
CACHE_SECONDS = 60.0
CACHE_ENTRIES = 64


def map_payload(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Places once each as [place_id, name, lat, lon]; links as [i, j, status, partnership id]."""
    index: dict[Any, int] = {}
    places: list[list[Any]] = []
    links: list[list[Any]] = []

    def at(party: dict[str, Any]) -> int | None:
        key = party.get("place_id") or party["name"]
        if key not in index:
            coords = point(party)
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


class PayloadCache:
    """Serialised JSON answers by key, dropped on every write through this app and after a while."""

    def __init__(self, seconds: float = CACHE_SECONDS, entries: int = CACHE_ENTRIES) -> None:
        self.seconds, self.entries = seconds, entries
        self._items: dict[str, tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, build: Callable[[], dict[str, Any]]) -> bytes:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit and now - hit[0] < self.seconds:
                return hit[1]
        body = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode()
        with self._lock:
            if len(self._items) >= self.entries:
                self._items.pop(next(iter(self._items)))
            self._items[key] = (now, body)
        return body

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
