"""Alembic environment for reedesk: runs migrations on the connection reedesk hands in
(or on the URL in the config), in batch mode because SQLite cannot ALTER most things."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import reedesk.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from sqlmodel import SQLModel

from reedesk.store.search import is_search_table

config = context.config
target_metadata = SQLModel.metadata


def include_name(name, type_, _parent_names):  # type: ignore[no-untyped-def]
    """Keep autogenerate from proposing to drop the FTS5 search index (migration 0002),
    which lives outside the SQLModel metadata on purpose."""
    return not (type_ == "table" and name is not None and is_search_table(name))


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True, include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, render_as_batch=True, include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations()
