"""place search keys and an index of events by document

Revision ID: 0002
Revises: 0001
"""
import json
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fold(name: str) -> str:
    """A frozen copy of citypact.store.values.fold: migrations must not change with the code."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def upgrade() -> None:
    with op.batch_alter_table("places") as batch:
        batch.add_column(sa.Column("search", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("events") as batch:
        batch.create_index("ix_events_document", ["document_id"], unique=False)
    places = sa.table("places", sa.column("id", sa.Integer), sa.column("name", sa.Text),
                      sa.column("local_names", sa.Text), sa.column("search", sa.Text))
    connection = op.get_bind()
    updates = []
    for row in connection.execute(sa.select(places.c.id, places.c.name, places.c.local_names)):
        names = dict.fromkeys(_fold(n) for n in [row.name, *json.loads(row.local_names or "[]")] if n)
        updates.append({"pid": row.id, "search": "|" + "|".join(names) + "|"})
    if updates:
        connection.execute(places.update().where(places.c.id == sa.bindparam("pid"))
                           .values(search=sa.bindparam("search")), updates)


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_document")
    with op.batch_alter_table("places") as batch:
        batch.drop_column("search")
