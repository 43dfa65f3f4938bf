"""Ingest: one analysed document in one transaction, its partnerships merged into records.

Rules (DESIGN.md, Pipeline → resolve):
- a document is identified by `content_hash`; ingesting it again changes nothing;
- partnerships with confidence below STORE_CONFIDENCE are not stored (they stay in the
  `extract` output for review, and do not count as assertions there either);
- a partnership needs two distinct parties; a record is the set of parties plus the type
  (`values.record_key`), or the record a curator merged that key into or retyped;
- each report becomes one event of its record per document (two reports of the same record
  in one document are combined into one event: the later one by `values.event_order`,
  themes, signatories and evidence of both);
- the record is then derived again from all its events (`derive.derived_values`); a
  rejected record takes the event but stays rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from citypact.models import Extraction, Partnership
from citypact.store.derive import refresh
from citypact.store.places import ensure_places
from citypact.store.schema import (
    consultations,
    documents,
    events,
    key_aliases,
    partnership_parties,
    partnerships,
)
from citypact.store.values import (
    check_vocabulary,
    dumps,
    event_order,
    iso_date,
    now,
    ordered_themes,
    record_key,
)

# Below this an extraction is review material, not an assertion (DESIGN.md, Output contract).
STORE_CONFIDENCE = 0.5
# A concurrent writer can win the race to insert the same document, place or record.
RETRIES = 3


@dataclass
class IngestResult:
    document_id: int
    new_document: bool
    partnership_ids: list[int] = field(default_factory=list)
    new_partnerships: list[int] = field(default_factory=list)
    status_changes: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class _Report:
    """One event to be: the reports of one record in one document, combined."""

    type: str
    status: str
    date: str | None
    themes: list[str]
    duration_years: int | None
    signatories: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    confidence: float

    @classmethod
    def of(cls, p: Partnership) -> _Report:
        return cls(p.type, p.status, iso_date(p.date), list(p.themes), p.duration_years,
                   [s.to_json() for s in p.signatories], [e.to_json() for e in p.evidence], p.confidence)

    def combine(self, other: _Report) -> None:
        if event_order(other.date, None, other.status, 1) > event_order(self.date, None, self.status, 0):
            self.type, self.status, self.date = other.type, other.status, other.date
            self.duration_years = other.duration_years or self.duration_years
        else:
            self.duration_years = self.duration_years or other.duration_years
        self.themes = ordered_themes(self.themes + other.themes)
        self.signatories += [s for s in other.signatories if s not in self.signatories]
        self.evidence += [e for e in other.evidence if e not in self.evidence]
        self.confidence = max(self.confidence, other.confidence)


def find_record(conn: Connection, key: str) -> int | None:
    found = conn.execute(select(partnerships.c.id).where(partnerships.c.key == key)).scalar()
    if found is None:
        found = conn.execute(select(key_aliases.c.partnership_id).where(key_aliases.c.key == key)).scalar()
    return found


class IngestMixin:
    engine: Any

    def ingest(self, extraction: Extraction) -> IngestResult:
        """Store one analysed document in one transaction; a second time changes nothing."""
        for p in extraction.partnerships:
            check_vocabulary(p.type, p.status, p.themes)
        for attempt in range(RETRIES):
            try:
                with self._write() as conn:  # type: ignore[attr-defined]
                    return self._ingest(conn, extraction)
            except IntegrityError:
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _ingest(self, conn: Connection, extraction: Extraction) -> IngestResult:
        doc = extraction.document
        existing = conn.execute(select(documents.c.id).where(documents.c.content_hash == doc.content_hash)).scalar()
        if existing is not None:
            reported = conn.execute(select(events.c.partnership_id).where(events.c.document_id == existing)
                                    .order_by(events.c.id)).scalars().all()
            return IngestResult(existing, False, list(reported))
        doc_id = conn.execute(insert(documents).values(
            content_hash=doc.content_hash, source=doc.source, url=doc.url, title=doc.title,
            published=iso_date(doc.published), language=extraction.language, doc_type=extraction.doc_type,
            text=doc.text, skipped=extraction.skipped, ingested_at=now(),
        )).inserted_primary_key[0]
        if extraction.consultation is not None:
            self._add_consultation(conn, doc_id, extraction)
        result = IngestResult(doc_id, True)
        reports = self._records_of(conn, extraction, result)
        for pid, report in reports.items():
            before = conn.execute(select(partnerships.c.status).where(partnerships.c.id == pid)).scalar()
            conn.execute(insert(events).values(
                partnership_id=pid, document_id=doc_id, source=doc.source, status=report.status,
                type=report.type, date=report.date, published=iso_date(doc.published),
                confidence=report.confidence, evidence=dumps(report.evidence),
                signatories=dumps(report.signatories), themes=dumps(report.themes),
                duration_years=report.duration_years, created_at=now(),
            ))
            refresh(conn, pid)
            after = conn.execute(select(partnerships.c.status).where(partnerships.c.id == pid)).scalar()
            if pid not in result.new_partnerships and before != after:
                result.status_changes.append((pid, before, after))
        return result

    @staticmethod
    def _add_consultation(conn: Connection, doc_id: int, extraction: Extraction) -> None:
        c = extraction.consultation
        assert c is not None
        conn.execute(insert(consultations).values(
            document_id=doc_id, title=c.title, authority=c.authority, period_start=iso_date(c.period_start),
            period_end=iso_date(c.period_end), deadline=iso_date(c.deadline), letter_date=iso_date(c.letter_date),
            response_url=c.response_url, case_numbers=dumps(list(c.case_numbers)), contact=c.contact,
        ))

    def _records_of(self, conn: Connection, extraction: Extraction, result: IngestResult) -> dict[int, _Report]:
        """Record id → the combined report of it, creating records that are new."""
        kept = [p for p in extraction.partnerships
                if p.confidence >= STORE_CONFIDENCE and len({party.place.key for party in p.parties}) >= 2]
        ids = ensure_places(conn, [(party.place, party.local_name, True) for p in kept for party in p.parties])
        reports: dict[int, _Report] = {}
        for p in kept:
            key = record_key((party.place for party in p.parties), p.type)
            pid = find_record(conn, key)
            if pid is None:
                pid = self._new_record(conn, key, p, ids)
                result.new_partnerships.append(pid)
            if pid in reports:
                reports[pid].combine(_Report.of(p))
            else:
                reports[pid] = _Report.of(p)
                result.partnership_ids.append(pid)
        return reports

    @staticmethod
    def _new_record(conn: Connection, key: str, p: Partnership, ids: dict[str, int]) -> int:
        stamp = now()
        pid = conn.execute(insert(partnerships).values(
            key=key, type=p.type, status=p.status, themes="[]", signatories="[]", curated_fields="[]",
            review_state="auto", confidence=p.confidence, created_at=stamp, updated_at=stamp,
        )).inserted_primary_key[0]
        seen: set[int] = set()
        rows = []
        for party in p.parties:
            place_id = ids[party.place.key]
            if place_id not in seen:
                seen.add(place_id)
                rows.append({"partnership_id": pid, "place_id": place_id, "position": len(rows),
                             "local_name": party.local_name})
        conn.execute(insert(partnership_parties), rows)
        return pid
