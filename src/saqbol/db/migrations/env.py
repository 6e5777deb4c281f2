"""Alembic environment: runs on the connection `Database.migrate` passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import saqbol.db  # noqa: F401  (registers every table on Base)
from saqbol.db.models import Base

config = context.config
target_metadata = Base.metadata

connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:  # `alembic -x url=... revision --autogenerate` from a developer's shell
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///saqbol-dev.db")
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
