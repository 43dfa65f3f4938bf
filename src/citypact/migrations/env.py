"""Alembic environment of citypact's store.

`citypact.store.open_store()` hands over an open connection (config.attributes["connection"]);
the `alembic` command line can be used too, with the URL as `sqlalchemy.url` (or `-x url=...`).
"""

from alembic import context
from sqlalchemy import create_engine

from citypact.store.schema import metadata


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: use citypact.store.open_store(URL), or alembic -x url=URL")
    from citypact.store import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        run(conn)
    engine.dispose()
