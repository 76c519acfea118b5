"""Read-side use cases: customer state, ad tone, timeline and the triage queue, as the API's JSON objects.

Reads run in plain (deferred) transactions: on SQLite they never wait for the writer (WAL), on PostgreSQL they see
the last committed state. Nothing here calls the model.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.actions import ACTION_KEYS
from engine.clock import as_utc, to_iso
from engine.policy import ResponsePolicy
from engine.state import CustomerState
from engine.triage import TriageItem, rescore
from service.ingest import CustomerNotFound, EngineSettings, TriageItemNotFound, current_tone, public_state
from service.storage import repositories as repo
from service.storage.database import Database
from service.storage.tables import ActionRecord


def read_state(
    database: Database, customer_id: str, policy: ResponsePolicy, engine: EngineSettings, *, now: datetime
) -> dict[str, Any]:
    """The public state of one customer, ad tone as of `now`; `CustomerNotFound` if unknown."""
    with database.session() as session:
        customer = repo.get_customer(session, customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        state = repo.customer_state(customer)
    return public_state(state, current_tone(state, policy, as_utc(now), engine.half_life_hours))


def read_ad_tone(
    database: Database, customer_id: str, policy: ResponsePolicy, engine: EngineSettings, *, now: datetime
) -> dict[str, Any]:
    """The ad tone from the denormalised columns: one primary-key read, no state JSON, no model.

    The tone is re-derived for `now` from the stored emotion mix, so it fades to `standard` as the last event ages
    (the engine's freshness rule), exactly as the full state would give.
    """
    with database.engine.connect() as connection:
        snapshot = repo.ad_tone_snapshot(connection, customer_id)
    if snapshot is None:
        raise CustomerNotFound(customer_id)
    # Only what the ad-tone rule looks at: the decayed emotion mix, its time, and whether there were events.
    light = CustomerState(
        customer_id=snapshot.customer_id,
        last_event_at=snapshot.last_event_at,
        event_count=snapshot.event_count,
    )
    if snapshot.emotions:
        light.emotions = {name: float(value) for name, value in snapshot.emotions.items()}
    return current_tone(light, policy, as_utc(now), engine.half_life_hours).to_dict()


def _action(record: ActionRecord) -> dict[str, Any]:
    return {key: getattr(record, key) for key in ACTION_KEYS}


def read_timeline(database: Database, customer_id: str, limit: int, cursor: str | None) -> dict[str, Any]:
    """A page of the customer's events, newest first; `CustomerNotFound` if unknown, `InvalidCursor` if bad."""
    with database.session() as session:
        if repo.get_customer(session, customer_id) is None:
            raise CustomerNotFound(customer_id)
        entries, next_cursor = repo.timeline_page(session, customer_id, limit, cursor)
        items = [
            {
                "event_id": entry.event.event_id,
                "channel": entry.event.channel,
                "text": entry.event.text,
                "occurred_at": to_iso(entry.event.occurred_at),
                "received_at": to_iso(entry.event.received_at),
                "order_value": entry.event.order_value,
                "analysis": entry.event.analysis,
                "actions": [_action(action) for action in entry.actions],
                "risk_flags": list(entry.event.risk_flags or []),
                "triage_item_id": entry.event.triage_item_id,
            }
            for entry in entries
        ]
    return {"items": items, "next_cursor": next_cursor}


def triage_item_public(item: TriageItem, now: datetime) -> dict[str, Any]:
    """The API object of one triage item (contract fields first, then bookkeeping)."""
    breached = item.is_active and item.sla_due_at is not None and item.sla_due_at <= as_utc(now)
    return {
        "item_id": item.item_id,
        "customer_id": item.customer_id,
        "tier": item.tier,
        "channel": item.channel,
        "status": item.status,
        "priority": item.priority,
        "score": item.score,
        "count": item.count,
        "first_text": item.first_text,
        "last_text": item.last_text,
        "emotion": item.emotion,
        "risk_flags": list(item.risk_flags),
        "sla_due_at": to_iso(item.sla_due_at),
        "sla_breached": breached,
        "actions": [dict(a) for a in item.actions],
        "channels": list(item.channels),
        "opened_at": to_iso(item.opened_at),
        "updated_at": to_iso(item.updated_at),
        "acknowledged_at": to_iso(item.acknowledged_at),
        "resolved_at": to_iso(item.resolved_at),
    }


def read_triage_queue(
    database: Database, filters: repo.QueueFilters, limit: int, cursor: str | None, *, now: datetime
) -> dict[str, Any]:
    """A page of the queue, most pressing first (see `repositories.triage_page` for the read-time ranking)."""
    with database.session() as session:
        items, next_cursor = repo.triage_page(session, filters, limit, cursor, as_utc(now))
    return {"items": [triage_item_public(item, now) for item in items], "next_cursor": next_cursor}


def read_triage_item(database: Database, item_id: str, *, now: datetime) -> dict[str, Any]:
    """One item, scored for `now`; `TriageItemNotFound` if unknown."""
    with database.session() as session:
        record = repo.get_triage_record(session, item_id)
        if record is None:
            raise TriageItemNotFound(item_id)
        item = repo.item_from_record(record)
    return triage_item_public(rescore(item, as_utc(now)), now)
