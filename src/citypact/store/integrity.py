"""The integrity check: problems a store should never have, one line each, in a few queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from citypact.store.derive import derived_values
from citypact.store.schema import (
    audit_log,
    consultations,
    documents,
    events,
    key_aliases,
    partnership_parties,
    partnerships,
    places,
)


class IntegrityMixin:
    engine: Any

    def check(self) -> list[str]:
        """Orphans, records without two parties or without events, keys that no longer match
        the parties, duplicate keys, derived fields that do not follow the events."""
        with self.engine.connect() as conn:
            return (_orphans(conn) + _parties(conn) + _keys(conn) + _derived(conn))


def _ids(conn: Connection, query: Any) -> list[Any]:
    return list(conn.execute(query).scalars().all())


def _orphans(conn: Connection) -> list[str]:
    problems = [f"event {i} points to a missing document" for i in _ids(conn, select(events.c.id).where(
        events.c.document_id.is_not(None), events.c.document_id.not_in(select(documents.c.id))))]
    problems += [f"event {i} points to a missing partnership" for i in _ids(conn, select(events.c.id).where(
        events.c.partnership_id.not_in(select(partnerships.c.id))))]
    problems += [f"party row of partnership {i} points to a missing place" for i in _ids(
        conn, select(partnership_parties.c.partnership_id).where(
            partnership_parties.c.place_id.not_in(select(places.c.id))))]
    problems += [f"party rows point to missing partnership {i}" for i in _ids(
        conn, select(partnership_parties.c.partnership_id).where(
            partnership_parties.c.partnership_id.not_in(select(partnerships.c.id))).distinct())]
    problems += [f"consultation of missing document {i}" for i in _ids(conn, select(
        consultations.c.document_id).where(consultations.c.document_id.not_in(select(documents.c.id))))]
    problems += [f"merge alias {k} points to a missing partnership" for k in _ids(conn, select(
        key_aliases.c.key).where(key_aliases.c.partnership_id.not_in(select(partnerships.c.id))))]
    problems += [f"audit entries of missing partnership {i}" for i in _ids(conn, select(
        audit_log.c.partnership_id).where(audit_log.c.partnership_id.is_not(None),
                                          audit_log.c.partnership_id.not_in(select(partnerships.c.id))).distinct())]
    return problems


def _parties(conn: Connection) -> list[str]:
    few = _ids(conn, select(partnerships.c.id).outerjoin(
        partnership_parties, partnership_parties.c.partnership_id == partnerships.c.id)
        .group_by(partnerships.c.id).having(func.count(partnership_parties.c.place_id) < 2))
    no_events = _ids(conn, select(partnerships.c.id).where(partnerships.c.id.not_in(select(events.c.partnership_id))))
    return ([f"partnership {i} has fewer than two parties" for i in few]
            + [f"partnership {i} has no event" for i in no_events])


def _keys(conn: Connection) -> list[str]:
    """A record's key is its original type and its parties' place keys."""
    place_keys: dict[int, list[str]] = defaultdict(list)
    for row in conn.execute(select(partnership_parties.c.partnership_id, places.c.key)
                            .join(places, places.c.id == partnership_parties.c.place_id)):
        place_keys[row.partnership_id].append(row.key)
    problems = []
    for pid, key in conn.execute(select(partnerships.c.id, partnerships.c.key)):
        type_ = key.split("|", 1)[0]
        if place_keys.get(pid) and key != type_ + "|" + "|".join(sorted(set(place_keys[pid]))):
            problems.append(f"partnership {pid} has key {key} but its parties are {sorted(place_keys[pid])}")
    clashes = _ids(conn, select(key_aliases.c.key).where(key_aliases.c.key.in_(select(partnerships.c.key))))
    problems += [f"key {k} is both a record's key and an alias (duplicate record)" for k in clashes]
    return problems


def _derived(conn: Connection) -> list[str]:
    """Status, date and expiry as the events (and the curator) say; one pass over all events."""
    timeline: dict[int, list[Any]] = defaultdict(list)
    for e in conn.execute(select(events.c.id, events.c.partnership_id, events.c.status, events.c.date,
                                 events.c.published, events.c.themes, events.c.signatories,
                                 events.c.duration_years, events.c.confidence)):
        timeline[e.partnership_id].append(e)
    problems = []
    for record in conn.execute(select(partnerships)):
        rows = timeline.get(record.id)
        if not rows:
            continue
        expected = derived_values(rows, record)
        for name in ("status", "date", "expires"):
            if name in expected and expected[name] != getattr(record, name):
                problems.append(f"partnership {record.id} has {name} {getattr(record, name)} "
                                f"but its events say {expected[name]}")
    return problems

