"""Alembic migrations shipped inside the package and run programmatically (no alembic.ini needed).

`upgrade(engine)` brings a database to the newest revision; it is what `Database.migrate()` calls at start-up. Several
processes may start at once (workers, the CLI): on PostgreSQL they serialise on an advisory lock, on SQLite on the
database write lock (`BEGIN IMMEDIATE`), so exactly one of them migrates and the others find the schema current.

Operators who prefer the Alembic CLI can point it here with `script_location = service.storage:migrations`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

MIGRATIONS_DIR = Path(__file__).resolve().parent
# Any constant works; it only has to be the same for every Xinsheng process sharing one database.
_PG_MIGRATION_LOCK = 0x78696E7368656E67 & 0x7FFFFFFFFFFFFFFF  # "xinsheng"


def alembic_config() -> Config:
    """An Alembic configuration pointing at the bundled scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema of `engine`'s database to `revision` in one transaction."""
    config = alembic_config()
    bind = (
        engine.execution_options(xinsheng_sqlite_begin="IMMEDIATE")
        if engine.dialect.name == "sqlite"
        else engine
    )
    with bind.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the schema of `engine`'s database to `revision` (used by tests and operators)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
