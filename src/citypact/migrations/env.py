"""Alembic environment: runs on the connection that citypact.store hands over."""

from alembic import context

from citypact.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("citypact migrations run through citypact.store.open_store(), which passes a connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
