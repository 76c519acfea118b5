"""Engine creation, migrations and sessions for the two supported stores.

SQLite (the embedded default) and PostgreSQL (production) behind one `Database` object:

- SQLite runs in WAL mode with `synchronous=FULL`: a transaction is fsynced to the WAL before COMMIT returns, so an
  event answered 2xx survives kill -9 *and* power loss (NORMAL would survive kill -9 but may lose the last commits on
  power loss; the price of FULL is one extra fsync per commit, well below the model's cost per event).
  `busy_timeout` lets concurrent writers (CLI, a second worker) wait instead of failing, foreign keys are enforced
  (erasure cascades rely on them), and write transactions start with `BEGIN IMMEDIATE` so that a transaction that
  reads state and then writes it can never be invalidated half-way (no lost updates, no SQLITE_BUSY upgrades).
  Within one process, writers additionally queue on a lock instead of polling the busy handler.
- PostgreSQL uses `postgresql+psycopg://` (psycopg 3), a pre-pinged pool, READ COMMITTED and explicit row locks
  (`SELECT … FOR UPDATE`) taken by the repositories where a read-modify-write happens.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
_BEGIN_OPTION = "xinsheng_sqlite_begin"


class Database:
    """One database: its engine, a session factory and the schema migrations."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url: URL = engine.url
        self.dialect: str = engine.dialect.name
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
        writer = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}) if self.is_sqlite else engine
        self._write_sessions = sessionmaker(bind=writer, expire_on_commit=False, autoflush=False)
        # SQLite allows one writer at a time; queueing in-process writers here is fairer and faster than letting
        # them spin in SQLite's busy handler. Other processes are still serialised by BEGIN IMMEDIATE.
        self._write_lock: threading.Lock | None = threading.Lock() if self.is_sqlite else None

    @classmethod
    def connect(cls, url: str) -> Database:
        """Create the engine for `url` (`sqlite:///…` or `postgresql+psycopg://…`); creates a SQLite file's folder."""
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            return cls(_sqlite_engine(parsed))
        if backend in ("postgresql", "postgres"):
            if parsed.drivername in ("postgresql", "postgres"):
                parsed = parsed.set(drivername="postgresql+psycopg")
            return cls(create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20))
        raise ValueError(f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}")

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite store."""
        return self.dialect == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        """True for PostgreSQL."""
        return self.dialect == "postgresql"

    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent; run at start-up)."""
        from service.storage.migrations import upgrade

        upgrade(self.engine)

    def ping(self) -> bool:
        """True when the database answers a trivial query (readiness probe)."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return False
        return True

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A read session (a deferred transaction, never blocks on writers). Rolled back on exit unless committed."""
        with self._sessions() as session:
            yield session

    @contextlib.contextmanager
    def write_session(self) -> Iterator[Session]:
        """A session for one read-modify-write transaction, committed on success, rolled back on error.

        On SQLite the transaction takes the database write lock up front (`BEGIN IMMEDIATE`, in-process writers queue
        on a lock first); on PostgreSQL callers lock the rows they modify (`SELECT … FOR UPDATE`).
        """
        lock = self._write_lock
        if lock is not None:
            lock.acquire()
        try:
            with self._write_sessions() as session, session.begin():
                yield session
        finally:
            if lock is not None:
                lock.release()


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not memory:
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {
        "connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    }
    if memory:
        from sqlalchemy.pool import StaticPool

        kwargs["poolclass"] = (
            StaticPool  # one shared connection, or every connection sees its own empty database
        )
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see `_on_begin`).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not memory:
                _enable_wal(cursor)
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _enable_wal(cursor: Any) -> None:
    """Switch the database file to WAL, retrying while another connection holds the lock.

    The switch needs an exclusive lock and SQLite may answer "database is locked" at once instead of calling the busy
    handler (it does so when waiting could deadlock), e.g. while another process migrates a brand-new file. WAL is
    persistent, so the switch succeeds once and every later connection finds it already set.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)
