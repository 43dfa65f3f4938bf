"""The registry store: SQLite by default, PostgreSQL by URL, one code path (SQLAlchemy Core).

Each document is ingested in one transaction and identified by the hash of its text, so
ingesting it again changes nothing. Each partnership reported by a document becomes an
event of the one record for that set of parties and agreement type; the record's status
and date follow its latest event, and fields a curator set are never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from citypact.store import migrate
from citypact.store.queries import QueryMixin
from citypact.store.writes import WriteMixin

__all__ = ["open_store", "Store", "IngestResult", "database_url"]


@dataclass
class IngestResult:
    document_id: int
    new_document: bool
    partnership_ids: list[int] = field(default_factory=list)
    new_partnerships: list[int] = field(default_factory=list)
    status_changes: list[tuple[int, str, str]] = field(default_factory=list)


def database_url(url_or_path: str) -> str:
    """A plain path means SQLite; anything with '://' is a SQLAlchemy URL."""
    if "://" in url_or_path:
        if url_or_path.startswith("postgresql://"):
            return "postgresql+psycopg2://" + url_or_path[len("postgresql://"):]
        return url_or_path
    return f"sqlite:///{Path(url_or_path).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Store(WriteMixin, QueryMixin):
    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(url_or_path: str) -> Store:
    """Open (and create or migrate) a store."""
    url = database_url(url_or_path)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    with engine.begin() as connection:
        migrate.upgrade(connection)
    return Store(engine, url)
