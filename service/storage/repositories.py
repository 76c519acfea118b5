"""Small repository functions: every SQL statement the service runs lives here, none in routes or ingest.

They take an open `Session` (the caller owns the transaction) and speak the engine's types (`CustomerState`,
`TriageItem`, `Spend`) on one side and the ORM rows of `tables.py` on the other.

Pagination cursors are opaque to callers: URL-safe base64 of a small JSON document. A malformed cursor raises
`InvalidCursor`, which the API answers with 422 naming the `cursor` parameter.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Select, bindparam, delete, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.actions import Action
from engine.clock import as_utc, parse_iso, to_iso
from engine.economics import Spend, day_start
from engine.ledger import RewardRecord
from engine.policy import BudgetSettings
from engine.state import CustomerState, with_tier
from engine.triage import TriageItem, ranking_score
from service.storage.tables import ActionRecord, Customer, EventRecord, TriageRecord

ACTIVE_STATUSES: tuple[str, ...] = ("open", "acknowledged")


class InvalidCursor(ValueError):
    """A pagination cursor that this service did not issue (or that belongs to another listing)."""


def encode_cursor(data: dict[str, Any]) -> str:
    """Opaque cursor text for `data`."""
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, kind: str) -> dict[str, Any]:
    """The document inside a cursor of `kind` (`events` or `triage`); `InvalidCursor` if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor("not a cursor issued by this service") from exc
    if not isinstance(data, dict) or data.get("k") != kind:
        raise InvalidCursor("not a cursor issued by this listing")
    return data


# ---- customers ----------------------------------------------------------------------------------------------------


def _insert_or_ignore(session: Session) -> Any:
    """The dialect's INSERT that supports ON CONFLICT DO NOTHING."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def ensure_customer(session: Session, customer_id: str, now: datetime, tier: str = "new") -> None:
    """Create the customer row if it does not exist (safe under concurrent first events for one customer)."""
    insert = _insert_or_ignore(session)
    statement = (
        insert(Customer)
        .values(
            id=customer_id,
            tier=tier,
            tier_source="default",
            event_count=0,
            created_at=now,
            updated_at=now,
            version=1,
        )
        .on_conflict_do_nothing(index_elements=["id"])
    )
    session.execute(statement)


def get_customer(session: Session, customer_id: str) -> Customer | None:
    """The customer row, or None."""
    return session.get(Customer, customer_id)


def lock_customer(session: Session, customer_id: str) -> Customer | None:
    """The customer row, locked for this transaction (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the
    transaction already holds the database write lock). Every read-modify-write of a customer goes through here."""
    statement = (
        select(Customer)
        .where(Customer.id == customer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.execute(statement).scalar_one_or_none()


def customer_state(customer: Customer) -> CustomerState:
    """The engine state stored for `customer` (a fresh one before the first event), with the row's tier."""
    if customer.state is None:
        return CustomerState.new(customer.id, customer.tier)
    state = CustomerState.from_dict(customer.state)
    return state if state.tier == customer.tier else with_tier(state, customer.tier)


@dataclass(frozen=True, slots=True)
class AdToneSnapshot:
    """What `GET …/ad-tone` reads: a handful of denormalised columns of one customer row."""

    customer_id: str
    emotion: str | None
    emotions: dict[str, float] | None
    ad_tone: str | None
    ad_confidence: float | None
    as_of: datetime | None
    last_event_at: datetime | None
    event_count: int


def save_state(
    customer: Customer,
    state: CustomerState,
    now: datetime,
    *,
    ad_tone: str | None = None,
    ad_confidence: float | None = None,
) -> None:
    """Store the engine state and refresh the denormalised read model (emotion, emotion mix, ad tone)."""
    customer.state = state.to_dict()
    customer.tier = state.tier
    customer.event_count = state.event_count
    customer.emotion = state.emotion
    customer.emotions = {name: round(value, 6) for name, value in state.emotions.items()}
    customer.last_event_at = state.last_event_at
    if ad_tone is not None:
        customer.ad_tone = ad_tone
        customer.ad_confidence = ad_confidence
        customer.as_of = now
    customer.updated_at = now


# Built once: the ad-tone read is the hottest query (ad servers call it per impression), and building and
# cache-keying a fresh statement per call cost more than the read itself.
_AD_TONE_SNAPSHOT = select(
    Customer.id,
    Customer.emotion,
    Customer.emotions,
    Customer.ad_tone,
    Customer.ad_confidence,
    Customer.as_of,
    Customer.last_event_at,
    Customer.event_count,
).where(Customer.id == bindparam("customer_id"))


def ad_tone_snapshot(connection: Connection | Session, customer_id: str) -> AdToneSnapshot | None:
    """The ad-tone columns of one customer: a primary-key read that never touches the full state JSON. Takes a plain
    connection (no ORM session needed) or a session."""
    row = connection.execute(_AD_TONE_SNAPSHOT, {"customer_id": customer_id}).one_or_none()
    if row is None:
        return None
    return AdToneSnapshot(
        customer_id=row.id,
        emotion=row.emotion,
        emotions=row.emotions,
        ad_tone=row.ad_tone,
        ad_confidence=row.ad_confidence,
        as_of=row.as_of,
        last_event_at=row.last_event_at,
        event_count=row.event_count,
    )


def delete_customer(session: Session, customer_id: str) -> bool:
    """Erase the customer and everything about them (actions, events, triage items); False if unknown.

    Children are deleted explicitly, child tables first, rather than trusting `ON DELETE CASCADE` alone: an erasure
    must not depend on a connection having foreign keys switched on.
    """
    exists = session.execute(
        select(Customer.id).where(Customer.id == customer_id).with_for_update()
    ).scalar_one_or_none()
    if exists is None:
        return False
    session.execute(delete(ActionRecord).where(ActionRecord.customer_id == customer_id))
    session.execute(delete(EventRecord).where(EventRecord.customer_id == customer_id))
    session.execute(delete(TriageRecord).where(TriageRecord.customer_id == customer_id))
    session.execute(delete(Customer).where(Customer.id == customer_id))
    return True


def count_rows(session: Session, customer_id: str | None = None) -> dict[str, int]:
    """Rows per table (for one customer, or in all): used by erasure checks and operations."""
    models: dict[str, Any] = {
        "customers": Customer,
        "events": EventRecord,
        "actions": ActionRecord,
        "triage_items": TriageRecord,
    }
    counts: dict[str, int] = {}
    for name, model in models.items():
        statement = select(func.count()).select_from(model)
        if customer_id is not None:
            column = model.id if model is Customer else model.customer_id
            statement = statement.where(column == customer_id)
        counts[name] = int(session.execute(statement).scalar_one())
    return counts


# ---- events -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """The first answer given for an event_id, and whose event it is."""

    customer_id: str
    response: dict[str, Any]


def find_event_answer(session: Session, event_id: str) -> StoredAnswer | None:
    """The stored answer for `event_id`, or None if it was never stored."""
    row = session.execute(
        select(EventRecord.customer_id, EventRecord.response).where(EventRecord.event_id == event_id)
    ).one_or_none()
    return None if row is None else StoredAnswer(row.customer_id, row.response)


def add_event(
    session: Session,
    *,
    event_id: str,
    customer_id: str,
    channel: str,
    text: str,
    order_value: float | None,
    occurred_at: datetime,
    received_at: datetime,
    analysis: dict[str, Any],
    risk_flags: Sequence[str],
    triage_item_id: str | None,
    response: dict[str, Any],
) -> EventRecord:
    """Insert one event; flushes, so a duplicate event_id raises IntegrityError here."""
    record = EventRecord(
        event_id=event_id,
        customer_id=customer_id,
        channel=channel,
        text=text,
        order_value=order_value,
        occurred_at=occurred_at,
        received_at=received_at,
        analysis=analysis,
        risk_flags=list(risk_flags),
        triage_item_id=triage_item_id,
        response=response,
    )
    session.add(record)
    session.flush()
    return record


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event of a timeline page with its actions."""

    event: EventRecord
    actions: list[ActionRecord]


def timeline_page(
    session: Session, customer_id: str, limit: int, cursor: str | None
) -> tuple[list[TimelineEntry], str | None]:
    """A page of the customer's events, newest first (by occurred_at, then arrival), and the next cursor."""
    statement = select(EventRecord).where(EventRecord.customer_id == customer_id)
    if cursor is not None:
        data = decode_cursor(cursor, "events")
        try:
            after_time = parse_iso(data["t"])
            after_id = int(data["i"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidCursor("not a cursor issued by this listing") from exc
        if after_time is None:
            raise InvalidCursor("not a cursor issued by this listing")
        statement = statement.where(
            or_(
                EventRecord.occurred_at < after_time,
                (EventRecord.occurred_at == after_time) & (EventRecord.id < after_id),
            )
        )
    statement = statement.order_by(EventRecord.occurred_at.desc(), EventRecord.id.desc()).limit(limit + 1)
    events = list(session.execute(statement).scalars())
    more = len(events) > limit
    events = events[:limit]
    by_event: dict[int, list[ActionRecord]] = {event.id: [] for event in events}
    if events:
        actions = session.execute(
            select(ActionRecord).where(ActionRecord.event_pk.in_(list(by_event))).order_by(ActionRecord.id)
        ).scalars()
        for action in actions:
            by_event[action.event_pk].append(action)
    next_cursor = None
    if more and events:
        last = events[-1]
        next_cursor = encode_cursor({"k": "events", "t": to_iso(last.occurred_at), "i": last.id})
    return [TimelineEntry(event, by_event[event.id]) for event in events], next_cursor


# ---- actions and the reward ledger ----------------------------------------------------------------------------------


def add_actions(
    session: Session, customer_id: str, event_pk: int, actions: Iterable[Action], at: datetime
) -> list[ActionRecord]:
    """Record the actions recommended for one event (the ledger behind budgets and the economics report)."""
    records = [
        ActionRecord(
            customer_id=customer_id,
            event_pk=event_pk,
            type=action.type,
            action=action.action,
            priority=action.priority,
            cost=action.cost,
            expected_value=action.expected_value,
            sla_minutes=action.sla_minutes,
            rule=action.rule,
            reason=action.reason,
            at=at,
        )
        for action in actions
    ]
    session.add_all(records)
    return records


def _paid_rewards() -> Any:
    return (ActionRecord.type == "reward") & (ActionRecord.cost > 0)


def spend_today(session: Session, now: datetime, budget: BudgetSettings) -> float:
    """All customers' paid-reward cost since the start of the budget day containing `now`."""
    start = day_start(now, budget)
    total = session.execute(
        select(func.coalesce(func.sum(ActionRecord.cost), 0.0)).where(
            _paid_rewards(), ActionRecord.at >= start
        )
    ).scalar_one()
    return float(total)


def spend_snapshot(session: Session, customer_id: str, now: datetime, budget: BudgetSettings) -> Spend:
    """The reward ledger as the engine needs it: today's total and this customer's rewards in the window."""
    since = as_utc(now) - timedelta(days=budget.window_days)
    rows = session.execute(
        select(ActionRecord.at, ActionRecord.cost, ActionRecord.rule)
        .where(ActionRecord.customer_id == customer_id, _paid_rewards(), ActionRecord.at > since)
        .order_by(ActionRecord.at)
    ).all()
    return Spend(
        today_total=spend_today(session, now, budget),
        customer_rewards=tuple(RewardRecord(row.at, row.cost, row.rule) for row in rows),
    )


def lock_reward_budget(session: Session, now: datetime, budget: BudgetSettings) -> None:
    """Serialise paid-reward grants of one budget day across connections (PostgreSQL; SQLite already has one
    writer at a time). Held until commit, so the total read after it includes every committed grant."""
    if session.get_bind().dialect.name != "postgresql":
        return
    day = day_start(now, budget).isoformat()
    key = zlib.crc32(f"xinsheng:reward-budget:{day}".encode())
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


# ---- triage -------------------------------------------------------------------------------------------------------


def item_from_record(record: TriageRecord) -> TriageItem:
    """The engine's TriageItem for a stored row."""
    extra = record.extra or {}
    return TriageItem(
        item_id=record.id,
        customer_id=record.customer_id,
        tier=record.tier,
        channel=record.channel,
        status=record.status,
        priority=record.priority,
        score=record.score,
        count=record.count,
        first_text=record.first_text,
        last_text=record.last_text,
        emotion=record.emotion,
        risk_flags=list(record.risk_flags or []),
        opened_at=record.opened_at,
        updated_at=record.updated_at,
        sla_due_at=record.sla_due_at,
        actions=[dict(a) for a in record.actions or []],
        signature=list(extra.get("signature") or []),
        aspects=list(extra.get("aspects") or []),
        channels=list(extra.get("channels") or [record.channel]),
        event_ids=list(extra.get("event_ids") or []),
        severity=record.severity,
        intensity=float(extra.get("intensity", 0.0)),
        acknowledged_at=record.acknowledged_at,
        resolved_at=record.resolved_at,
    )


def _apply_item(record: TriageRecord, item: TriageItem) -> None:
    record.customer_id = item.customer_id
    record.tier = item.tier
    record.channel = item.channel
    record.status = item.status
    record.priority = item.priority
    record.score = item.score
    record.severity = item.severity
    record.count = item.count
    record.first_text = item.first_text
    record.last_text = item.last_text
    record.emotion = item.emotion
    record.risk_flags = list(item.risk_flags)
    record.actions = [dict(a) for a in item.actions]
    record.extra = {
        "signature": list(item.signature),
        "aspects": list(item.aspects),
        "channels": list(item.channels),
        "event_ids": list(item.event_ids),
        "intensity": item.intensity,
    }
    record.sla_due_at = item.sla_due_at
    record.opened_at = item.opened_at
    record.updated_at = item.updated_at
    record.acknowledged_at = item.acknowledged_at
    record.resolved_at = item.resolved_at


def active_triage_records(session: Session, customer_id: str) -> list[TriageRecord]:
    """The customer's open and acknowledged items (the candidates a new complaint may be folded into)."""
    return list(
        session.execute(
            select(TriageRecord)
            .where(TriageRecord.customer_id == customer_id, TriageRecord.status.in_(ACTIVE_STATUSES))
            .order_by(TriageRecord.opened_at, TriageRecord.id)
        ).scalars()
    )


def save_triage_item(session: Session, item: TriageItem, record: TriageRecord | None = None) -> TriageRecord:
    """Insert a new item (`record` None) or write `item` over its stored row."""
    if record is None:
        record = TriageRecord(id=item.item_id)
        _apply_item(record, item)
        session.add(record)
    else:
        _apply_item(record, item)
    return record


def get_triage_record(session: Session, item_id: str, *, lock: bool = False) -> TriageRecord | None:
    """One item by id, optionally locked for update."""
    statement = select(TriageRecord).where(TriageRecord.id == item_id)
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return session.execute(statement).scalar_one_or_none()


def triage_customer_id(session: Session, item_id: str) -> str | None:
    """Whose item this is (read before locking: customers are always locked before their items)."""
    return session.execute(
        select(TriageRecord.customer_id).where(TriageRecord.id == item_id)
    ).scalar_one_or_none()


def retier_active_items(session: Session, customer_id: str, tier: str) -> None:
    """Give the customer's active items a new loyalty tier (a CRM update re-ranks their open complaints)."""
    for record in active_triage_records(session, customer_id):
        if record.tier != tier:
            item = item_from_record(record)
            item.tier = tier
            item.score = ranking_score(item.severity, tier, item.risk_flags, item.sla_due_at, item.updated_at)
            _apply_item(record, item)


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """Filters of the triage listing; `statuses` None means the active queue (open and acknowledged)."""

    statuses: tuple[str, ...] | None = None
    channel: str | None = None
    tier: str | None = None

    def apply(self, statement: Select[Any]) -> Select[Any]:
        """`statement` restricted to matching items."""
        statement = statement.where(TriageRecord.status.in_(self.statuses or ACTIVE_STATUSES))
        if self.channel is not None:
            statement = statement.where(TriageRecord.channel == self.channel)
        if self.tier is not None:
            statement = statement.where(TriageRecord.tier == self.tier)
        return statement


def _rank_key(status: str, score: float, opened_at: datetime, item_id: str) -> tuple[int, float, str, str]:
    # The engine's `rank` order: active first, higher score first, older first, then id. The time as fixed-width
    # UTC text compares like the instant it denotes and keeps the cursor JSON-friendly.
    return (
        0 if status in ACTIVE_STATUSES else 1,
        -score,
        as_utc(opened_at).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        item_id,
    )


def triage_page(
    session: Session, filters: QueueFilters, limit: int, cursor: str | None, now: datetime
) -> tuple[list[TriageItem], str | None]:
    """A page of the queue, most pressing first, scores computed for the moment of the listing.

    Ranking happens at read time because SLA urgency grows while an item waits: the matching items' ranking inputs
    (a few small columns each) are read, scored with the engine's `ranking_score` at `now`, sorted, and only the
    page's rows are loaded in full. The first page's `now` travels in the cursor, so later pages continue the same
    ranking instead of reshuffling under the reader.
    """
    after: tuple[int, float, str, str] | None = None
    if cursor is not None:
        data = decode_cursor(cursor, "triage")
        try:
            ranked_at = parse_iso(data["n"])
            status_rank, neg_score, opened, item_id = data["a"]
            after = (int(status_rank), float(neg_score), str(opened), str(item_id))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidCursor("not a cursor issued by this listing") from exc
        if ranked_at is None:
            raise InvalidCursor("not a cursor issued by this listing")
        now = ranked_at
    inputs = session.execute(
        filters.apply(
            select(
                TriageRecord.id,
                TriageRecord.status,
                TriageRecord.severity,
                TriageRecord.tier,
                TriageRecord.risk_flags,
                TriageRecord.sla_due_at,
                TriageRecord.opened_at,
            )
        )
    ).all()
    scored: list[tuple[tuple[int, float, str, str], float]] = []
    for row in inputs:
        score = ranking_score(row.severity, row.tier, row.risk_flags or [], row.sla_due_at, now)
        key = _rank_key(row.status, score, row.opened_at, row.id)
        if after is None or key > after:
            scored.append((key, score))
    scored.sort()
    page = scored[:limit]
    more = len(scored) > limit
    ids = [key[3] for key, _ in page]
    records = {
        record.id: record
        for record in session.execute(select(TriageRecord).where(TriageRecord.id.in_(ids))).scalars()
    }
    items: list[TriageItem] = []
    for key, score in page:
        record = records.get(key[3])
        if record is not None:
            item = item_from_record(record)
            item.score = score
            items.append(item)
    next_cursor = None
    if more and page:
        next_cursor = encode_cursor({"k": "triage", "n": to_iso(now), "a": list(page[-1][0])})
    return items, next_cursor
