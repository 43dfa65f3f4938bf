"""Curation: confirm, reject, edit a field, merge two records; each change in the audit log.

What a curator decides outlasts every later ingest: an edited field is listed in the
record's `curated_fields` and derivation leaves it alone; a rejected record keeps its key
(and aliases), so later reports of it land on it and it stays out of lists; a merged
record's key becomes an alias of the record it was merged into.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from citypact.errors import Conflict, NotFound, StoreError
from citypact.models import PARTNERSHIP_TYPES, STATUSES
from citypact.store.derive import refresh
from citypact.store.schema import audit_log, events, key_aliases, partnership_parties, partnerships
from citypact.store.values import ISO_DATE, check_vocabulary, dumps, loads, now, ordered_themes

CURATABLE = ("type", "status", "date", "themes", "duration_years")
REVIEW_STATES = ("auto", "confirmed", "rejected")


class CurationMixin:
    engine: Any

    def curate_confirm(self, pid: int, actor: str, reason: str | None = None) -> None:
        self._set_review(pid, "confirmed", actor, reason)

    def curate_reject(self, pid: int, actor: str, reason: str | None = None) -> None:
        self._set_review(pid, "rejected", actor, reason)

    def _set_review(self, pid: int, state: str, actor: str, reason: str | None) -> None:
        with self._write() as conn:  # type: ignore[attr-defined]
            row = _require(conn, pid)
            conn.execute(update(partnerships).where(partnerships.c.id == pid)
                         .values(review_state=state, updated_at=now()))
            _audit(conn, actor, {"confirmed": "confirm", "rejected": "reject"}[state], pid, "review_state",
                   row.review_state, state, reason)

    def curate_edit(self, pid: int, field_name: str, value: Any, actor: str, reason: str | None = None) -> None:
        """Set one field; derivation from events never changes it again."""
        value = validated(field_name, value)
        with self._write() as conn:  # type: ignore[attr-defined]
            row = _require(conn, pid)
            before = loads(row.themes, []) if field_name == "themes" else getattr(row, field_name)
            stored = dumps(value) if field_name == "themes" else value
            curated = sorted(set(loads(row.curated_fields, [])) | {field_name})
            conn.execute(update(partnerships).where(partnerships.c.id == pid).values(
                **{field_name: stored}, curated_fields=dumps(curated), updated_at=now()))
            if field_name == "type":
                _alias_retyped(conn, row.key, value, pid)
            _audit(conn, actor, "edit", pid, field_name, before, value, reason)
            refresh(conn, pid)

    def curate_merge(self, keep_id: int, drop_id: int, actor: str, reason: str | None = None) -> None:
        """Events and sources of `drop` move to `keep`; later reports of drop's key land on keep.
        Drop's parties, review state and curated fields go with it; its audit entries move."""
        if keep_id == drop_id:
            raise Conflict("cannot merge a partnership with itself")
        with self._write() as conn:  # type: ignore[attr-defined]
            _require(conn, keep_id)
            drop = _require(conn, drop_id)
            _move_events(conn, drop_id, keep_id)
            conn.execute(update(key_aliases).where(key_aliases.c.partnership_id == drop_id)
                         .values(partnership_id=keep_id))
            conn.execute(insert(key_aliases).values(key=drop.key, partnership_id=keep_id))
            conn.execute(update(audit_log).where(audit_log.c.partnership_id == drop_id)
                         .values(partnership_id=keep_id))
            conn.execute(delete(partnership_parties).where(partnership_parties.c.partnership_id == drop_id))
            conn.execute(delete(partnerships).where(partnerships.c.id == drop_id))
            _audit(conn, actor, "merge", keep_id, None, drop_id, keep_id, reason)
            refresh(conn, keep_id)


def _require(conn: Connection, pid: int) -> Any:
    row = conn.execute(select(partnerships).where(partnerships.c.id == pid)).first()
    if row is None:
        raise NotFound(f"no partnership with id {pid}")
    return row


def _audit(conn: Connection, actor: str, action: str, pid: int | None, field_name: str | None,
           before: Any, after: Any, reason: str | None) -> None:
    if not actor or not str(actor).strip():
        raise StoreError("a curation needs an actor (who made the change)")
    conn.execute(insert(audit_log).values(
        at=now(), actor=actor, action=action, partnership_id=pid, field=field_name,
        before=dumps(before), after=dumps(after), reason=reason,
    ))


def _alias_retyped(conn: Connection, key: str, type_: str, pid: int) -> None:
    """Reports of the pair under the type the curator gave land on this record too, unless
    another record already holds that key."""
    retyped = type_ + key[key.index("|"):]
    taken = conn.execute(select(partnerships.c.id).where(partnerships.c.key == retyped)).scalar()
    aliased = conn.execute(select(key_aliases.c.partnership_id).where(key_aliases.c.key == retyped)).scalar()
    if taken is None and aliased is None:
        conn.execute(insert(key_aliases).values(key=retyped, partnership_id=pid))


def _move_events(conn: Connection, drop_id: int, keep_id: int) -> None:
    """An event of a document both records have is combined into keep's (evidence of both)."""
    kept = {(r.document_id, r.source if r.document_id is None else None): r
            for r in conn.execute(select(events).where(events.c.partnership_id == keep_id))}
    for e in conn.execute(select(events).where(events.c.partnership_id == drop_id)).all():
        twin = kept.get((e.document_id, e.source if e.document_id is None else None))
        if twin is None:
            conn.execute(update(events).where(events.c.id == e.id).values(partnership_id=keep_id))
            continue
        evidence = loads(twin.evidence, []) + [x for x in loads(e.evidence, []) if x not in loads(twin.evidence, [])]
        themes = ordered_themes(loads(twin.themes, []) + loads(e.themes, []))
        conn.execute(update(events).where(events.c.id == twin.id)
                     .values(evidence=dumps(evidence), themes=dumps(themes)))
        conn.execute(delete(events).where(events.c.id == e.id))


def validated(field_name: str, value: Any) -> Any:
    """A curated value in the store's form, or an error that names the valid options."""
    if field_name not in CURATABLE:
        raise StoreError(f"field '{field_name}' cannot be edited (valid: {', '.join(CURATABLE)})")
    if field_name == "type":
        check_vocabulary(value, STATUSES[0], ())
    elif field_name == "status":
        check_vocabulary(PARTNERSHIP_TYPES[0], value, ())
    elif field_name == "themes":
        themes = [t.strip() for t in (value.split(",") if isinstance(value, str) else value or []) if t.strip()]
        check_vocabulary(PARTNERSHIP_TYPES[0], STATUSES[0], themes)
        return ordered_themes(themes)
    elif field_name == "duration_years":
        return _years(value)
    elif field_name == "date":
        if value in (None, ""):
            return None
        if not ISO_DATE.fullmatch(str(value)):
            raise StoreError(f"date '{value}' is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)")
        return str(value)
    return value


def _years(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        years = int(value)
    except (TypeError, ValueError):
        raise StoreError(f"duration_years '{value}' is not a whole number of years") from None
    if not 0 < years <= 100:
        raise StoreError(f"duration_years {years} is out of range (1-100)")
    return years
