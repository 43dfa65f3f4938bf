"""Reads: partnership records with filters and pagination, places, documents, consultations,
statistics and an integrity check. Records are assembled with one query per table for a
whole page (no query per record)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql import Select

from citypact.errors import NotFound
from citypact.store.schema import (
    audit_log, consultations, documents, events, key_aliases, partnership_parties, partnerships, places,
)

SORTS = {
    "id": partnerships.c.id, "date": partnerships.c.date, "status": partnerships.c.status,
    "type": partnerships.c.type, "expires": partnerships.c.expires, "updated": partnerships.c.updated_at,
}


def _party_filter(condition) -> Any:
    parties = (
        select(partnership_parties.c.partnership_id)
        .join(places, places.c.id == partnership_parties.c.place_id)
        .where(condition)
    )
    return partnerships.c.id.in_(parties)


class QueryMixin:
    engine: Any

    # ------------------------------------------------------------ partnerships
    def _filtered(self, query: Select, *, city=None, country=None, type=None, status=None, theme=None,
                  since=None, until=None, expiring_before=None, q=None, place_id=None,
                  include_rejected=False, **_ignored) -> Select:
        conditions = []
        if not include_rejected:
            conditions.append(partnerships.c.review_state != "rejected")
        if city:
            pattern = f"%{city.lower()}%"
            conditions.append(_party_filter(or_(func.lower(places.c.name) == city.lower(),
                                                func.lower(places.c.local_names).like(pattern))))
        if country:
            conditions.append(_party_filter(func.upper(places.c.country) == country.upper()))
        if place_id is not None:
            conditions.append(_party_filter(places.c.id == place_id))
        if q:
            conditions.append(_party_filter(or_(func.lower(places.c.name).like(f"%{q.lower()}%"),
                                                func.lower(places.c.local_names).like(f"%{q.lower()}%"))))
        if type:
            conditions.append(partnerships.c.type == type)
        if status:
            conditions.append(partnerships.c.status == status)
        if theme:
            conditions.append(partnerships.c.themes.like(f'%"{theme}"%'))
        if since:
            conditions.append(partnerships.c.date >= since)
        if until:
            conditions.append(partnerships.c.date <= until + "\uffff")
        if expiring_before:
            conditions.append(and_(partnerships.c.expires.is_not(None), partnerships.c.expires < expiring_before))
        return query.where(and_(*conditions)) if conditions else query

    def count_partnerships(self, **filters) -> int:
        query = self._filtered(select(func.count()).select_from(partnerships), **filters)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def list_partnerships(self, *, sort: str = "id", descending: bool = False, limit: int | None = None,
                          offset: int = 0, **filters) -> list[dict[str, Any]]:
        column = SORTS.get(sort.lstrip("-"), partnerships.c.id)
        order = column.desc() if descending or sort.startswith("-") else column.asc()
        query = self._filtered(select(partnerships), **filters).order_by(order, partnerships.c.id)
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            return self._records(conn, rows)

    def get_partnership(self, pid: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(partnerships).where(partnerships.c.id == pid)).first()
            if row is None:
                raise NotFound(f"no partnership with id {pid}")
            record = self._records(conn, [row])[0]
            record["review_state"] = row.review_state
            record["curated_fields"] = json.loads(row.curated_fields)
            record["audit"] = self._audit_rows(conn, pid)
            return record

    def audit(self, pid: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return self._audit_rows(conn, pid)

    def _audit_rows(self, conn, pid: int) -> list[dict[str, Any]]:
        rows = conn.execute(select(audit_log).where(audit_log.c.partnership_id == pid).order_by(audit_log.c.id)).all()
        return [{"at": r.at, "actor": r.actor, "action": r.action, "field": r.field,
                 "before": json.loads(r.before) if r.before else None,
                 "after": json.loads(r.after) if r.after else None, "reason": r.reason} for r in rows]

    def _records(self, conn, rows) -> list[dict[str, Any]]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        parties: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for chunk in _chunks(ids):
            query = (select(partnership_parties.c.partnership_id, partnership_parties.c.position,
                            partnership_parties.c.local_name, places)
                     .join(places, places.c.id == partnership_parties.c.place_id)
                     .where(partnership_parties.c.partnership_id.in_(chunk))
                     .order_by(partnership_parties.c.partnership_id, partnership_parties.c.position))
            for p in conn.execute(query):
                parties[p.partnership_id].append(_party(p))
        timeline: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for chunk in _chunks(ids):
            query = (select(events).where(events.c.partnership_id.in_(chunk))
                     .order_by(events.c.partnership_id, events.c.date, events.c.id))
            for e in conn.execute(query):
                timeline[e.partnership_id].append({
                    "status": e.status, "date": e.date, "type": e.type, "source": e.source,
                    "document_id": e.document_id, "published": e.published, "confidence": e.confidence,
                    "evidence": json.loads(e.evidence),
                })
        return [{
            "id": r.id,
            "parties": parties[r.id],
            "type": r.type,
            "status": r.status,
            "date": r.date,
            "themes": json.loads(r.themes),
            "duration_years": r.duration_years,
            "expires": r.expires,
            "signatories": json.loads(r.signatories),
            "confidence": r.confidence,
            "review_state": r.review_state,
            "events": timeline[r.id],
            "sources": list(dict.fromkeys(e["source"] for e in timeline[r.id])),
        } for r in rows]

    # ------------------------------------------------------------ places
    def get_place(self, place_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(places).where(places.c.id == place_id)).first()
            if row is None:
                raise NotFound(f"no place with id {place_id}")
            place = _party(row)
            place["local_names"] = json.loads(row.local_names)
            place["resolved"] = bool(row.resolved)
            return place

    def list_places(self, q: str | None = None, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
        count = func.count(partnership_parties.c.partnership_id).label("partnerships")
        query = (select(places, count).join(partnership_parties, partnership_parties.c.place_id == places.c.id, isouter=True)
                 .group_by(places.c.id).order_by(count.desc(), places.c.name))
        if q:
            query = query.where(or_(func.lower(places.c.name).like(f"%{q.lower()}%"),
                                    func.lower(places.c.local_names).like(f"%{q.lower()}%")))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [_party(r) | {"partnerships": r.partnerships} for r in conn.execute(query)]

    def count_places(self, q: str | None = None) -> int:
        query = select(func.count()).select_from(places)
        if q:
            query = query.where(func.lower(places.c.name).like(f"%{q.lower()}%"))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def place_partners(self, place_id: int) -> list[dict[str, Any]]:
        return self.list_partnerships(place_id=place_id)

    # ------------------------------------------------------------ documents, consultations
    def get_document(self, doc_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
            if row is None:
                raise NotFound(f"no document with id {doc_id}")
            return {k: getattr(row, k) for k in ("id", "source", "url", "title", "published", "language",
                                                  "doc_type", "text", "skipped", "ingested_at", "content_hash")}

    def list_documents(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        query = select(documents.c.id, documents.c.source, documents.c.title, documents.c.published,
                       documents.c.language, documents.c.doc_type, documents.c.ingested_at).order_by(documents.c.id)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def list_consultations(self, open_on: str | None = None) -> list[dict[str, Any]]:
        query = (select(consultations, documents.c.source).join(documents, documents.c.id == consultations.c.document_id)
                 .order_by(consultations.c.deadline))
        if open_on:
            query = query.where(or_(consultations.c.deadline.is_(None), consultations.c.deadline >= open_on))
        with self.engine.connect() as conn:
            out = []
            for r in conn.execute(query):
                item = dict(r._mapping)
                item["case_numbers"] = json.loads(item["case_numbers"])
                out.append(item)
            return out

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            def grouped(column) -> dict[str, int]:
                query = (select(column, func.count()).where(partnerships.c.review_state != "rejected")
                         .group_by(column))
                return {str(k): int(v) for k, v in conn.execute(query)}

            by_country = conn.execute(
                select(places.c.country, func.count(func.distinct(partnership_parties.c.partnership_id)))
                .join(partnership_parties, partnership_parties.c.place_id == places.c.id)
                .group_by(places.c.country)
            ).all()
            return {
                "partnerships": int(conn.execute(select(func.count()).select_from(partnerships)
                                                 .where(partnerships.c.review_state != "rejected")).scalar() or 0),
                "documents": int(conn.execute(select(func.count()).select_from(documents)).scalar() or 0),
                "places": int(conn.execute(select(func.count()).select_from(places)).scalar() or 0),
                "consultations": int(conn.execute(select(func.count()).select_from(consultations)).scalar() or 0),
                "by_type": grouped(partnerships.c.type),
                "by_status": grouped(partnerships.c.status),
                "by_country": {str(k): int(v) for k, v in sorted(by_country, key=lambda x: -x[1]) if k},
            }

    # ------------------------------------------------------------ integrity
    def check(self) -> list[str]:
        """Problems in the store: orphans, records without parties or events, stale status."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            few_parties = conn.execute(
                select(partnerships.c.id).outerjoin(partnership_parties, partnership_parties.c.partnership_id == partnerships.c.id)
                .group_by(partnerships.c.id).having(func.count(partnership_parties.c.place_id) < 2)
            ).scalars().all()
            problems += [f"partnership {i} has fewer than two parties" for i in few_parties]
            no_events = conn.execute(
                select(partnerships.c.id).where(~partnerships.c.id.in_(select(events.c.partnership_id)))
            ).scalars().all()
            problems += [f"partnership {i} has no event" for i in no_events]
            orphans = conn.execute(
                select(events.c.id).where(events.c.document_id.is_not(None),
                                          ~events.c.document_id.in_(select(documents.c.id)))
            ).scalars().all()
            problems += [f"event {i} points to a missing document" for i in orphans]
            dangling = conn.execute(
                select(key_aliases.c.key).where(~key_aliases.c.partnership_id.in_(select(partnerships.c.id)))
            ).scalars().all()
            problems += [f"merge alias {k} points to a missing partnership" for k in dangling]
            for r in conn.execute(select(partnerships.c.id, partnerships.c.status, partnerships.c.curated_fields)):
                if "status" in json.loads(r.curated_fields):
                    continue
                rows = conn.execute(select(events).where(events.c.partnership_id == r.id)).all()
                if rows:
                    from citypact.store.writes import _event_order

                    latest = max(rows, key=_event_order)
                    if latest.status != r.status:
                        problems.append(f"partnership {r.id} has status {r.status} but its latest event says {latest.status}")
        return problems


def _party(row) -> dict[str, Any]:
    data = {
        "place_id": row.id, "name": row.name, "local_name": getattr(row, "local_name", None) or row.name,
        "country": row.country, "geonames_id": row.geonames_id, "lat": row.lat, "lon": row.lon, "kind": row.kind,
    }
    if row.kind == "group":
        data["members"] = json.loads(row.members)
    return data


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]
