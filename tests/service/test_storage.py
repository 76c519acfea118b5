"""Storage: engines, migrations, repositories and durability, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, inspect, select, text
from sqlalchemy.exc import IntegrityError

from engine.state import CustomerState
from service.storage import repositories as repo
from service.storage.database import Database
from service.storage.migrations import downgrade, upgrade
from service.storage.tables import ALL_TABLES, Base, Customer, EventRecord

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A migrated database of each kind."""
    database = Database.connect(database_url)
    database.migrate()
    yield database
    database.dispose()


def _event(session: object, customer_id: str, event_id: str, at: datetime) -> EventRecord:
    return repo.add_event(
        session,  # type: ignore[arg-type]
        event_id=event_id,
        customer_id=customer_id,
        channel="chat",
        text=f"text of {event_id}",
        order_value=None,
        occurred_at=at,
        received_at=at,
        analysis={"sentiment": "neutral"},
        risk_flags=[],
        triage_item_id=None,
        response={"event_id": event_id},
    )


# ---- schema and migrations ------------------------------------------------------------------------------------------


def test_migrations_create_the_models_schema_and_are_idempotent(db: Database) -> None:
    db.migrate()  # a second start-up finds the schema current
    with db.engine.connect() as connection:
        assert set(ALL_TABLES) <= set(inspect(connection).get_table_names())
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == "0001_initial"


def test_downgrade_to_base_and_upgrade_again(db: Database) -> None:
    downgrade(db.engine, "base")
    with db.engine.connect() as connection:
        assert not set(ALL_TABLES) & set(inspect(connection).get_table_names())
    upgrade(db.engine)
    with db.engine.connect() as connection:
        assert set(ALL_TABLES) <= set(inspect(connection).get_table_names())


def test_concurrent_start_ups_migrate_once(database_url: str) -> None:
    handles = [Database.connect(database_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda handle: handle.migrate(), handles))
        with handles[0].engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == "0001_initial"
    finally:
        for handle in handles:
            handle.dispose()


def test_sqlite_runs_in_wal_with_full_sync_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    database = Database.connect(f"sqlite:///{tmp_path / 'deep' / 'er' / 'x.db'}")  # folders are created
    try:
        database.migrate()
        assert (tmp_path / "deep" / "er" / "x.db").exists()
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert int(connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
    finally:
        database.dispose()


def test_in_memory_sqlite_works_for_quick_experiments() -> None:
    database = Database.connect("sqlite://")
    try:
        database.migrate()
        with database.write_session() as session:
            repo.ensure_customer(session, "m-1", NOW)
        with database.session() as session:
            assert repo.get_customer(session, "m-1") is not None
    finally:
        database.dispose()


def test_unsupported_url_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        Database.connect("mysql://user@localhost/db")


def test_ping(db: Database) -> None:
    assert db.ping() is True
    unreachable = Database.connect("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    try:
        assert unreachable.ping() is False
    finally:
        unreachable.dispose()


def test_plain_postgresql_urls_use_psycopg() -> None:
    database = Database.connect("postgresql://user@localhost/db")
    try:
        assert database.engine.dialect.driver == "psycopg"
    finally:
        database.dispose()


# ---- repositories -------------------------------------------------------------------------------------------------


def test_timestamps_come_back_aware_utc(db: Database) -> None:
    shanghai = datetime(2025, 6, 1, 20, 0, tzinfo=timezone(timedelta(hours=8)))
    with db.write_session() as session:
        repo.ensure_customer(session, "tz-1", shanghai)
        _event(session, "tz-1", "tz-e1", shanghai)
    with db.session() as session:
        stored = session.execute(select(EventRecord).where(EventRecord.event_id == "tz-e1")).scalar_one()
        assert stored.occurred_at == shanghai and stored.occurred_at.utcoffset() == timedelta(0)


def test_ensure_customer_is_idempotent_and_updates_bump_the_version(db: Database) -> None:
    for _ in range(2):
        with db.write_session() as session:
            repo.ensure_customer(session, "v-1", NOW)
    with db.write_session() as session:
        customer = repo.lock_customer(session, "v-1")
        assert customer is not None and customer.version == 1 and customer.tier == "new"
        repo.save_state(customer, CustomerState.new("v-1"), NOW, ad_tone="standard", ad_confidence=0.0)
    with db.session() as session:
        customer = repo.get_customer(session, "v-1")
        assert customer is not None and customer.version == 2 and customer.ad_tone == "standard"


def test_write_session_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write_session() as session:
        repo.ensure_customer(session, "rb-1", NOW)
        raise RuntimeError("boom")
    with db.session() as session:
        assert repo.get_customer(session, "rb-1") is None


def test_event_ids_are_unique(db: Database) -> None:
    with db.write_session() as session:
        repo.ensure_customer(session, "u-1", NOW)
        repo.ensure_customer(session, "u-2", NOW)
        _event(session, "u-1", "same", NOW)
    with pytest.raises(IntegrityError), db.write_session() as session:
        _event(session, "u-2", "same", NOW)
    with db.session() as session:
        answer = repo.find_event_answer(session, "same")
        assert answer is not None and answer.customer_id == "u-1"


def test_timeline_pages_newest_first_without_gaps_or_repeats(db: Database) -> None:
    with db.write_session() as session:
        repo.ensure_customer(session, "t-1", NOW)
        for n in range(7):
            # Two events share each timestamp: the tie-break by arrival must still paginate exactly.
            _event(session, "t-1", f"t-{n}", NOW + timedelta(minutes=n // 2))
    seen: list[str] = []
    cursor: str | None = None
    with db.session() as session:
        while True:
            entries, cursor = repo.timeline_page(session, "t-1", 3, cursor)
            seen.extend(entry.event.event_id for entry in entries)
            if cursor is None:
                break
    assert seen == [f"t-{n}" for n in (6, 5, 4, 3, 2, 1, 0)]


@pytest.mark.parametrize(
    "cursor", ["nonsense", "e30", repo.encode_cursor({"k": "triage", "n": "x", "a": []})]
)
def test_foreign_cursors_are_refused(db: Database, cursor: str) -> None:
    with db.session() as session, pytest.raises(repo.InvalidCursor):
        repo.timeline_page(session, "t-1", 3, cursor)


def test_erasure_deletes_every_row_of_the_customer(db: Database) -> None:
    with db.write_session() as session:
        for customer_id in ("e-1", "e-2"):
            repo.ensure_customer(session, customer_id, NOW)
            _event(session, customer_id, f"{customer_id}-event", NOW)
    with db.write_session() as session:
        assert repo.delete_customer(session, "e-1") is True
        assert repo.delete_customer(session, "nobody") is False
    with db.session() as session:
        assert repo.count_rows(session, "e-1") == dict.fromkeys(ALL_TABLES, 0)
        assert repo.count_rows(session, "e-2")["events"] == 1


def test_foreign_keys_cascade_a_bare_customer_delete(db: Database) -> None:
    with db.write_session() as session:
        repo.ensure_customer(session, "fk-1", NOW)
        _event(session, "fk-1", "fk-event", NOW)
    with db.write_session() as session:
        session.execute(delete(Customer).where(Customer.id == "fk-1"))
    with db.session() as session:
        assert repo.count_rows(session, "fk-1")["events"] == 0


# ---- durability -----------------------------------------------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from engine.policy import load_policy
    from service.ingest import EngineSettings, EventInput, ingest_event
    from service.storage.database import Database
    from tests.service.apitools import CueClassifier

    db = Database.connect(sys.argv[1])
    db.migrate()
    policy, engine, classifier = load_policy(), EngineSettings(72.0), CueClassifier()
    n = 0
    while True:
        text = "快递还没到，气死了" if n % 2 else "太棒了，喜欢"
        event = EventInput("durable-1", "chat", f"{text} {n}", event_id=f"durable-{n}")
        result = ingest_event(db, event, classifier.analyze([event.text])[0], policy, engine, now=datetime.now(UTC))
        print(result.status, event.event_id, flush=True)  # acknowledged only after the commit returned
        n += 1
    """
)


@pytest.mark.slow
def test_acknowledged_events_survive_kill_9(database_url: str, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(script), database_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    acknowledged: list[str] = []
    try:
        assert process.stdout is not None
        while len(acknowledged) < 25:
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else "writer exited"
            status, event_id = line.split()
            assert status == "201"
            acknowledged.append(event_id)
    finally:
        process.send_signal(signal.SIGKILL)  # mid-transaction, most likely
        process.wait(timeout=30)
    database = Database.connect(database_url)
    try:
        with database.session() as session:
            stored = set(
                session.execute(
                    select(EventRecord.event_id).where(EventRecord.customer_id == "durable-1")
                ).scalars()
            )
            customer = repo.get_customer(session, "durable-1")
            integrity = (
                session.execute(text("PRAGMA integrity_check")).scalar() if database.is_sqlite else "ok"
            )
        assert set(acknowledged) <= stored
        assert customer is not None and customer.event_count == len(stored)  # state and events agree
        assert integrity == "ok"
        assert json.loads(json.dumps(customer.state))["event_count"] == len(stored)
    finally:
        database.dispose()
