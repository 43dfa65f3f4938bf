"""Writes: ingest of extractions, bulk import of known partnerships, curation with an audit log."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from citypact.errors import NotFound, StoreError
from citypact.models import PARTNERSHIP_TYPES, STATUSES, THEMES, Extraction, Partnership, Place
from citypact.store.schema import (
    audit_log, consultations, documents, events, key_aliases, partnership_parties, partnerships, places,
)

# Extractions below this confidence are review material, not assertions: not stored.
STORE_CONFIDENCE = 0.5
STATUS_RANK = {"existing": 0, "proposed": 1, "approved": 2, "signed": 3, "renewed": 4, "suspended": 5, "ended": 6}
CURATABLE = ("type", "status", "date", "themes", "duration_years")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def record_key(parties: Iterable[Place], type_: str) -> str:
    """One record per set of parties and agreement type."""
    return type_ + "|" + "|".join(sorted(p.key for p in parties))


def add_years(date: str | None, years: int | None) -> str | None:
    """Term → expiry, at the precision of the start date."""
    if not date or not years:
        return None
    year = int(date[:4]) + years
    return f"{year:04d}{date[4:]}" if not date.endswith("-02-29") else f"{year:04d}-03-01"


class WriteMixin:
    engine: Any

    # ------------------------------------------------------------ ingest
    def ingest(self, extraction: Extraction):
        """Store one analysed document in one transaction; a second time changes nothing."""
        from citypact.store import IngestResult

        doc = extraction.document
        with self.engine.begin() as conn:
            existing = conn.execute(
                select(documents.c.id).where(documents.c.content_hash == doc.content_hash)
            ).scalar()
            if existing is not None:
                return IngestResult(existing, False)
            doc_id = conn.execute(insert(documents).values(
                content_hash=doc.content_hash, source=doc.source, url=doc.url, title=doc.title,
                published=doc.published, language=extraction.language, doc_type=extraction.doc_type,
                text=doc.text, skipped=extraction.skipped, ingested_at=now(),
            )).inserted_primary_key[0]
            if extraction.consultation is not None:
                c = extraction.consultation
                conn.execute(insert(consultations).values(
                    document_id=doc_id, title=c.title, authority=c.authority, period_start=c.period_start,
                    period_end=c.period_end, deadline=c.deadline, letter_date=c.letter_date,
                    response_url=c.response_url, case_numbers=dumps(list(c.case_numbers)), contact=c.contact,
                ))
            result = IngestResult(doc_id, True)
            for partnership in extraction.partnerships:
                if partnership.confidence < STORE_CONFIDENCE:
                    continue
                self._add_report(conn, result, partnership, doc_id, doc.source, doc.published)
            return result

    def _add_report(self, conn: Connection, result, p: Partnership, doc_id: int, source: str,
                    published: str | None) -> None:
        place_ids = [self._place_id(conn, party.place, party.local_name) for party in p.parties]
        key = record_key((party.place for party in p.parties), p.type)
        pid, created = self._record_id(conn, key, p.type, p.status, place_ids,
                                       [party.local_name for party in p.parties])
        before = conn.execute(select(partnerships.c.status).where(partnerships.c.id == pid)).scalar()
        conn.execute(insert(events).values(
            partnership_id=pid, document_id=doc_id, source=source, status=p.status, type=p.type,
            date=p.date, published=published, confidence=p.confidence,
            evidence=dumps([e.to_json() for e in p.evidence]),
            signatories=dumps([s.to_json() for s in p.signatories]),
            themes=dumps(list(p.themes)), duration_years=p.duration_years, created_at=now(),
        ))
        self._refresh(conn, pid)
        after = conn.execute(select(partnerships.c.status).where(partnerships.c.id == pid)).scalar()
        result.partnership_ids.append(pid)
        if created:
            result.new_partnerships.append(pid)
        elif before != after:
            result.status_changes.append((pid, before, after))

    def _place_id(self, conn: Connection, place: Place, local_name: str | None = None,
                  resolved: bool = True) -> int:
        row = conn.execute(select(places.c.id, places.c.local_names).where(places.c.key == place.key)).first()
        if row is not None:
            names = json.loads(row.local_names)
            if local_name and local_name not in names and len(names) < 50:
                conn.execute(update(places).where(places.c.id == row.id).values(local_names=dumps(names + [local_name])))
            return row.id
        members = [{"name": m.name, "country": m.country, "geonames_id": m.geonames_id, "lat": m.lat, "lon": m.lon}
                   for m in place.members]
        return conn.execute(insert(places).values(
            key=place.key, geonames_id=place.geonames_id, name=place.name, country=place.country,
            lat=place.lat, lon=place.lon, kind=place.kind, members=dumps(members),
            local_names=dumps([local_name] if local_name else []), resolved=resolved,
        )).inserted_primary_key[0]

    def _record_id(self, conn: Connection, key: str, type_: str, status: str, place_ids: list[int],
                   local_names: list[str | None]) -> tuple[int, bool]:
        found = conn.execute(select(partnerships.c.id).where(partnerships.c.key == key)).scalar()
        if found is None:
            found = conn.execute(select(key_aliases.c.partnership_id).where(key_aliases.c.key == key)).scalar()
        if found is not None:
            return found, False
        stamp = now()
        pid = conn.execute(insert(partnerships).values(
            key=key, type=type_, status=status, themes="[]", signatories="[]", curated_fields="[]",
            review_state="auto", confidence=0.0, created_at=stamp, updated_at=stamp,
        )).inserted_primary_key[0]
        conn.execute(insert(partnership_parties), [
            {"partnership_id": pid, "place_id": place_id, "position": i, "local_name": name}
            for i, (place_id, name) in enumerate(zip(place_ids, local_names))
        ])
        return pid, True

    def _refresh(self, conn: Connection, pid: int) -> None:
        """Derive the record from its events; curated fields stay as the curator set them."""
        rows = conn.execute(select(events).where(events.c.partnership_id == pid).order_by(events.c.id)).all()
        record = conn.execute(select(partnerships).where(partnerships.c.id == pid)).first()
        if record is None or not rows:
            return
        curated = set(json.loads(record.curated_fields))
        latest = max(rows, key=_event_order)
        themes: list[str] = []
        signatories: list[dict[str, Any]] = []
        for r in rows:
            themes += [t for t in json.loads(r.themes) if t not in themes]
            for s in json.loads(r.signatories):
                if all(s["name"] != x["name"] for x in signatories):
                    signatories.append(s)
        durations = [r for r in sorted(rows, key=_event_order) if r.duration_years]
        values: dict[str, Any] = {
            "status": latest.status, "date": latest.date,
            "themes": dumps([t for t in THEMES if t in themes]),
            "duration_years": durations[-1].duration_years if durations else None,
            "signatories": dumps(signatories), "confidence": max(r.confidence for r in rows),
            "updated_at": now(),
        }
        for name in curated:
            values.pop(name, None)
        start = values.get("date", record.date)
        signed = [r.date for r in rows if r.status in ("signed", "renewed") and r.date]
        values["expires"] = add_years(max(signed) if signed else start,
                                      values.get("duration_years", record.duration_years))
        conn.execute(update(partnerships).where(partnerships.c.id == pid).values(**values))

    # ------------------------------------------------------------ bulk import
    def add_known(self, parties: list[Place], type: str = "twinning", status: str = "existing",
                  source: str = "import", date: str | None = None, resolved: list[bool] | None = None) -> int:
        """One known partnership (e.g. from a registry list); see add_known_many for bulk."""
        return self.add_known_many([(parties, resolved)], type=type, status=status, source=source, date=date)[0]

    def add_known_many(self, rows: list[tuple[list[Place], list[bool] | None]], type: str = "twinning",
                       status: str = "existing", source: str = "import", date: str | None = None) -> list[int]:
        """Bulk import in one transaction: each row becomes an event of its record."""
        ids = []
        with self.engine.begin() as conn:
            for parties, resolved in rows:
                flags = resolved or [True] * len(parties)
                place_ids = [self._place_id(conn, p, p.name, flag) for p, flag in zip(parties, flags)]
                if len(set(place_ids)) < 2:
                    ids.append(-1)
                    continue
                key = record_key(parties, type)
                pid, _ = self._record_id(conn, key, type, status, place_ids, [p.name for p in parties])
                duplicate = conn.execute(select(func.count()).select_from(events).where(
                    (events.c.partnership_id == pid) & (events.c.source == source))).scalar()
                if not duplicate:
                    conn.execute(insert(events).values(
                        partnership_id=pid, document_id=None, source=source, status=status, type=type,
                        date=date, published=None, confidence=1.0, evidence="[]", signatories="[]",
                        themes="[]", duration_years=None, created_at=now(),
                    ))
                    self._refresh(conn, pid)
                ids.append(pid)
        return ids

    # ------------------------------------------------------------ curation
    def _audit(self, conn: Connection, actor: str, action: str, pid: int | None, field_name: str | None,
               before: Any, after: Any, reason: str | None) -> None:
        conn.execute(insert(audit_log).values(
            at=now(), actor=actor, action=action, partnership_id=pid, field=field_name,
            before=dumps(before), after=dumps(after), reason=reason,
        ))

    def _require(self, conn: Connection, pid: int):
        row = conn.execute(select(partnerships).where(partnerships.c.id == pid)).first()
        if row is None:
            raise NotFound(f"no partnership with id {pid}")
        return row

    def curate_confirm(self, pid: int, actor: str, reason: str | None = None) -> None:
        self._set_review(pid, "confirmed", actor, reason)

    def curate_reject(self, pid: int, actor: str, reason: str | None = None) -> None:
        self._set_review(pid, "rejected", actor, reason)

    def _set_review(self, pid: int, state: str, actor: str, reason: str | None) -> None:
        with self.engine.begin() as conn:
            row = self._require(conn, pid)
            conn.execute(update(partnerships).where(partnerships.c.id == pid).values(review_state=state, updated_at=now()))
            self._audit(conn, actor, {"confirmed": "confirm", "rejected": "reject"}[state], pid,
                        "review_state", row.review_state, state, reason)

    def curate_edit(self, pid: int, field_name: str, value: Any, actor: str, reason: str | None = None) -> None:
        value = _validated(field_name, value)
        with self.engine.begin() as conn:
            row = self._require(conn, pid)
            before = getattr(row, field_name)
            stored = dumps(value) if field_name == "themes" else value
            curated = sorted(set(json.loads(row.curated_fields)) | {field_name})
            conn.execute(update(partnerships).where(partnerships.c.id == pid).values(
                **{field_name: stored}, curated_fields=dumps(curated), updated_at=now()))
            self._audit(conn, actor, "edit", pid, field_name,
                        json.loads(before) if field_name == "themes" else before, value, reason)
            self._refresh(conn, pid)

    def curate_merge(self, keep_id: int, drop_id: int, actor: str, reason: str | None = None) -> None:
        """Events and sources of `drop` move to `keep`; later reports of drop's key land on keep."""
        if keep_id == drop_id:
            raise StoreError("cannot merge a partnership with itself")
        with self.engine.begin() as conn:
            self._require(conn, keep_id)
            drop = self._require(conn, drop_id)
            kept_docs = {r.document_id for r in conn.execute(
                select(events.c.document_id).where(events.c.partnership_id == keep_id)) if r.document_id}
            for e in conn.execute(select(events).where(events.c.partnership_id == drop_id)).all():
                if e.document_id in kept_docs:
                    conn.execute(events.delete().where(events.c.id == e.id))
                else:
                    conn.execute(update(events).where(events.c.id == e.id).values(partnership_id=keep_id))
            conn.execute(update(key_aliases).where(key_aliases.c.partnership_id == drop_id).values(partnership_id=keep_id))
            conn.execute(insert(key_aliases).values(key=drop.key, partnership_id=keep_id))
            conn.execute(partnership_parties.delete().where(partnership_parties.c.partnership_id == drop_id))
            conn.execute(partnerships.delete().where(partnerships.c.id == drop_id))
            self._audit(conn, actor, "merge", keep_id, None, drop_id, keep_id, reason)
            self._refresh(conn, keep_id)


def _event_order(row) -> tuple:
    """Latest event: by event date, else publication date, then status, then ingest order."""
    return (row.date or row.published or "", STATUS_RANK.get(row.status, 0), row.id)


def _validated(field_name: str, value: Any) -> Any:
    options = {"type": PARTNERSHIP_TYPES, "status": STATUSES}
    if field_name not in CURATABLE:
        raise StoreError(f"field '{field_name}' cannot be edited (valid: {', '.join(CURATABLE)})")
    if field_name in options and value not in options[field_name]:
        raise StoreError(f"{field_name} '{value}' is not valid (valid: {', '.join(options[field_name])})")
    if field_name == "themes":
        themes = [t.strip() for t in (value.split(",") if isinstance(value, str) else value) if t.strip()]
        unknown = [t for t in themes if t not in THEMES]
        if unknown:
            raise StoreError(f"unknown themes {unknown} (valid: {', '.join(THEMES)})")
        return themes
    if field_name == "duration_years":
        return int(value) if value not in (None, "") else None
    if field_name == "date" and value:
        import re

        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(value)):
            raise StoreError(f"date '{value}' is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value
