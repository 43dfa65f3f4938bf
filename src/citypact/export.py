"""Exports of the registry: CSV (round-trips through `import`), JSON, GeoJSON (RFC 7946), GraphML."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

FORMATS = ("csv", "json", "geojson", "graphml")
CSV_COLUMNS = ["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2",
               "type", "status", "date", "themes", "duration_years", "expires", "sources", "id"]


def party_pairs(record: dict[str, Any]) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    parties = record["parties"]
    for i in range(len(parties)):
        for j in range(i + 1, len(parties)):
            yield parties[i], parties[j]


def point(party: dict[str, Any]) -> tuple[float, float] | None:
    """A party's position; a group sits at its members' centroid."""
    if party.get("kind") == "group" and party.get("members"):
        coords = [(m["lon"], m["lat"]) for m in party["members"] if m.get("lat") is not None and m.get("lon") is not None]
        if coords:
            return (sum(c[0] for c in coords) / len(coords), sum(c[1] for c in coords) / len(coords))
    if party.get("lat") is None or party.get("lon") is None:
        return None
    return (float(party["lon"]), float(party["lat"]))


def to_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for r in records:
        for a, b in party_pairs(r):
            writer.writerow([a["name"], a.get("country") or "", a.get("lat") or "", a.get("lon") or "",
                             b["name"], b.get("country") or "", b.get("lat") or "", b.get("lon") or "",
                             r["type"], r["status"], r.get("date") or "", ";".join(r.get("themes") or []),
                             r.get("duration_years") or "", r.get("expires") or "",
                             ";".join(r.get("sources") or []), r["id"]])
    return buffer.getvalue()


def to_geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in records:
        for party in r["parties"]:
            key = f"{party.get('geonames_id')}|{party['name']}|{party.get('country')}"
            coords = point(party)
            if key in seen or coords is None:
                continue
            seen.add(key)
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": list(coords)},
                             "properties": {"name": party["name"], "country": party.get("country"),
                                            "geonames_id": party.get("geonames_id"), "kind": party.get("kind")}})
        for a, b in party_pairs(r):
            pa, pb = point(a), point(b)
            if pa is None or pb is None:
                continue
            features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [list(pa), list(pb)]},
                             "properties": {"id": r["id"], "parties": [a["name"], b["name"]], "type": r["type"],
                                            "status": r["status"], "date": r.get("date"),
                                            "themes": r.get("themes") or []}})
    return {"type": "FeatureCollection", "features": features}


def to_graphml(records: list[dict[str, Any]]) -> str:
    import networkx as nx

    graph = nx.MultiGraph()
    for r in records:
        for party in r["parties"]:
            node = _node_id(party)
            coords = point(party)
            graph.add_node(node, name=party["name"], country=party.get("country") or "", kind=party.get("kind") or "",
                           lat=coords[1] if coords else 0.0, lon=coords[0] if coords else 0.0)
        for a, b in party_pairs(r):
            graph.add_edge(_node_id(a), _node_id(b), id=str(r["id"]), type=r["type"], status=r["status"],
                           date=r.get("date") or "")
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue().decode("utf-8")


def _node_id(party: dict[str, Any]) -> str:
    if party.get("geonames_id"):
        return f"gn{party['geonames_id']}"
    return f"{party['name']}|{party.get('country') or ''}"


def render(records: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "csv":
        return to_csv(records)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "geojson":
        return json.dumps(to_geojson(records), ensure_ascii=False) + "\n"
    if fmt == "graphml":
        return to_graphml(records)
    raise ValueError(f"unknown export format '{fmt}' (valid: {', '.join(FORMATS)})")
