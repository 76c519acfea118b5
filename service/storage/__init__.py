"""Storage: SQLAlchemy tables, repository functions and Alembic migrations for SQLite and PostgreSQL.

`Database` (database.py) owns the engine and sessions; `tables.py` the ORM models; `repositories.py` every SQL
statement; `migrations/` the schema history, applied by `Database.migrate()` at start-up.
"""

from service.storage.database import Database

__all__ = ["Database"]
