"""SQLAlchemy 2 ORM tables: customers, their events, the actions recommended for them, and the triage queue.

Every child row references `customers.id` with `ON DELETE CASCADE`, so erasing a customer (PIPL / GDPR request) is one
DELETE that leaves nothing behind. Timestamps are stored as UTC (naive on SQLite, `timestamptz` on PostgreSQL) and
always come back timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names are explicit so that Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigIntId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and returned timezone-aware, whatever the backend does with time zones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with the shared metadata and naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Customer(Base):
    """One customer: CRM profile, loyalty tier, the engine's state (JSON) and a denormalised ad-tone read model."""

    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    tier: Mapped[str] = mapped_column(String(16))
    # "crm" when the CRM sent a tier, "derived" when computed from spend/orders, "default" otherwise.
    tier_source: Mapped[str] = mapped_column(String(16), default="default")
    total_spend: Mapped[float | None] = mapped_column(Float)
    order_count: Mapped[int | None] = mapped_column(Integer)
    last_order_at: Mapped[datetime | None]
    # engine.CustomerState as JSON; null until the first event.
    state: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    # Denormalised from `state` at every write so that GET …/ad-tone is one primary-key read of a few small
    # columns: the tone as of the last write, plus the decayed emotion mix (six numbers) from which the tone is
    # re-derived for the moment of the read (an angry customer of three weeks ago sees standard ads again).
    emotion: Mapped[str | None] = mapped_column(String(16))
    emotions: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ad_tone: Mapped[str | None] = mapped_column(String(16))
    ad_confidence: Mapped[float | None] = mapped_column(Float)
    as_of: Mapped[datetime | None]
    last_event_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Incremented on every UPDATE; a concurrent writer that slipped past the row lock would fail loudly
    # (StaleDataError) instead of silently overwriting state.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class EventRecord(Base):
    """One ingested text with its analysis and the first answer given for it (replayed verbatim on retries)."""

    __tablename__ = "events"
    __table_args__ = (
        # The customer's timeline, newest first; also serves the erasure cascade.
        Index("ix_events_customer_timeline", "customer_id", "occurred_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # The caller's idempotency key (or a generated UUID), unique across the store.
    event_id: Mapped[str] = mapped_column(String(128), unique=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    order_value: Mapped[float | None] = mapped_column(Float)
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime]
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)
    risk_flags: Mapped[list[Any]] = mapped_column(JSON)
    # The triage item this event opened or was folded into (no FK: both go with the customer).
    triage_item_id: Mapped[str | None] = mapped_column(String(64))
    # The first answer, returned verbatim when the same event_id is posted again.
    response: Mapped[dict[str, Any]] = mapped_column(JSON)


class ActionRecord(Base):
    """One recommended action: the ledger for budget caps, diminishing returns and the economics report."""

    __tablename__ = "actions"
    __table_args__ = (
        Index("ix_actions_customer_at", "customer_id", "at"),
        Index("ix_actions_at", "at"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    event_pk: Mapped[int] = mapped_column(BigInteger, ForeignKey("events.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(4))
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    expected_value: Mapped[float] = mapped_column(Float, default=0.0)
    sla_minutes: Mapped[int | None] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class TriageRecord(Base):
    """One complaint in the CX queue, de-duplicated by issue: repeated messages raise `count`, not new rows."""

    __tablename__ = "triage_items"
    __table_args__ = (
        # The queue read filters by status (then channel, tier) and ranks the matching items at read time.
        Index("ix_triage_queue", "status", "channel", "tier"),
        # The active items of one customer, loaded by every ingest for de-duplication.
        Index("ix_triage_customer_status", "customer_id", "status"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    tier: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(4))
    # The ranking score as of the last change; the queue re-ranks at read time (SLA urgency grows with time).
    score: Mapped[float] = mapped_column(Float)
    # The time-independent part of the score (priority band × intensity), input to the read-time ranking.
    severity: Mapped[float] = mapped_column(Float)
    count: Mapped[int] = mapped_column(Integer, default=1)
    first_text: Mapped[str] = mapped_column(Text)
    last_text: Mapped[str] = mapped_column(Text)
    emotion: Mapped[str] = mapped_column(String(16))
    risk_flags: Mapped[list[Any]] = mapped_column(JSON)
    actions: Mapped[list[Any]] = mapped_column(JSON)
    # The rest of the engine's TriageItem (dedup signature, aspects, channels seen, event ids, intensity).
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sla_due_at: Mapped[datetime | None]
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]


ALL_TABLES = ("customers", "events", "actions", "triage_items")
