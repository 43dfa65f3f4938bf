"""The registry's tables (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

JSON-valued columns are stored as text (json.dumps) so that the same queries run on both
back ends. Dates are ISO 8601 strings of varying precision (`2022`, `2022-05`, `2022-05-11`):
they contain only digits and hyphens, so text order is date order under any collation.
Alembic migrations in `citypact/migrations` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("language", String(8)),
    Column("doc_type", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("skipped", Text),
    Column("ingested_at", String(32), nullable=False),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(400), nullable=False, unique=True),
    Column("geonames_id", Integer),
    Column("name", Text, nullable=False),
    Column("country", String(2)),
    Column("lat", Float),
    Column("lon", Float),
    Column("kind", String(10), nullable=False),
    Column("members", Text, nullable=False, default="[]"),
    Column("local_names", Text, nullable=False, default="[]"),
    Column("resolved", Boolean, nullable=False, default=True),
    # "|name|local name|..." folded (casefold, no diacritics): the same matching in SQLite,
    # whose lower() only knows ASCII, and in PostgreSQL
    Column("search", Text, nullable=False, default=""),
    Index("ix_places_name", "name"),
    Index("ix_places_geonames_id", "geonames_id"),
)

partnerships = Table(
    "partnerships", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(900), nullable=False, unique=True),
    Column("type", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("date", String(10)),
    Column("themes", Text, nullable=False, default="[]"),
    Column("duration_years", Integer),
    Column("expires", String(10)),
    Column("signatories", Text, nullable=False, default="[]"),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("review_state", String(10), nullable=False, default="auto"),
    Column("curated_fields", Text, nullable=False, default="[]"),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("ix_partnerships_status", "status"),
    Index("ix_partnerships_type", "type"),
    Index("ix_partnerships_date", "date"),
    Index("ix_partnerships_expires", "expires"),
)

partnership_parties = Table(
    "partnership_parties", metadata,
    Column("partnership_id", Integer, ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", Integer, ForeignKey("places.id"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("local_name", Text),
    Index("ix_parties_place", "place_id"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", Integer, ForeignKey("partnerships.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("source", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("type", String(20), nullable=False),
    Column("date", String(10)),
    Column("published", String(10)),
    Column("confidence", Float, nullable=False),
    Column("evidence", Text, nullable=False, default="[]"),
    Column("signatories", Text, nullable=False, default="[]"),
    Column("themes", Text, nullable=False, default="[]"),
    Column("duration_years", Integer),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("partnership_id", "document_id", name="uq_event_document"),
    Index("ix_events_partnership", "partnership_id"),
    Index("ix_events_document", "document_id"),
)

# Keys that lead to a record other than by its own key: the key of a record merged into it,
# and the key under a type a curator gave it. A rejected record keeps its key and its
# aliases, so later reports of it land on it and stay rejected.
key_aliases = Table(
    "key_aliases", metadata,
    Column("key", String(900), primary_key=True),
    Column("partnership_id", Integer, ForeignKey("partnerships.id", ondelete="CASCADE"), nullable=False),
)

consultations = Table(
    "consultations", metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("title", Text),
    Column("authority", Text),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("deadline", String(10)),
    Column("letter_date", String(10)),
    Column("response_url", Text),
    Column("case_numbers", Text, nullable=False, default="[]"),
    Column("contact", Text),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(20), nullable=False),
    Column("partnership_id", Integer),
    Column("field", String(40)),
    Column("before", Text),
    Column("after", Text),
    Column("reason", Text),
    Index("ix_audit_partnership", "partnership_id"),
)
