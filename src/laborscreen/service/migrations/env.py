"""Alembic's entry point: runs the revisions on the connection :func:`upgrade` hands over."""

from __future__ import annotations

from alembic import context

from laborscreen.service.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through laborscreen.service.migrations.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters tables by copying them; batch mode does that for later revisions.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
