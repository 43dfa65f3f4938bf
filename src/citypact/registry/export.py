"""Exports of the registry: CSV (round-trips through `import`), JSON (the records of
`list --format json`), GeoJSON (RFC 7946) and GraphML (networkx, Gephi).

GeoJSON: one Point Feature per place and one LineString Feature per partnership through
its parties' positions, coordinates [lon, lat] in WGS 84; a group party sits at its
members' centroid, so every partnership is one LineString. A place without a position is
left out, and so is a LineString with fewer than two positions. A place that did not
resolve to GeoNames (`geonames_id` null) keeps the position its registry gave.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

FORMATS = ("csv", "json", "geojson", "graphml")
CSV_COLUMNS = ["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2",
               "type", "status", "date", "themes", "sources"]


def party_pairs(record: dict[str, Any]) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    parties = record["parties"]
    for i in range(len(parties)):
        for j in range(i + 1, len(parties)):
            yield parties[i], parties[j]


def position(party: dict[str, Any]) -> tuple[float, float] | None:
    """(lon, lat) of a party; a group at its members' centroid."""
    if party.get("kind") == "group" and party.get("members"):
        coords = [(float(m["lon"]), float(m["lat"])) for m in party["members"]
                  if m.get("lat") is not None and m.get("lon") is not None]
        if coords:
            return (round(sum(c[0] for c in coords) / len(coords), 6), round(sum(c[1] for c in coords) / len(coords), 6))
    if party.get("lat") is None or party.get("lon") is None:
        return None
    return (float(party["lon"]), float(party["lat"]))


def _num(value: Any) -> Any:
    return "" if value is None else value


def to_csv(records: list[dict[str, Any]], out: IO[str]) -> None:
    """One row per pair of parties (a record of n parties gives n·(n-1)/2 rows)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        for a, b in party_pairs(r):
            pa, pb = position(a), position(b)
            writer.writerow([a["name"], a.get("country") or "", _num(pa and pa[1]), _num(pa and pa[0]),
                             b["name"], b.get("country") or "", _num(pb and pb[1]), _num(pb and pb[0]),
                             r["type"], r["status"], r.get("date") or "", ";".join(r.get("themes") or []),
                             ";".join(r.get("sources") or [])])


def _place_key(party: dict[str, Any]) -> str:
    if party.get("geonames_id") is not None:
        return f"gn{party['geonames_id']}"
    if party.get("kind") == "group" and party.get("members"):
        return "group:" + "+".join(sorted(str(m.get("geonames_id") or m.get("name")) for m in party["members"]))
    return f"name:{party['name']}|{party.get('country') or ''}"


def to_geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    points: dict[str, dict[str, Any]] = {}
    lines: list[dict[str, Any]] = []
    for r in records:
        coords = []
        for p in r["parties"]:
            pos = position(p)
            if pos is None:
                continue
            coords.append([pos[0], pos[1]])
            key = _place_key(p)
            if key not in points:
                props = {"name": p["name"], "country": p.get("country"), "geonames_id": p.get("geonames_id"),
                         "kind": p.get("kind"), "resolved": p.get("geonames_id") is not None or bool(p.get("members"))}
                if p.get("members"):
                    props["members"] = [m.get("name") for m in p["members"]]
                points[key] = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [pos[0], pos[1]]},
                               "properties": props}
        if len(coords) >= 2:
            lines.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                          "properties": {"id": r["id"], "parties": [p["name"] for p in r["parties"]],
                                         "type": r["type"], "status": r["status"], "date": r.get("date"),
                                         "themes": list(r.get("themes") or [])}})
    return {"type": "FeatureCollection", "features": list(points.values()) + lines}


def to_graphml(records: list[dict[str, Any]], out: IO[bytes]) -> None:
    """A MultiGraph: a node per place (name, country, lat, lon, kind, geonames_id), an edge
    per pair of parties of each record (id, type, status, date)."""
    import networkx as nx

    graph = nx.MultiGraph()
    for r in records:
        for p in r["parties"]:
            attrs: dict[str, Any] = {"name": p["name"], "country": p.get("country") or "", "kind": p.get("kind") or ""}
            pos = position(p)
            if pos is not None:
                attrs["lat"], attrs["lon"] = pos[1], pos[0]
            if p.get("geonames_id") is not None:
                attrs["geonames_id"] = int(p["geonames_id"])
            graph.add_node(_place_key(p), **attrs)
        for a, b in party_pairs(r):
            graph.add_edge(_place_key(a), _place_key(b), key=str(r["id"]), id=int(r["id"]), type=r["type"],
                           status=r["status"], date=r.get("date") or "")
    nx.write_graphml(graph, out, encoding="utf-8")


def write(records: list[dict[str, Any]], fmt: str, out: IO[str] | IO[bytes]) -> None:
    """Write records in a format to a text stream (csv, json, geojson) or binary (graphml)."""
    if fmt == "csv":
        to_csv(records, out)  # type: ignore[arg-type]
    elif fmt == "json":
        json.dump(records, out, ensure_ascii=False, indent=2)  # type: ignore[arg-type]
        out.write("\n")  # type: ignore[call-overload]
    elif fmt == "geojson":
        json.dump(to_geojson(records), out, ensure_ascii=False)  # type: ignore[arg-type]
        out.write("\n")  # type: ignore[call-overload]
    elif fmt == "graphml":
        to_graphml(records, out)  # type: ignore[arg-type]
    else:
        raise ValueError(f"unknown export format '{fmt}' (valid: {', '.join(FORMATS)})")


def render(records: list[dict[str, Any]], fmt: str) -> str:
    """The export as text."""
    if fmt == "graphml":
        buffer = io.BytesIO()
        to_graphml(records, buffer)
        return buffer.getvalue().decode("utf-8")
    text = io.StringIO()
    write(records, fmt, text)
    return text.getvalue()


def export(store: Any, fmt: str, out: Path | str | IO[str] | None = None) -> int:
    """Export every record of the store (rejected ones excluded) to a file, a stream or
    stdout; the number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format '{fmt}' (valid: {', '.join(FORMATS)})")
    records = store.list_partnerships()
    if out is None or out == "-":
        if fmt == "graphml":
            sys.stdout.write(render(records, fmt))
        else:
            write(records, fmt, sys.stdout)
    elif isinstance(out, (str, Path)):
        path = Path(out)
        if fmt == "graphml":
            with path.open("wb") as fh:
                to_graphml(records, fh)
        else:
            with path.open("w", encoding="utf-8", newline="") as fh:
                write(records, fmt, fh)
    elif fmt == "graphml":
        out.write(render(records, fmt))  # type: ignore[arg-type]
    else:
        write(records, fmt, out)
    return len(records)
