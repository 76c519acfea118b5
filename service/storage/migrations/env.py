"""Alembic environment: runs online against the connection handed over by `service.storage.migrations.upgrade`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from service.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run on the caller's connection inside the caller's transaction."""
    connection: Connection | None = config.attributes.get("connection")
    if connection is None:  # the Alembic CLI: build an engine from the configured URL
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as own:
            _configure_and_run(own)
        return
    _configure_and_run(connection)


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported; run them against a database")
run_migrations_online()
