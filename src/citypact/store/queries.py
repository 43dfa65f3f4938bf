"""Reads: partnership records with filters and pagination, places, documents, consultations and
statistics. A page of records is assembled with one query per table for the whole page (no
query per record), so listing stays fast with tens of thousands of records."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from citypact.errors import NotFound, StoreError
from citypact.store.schema import (
    audit_log,
    consultations,
    documents,
    events,
    partnership_parties,
    partnerships,
    places,
)
from citypact.store.values import checked_date, chunks, fold, loads, period_end

SORTS = {
    "id": partnerships.c.id, "date": partnerships.c.date, "status": partnerships.c.status,
    "type": partnerships.c.type, "expires": partnerships.c.expires, "updated": partnerships.c.updated_at,
}
DOCUMENT_FIELDS = ("id", "source", "url", "title", "published", "language", "doc_type", "skipped",
                   "ingested_at", "content_hash")


def _party_filter(condition: Any) -> Any:
    parties = (select(partnership_parties.c.partnership_id)
               .join(places, places.c.id == partnership_parties.c.place_id).where(condition))
    return partnerships.c.id.in_(parties)


def _name_is(name: str) -> Any:
    """Any one of a place's names, exactly, ignoring case and diacritics."""
    return places.c.search.contains(f"|{fold(name)}|", autoescape=True)


def _name_contains(text: str) -> Any:
    return places.c.search.contains(fold(text), autoescape=True)


def partnership_conditions(*, city: str | None = None, country: str | None = None, type: str | None = None,
                           status: str | None = None, theme: str | None = None, since: str | None = None,
                           until: str | None = None, expiring_before: str | None = None, q: str | None = None,
                           place_id: int | None = None, include_rejected: bool = False) -> list[Any]:
    """The WHERE conditions of the partnership filters (all of them must hold).

    city: a party's name or one of its local names (case and diacritics ignored);
    country: a party's ISO country code; theme: one of the record's themes;
    since/until: the record's date within the bounds, at the precision given (`until=2020`
    includes 2020-12-31); expiring_before: an expiry date before the bound; q: text within
    any party's names; rejected records only with include_rejected.
    """
    conditions: list[Any] = []
    if not include_rejected:
        conditions.append(partnerships.c.review_state != "rejected")
    if city:
        conditions.append(_party_filter(_name_is(city)))
    if country:
        conditions.append(_party_filter(places.c.country == country.upper()))
    if place_id is not None:
        conditions.append(_party_filter(places.c.id == place_id))
    if q:
        conditions.append(_party_filter(_name_contains(q)))
    if type:
        conditions.append(partnerships.c.type == type)
    if status:
        conditions.append(partnerships.c.status == status)
    if theme:
        conditions.append(partnerships.c.themes.contains(f'"{theme}"', autoescape=True))
    if since := checked_date(since, "since"):
        conditions.append(partnerships.c.date >= since)
    if until := checked_date(until, "until"):
        conditions.append(partnerships.c.date <= period_end(until))
    if expiring_before := checked_date(expiring_before, "expiring_before"):
        conditions.append(and_(partnerships.c.expires.is_not(None), partnerships.c.expires < expiring_before))
    return conditions


def _order(sort: str, descending: bool) -> list[Any]:
    name = sort.lstrip("-")
    if name not in SORTS:
        raise StoreError(f"cannot sort by '{sort}' (valid: {', '.join(SORTS)}, each with '-' for descending)")
    column = SORTS[name]
    down = descending or sort.startswith("-")
    # records without a date or expiry go last either way, on SQLite as on PostgreSQL
    return [(column.desc() if down else column.asc()).nulls_last(),
            partnerships.c.id.desc() if down else partnerships.c.id.asc()]


class QueryMixin:
    engine: Any

    # ------------------------------------------------------------ partnerships
    def generation(self) -> tuple[int, int, int]:
        """Changes with every write by any process (a new document, event or curation), so a
        reader can cache answers until the registry changes; three index look-ups."""
        query = select(select(func.max(documents.c.id)).scalar_subquery(),
                       select(func.max(events.c.id)).scalar_subquery(),
                       select(func.max(audit_log.c.id)).scalar_subquery())
        with self.engine.connect() as conn:
            row = conn.execute(query).one()
        return tuple(int(v or 0) for v in row)  # type: ignore[return-value]

    def count_partnerships(self, **filters: Any) -> int:
        query = select(func.count()).select_from(partnerships).where(*partnership_conditions(**filters))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def list_partnerships(self, *, sort: str = "id", descending: bool = False, limit: int | None = None,
                          offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        """Records shaped as `list --format json` (DESIGN.md), filtered as partnership_conditions says."""
        query = select(partnerships).where(*partnership_conditions(**filters)).order_by(*_order(sort, descending))
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self.engine.connect() as conn:
            return records(conn, conn.execute(query).all())

    def get_partnership(self, pid: int) -> dict[str, Any]:
        """One record with its review state, curated fields and audit entries."""
        with self.engine.connect() as conn:
            row = conn.execute(select(partnerships).where(partnerships.c.id == pid)).first()
            if row is None:
                raise NotFound(f"no partnership with id {pid}")
            record = records(conn, [row])[0]
            record["curated_fields"] = loads(row.curated_fields, [])
            record["audit"] = _audit_rows(conn, pid)
            return record

    def audit(self, pid: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return _audit_rows(conn, pid)

    # ------------------------------------------------------------ places
    def get_place(self, place_id: int | None = None, *, geonames_id: int | None = None) -> dict[str, Any]:
        """A place by its id in the store, else by its GeoNames id (or by `geonames_id=` only)."""
        with self.engine.connect() as conn:
            row = None
            if place_id is not None:
                row = conn.execute(select(places).where(places.c.id == place_id)).first()
            if row is None and (geonames_id is not None or place_id is not None):
                wanted = geonames_id if geonames_id is not None else place_id
                row = conn.execute(select(places).where(places.c.geonames_id == wanted)
                                   .order_by(places.c.id)).first()
            if row is None:
                raise NotFound(f"no place with id {place_id if place_id is not None else geonames_id}")
            count = conn.execute(select(func.count(func.distinct(partnership_parties.c.partnership_id)))
                                 .join(partnerships, partnerships.c.id == partnership_parties.c.partnership_id)
                                 .where(partnership_parties.c.place_id == row.id,
                                        partnerships.c.review_state != "rejected")).scalar()
            return party(row) | {"local_names": loads(row.local_names, []), "resolved": bool(row.resolved),
                                 "partnerships": int(count or 0)}

    def list_places(self, q: str | None = None, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Places with their number of (not rejected) partnerships, the most connected first."""
        live = select(partnership_parties.c.place_id, partnership_parties.c.partnership_id).join(
            partnerships, partnerships.c.id == partnership_parties.c.partnership_id).where(
            partnerships.c.review_state != "rejected").subquery()
        count = func.count(live.c.partnership_id).label("partnerships")
        query = (select(places, count).join(live, live.c.place_id == places.c.id, isouter=True)
                 .group_by(places.c.id).order_by(count.desc(), places.c.name, places.c.id))
        if q:
            query = query.where(_name_contains(q))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [party(r) | {"partnerships": int(r.partnerships)} for r in conn.execute(query)]

    def count_places(self, q: str | None = None) -> int:
        query = select(func.count()).select_from(places)
        if q:
            query = query.where(_name_contains(q))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def place_partners(self, place_id: int) -> list[dict[str, Any]]:
        """The records a place is a party to."""
        return self.list_partnerships(place_id=place_id)

    # ------------------------------------------------------------ documents, consultations
    def get_document(self, doc_id: int) -> dict[str, Any]:
        """A document with its text and the records it reports."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
            if row is None:
                raise NotFound(f"no document with id {doc_id}")
            reported = conn.execute(select(events.c.partnership_id).where(events.c.document_id == doc_id)
                                    .order_by(events.c.partnership_id)).scalars().all()
            return {k: getattr(row, k) for k in DOCUMENT_FIELDS} | {"text": row.text,
                                                                   "partnership_ids": list(reported)}

    def list_documents(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Documents without their text, in ingest order."""
        query = select(*(documents.c[k] for k in DOCUMENT_FIELDS if k != "content_hash")).order_by(documents.c.id)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def list_consultations(self, open_on: str | None = None) -> list[dict[str, Any]]:
        """Consultations by deadline; with open_on, those whose deadline is not past on that date."""
        query = (select(consultations, documents.c.source)
                 .join(documents, documents.c.id == consultations.c.document_id)
                 .order_by(consultations.c.deadline.asc().nulls_last(), consultations.c.document_id))
        if open_on := checked_date(str(open_on) if open_on else None, "open_on"):
            query = query.where(or_(consultations.c.deadline.is_(None), consultations.c.deadline >= open_on),
                                or_(consultations.c.period_start.is_(None), consultations.c.period_start <= open_on))
        with self.engine.connect() as conn:
            return [dict(r._mapping) | {"case_numbers": loads(r.case_numbers, [])} for r in conn.execute(query)]

    def stats(self) -> dict[str, Any]:
        """Counts of (not rejected) records by type, status and country; documents, places."""
        live = partnerships.c.review_state != "rejected"
        with self.engine.connect() as conn:
            def grouped(column: Any) -> dict[str, int]:
                query = select(column, func.count()).where(live).group_by(column)
                return {str(k): int(v) for k, v in conn.execute(query)}

            def total(table: Any, *where: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar() or 0)

            by_country = conn.execute(
                select(places.c.country, func.count(func.distinct(partnership_parties.c.partnership_id)))
                .join(partnership_parties, partnership_parties.c.place_id == places.c.id)
                .join(partnerships, partnerships.c.id == partnership_parties.c.partnership_id)
                .where(live).group_by(places.c.country)).all()
            return {
                "partnerships": total(partnerships, live),
                "rejected": total(partnerships, ~live),
                "documents": total(documents),
                "places": total(places),
                "consultations": total(consultations),
                "events": total(events),
                "by_type": grouped(partnerships.c.type),
                "by_status": grouped(partnerships.c.status),
                "by_country": {str(k): int(v) for k, v in sorted(by_country, key=lambda x: (-x[1], str(x[0]))) if k},
            }


def records(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    """Records for the given partnership rows: parties and events in one query each per 900 ids."""
    ids = [r.id for r in rows]
    parties: dict[int, list[dict[str, Any]]] = defaultdict(list)
    timeline: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for chunk in chunks(ids):
        query = (select(partnership_parties.c.partnership_id, partnership_parties.c.local_name, places)
                 .join(places, places.c.id == partnership_parties.c.place_id)
                 .where(partnership_parties.c.partnership_id.in_(chunk))
                 .order_by(partnership_parties.c.partnership_id, partnership_parties.c.position))
        for p in conn.execute(query):
            parties[p.partnership_id].append(party(p))
        query = (select(events).where(events.c.partnership_id.in_(chunk))
                 .order_by(events.c.partnership_id, events.c.id))
        for e in conn.execute(query):
            timeline[e.partnership_id].append(_event(e))
    for items in timeline.values():
        items.sort(key=lambda e: (e["date"] or e["published"] or "", e["event_id"]))
    return [{
        "id": r.id,
        "parties": parties[r.id],
        "type": r.type,
        "status": r.status,
        "date": r.date,
        "themes": loads(r.themes, []),
        "duration_years": r.duration_years,
        "expires": r.expires,
        "signatories": loads(r.signatories, []),
        "confidence": r.confidence,
        "review_state": r.review_state,
        "events": timeline[r.id],
        "sources": list(dict.fromkeys(e["source"] for e in timeline[r.id])),
    } for r in rows]


def _event(e: Any) -> dict[str, Any]:
    return {
        "status": e.status, "date": e.date, "type": e.type, "source": e.source, "document_id": e.document_id,
        "published": e.published, "confidence": e.confidence, "evidence": loads(e.evidence, []),
        "themes": loads(e.themes, []), "duration_years": e.duration_years,
        "signatories": loads(e.signatories, []), "event_id": e.id,
    }


def party(row: Any) -> dict[str, Any]:
    """A party as DESIGN.md shows it: GeoNames English name, local name, country, position, kind."""
    data = {
        "place_id": row.id, "name": row.name, "local_name": getattr(row, "local_name", None) or row.name,
        "country": row.country, "geonames_id": row.geonames_id, "lat": row.lat, "lon": row.lon, "kind": row.kind,
    }
    if row.kind == "group":
        data["members"] = loads(row.members, [])
    return data


def _audit_rows(conn: Connection, pid: int) -> list[dict[str, Any]]:
    rows = conn.execute(select(audit_log).where(audit_log.c.partnership_id == pid).order_by(audit_log.c.id)).all()
    return [{"at": r.at, "actor": r.actor, "action": r.action, "field": r.field,
             "before": loads(r.before), "after": loads(r.after), "reason": r.reason} for r in rows]
