"""Bulk import of known partnerships (e.g. a registry list) in one transaction.

Each row becomes an event (document-less, `source` = where it came from) of the record of
its parties and type. Places, records, parties and events are written with a few batched
statements per call, so 26,000 pairs take seconds on SQLite and on PostgreSQL. Importing the
same source again adds nothing; a row whose record already has other events is derived again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from citypact.models import Place
from citypact.store.derive import refresh
from citypact.store.places import ensure_places
from citypact.store.schema import events, key_aliases, partnership_parties, partnerships
from citypact.store.values import check_vocabulary, chunks, iso_date, now, record_key

KnownRow = tuple[Sequence[Place], Sequence[bool] | None]


class BulkMixin:
    engine: Any

    def add_known(self, parties: list[Place], type: str = "twinning", status: str = "existing",
                  source: str = "import", date: str | None = None, resolved: list[bool] | None = None) -> int:
        """One known partnership; the id of its record (-1 when it has fewer than two places)."""
        return self.add_known_many([(parties, resolved)], type=type, status=status, source=source, date=date)[0]

    def add_known_many(self, rows: Sequence[KnownRow], type: str = "twinning", status: str = "existing",
                       source: str = "import", date: str | None = None) -> list[int]:
        """Many known partnerships, each `(places, resolved flags or None)`; ids in row order
        (-1 for a row with fewer than two distinct places)."""
        check_vocabulary(type, status, ())
        date = iso_date(date)
        with self._write() as conn:  # type: ignore[attr-defined]
            place_ids = ensure_places(conn, [
                (place, place.name, flag) for places, flags in rows
                for place, flag in zip(places, flags or [True] * len(places))
            ])
            keys = [record_key(places, type) if len({p.key for p in places}) >= 2 else None for places, _ in rows]
            records = _existing_records(conn, [k for k in keys if k])
            created = _create_records(conn, rows, keys, records, place_ids, type, status, date)
            ids = [records[k] if k else -1 for k in keys]
            touched = _add_events(conn, sorted({i for i in ids if i != -1}), created, type, status, date, source)
            for pid in touched:
                refresh(conn, pid)
        return ids


def _existing_records(conn: Connection, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(keys))
    for chunk in chunks(unique):
        found.update({r.key: r.id for r in conn.execute(
            select(partnerships.c.id, partnerships.c.key).where(partnerships.c.key.in_(chunk)))})
    missing = [k for k in unique if k not in found]
    for chunk in chunks(missing):
        found.update({r.key: r.partnership_id for r in conn.execute(
            select(key_aliases.c.key, key_aliases.c.partnership_id).where(key_aliases.c.key.in_(chunk)))})
    return found


def _create_records(conn: Connection, rows: Sequence[KnownRow], keys: list[str | None], records: dict[str, int],
                    place_ids: dict[str, int], type_: str, status: str, date: str | None) -> set[int]:
    """Insert the records not known yet, already in their derived state (one event each)."""
    stamp = now()
    new: dict[str, Sequence[Place]] = {}
    for (places, _), key in zip(rows, keys):
        if key and key not in records and key not in new:
            new[key] = places
    if not new:
        return set()
    conn.execute(insert(partnerships), [{
        "key": key, "type": type_, "status": status, "date": date, "themes": "[]", "duration_years": None,
        "expires": None, "signatories": "[]", "confidence": 1.0, "review_state": "auto", "curated_fields": "[]",
        "created_at": stamp, "updated_at": stamp,
    } for key in new])
    created = _existing_records(conn, list(new))
    records.update(created)
    parties = []
    for key, places in new.items():
        seen: set[int] = set()
        for place in places:
            place_id = place_ids[place.key]
            if place_id not in seen:
                seen.add(place_id)
                parties.append({"partnership_id": created[key], "place_id": place_id, "position": len(seen) - 1,
                                "local_name": place.name})
    conn.execute(insert(partnership_parties), parties)
    return set(created.values())


def _add_events(conn: Connection, pids: list[int], created: set[int], type_: str, status: str,
                date: str | None, source: str) -> list[int]:
    """One event per record from this source; the records not new that need deriving again."""
    done: set[int] = set()
    for chunk in chunks(pids):
        done.update(conn.execute(select(events.c.partnership_id).where(
            events.c.partnership_id.in_(chunk), events.c.source == source, events.c.document_id.is_(None),
        )).scalars())
    todo = [pid for pid in pids if pid not in done]
    if todo:
        stamp = now()
        conn.execute(insert(events), [{
            "partnership_id": pid, "document_id": None, "source": source, "status": status, "type": type_,
            "date": date, "published": None, "confidence": 1.0, "evidence": "[]", "signatories": "[]",
            "themes": "[]", "duration_years": None, "created_at": stamp,
        } for pid in todo])
    return [pid for pid in todo if pid not in created]
