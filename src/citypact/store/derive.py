"""A record's current state derived from its events; what a curator set is left as it is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from citypact.store.schema import events, partnerships
from citypact.store.values import (
    TERM_STARTS,
    add_years,
    dumps,
    event_order,
    loads,
    now,
    ordered_themes,
)


def latest_event(rows: Sequence[Any]) -> Any:
    """The event that gives a record its status and date (see values.event_order)."""
    return max(rows, key=lambda r: event_order(r.date, r.published, r.status, r.id))


def derived_values(rows: Sequence[Any], record: Any) -> dict[str, Any]:
    """Status and date of the latest event, the union of themes and signatories, the term of
    the latest event that gives one, and the expiry; curated fields are not in the result."""
    ordered = sorted(rows, key=lambda r: event_order(r.date, r.published, r.status, r.id))
    latest = ordered[-1]
    themes: list[str] = []
    signatories: list[dict[str, Any]] = []
    for row in ordered:
        themes += loads(row.themes, [])
        for person in loads(row.signatories, []):
            if all(person.get("name") != known.get("name") for known in signatories):
                signatories.append(person)
    terms = [r.duration_years for r in ordered if r.duration_years]
    values: dict[str, Any] = {
        "status": latest.status, "date": latest.date,
        "themes": dumps(ordered_themes(themes)),
        "duration_years": terms[-1] if terms else None,
        "signatories": dumps(signatories),
        "confidence": max(r.confidence for r in ordered),
    }
    curated = set(loads(record.curated_fields, []))
    for name in curated:
        values.pop(name, None)
    status = values.get("status", record.status)
    date = values.get("date", record.date)
    starts = [r.date for r in ordered if r.status in TERM_STARTS and r.date]
    start = date if status in TERM_STARTS and date else (starts[-1] if starts else None)
    values["expires"] = add_years(start, values.get("duration_years", record.duration_years))
    return values


def refresh(conn: Connection, pid: int) -> None:
    """Write a record's derived fields after its events changed."""
    rows = conn.execute(select(events).where(events.c.partnership_id == pid)).all()
    record = conn.execute(select(partnerships).where(partnerships.c.id == pid)).first()
    if record is None or not rows:
        return
    values = derived_values(rows, record)
    values["updated_at"] = now()
    conn.execute(update(partnerships).where(partnerships.c.id == pid).values(**values))
