"""The registry store: SQLite by default, PostgreSQL by URL, one code path (SQLAlchemy Core).

Each document is ingested in one transaction and identified by the hash of its text, so
ingesting it again changes nothing. Each partnership reported by a document becomes an
event of the one record for that set of parties and agreement type; the record's status
and date follow its latest event, and fields a curator set are never overwritten.
`open_store()` creates or migrates the schema (Alembic) before anything else.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.util.exc import CommandError
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from citypact.errors import StoreError
from citypact.store import migrate
from citypact.store.bulk import BulkMixin
from citypact.store.ingest import IngestMixin, IngestResult
from citypact.store.integrity import IntegrityMixin
from citypact.store.queries import QueryMixin
from citypact.store.writes import CurationMixin

__all__ = ["IngestResult", "Store", "database_url", "open_store"]

# How long a writer waits for another process's write transaction on SQLite.
SQLITE_BUSY_MS = 30_000
WAL_ATTEMPTS = 25


def database_url(url_or_path: str) -> str:
    """A plain path means SQLite; anything with '://' is a SQLAlchemy URL (postgresql → psycopg2)."""
    url_or_path = str(url_or_path)
    if "://" in url_or_path:
        for prefix in ("postgresql://", "postgres://"):
            if url_or_path.startswith(prefix):
                return "postgresql+psycopg2://" + url_or_path[len(prefix):]
        return url_or_path
    if url_or_path == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(url_or_path).expanduser().resolve()}"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # transactions are begun by _sqlite_begin, not by the driver, so that writers can lock early
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")  # first: switching to WAL takes a lock
    cursor.execute("PRAGMA foreign_keys=ON")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """A new database file becomes WAL once; connections racing to do it may get SQLITE_BUSY
    at once (SQLite does not wait where waiting could deadlock), so they try again."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


def _sqlite_begin(conn: Connection) -> None:
    """A write transaction takes the write lock at once (BEGIN IMMEDIATE): two writers then wait
    for each other instead of failing when a read lock cannot be upgraded."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("citypact_write") else "BEGIN")


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        options: dict[str, Any] = {}
        if url == "sqlite://":
            options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Store(BulkMixin, IngestMixin, CurationMixin, QueryMixin, IntegrityMixin):
    """The registry: ingest, bulk import, curation, queries and the integrity check."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction: all of it or nothing."""
        with self.engine.connect() as conn:
            conn.execution_options(citypact_write=True)
            with conn.begin():
                yield conn

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url_or_path: str) -> Store:
    """Open a store, creating it or upgrading its schema to the current revision."""
    url = database_url(url_or_path)
    engine = _engine(url)
    store = Store(engine, url)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            at_head = migrate.current(conn) == migrate.head()
        if not at_head:
            with store._write() as conn:
                migrate.upgrade(conn)
    except CommandError as exc:
        engine.dispose()
        raise StoreError(f"{shown}: schema revision unknown to this citypact ({exc}); upgrade citypact") from None
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot open the store {shown}: {reason}") from None
    return store
