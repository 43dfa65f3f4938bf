"""Compare the partnerships extracted into the store with a known registry (a CSV).

For each extracted record (one with at least one event from a document) the verdict is:
- `new`: no pair of its parties is in the registry with the record's type;
- `known`: the registry has its parties with its type and a compatible status;
- `contradicted`: the registry has them with that type but a status that disagrees — one
  says ended or suspended and the other not, or the record is only proposed or approved
  where the registry knows the agreement as in force.
A pair the registry knows with another type leaves the record `new` (a cooperation
agreement between twin towns is a new agreement), with `known_as` saying what is known.
Parties are matched by GeoNames id, else by name and country; a group party matches by
itself or by any of its members.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from citypact.models import PARTNERSHIP_TYPES, STATUSES
from citypact.registry.import_csv import CachedResolver, make_resolver, party, read_rows, side
from citypact.registry.resolve import Resolver

FINAL = frozenset({"ended", "suspended"})
IN_FORCE = frozenset({"existing", "signed", "renewed"})
PENDING = frozenset({"proposed", "approved"})
COMPARE_COLUMNS = ["id", "parties", "type", "status", "date", "verdict", "known_as", "reason"]


def _statuses_agree(record_status: str, known_status: str) -> tuple[bool, str]:
    if (record_status in FINAL) != (known_status in FINAL):
        return False, f"registry: {known_status}, extracted: {record_status}"
    if record_status in PENDING and known_status in IN_FORCE:
        return False, f"registry: already {known_status}, extracted: only {record_status}"
    return True, ""


def party_keys(p: Mapping[str, Any]) -> set[str]:
    """Keys a record party matches by: its GeoNames id (else name and country), and for a
    group also each member's."""
    keys = {_key(p)}
    for m in p.get("members") or ():
        keys.add(_key(m))
    return keys


def _key(p: Mapping[str, Any]) -> str:
    if p.get("geonames_id") is not None:
        return f"gn:{p['geonames_id']}"
    return f"name:{str(p.get('name') or '').casefold()}|{p.get('country') or ''}"


def load_known(path: Path | str, resolver: Resolver, columns: Mapping[str, str | None] | None = None
               ) -> dict[frozenset[str], list[tuple[str, str]]]:
    """Unordered pair of place keys → the (type, status) the registry gives it."""
    resolve = CachedResolver(resolver)
    known: dict[frozenset[str], list[tuple[str, str]]] = {}
    for _, row in read_rows(Path(path), columns):
        a, b = (party(resolve(*side(row, i))) for i in (1, 2))
        if not a.name or not b.name:
            continue
        type_ = row.get("type") if row.get("type") in PARTNERSHIP_TYPES else "twinning"
        status = row.get("status") if row.get("status") in STATUSES else "existing"
        pair = frozenset({_key({"geonames_id": a.geonames_id, "name": a.name, "country": a.country}),
                          _key({"geonames_id": b.geonames_id, "name": b.name, "country": b.country})})
        if len(pair) == 2:
            entries = known.setdefault(pair, [])
            if (type_, status) not in entries:
                entries.append((type_, status))
    return known


def compare(path: Path | str, store: Any, *, columns: Mapping[str, str | None] | None = None,
            resolver: Resolver | None = None, min_population: int = 500) -> list[dict[str, Any]]:
    """One row per extracted record: id, parties, type, status, date, verdict, known_as, reason."""
    records = [r for r in store.list_partnerships()
               if any(e.get("document_id") is not None for e in r.get("events") or ())]
    rows = read_rows(Path(path), columns)
    next(rows, None)  # a missing file or column fails here, before the gazetteer loads
    known = load_known(path, resolver or make_resolver(min_population), columns) if records else {}
    out = []
    for record in records:
        parties = record["parties"]
        matched: list[tuple[str, str]] = []
        for i in range(len(parties)):
            for j in range(i + 1, len(parties)):
                for ka in party_keys(parties[i]):
                    for kb in party_keys(parties[j]):
                        for entry in known.get(frozenset({ka, kb}), ()):
                            if entry not in matched:
                                matched.append(entry)
        same_type = [(t, s) for t, s in matched if t == record["type"]]
        verdict, reason = "new", ""
        if same_type:
            verdict = "known"
            for _, status in same_type:
                agree, why = _statuses_agree(record["status"], status)
                if not agree:
                    verdict, reason = "contradicted", why
                    break
        elif matched:
            reason = "the registry knows these parties with another agreement type"
        out.append({
            "id": record["id"], "parties": " – ".join(p["name"] for p in parties), "type": record["type"],
            "status": record["status"], "date": record.get("date"), "verdict": verdict,
            "known_as": "; ".join(f"{t} {s}" for t, s in matched), "reason": reason,
        })
    return out
