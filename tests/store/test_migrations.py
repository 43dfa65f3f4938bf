"""Alembic migrations on every back end: they build exactly the schema the code uses."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from citypact.errors import StoreError
from citypact.store import database_url, migrate, open_store
from citypact.store.schema import metadata


def test_open_creates_the_schema_of_the_code(empty_url):
    store = open_store(empty_url)
    with store.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    store.close()
    open_store(empty_url).close()  # a second open finds it at head


def test_upgrade_from_the_first_revision_keeps_and_indexes_places(empty_url):
    engine = create_engine(database_url(empty_url))
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
        conn.execute(text("INSERT INTO places (key, geonames_id, name, country, kind, members, local_names, resolved)"
                          " VALUES ('gn:703448', 703448, 'Kyiv', 'UA', 'city', '[]', '[\"Київ\"]', true)"))
    engine.dispose()
    store = open_store(empty_url)
    assert [p["name"] for p in store.list_places(q="КИЇВ")] == ["Kyiv"]
    store.close()


def test_the_alembic_command_line_works_with_a_url(empty_url):
    config = migrate.alembic_config(url=database_url(empty_url))
    command.upgrade(config, "head")
    engine = create_engine(database_url(empty_url))
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
    engine.dispose()


def test_a_store_from_a_newer_citypact_is_refused(empty_url):
    open_store(empty_url).close()
    engine = create_engine(database_url(empty_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="revision unknown"):
        open_store(empty_url)


def test_a_store_that_cannot_be_opened_says_where(tmp_path):
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(str(tmp_path / "missing-dir" / "r.db"))
