"""Canonical places: one row per Place.key (GeoNames id, else name and country, groups by members)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from citypact.models import Place
from citypact.store.schema import places
from citypact.store.values import chunks, dumps, loads, search_key

# A place seen under many spellings keeps this many local names (enough for every language).
MAX_LOCAL_NAMES = 60


def place_row(place: Place, local_name: str | None, resolved: bool) -> dict[str, Any]:
    members = [{"name": m.name, "country": m.country, "geonames_id": m.geonames_id, "lat": m.lat, "lon": m.lon}
               for m in place.members]
    local_names = [local_name] if local_name and local_name != place.name else []
    return {
        "key": place.key, "geonames_id": place.geonames_id, "name": place.name, "country": place.country,
        "lat": place.lat, "lon": place.lon, "kind": place.kind, "members": dumps(members),
        "local_names": dumps(local_names), "resolved": resolved,
        "search": search_key(place.name, local_names),
    }


def ensure_places(conn: Connection, wanted: Iterable[tuple[Place, str | None, bool]]) -> dict[str, int]:
    """Place.key → id for every place, inserting the new ones and adding new local names to
    known ones, with a handful of statements however many places there are."""
    by_key: dict[str, tuple[Place, bool, list[str]]] = {}
    for place, local_name, resolved in wanted:
        _, _, names = by_key.setdefault(place.key, (place, resolved, []))
        if local_name and local_name != place.name and local_name not in names:
            names.append(local_name)
    ids: dict[str, int] = {}
    changed: list[dict[str, Any]] = []
    for chunk in chunks(list(by_key)):
        query = select(places.c.id, places.c.key, places.c.name, places.c.local_names).where(places.c.key.in_(chunk))
        for row in conn.execute(query):
            ids[row.key] = row.id
            known = loads(row.local_names, [])
            added = [n for n in by_key[row.key][2] if n not in known][: max(0, MAX_LOCAL_NAMES - len(known))]
            if added:
                names = known + added
                changed.append({"pid": row.id, "names": dumps(names), "find": search_key(row.name, names)})
    if changed:
        conn.execute(update(places).where(places.c.id == bindparam("pid"))
                     .values(local_names=bindparam("names"), search=bindparam("find")), changed)
    new = []
    for key, (place, resolved, names) in by_key.items():
        if key not in ids:
            row = place_row(place, None, resolved)
            row["local_names"] = dumps(names[:MAX_LOCAL_NAMES])
            row["search"] = search_key(place.name, names)
            new.append(row)
    if new:
        conn.execute(insert(places), new)
        for chunk in chunks([row["key"] for row in new]):
            ids.update({r.key: r.id for r in conn.execute(select(places.c.id, places.c.key)
                                                             .where(places.c.key.in_(chunk)))})
    return ids
